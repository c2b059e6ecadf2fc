package offline

import (
	"cmp"
	"slices"
	"strings"

	"github.com/cmdai/cmdai/models"
)

// rivals is how many intents Candidates composes: the winner and the readings closest behind it.
const rivals = 3

// Candidates returns up to k distinct commands for req, best first, each with its own confidence. When
// the catalogue's answer reaches Threshold it leads, with its first alternative, and the recall model's
// templates follow; otherwise the recall model's templates lead and the catalogue's guess comes last.
// The first is what Answer returns, and the NLC2CMD protocol scores up to five of them.
func (e *Engine) Candidates(req models.Request, k int) []models.Response {
	if k <= 0 {
		return nil
	}
	if v, ok := e.intoVariable(req, k); ok {
		return v
	}
	r, ok := e.read(req, readDepth(k))
	var cat []models.Response
	if ok {
		cat = e.composeCandidates(req, r, k)
	}
	var top models.Response
	if len(cat) > 0 {
		top = cat[0]
	}
	if more, ok := e.instead(req, top, k); ok {
		// Generate's answer leads; the catalogue's readings and the recalled shapes follow.
		return merge(append(more, cat...), e.recalled(req, r, k), k)
	}
	if len(cat) > 0 {
		// Nothing answered instead: similar requests may vouch for the catalogue's unsure reading.
		cat[0] = e.agreed(req, r, cat[0])
	}
	if len(cat) > 0 && cat[0].Confidence >= Threshold && k == 1 {
		return cat
	}
	return merge(cat, e.recalled(req, r, k), k)
}

// merge orders the catalogue's candidates cat and the recalled ones rec as Candidates says. The
// catalogue's alternatives after the first are more often variants of a wrong reading than the recall
// model's templates are wrong (NL2Bash dev split), hence only one follows a sure answer.
func merge(cat, rec []models.Response, k int) []models.Response {
	var lead, rest []models.Response
	switch {
	case len(cat) > 0 && cat[0].Confidence >= Threshold:
		lead = cat[:min(2, len(cat))]
		rest = append(append(rest, rec...), cat[len(lead):]...)
	case len(cat) > 0:
		lead = rec[:min(max(k-1, 1), len(rec))] // the catalogue's unsure guess is last, or gone at k = 1
		rest = append(append(append(rest, cat[0]), rec[len(lead):]...), cat[1:]...)
	default:
		lead = rec
	}
	out := make([]models.Response, 0, k)
	for _, c := range append(slices.Clip(lead), rest...) {
		if len(out) == k {
			break
		}
		if c.Command == "" {
			continue
		}
		// The same command twice is one candidate, as sure as the surer of the two readings: the recall
		// model writing exactly the catalogue's command is evidence for it.
		if i := slices.IndexFunc(out, func(o models.Response) bool { return o.Command == c.Command }); i >= 0 {
			out[i].Confidence = max(out[i].Confidence, c.Confidence)
			continue
		}
		out = append(out, c)
	}
	return out
}

// catalogueCandidates is Candidates without the recall model.
func (e *Engine) catalogueCandidates(req models.Request, k int) []models.Response {
	r, ok := e.read(req, readDepth(k))
	if !ok {
		return nil
	}
	return e.composeCandidates(req, r, k)
}

// shortRequest reports whether a request has at most clearWords content words.
func (e *Engine) shortRequest(toks []token) bool {
	n := 0
	for _, t := range toks {
		if !t.quoted && !e.cat.has("stop", t.lower) && !e.cat.has("stop", t.stem) {
			n++
		}
	}
	return n <= clearWords
}

// tieMargin is how close, as a share of the best score, two readings' scores are for the engine to
// choose between them by how plausible each command is on its own; tieLead is how much surer the
// runner-up must then be.
const (
	tieMargin = 0.1
	tieLead   = 0.2
)

// settleTie reads the runner-up as the answer when it scored nearly as well as the best reading and is
// much more plausible on its own ("show details of the pod web-1": kubectl describe pod web-1, not
// kubectl get pods). Settled so, the best reading is no longer its rival: the reading after it is.
// standalone composes a reading without a rival. It reports false when the tie stands.
func (e *Engine) settleTie(req models.Request, r reading, standalone func(int) models.Response) (models.Response, bool) {
	first, second := r.matches[0], r.matches[1]
	if first.score-second.score > tieMargin*first.score {
		return models.Response{}, false
	}
	a, b := standalone(0), standalone(1)
	if b.Command == "" || b.Confidence < a.Confidence+tieLead || asksToDestroy(r.toks) && !ends(b.Command) {
		return models.Response{}, false // a request to remove something is never settled by a command that removes nothing
	}
	return e.compose(req, r, second, r.at(2)), true
}

