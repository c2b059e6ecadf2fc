package offline

import (
	"fmt"
	"sync"

	"github.com/cmdai/cmdai/assets"
	"github.com/cmdai/cmdai/models"
	"github.com/cmdai/cmdai/models/offline/recall"
)

// A reading the catalogue is unsure of is offered after all when nothing else answers and the requests
// most like it were mostly answered with the same command. On cmdai's everyday rounds (6,320 requests),
// each round scored with an index built without it, this raised 58 answers and lowered one; on two
// rounds written afterwards, unseen by the catalogue and the index alike, it raised 4 of 200 and lowered
// none. The agreement never proposes a command, so it cannot answer what the catalogue did not read,
// and it never lifts a command that a guard capped.
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
	a, err := e.agree()
	if err != nil || a == nil {
		return top // the embedded index is checked by tests; a damaged one only loses this second opinion
	}
	if a.Support(req.Prompt, top.Command) >= agreeSupport {
		top.Confidence = Threshold
	}
	return top
}
