// Package offline answers common requests without a model, a network or a server. It matches the
// prompt against a catalogue of intents embedded from assets/offline, pulls arguments (paths, globs,
// sizes, times, counts, users, ports, ...) out of the words, and fills the intent's command template.
// It answers in microseconds, so it also serves as the instant path in front of model backends, and it
// says when it does not know rather than guess.
package offline

import (
	"context"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"sync"
	"unicode"

	"github.com/cmdai/cmdai/assets"
	"github.com/cmdai/cmdai/models"
	"github.com/cmdai/cmdai/models/offline/recall"
)

// Threshold is the lowest confidence at which Generate returns an answer instead of ErrNoAnswer.
const Threshold = 0.5

// Engine is the offline backend. It is immutable after New and safe for concurrent use.
type Engine struct {
	cat *catalogue
	// recall gives the recall model, loaded on first use; nil turns recall off.
	recall func() (*recall.Model, error)
	// agree gives the agreement index (agree.go), loaded on first use; nil turns it off.
	agree func() (*recall.Agreement, error)
	// inner is set on the copy that reads the command inside another ("refresh the disk usage every 5
	// seconds" reads "the disk usage"): that command never has one inside it again.
	inner bool
}

var _ models.Backend = (*Engine)(nil)

// loadEmbedded parses the embedded catalogue once per process; every Engine shares it.
var loadEmbedded = sync.OnceValues(func() (*catalogue, error) { return loadCatalogue(embedded()) })

func embedded() fs.FS { return assets.Offline }

// New returns an engine backed by the embedded catalogue.
func New() (*Engine, error) {
	cat, err := loadEmbedded()
	if err != nil {
		return nil, fmt.Errorf("load offline catalogue: %w", err)
	}
	return &Engine{cat: cat, recall: loadRecall, agree: loadAgreement}, nil
}

// Name implements models.Backend.
func (e *Engine) Name() string { return "offline" }

// Health implements models.Backend; the engine can always answer.
func (e *Engine) Health(context.Context) error { return nil }

// Close implements models.Backend; there is nothing to release.
func (e *Engine) Close() error { return nil }

// Generate implements models.Backend. It returns the catalogue's answer when its confidence reaches
// Threshold, with up to req.Alternatives of the other Candidates, and otherwise an error wrapping
// models.ErrNoAnswer that says how sure it was (a models.NoAnswerError with the recalled shapes, when
// alternatives were asked for).
func (e *Engine) Generate(ctx context.Context, req models.Request, onToken models.TokenFunc) (models.Response, error) {
	if err := ctx.Err(); err != nil {
		return models.Response{}, err
	}
	// Only the catalogue's answer can be offered, so the recall model is not consulted (nor loaded)
	// unless alternatives were asked for.
	var resp models.Response
	if v, ok := e.intoVariable(req, 1+req.Alternatives); ok {
		// "save the current branch in a variable called branch": branch=$(the answer to the rest).
		resp = v[0]
		resp.Alternatives = v[1:]
		if onToken != nil {
			onToken(resp.Command)
		}
		return resp, nil
	}
	r, read := e.read(req, readDepth(1))
	if read {
		resp = e.composeCandidates(req, r, 1)[0]
	}
	// What the catalogue does not answer well, a literal command, the request with its typos corrected
	// or a tldr example may (beyond.go); a request that names a program the catalogue's answer does not
	// run gets that program's example instead.
	if more, ok := e.instead(req, resp, 1+req.Alternatives); ok {
		{
			resp = more[0]
			for _, alt := range more[1:] {
				if len(resp.Alternatives) < req.Alternatives && alt.Confidence >= Threshold/2 {
					resp.Alternatives = append(resp.Alternatives, alt)
				}
			}
		}
	} else {
		// Nothing answered instead: similar requests may vouch for the catalogue's unsure reading.
		resp = e.agreed(req, r, resp)
		if req.Alternatives > 0 {
			resp.Alternatives = alternativesFor(resp, req.Prompt, e.Candidates(req, candidatePool(req.Alternatives)), req.Alternatives)
		}
	}
	if !Offered(resp) {
		// The guess itself stays out of the message: a low-confidence command can be a dangerous one
		// (a find that lost its -name), and people copy what an error shows them. What it nearly
		// understood, in words, shows which of theirs it missed. What to do next is the client's to say:
		// it knows whether its build runs models.
		err := &models.NoAnswerError{Reason: "the offline engine did not understand the request"}
		if resp.Command != "" {
			err.Reason = "the offline engine is not sure what you mean"
			err.Readings = e.readings(req)
		}
		if req.Alternatives > 0 {
			// Asked for other ways, the person gets the shapes recalled from similar requests, marked as
			// such: never the catalogue's unsure guess, and never as the answer.
			err.Alternatives = shapesFor(resp.Command, e.Candidates(req, candidatePool(req.Alternatives)), req.Alternatives)
		}
		return models.Response{}, err
	}
	if onToken != nil {
		onToken(resp.Command)
	}
	return resp, nil
}