// unfitTop and sureRunnerUp bound when the runner-up reading answers in place of the best-scoring one:
// that one's confidence below unfitTop, the runner-up's at or above sureRunnerUp.
const (
	unfitTop     = 0.15
	sureRunnerUp = 0.6
	runnerUpLead = 0.3 // how much surer than an unsure best reading the runner-up must be to answer
)

// readDepth is how many intents to rank for k candidates: the winner needs its rival for confidence,
// and alternatives come from the runners-up.
func readDepth(k int) int {
	if k > 1 {
		return rivals + 1
	}
	return 2
}

// composeCandidates returns up to k of the catalogue's commands for reading r: the winning intent's
// command, then the ways people commonly write the same thing (xargs instead of -exec, -delete instead
// of rm, -iname instead of -name, ...) and the runner-up intents.
func (e *Engine) composeCandidates(req models.Request, r reading, k int) []models.Response {
	rival := func(i int) *match {
		if i == 0 {
			return r.at(1)
		}
		return r.matches[0]
	}
	// The runner-up reading is composed once, for the checks below and as an alternative; the two best
	// readings without a rival, which say how plausible each is on its own, once each.
	var second *models.Response
	runnerUp := func() models.Response {
		if second == nil {
			c := e.compose(req, r, r.matches[1], rival(1))
			second = &c
		}
		return *second
	}
	var alone [2]*models.Response
	standalone := func(i int) models.Response {
		if alone[i] == nil {
			c := e.compose(req, r, r.matches[i], nil)
			alone[i] = &c
		}
		return *alone[i]
	}
	top := e.compose(req, r, r.matches[0], rival(0))
	if !Offered(top) && len(r.matches) > 1 {
		// Two readings that give the same command ("date" for "show the current date and time") do not
		// make each other less sure: the next one that differs is the rival.
		if runnerUp().Command == top.Command {
			top = e.compose(req, r, r.matches[0], r.at(2))
		}
	}
	// Between readings that score alike, plausibility decides only in a short request: in a long
	// sentence every reading covers a part of it, and the most plausible part need not be the point.
	short := e.shortRequest(r.toks)
	if !Offered(top) && len(r.matches) > 1 && short {
		settled, ok := e.settleTie(req, r, standalone)
		if ok {
			top = settled
		} else if standalone(1).Confidence < unfitTop {
			// A runner-up the engine finds implausible on its own ("cat server.log" for "follow the
			// output of server.log") is no rival: the best reading is as sure as beside the one after it.
			top = e.compose(req, r, r.matches[0], r.at(2))
		}
	}
	if !Offered(top) && top.Confidence < unfitTop && len(r.matches) > 1 {
		// The best-scoring reading composes to something the engine finds implausible ("make a thumbnail
		// of x.jpg" read as touch x.jpg): a runner-up it is sure of is the answer instead.
		next := runnerUp()
		if short && standalone(0).Confidence < unfitTop {
			// Implausible even without its rival, the best-scoring reading is no rival either: the
			// runner-up is as sure as it is beside the reading after it.
			next = e.compose(req, r, r.matches[1], r.at(2))
		}
		if Offered(next) && next.Confidence >= sureRunnerUp {
			top = next
		}
	}
	if !Offered(top) && len(r.matches) > 1 && r.toks[0].chat {
		// "Count the words in chapter3.md ... lines and characters I don't care about": in a person's
		// message, the words read best can be a scene's or a refusal's; a runner-up far surer of itself
		// is what was asked.
		if next := runnerUp(); Offered(next) && next.Confidence >= sureRunnerUp && next.Confidence >= top.Confidence+runnerUpLead {
			top = next
		}
	}
	out := []models.Response{top}
	if k == 1 || top.Command == "" {
		return out
	}
	pool := variants(top, r.s)
	for i := 1; i < len(r.matches) && i <= rivals; i++ {
		var alt models.Response
		if i == 1 {
			alt = runnerUp()
		} else {
			alt = e.compose(req, r, r.matches[i], rival(i))
		}
		alt.Confidence *= shareRunnerUp
		pool = append(pool, alt)
		pool = append(pool, variants(alt, r.s)...)
	}
	for i := range pool {
		// An alternative never claims more than the answer: the list reads best first.
		pool[i].Confidence = min(pool[i].Confidence, top.Confidence*0.95)
	}
	// Best first by confidence; among equals the order above (variants of the winner before other
	// intents) stands.
	slices.SortStableFunc(pool, func(a, b models.Response) int { return cmp.Compare(b.Confidence, a.Confidence) })
	for _, c := range pool {
		if len(out) == k {
			break
		}
		if c.Command == "" || slices.ContainsFunc(out, func(o models.Response) bool { return o.Command == c.Command }) {
			continue
		}
		out = append(out, c)
	}
	return out
}

