// Package eval scores cmdai backends on NL-to-bash corpora (NL2Bash, NL2SH-ALFA) with the NLC2CMD metric
// of eval/nlc2cmd, and renders the results as docs/eval.md.
package eval

import (
	"slices"
	"time"

	"github.com/cmdai/cmdai/eval/nlc2cmd"
	"github.com/cmdai/cmdai/models"
	"github.com/cmdai/cmdai/models/offline/shape"
)

// Answerer gives a backend's best guess for a request, with its confidence, even when that is low.
// offline.Engine implements it.
type Answerer interface {
	Answer(req models.Request) models.Response
}

// CandidateAnswerer also gives alternatives, best first, each with its own confidence; the first is the
// answer. The NLC2CMD competition scored up to nlc2cmd.MaxPredictions of them per request. offline.Engine
// implements it.
type CandidateAnswerer interface {
	Candidates(req models.Request, k int) []models.Response
}

// Options tune an evaluation.
type Options struct {
	// Threshold is the confidence at or above which the backend would show its answer; coverage counts the
	// answers that reach it. Zero counts every non-empty answer.
	Threshold float64
	// Offered, when set, decides instead of Threshold whether the backend would show an answer: the
	// offline engine never shows what its recall model gave, whatever its confidence.
	Offered func(models.Response) bool
}

// Outcome is how the backend did on one invocation.
type Outcome struct {
	Invocation
	Command    string        `json:"command"`
	Confidence float64       `json:"confidence"`
	Elapsed    time.Duration `json:"-"`
	// Score is the NLC2CMD invocation score with δ = Confidence; ScoreAt1 with δ = 1; Lenient with δ = 1 and
	// nlc2cmd.Lenient parsing.
	Score    float64 `json:"score"`
	ScoreAt1 float64 `json:"score_at_1"`
	Lenient  float64 `json:"lenient"`
	// Top5 is the NLC2CMD invocation score of all candidates (up to nlc2cmd.MaxPredictions), each with δ =
	// its confidence: the competition's protocol. Without a CandidateAnswerer it equals Score.
	Top5       float64           `json:"top5"`
	Candidates []models.Response `json:"candidates,omitempty"`
	// UtilityMatch is true when the answer's utility names equal some reference's, in order.
	UtilityMatch bool `json:"utility_match"`
	// Answered is true when the answer is not empty and reaches Options.Threshold (or Options.Offered
	// says the backend would show it).
	Answered bool `json:"answered"`
	// RefScorable is true when some reference yields utilities in Reference mode.
	RefScorable bool `json:"ref_scorable"`
	// FirstUtility is the first utility of the first reference that has one (lenient parsing), or "".
	FirstUtility string `json:"first_utility"`
}

// Result is a suite's outcomes and their summary.
type Result struct {
	Suite    Suite
	Outcomes []Outcome
	Summary  Summary
}

// Evaluate asks a for every invocation of s, one at a time so that timings are per answer, and scores the
// answers.
func Evaluate(a Answerer, s Suite, opts Options) Result {
	out := make([]Outcome, len(s.Invocations))
	for i, inv := range s.Invocations {
		req := models.Request{Prompt: inv.NL, Shell: "bash", OS: "linux"}
		start := time.Now()
		resp := a.Answer(req)
		elapsed := time.Since(start)
		out[i] = score(inv, resp, elapsed, opts)
		if ca, ok := a.(CandidateAnswerer); ok {
			out[i].Candidates = ca.Candidates(req, nlc2cmd.MaxPredictions)
			preds := make([]nlc2cmd.Prediction, len(out[i].Candidates))
			for j, c := range out[i].Candidates {
				preds[j] = nlc2cmd.Prediction{Command: c.Command, Confidence: c.Confidence}
			}
			out[i].Top5 = nlc2cmd.Invocation(inv.Refs, preds)
		}
	}
	return Result{Suite: s, Outcomes: out, Summary: Summarize(s, out)}
}

func score(inv Invocation, resp models.Response, elapsed time.Duration, opts Options) Outcome {
	o := Outcome{
		Invocation: inv,
		Command:    resp.Command,
		Confidence: resp.Confidence,
		Elapsed:    elapsed,
		Answered:   resp.Command != "" && resp.Confidence >= opts.Threshold,
	}
	if opts.Offered != nil {
		o.Answered = opts.Offered(resp)
	}
	o.Score = nlc2cmd.Invocation(inv.Refs, []nlc2cmd.Prediction{{Command: resp.Command, Confidence: resp.Confidence}})
	o.ScoreAt1 = nlc2cmd.Invocation(inv.Refs, []nlc2cmd.Prediction{{Command: resp.Command, Confidence: 1}})
	o.Top5 = o.Score
	o.Lenient = nlc2cmd.Lenient.Invocation(inv.Refs, []nlc2cmd.Prediction{{Command: resp.Command, Confidence: 1}})
	pred, _ := shape.Utilities(resp.Command)
	for _, ref := range inv.Refs {
		if r, _ := shape.Utilities(ref); len(r) > 0 {
			o.RefScorable = true
			if len(pred) > 0 && slices.Equal(names(pred), names(r)) {
				o.UtilityMatch = true
			}
		}
		if l, _ := shape.Lenient.Utilities(ref); len(l) > 0 && o.FirstUtility == "" {
			o.FirstUtility = l[0].Name
		}
	}
	return o
}

func names(us []shape.Utility) []string {
	s := make([]string, len(us))
	for i, u := range us {
		s[i] = u.Name
	}
	return s
}