// Answer returns the engine's best guess for req with a confidence in [0, 1]: the catalogue's answer when
// it reaches Threshold, else the recall model's first (see Candidates). Command is empty when neither
// has one. It is the first of Candidates.
func (e *Engine) Answer(req models.Request) models.Response {
	if c := e.Candidates(req, 1); len(c) > 0 {
		return c[0]
	}
	return models.Response{Backend: "offline"}
}

// readings are the catalogue's closest readings of req in words, closest first: the explanation of each
// intent that nearly fits, with the arguments the engine found (placeholders for those it did not).
func (e *Engine) readings(req models.Request) []string {
	const most, floor = 3, 0.1
	r, ok := e.read(req, rivals+1)
	if !ok {
		return nil
	}
	var out []string
	for i, m := range r.matches {
		rival := r.matches[0]
		if i == 0 {
			rival = nil
			if len(r.matches) > 1 {
				rival = r.matches[1]
			}
		}
		c := e.compose(req, r, m, rival)
		if m.intent == e.cat.fallback || c.Explanation == "" || c.Confidence < floor || slices.Contains(out, c.Explanation) {
			continue
		}
		if out = append(out, c.Explanation); len(out) == most {
			break
		}
	}
	return out
}

// reading is what the engine understood of a prompt before it commits to an intent: the tokens with
// the words slots consumed marked, the slots, and the intents that fit, best first.
type reading struct {
	toks    []token
	s       *slots
	matches []*match
	// guarded holds the commands composed from this reading whose confidence a guard capped (a
	// placeholder left unfilled, a name with a slash, a file emptied before it is read, a scene's
	// destruction): no second opinion lifts them (agree.go).
	guarded map[string]bool
}

// at is the reading's i-th best match, or nil when it has fewer.
func (r reading) at(i int) *match {
	if i < len(r.matches) {
		return r.matches[i]
	}
	return nil
}

// read tokenizes req, extracts its slots and ranks up to n intents. It reports false when nothing fits.
func (e *Engine) read(req models.Request, n int) (reading, bool) {
	toks := afterCorrection(e.cat.plainWords(tokenize(req.Prompt)))
	if len(toks) == 0 || len(toks) > 200 {
		return reading{}, false
	}
	s := e.extractSlots(toks)
	words := len(toks)
	ms := e.cat.matchIntents(append(toks, s.features()...), n)
	if len(ms) == 0 {
		// Nothing matched: the catalogue's fallback, a find over what the slots say, is still a better
		// guess than silence, and its tiny prior keeps Generate from ever showing it.
		if e.cat.fallback == nil || len(s.paths)+len(s.globs)+len(s.times)+len(s.sizes) == 0 && s.ftype == "" {
			return reading{}, false
		}
		ms = []*match{{intent: e.cat.fallback, score: 0.1}}
	}
	return reading{toks: toks[:words], s: s, matches: ms, guarded: map[string]bool{}}, true
}

// compose renders intent m for req; rival is the strongest other reading, which lowers confidence
// the closer it comes. It works on copies, so one reading can be composed for several intents.
func (e *Engine) compose(req models.Request, r reading, m, rival *match) models.Response {
	resp := models.Response{Backend: "offline"}
	toks := slices.Clone(r.toks)
	for _, sp := range m.spans {
		markUsed(toks, sp[0], sp[1])
	}
	e.cat.markIntentWords(toks, m.intent)
	s := r.s.clone()
	e.leftovers(toks, s)
	c := &composer{e: e, s: s, os: platformOf(req.OS), shell: req.Shell, toks: toks}
	tpl := pickTemplate(m.intent, c.os, c.shell)
	if e.mentions(toks, "xargscue") {
		tpl = viaXargs(tpl)
	}
	c.slotless = !strings.Contains(tpl, "<")
	c.tpl = tpl
	resp.Command = oneAge(readCompressed(c.render(tpl)))
	bars := sedBars(resp.Command)
	rebarred := bars != resp.Command // s/// rewritten with bars: the explanation's halves lose their \/ too
	resp.Command = bars
	guarded := false
	resp.Command, guarded = c.keepsTarget(resp.Command)
	if m.intent.say != "" {
		c.saying = true
		resp.Explanation = e.sayOptions(resp.Command, sentence(c.render(m.intent.say))) // explain_flags.go
		c.saying = false
		resp.Explanation = sayInverted(resp.Command, resp.Explanation)
		if rebarred {
			resp.Explanation = strings.ReplaceAll(resp.Explanation, `\/`, "/")
		}
	}
	if src, filter, ok := c.pipeFrom(resp.Command); ok {
		resp.Command = filter
		// "the 3rd column of ps output": the filter reads what that command prints, whose columns are
		// lined up with runs of blanks that awk splits at and cut does not.
		if n, ok := strings.CutPrefix(resp.Command, "cut -d ' ' -f "); ok && isInt(n) {
			resp.Command = "awk '{print $" + n + "}'"
		}
		resp.Command = src + " | " + resp.Command
		if x := resp.Explanation; x != "" {
			x = strings.ReplaceAll(x, "the input", "its output")
			resp.Explanation = "Run " + src + " and " + strings.ToLower(x[:1]) + x[1:]
		}
	}
	if out, ok := c.saveTo(resp.Command); ok {
		// "save the first 100 lines of big.log into head.log": what the command prints goes there.
		resp.Command += " > " + quote(out)
		resp.Explanation = strings.TrimSuffix(resp.Explanation, ".") + "; the output goes to " + out + "."
	}
	resp.Confidence = e.confidence(toks, m, rival, c, resp.Command)
	capAt := func(most float64) {
		resp.Confidence = min(resp.Confidence, most)
		if r.guarded != nil {
			r.guarded[resp.Command] = true
		}
	}
	if c.unfilled {
		capAt(unfilledConfidence)
	}
	if namesWithSlash(resp.Command) {
		// find -name '/etc/passwd' never matches: -name reads the last part of a path only.
		capAt(0.1)
	}
	if clobbers(resp.Command) {
		// "sort -u emails.txt > emails.txt" empties emails.txt before sort reads it.
		capAt(0.1)
	}
	if guarded || ends(resp.Command) && asksToDestroy(toks) && !asksToDestroyNow(toks) {
		// "A contractor's account got removed last week ... find anything with no valid owner": what the
		// scene says was removed is no request to remove anything.
		capAt(0.3)
	}
	return resp
}

