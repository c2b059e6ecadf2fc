package offline

import (
	"strings"
	"unicode"

	"github.com/cmdai/cmdai/internal/shellword"
	"github.com/cmdai/cmdai/models"
	"github.com/cmdai/cmdai/models/offline/shape"
	"mvdan.cc/sh/v3/syntax"
)

// What the engine shows as another way to write a command: only a command that does the same kind of
// thing, that can run as written, and that parses. A list with nothing in it is better than noise:
// `history -c` offered for "show free memory" costs the person's trust in every other answer.
//
// Relevance is measured on the programs a command runs (find, xargs, wc ...): an alternative must share
// at least half of the programs the two commands run together. The recall model's shapes, whose
// similarity is only between words of requests, and the catalogue's runners-up both pass through it.

// minShared is the relevance floor: the share of programs two commands have in common.
const minShared = 0.5

// The floors of a recalled shape shown under a refusal, on the recall model's confidence (which grows
// with how alike the request is to the ones people wrote the shape for): with the catalogue's unsure
// reading to compare it with, and without one.
const (
	minShapeConfidence      = 0.3
	minShapeConfidenceAlone = 0.7
)

// relevant reports whether alt does the same kind of thing as ref: the programs each runs overlap by
// at least minShared. A command that does not parse is never relevant.
func relevant(alt, ref string) bool {
	a, err := programs(alt)
	if err != nil || len(a) == 0 {
		return false
	}
	r, err := programs(ref)
	if err != nil || len(r) == 0 {
		return false
	}
	shared := 0
	for p := range a {
		if r[p] {
			shared++
		}
	}
	return float64(shared)/float64(len(a)+len(r)-shared) >= minShared
}

// programs is the set of programs cmd runs, pipeline stages, substitutions and find -exec included.
func programs(cmd string) (map[string]bool, error) {
	us, err := shape.Lenient.Utilities(cmd)
	if err != nil {
		return nil, err
	}
	out := map[string]bool{}
	for _, u := range us {
		out[u.Name] = true
	}
	return out, nil
}

// runnable reports whether alt can run as written: every placeholder in it (PATH, NAME, 'PATTERN',
// SERVICE: a word in capitals that stands for an argument the engine did not find) is one the answer
// has too, or a word of the request itself (README).
func runnable(alt, answer, prompt string) bool {
	known := map[string]bool{}
	for _, w := range words(answer) {
		known[w] = true
	}
	for _, w := range strings.Fields(prompt) {
		known[strings.Trim(w, `"'.,;:!?`)] = true
	}
	for _, w := range words(alt) {
		if placeholder(w) && !known[w] {
			return false
		}
	}
	return true
}

// keepsArguments reports whether alt acts on what answer acts on: every literal argument of answer (a
// path, a pattern, a number, a port) is in alt too. `find . -empty -delete` is not another way to write
// `find . -name '*.tmp' -delete`, nor `find ~ -size +10M` one of `find . -size +1000k`.
func keepsArguments(alt, answer string) bool {
	args, err := arguments(answer)
	if err != nil {
		return false
	}
	for _, a := range args {
		if !strings.Contains(alt, a) {
			return false
		}
	}
	return true
}

// arguments are the literal words of cmd that are neither options nor programs, nor the words that
// mean "here" or end a find -exec: what the command acts on.
func arguments(cmd string) ([]string, error) {
	progs, err := programs(cmd)
	if err != nil {
		return nil, err
	}
	f, err := syntax.NewParser().Parse(strings.NewReader(cmd), "")
	if err != nil {
		return nil, err
	}
	var out []string
	syntax.Walk(f, func(n syntax.Node) bool {
		call, ok := n.(*syntax.CallExpr)
		if !ok {
			return true
		}
		for _, w := range call.Args[min(1, len(call.Args)):] {
			v, ok := shellword.Literal(w)
			if !ok || v == "" || strings.HasPrefix(v, "-") || progs[v] {
				continue
			}
			switch v {
			case ".", "./", "{}", ";", "+", "\\;":
				continue
			}
			// A number with its option glued on (-n10, :8080) still has to be there.
			out = append(out, strings.TrimLeft(v, ":+"))
		}
		return true
	})
	return out, nil
}

// words splits a command into its words, quotes and shell punctuation stripped.
func words(cmd string) []string {
	return strings.FieldsFunc(cmd, func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune(`'"|;&(){}<>=$`+"`", r)
	})
}

// placeholder reports whether w is the engine's stand-in for an argument: capitals (and _), at least
// three of them, as PATH, NAME, PATTERN, TEXT, SRC, SERVICE.
func placeholder(w string) bool {
	if len(w) < 3 {
		return false
	}
	for _, r := range w {
		if (r < 'A' || r > 'Z') && r != '_' {
			return false
		}
	}
	return true
}

// alternativesFor picks up to n of cands to show under answer: relevant to it, runnable, and not the
// answer itself.
func alternativesFor(answer models.Response, prompt string, cands []models.Response, n int) []models.Response {
	var out []models.Response
	destroys, answerEnds := asksToDestroy(tokenize(prompt)), ends(answer.Command)
	for _, c := range cands {
		if len(out) == n {
			break
		}
		if c.Command == answer.Command || !relevant(c.Command, answer.Command) || !runnable(c.Command, answer.Command, prompt) ||
			!keepsArguments(c.Command, answer.Command) || assignsOnly(c.Command) {
			continue
		}
		if cEnds := ends(c.Command); cEnds && !answerEnds && !destroys || destroys && answerEnds && !cEnds {
			// "find core files": a find that also deletes them is no other way to find them; "delete old
			// logs": a find that only lists them is no other way to delete them.
			continue
		}
		out = append(out, c)
	}
	return out
}

// shapesFor picks up to n recalled shapes to show under a refusal: placeholders are expected there (the
// heading says they are shapes to adapt), irrelevance is not. With the catalogue's unsure reading guess
// to compare with, a shape must do the same kind of thing; the recall model must be fairly sure of it
// with a reading, and surer without one.
func shapesFor(guess string, cands []models.Response, n int) []models.Response {
	var out []models.Response
	for _, c := range cands {
		if len(out) == n {
			break
		}
		if c.Model != RecallModel {
			continue
		}
		if _, err := programs(c.Command); err != nil {
			continue
		}
		if guess != "" && (!relevant(c.Command, guess) || c.Confidence < minShapeConfidence) ||
			guess == "" && c.Confidence < minShapeConfidenceAlone {
			continue
		}
		out = append(out, c)
	}
	return out
}

// candidatePool is how many candidates to draw so that n survive the floors above, as a rule.
func candidatePool(n int) int { return 3 * (n + 1) }

// assignsOnly reports whether cmd only sets shell variables (filename="$(uname -a)$(date)"): whatever
// it runs in its substitutions, it shows nothing, so it is no other way to do what was asked.
func assignsOnly(cmd string) bool {
	f, err := syntax.NewParser().Parse(strings.NewReader(cmd), "")
	if err != nil || len(f.Stmts) == 0 {
		return false
	}
	for _, st := range f.Stmts {
		call, ok := st.Cmd.(*syntax.CallExpr)
		if !ok || len(call.Args) > 0 || len(call.Assigns) == 0 {
			return false
		}
	}
	return true
}
