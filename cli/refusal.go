package cli

import (
	"errors"
	"fmt"
	"strings"

	"github.com/cmdai/cmdai/config"
	"github.com/cmdai/cmdai/ipc"
	"github.com/cmdai/cmdai/models"
	"github.com/cmdai/cmdai/models/modelcache"
)

// noAnswer is the one-shot's answer when the backend will not guess: in plain words, what it nearly
// understood and how to get a better answer. With --json it is the one object printed.
type noAnswer struct {
	Refused bool   `json:"refused"`
	Reason  string `json:"reason"`
	// Suggestions are the closest readings of the request, in words: what the engine can do that is
	// nearest to what was asked.
	Suggestions []string `json:"suggestions"`
	// Advice says how to get an answer: other words, a model, or the cmdai command the request's first
	// word names.
	Advice []string `json:"advice"`
	// Alternatives are the shapes recalled for similar requests, when --alternatives asked for them.
	Alternatives []alternative `json:"alternatives,omitempty"`
	prompt       string
}

// newNoAnswer describes err, a refusal to guess from the daemon or a backend in this process, for a
// person and for --json.
func newNoAnswer(s *streams, f rootFlags, cfg config.Config, prompt string, err error, shapes []alternative) noAnswer {
	reason, readings, _ := noAnswerOf(err)
	r := noAnswer{Refused: true, Reason: reason, Suggestions: readings, Alternatives: shapes, prompt: prompt}
	if r.Suggestions == nil {
		r.Suggestions = []string{}
	}
	r.Advice = noAnswerAdvice(s, cfg, f.backend)
	switch c := s.line.command; c {
	case "":
	case "help":
		r.Advice = append(r.Advice, "for cmdai's own help: cmdai --help")
	default:
		// `cmdai sync the folder a to b`: the person may have meant cmdai's own command.
		r.Advice = append(r.Advice, fmt.Sprintf("'%s' is also one of cmdai's commands, but not with these words: see 'cmdai %s --help'", c, c))
	}
	for i := range r.Alternatives {
		r.Alternatives[i].Model = "" // the heading says where they all come from
	}
	return r
}

// shortNoAnswer puts a refusal to guess in one line for the popup: the reason and the closest reading.
// Other errors pass unchanged.
func shortNoAnswer(err error) error {
	reason, readings, ok := noAnswerOf(err)
	if !ok {
		return err
	}
	if len(readings) > 0 {
		reason += "; closest: " + readings[0]
	}
	return errors.New(reason + " (say it another way)")
}

// noAnswerOf reads a refusal to guess, from the daemon or from a backend in this process: its reason
// and the closest readings. ok is false for other errors.
func noAnswerOf(err error) (reason string, readings []string, ok bool) {
	var e *ipc.Error
	var ne *models.NoAnswerError
	switch {
	case errors.As(err, &e) && e.Code == ipc.CodeNoAnswer:
		return e.Message, e.Readings, true
	case errors.As(err, &ne):
		return ne.Reason, ne.Readings, true
	case errors.Is(err, models.ErrNoAnswer):
		return "the offline engine is not sure what you mean", nil, true
	}
	return "", nil, false
}

// noAnswerAdvice is what to do when the backend will not guess: other words, or a model.
func noAnswerAdvice(s *streams, cfg config.Config, backendFlag string) []string {
	return []string{"say it another way: name the files, folders, sizes or times it is about",
		modelAdvice(s.embedded.Built, cfg, backendFlag)}
}

// modelAdvice says how to get answers from a model: download one when this build runs models itself
// (llama.cpp), Ollama otherwise. A backend fixed to offline is named, since auto is what tries models.
func modelAdvice(builtWithLlama bool, cfg config.Config, backendFlag string) string {
	var how string
	if builtWithLlama {
		m := modelcache.DefaultModel()
		size := ""
		if m.Size > 0 {
			size = fmt.Sprintf(" (%s)", modelcache.FormatSize(m.Size))
		}
		how = fmt.Sprintf("for answers from a model, download one%s: cmdai model pull %s", size, m.ID)
	} else {
		how = fmt.Sprintf("for answers from a model, install Ollama (https://ollama.com) and run: ollama pull %s", cfg.Ollama.Model)
	}
	switch {
	case backendFlag == "offline":
		how += "; then ask without --backend offline"
	case backendFlag == "" && cfg.Backend == "offline":
		how += `; then set backend = "auto" with 'cmdai config edit'`
	}
	return how
}

// write prints the noAnswer for a person on w.
func (r noAnswer) write(s *streams) {
	w := s.err
	p := paletteFor(w)
	fmt.Fprintf(w, "cmdai: %s: %q\n", r.Reason, r.prompt)
	// On a terminal each line wraps under itself rather than at column 0.
	width := widthOf(w)
	indent := func(text string, n int) string {
		return strings.Repeat(" ", n) + strings.Join(wrapWords(text, width-n), "\n"+strings.Repeat(" ", n))
	}
	if len(r.Suggestions) > 0 {
		fmt.Fprintln(w, "  "+p.dim("closest readings:"))
		for _, sg := range r.Suggestions {
			fmt.Fprintln(w, indent(sg, 4))
		}
	}
	for _, a := range r.Advice {
		fmt.Fprintln(w, indent(capitalize(a), 2))
	}
	if len(r.Alternatives) > 0 {
		fmt.Fprintln(w)
		writeAlternatives(w, p, "commands written for similar requests (not an answer: check every argument):", r.Alternatives)
	}
}

// capitalize makes a phrase of advice a sentence.
func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func mapSlice(in []string, f func(string) string) []string {
	out := make([]string, len(in))
	for i, s := range in {
		out[i] = f(s)
	}
	return out
}