// The shares scale the confidence of an alternative from the command it rewrites. Confidence is the
// chance a command scores above 0 against what people wrote; each share is that chance for one kind of
// alternative divided by the chance for the answer itself, both measured on the NL2Bash train split.
// A variant is the same understanding written another way; a runner-up is another understanding,
// rarely right when it lost.
const (
	shareTypeF    = 0.95 // with or without -type f when the prompt says "files"
	sharePrint    = 0.85 // an explicit -print
	shareXargs    = 0.45 // | xargs CMD, -print0 | xargs -0 CMD
	shareExec     = 0.35 // -exec CMD {} \; for a pipe into xargs
	shareDelete   = 0.35 // -delete for rm
	shareIname    = 0.45 // -iname for -name
	shareRunnerUp = 0.5
)

// variants rewrites a find command the other ways people commonly write it. Each keeps what the
// command selects and does.
func variants(r models.Response, s *slots) []models.Response {
	cmd := r.Command
	if !strings.HasPrefix(cmd, "find ") {
		return nil
	}
	var out []models.Response
	add := func(c string, share float64) {
		if c != "" && c != cmd {
			out = append(out, models.Response{Command: c, Explanation: r.Explanation, Confidence: r.Confidence * share, Backend: r.Backend})
		}
	}
	for _, v := range actionVariants(cmd) {
		add(v.cmd, v.share)
	}
	if strings.Contains(cmd, " -name ") {
		add(strings.ReplaceAll(cmd, " -name ", " -iname "), shareIname)
	} else if strings.Contains(cmd, " -iname ") && !s.iname {
		add(strings.ReplaceAll(cmd, " -iname ", " -name "), shareIname)
	}
	if c, ok := strings.CutPrefix(cmd, "find "); ok {
		root, rest, _ := strings.Cut(c, " ")
		switch {
		case strings.Contains(cmd, " -type f ") && s.ftypeSay == "":
			// -type f came from a default, not from the person: the bare search is as common.
			add(strings.Replace(cmd, " -type f ", " ", 1), shareTypeF)
		case !strings.Contains(cmd, " -type ") && s.filesSaid && rest != "" && !strings.HasPrefix(rest, "-maxdepth") && !strings.HasPrefix(rest, "-mindepth"):
			add("find "+root+" -type f "+rest, shareTypeF)
		}
	}
	if !strings.Contains(cmd, " | ") && !strings.Contains(cmd, " -exec") && !strings.Contains(cmd, " -delete") &&
		!strings.Contains(cmd, " -print") && !strings.Contains(cmd, " -ls") {
		add(cmd+" -print", sharePrint) // the explicit action older scripts and answers spell out
	}
	return out
}

// actionVariants are the other usual spellings of what a find command does with its results:
// -exec CMD {} \; , | xargs CMD , -print0 | xargs -0 CMD , and -delete for rm.
func actionVariants(cmd string) []variant {
	head, act, tail := splitAction(cmd)
	if head == "" {
		return nil
	}
	var out []variant
	if act == "rm" || act == "rm -f" {
		out = append(out, variant{head + " -delete" + tail, shareDelete})
	}
	if !strings.Contains(cmd, " -exec ") {
		// -exec with \; or + differ only in how often the utility runs; offer one of them.
		out = append(out, variant{head + " -exec " + act + ` {} \;` + tail, shareExec})
	}
	return append(out, variant{head + " | xargs " + act + tail, shareXargs},
		variant{head + " -print0 | xargs -0 " + act + tail, shareXargs * 0.95})
}

type variant struct {
	cmd   string
	share float64
}

// splitAction cuts a find command around the utility it runs on each result, for the spellings that
// pass the names last. It returns "" when the command has no such action.
func splitAction(cmd string) (head, act, tail string) {
	if h, ok := strings.CutSuffix(cmd, " -delete"); ok {
		return h, "rm", ""
	}
	if h, rest, ok := strings.Cut(cmd, " -print0 | xargs -0 "); ok {
		act, tail, _ = strings.Cut(rest, " | ")
		return h, act, pipeTail(tail)
	}
	if h, rest, ok := strings.Cut(cmd, " | xargs "); ok && !strings.Contains(h, " | ") {
		act, tail, _ = strings.Cut(rest, " | ")
		return h, act, pipeTail(tail)
	}
	if h, rest, ok := strings.Cut(cmd, " -exec "); ok {
		a, t, ok := strings.Cut(rest, " {} ")
		if !ok || strings.Contains(a, "{}") || strings.Contains(a, "sh -c") {
			return "", "", ""
		}
		switch {
		case strings.HasPrefix(t, `\;`):
			t = t[2:]
		case strings.HasPrefix(t, "+"):
			t = t[1:]
		default:
			return "", "", ""
		}
		return h, a, t
	}
	return "", "", ""
}

func pipeTail(t string) string {
	if t == "" {
		return ""
	}
	return " | " + t
}
