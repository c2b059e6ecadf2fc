package offline

import (
	"fmt"
	"strings"
	"sync"

	"github.com/cmdai/cmdai/assets"
	"github.com/cmdai/cmdai/models"
	"github.com/cmdai/cmdai/models/offline/recall"
)

// A reading the catalogue is unsure of is offered after all when nothing else answers and the requests
// most like it were mostly answered with the same command. On cmdai's everyday rounds (6,320 requests),
// each round scored with an index built without it, this raised 50 answers and lowered one; on two
// rounds written afterwards, unseen by the index, it raised 3 of 200 and lowered none. It is a second
// opinion on everyday wording only: on NL2Bash's terse descriptions, which the index does not resemble,
// the readings it vouched for were right about as often as wrong, so it never vouches for a command
// that removes, stops or overwrites something (that cost 8 of the 58 right lifts above), nor for one
// that starts with no program. It never proposes a command, so it cannot answer what the catalogue did
// not read, and it never lifts a command that a guard capped.
const (
	// agreeSupport is the least share of the neighbours' say that must agree.
	agreeSupport = 0.5
	// agreeFloor is the least confidence a reading needs to be asked about at all.
	agreeFloor = 0.1
)

// loadAgreement decodes the embedded agreement index once per process, on first use: requests the
// catalogue answers with confidence never need it.
var loadAgreement = sync.OnceValues(func() (*recall.Agreement, error) {
	a, err := recall.DecodeAgreement(assets.Agreement)
	if err != nil {
		return nil, fmt.Errorf("load the offline agreement index: %w", err)
	}
	return a, nil
})

// WithAgreement returns a copy of e that asks a instead of the embedded index; nil turns it off.
// Evaluations use it to score a round with an index built without it.
func (e *Engine) WithAgreement(a *recall.Agreement) *Engine {
	c := *e
	c.agree = func() (*recall.Agreement, error) { return a, nil }
	return &c
}

// agreed lifts top, the catalogue's unsure reading of req, to Threshold when similar everyday requests
// were answered the same way.
func (e *Engine) agreed(req models.Request, r reading, top models.Response) models.Response {
	if Offered(top) || top.Command == "" || top.Confidence < agreeFloor || r.guarded[top.Command] || e.agree == nil {
		return top
	}
	if !startsWithProgram(top.Command) {
		return top // "*/10 * * * * word": a crontab line is no command to vouch for
	}
	if ends(top.Command) { // removesSomething's words are among ends's
		// A second opinion never makes the engine offer to remove, stop or overwrite what it is unsure
		// of: on NL2Bash's descriptions such lifts were as often wrong ("find . -type f -empty -delete"
		// for "empty the non-empty files") as right.
		return top
	}
	a, err := e.agree()
	if err != nil || a == nil {
		return top // the embedded index is checked by tests; a damaged one only loses this second opinion
	}
	if a.Support(req.Prompt, top.Command) >= agreeSupport {
		top.Confidence = Threshold
	}
	return top
}

// startsWithProgram reports whether cmd begins with a program the tldr pages know, or with a variable
// assignment ("libdir=$(...)").
func startsWithProgram(cmd string) bool {
	first, _, _ := strings.Cut(strings.TrimPrefix(cmd, "sudo "), " ")
	if strings.Contains(first, "=") {
		return true
	}
	x := tldrIndex()
	return everydayPrograms[first] || x != nil && x.IsProgram(first)
}