// platformOf maps runtime.GOOS to the flag dialect: the BSDs share macOS's tools.
func platformOf(goos string) string {
	switch goos {
	case "darwin", "freebsd", "openbsd", "netbsd", "dragonfly":
		return "darwin"
	}
	return "linux"
}

func pickTemplate(in *intent, os, shell string) string {
	if t, ok := in.variants[shell]; ok && shell != "" {
		return t
	}
	if t, ok := in.variants[os]; ok {
		return t
	}
	return in.tpl
}

func sentence(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return s
	}
	r := []rune(s)
	r[0] = unicode.ToUpper(r[0])
	return string(r)
}

// mentions reports whether any word or phrase of a vocabulary section occurs in the prompt.
func (e *Engine) mentions(toks []token, section string) bool {
	for i := range toks {
		if !toks[i].quoted {
			if _, n := e.cat.lookup(section, toks, i); n > 0 {
				return true
			}
		}
	}
	return false
}

// leavesOut reports whether toks say to leave something out ("excluding", "not the hidden ones"); a
// clause that refuses an action ("Don't touch the originals") leaves nothing out.
func (e *Engine) leavesOut(toks []token) bool {
	for i := range toks {
		if toks[i].quoted || opensRefusal(toks, i) || leavesOutDepth(toks, i) {
			continue
		}
		if i+1 < len(toks) && toks[i].lower == "never" && (toks[i+1].lower == "got" || toks[i+1].lower == "been" || toks[i+1].lower == "was" || toks[i+1].lower == "were") {
			continue // "the rotated logs ... never got compressed": what happened to them, not some left out
		}
		if i+1 < len(toks) && toks[i].lower == "without" && mannerVerb(toks[i+1]) {
			continue // "without unpacking them to disk": how it is done, not files left out
		}
		if _, n := e.cat.lookup("negation", toks, i); n > 0 {
			return true
		}
	}
	return false
}

// mannerVerb reports whether t is a verb's -ing form that says how something is done after "without"
// ("without unpacking", "without touching"), not a thing left out ("without everything in logs/").
func mannerVerb(t token) bool {
	w := t.lower
	return !t.quoted && len(w) > 5 && strings.HasSuffix(w, "ing") && isAlpha(w) && !strings.HasSuffix(w, "thing")
}

// leavesOutDepth reports whether the negation at toks[i] leaves out the folders below, not some
// files: "not the subfolders", "not counting subfolders", "not recursively".
func leavesOutDepth(toks []token, i int) bool {
	for j := i + 1; j < len(toks) && j <= i+3; j++ {
		switch w := toks[j].lower; {
		case strings.HasPrefix(w, "subfolder"), strings.HasPrefix(w, "subdir"), strings.HasPrefix(w, "sub-folder"),
			strings.HasPrefix(w, "recursiv"), w == "below", w == "deeper", w == "nested":
			return true
		}
		if toks[j].comma {
			break
		}
	}
	return false
}

// viaXargs turns "<find> -exec CMD {} \;" into "<find> -print0 | xargs -0 CMD" when the person asks
// for xargs or worries about spaces in names; commands that need {} elsewhere keep -exec.
func viaXargs(tpl string) string {
	head, rest, ok := strings.Cut(tpl, " -exec ")
	if !ok || !strings.HasPrefix(head, "<find") {
		return tpl
	}
	cmd, tail, ok := strings.Cut(rest, " {} ")
	if !ok || strings.Contains(cmd, "{}") || !strings.HasPrefix(tail, `\;`) && !strings.HasPrefix(tail, "+") {
		return tpl
	}
	tail = strings.TrimPrefix(strings.TrimPrefix(tail, `\;`), "+")
	return head + " -print0 | xargs -0 " + cmd + tail
}
