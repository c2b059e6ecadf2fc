package cli

import (
	"context"
	"errors"
	"fmt"
	"runtime"

	"github.com/cmdai/cmdai/config"
	"github.com/cmdai/cmdai/ipc"
	"github.com/cmdai/cmdai/models"
	"github.com/cmdai/cmdai/models/backends"
	"github.com/cmdai/cmdai/safety/wire"
)

// localGenerate answers the TUI's requests in this process, as the one-shot does, when no daemon can be
// reached or started (an unusable XDG_RUNTIME_DIR): the same backends, the same safety check on the
// answer and each alternative, and the organisation's policy from the policy file. Nothing goes to the
// history, which is the daemon's.
func localGenerate(s *streams, cfg config.Config) func(context.Context, ipc.GenerateRequest, func(string)) (ipc.GenerateResult, error) {
	return func(ctx context.Context, req ipc.GenerateRequest, onToken func(string)) (ipc.GenerateResult, error) {
		opts := cfg.SafetyOptions(req.Shell)
		e, perr := openLocalPolicy(ctx)
		decide := localPolicy(e, perr, req.Cwd, opts)
		backend, err := openBackend(ctx, cfg, s.embedded, req.Backend, req.Model)
		if err != nil {
			return ipc.GenerateResult{}, backends.Advise(err)
		}
		defer backend.Close()
		mreq := models.Request{Prompt: req.Prompt, Shell: req.Shell, OS: runtime.GOOS, Cwd: req.Cwd,
			Alternatives: req.Alternatives, Restrictions: e.Restrictions()}
		c, err := backends.GenerateChecked(ctx, backend, mreq, onToken, opts)
		alts := wireAlternatives(ctx, c.Alternatives, decide)
		if errors.Is(err, models.ErrNoAnswer) {
			reason, readings, _ := noAnswerOf(err)
			return ipc.GenerateResult{}, &ipc.Error{Code: ipc.CodeNoAnswer, Message: reason, Readings: readings, Alternatives: alts}
		}
		if err != nil {
			return ipc.GenerateResult{}, backends.Advise(fmt.Errorf("%s backend: %w", backend.Name(), err))
		}
		res := ipc.GenerateResult{Command: c.Response.Command, Explanation: c.Response.Explanation,
			Risk: c.Verdict.Risk.String(), Findings: wire.FromFindings(c.Verdict.Findings), Backend: c.Response.Backend,
			Model: c.Response.Model, Confidence: c.Response.Confidence, Alternatives: alts}
		if decide != nil {
			res.Policy = decide(ctx, res.Command)
		}
		return res, nil
	}
}

// wireAlternatives puts checked alternatives in the daemon's form, each with the policy's decision.
func wireAlternatives(ctx context.Context, alts []backends.Alternative, decide func(context.Context, string) *ipc.PolicyDecision) []ipc.Alternative {
	var out []ipc.Alternative
	for _, a := range alts {
		w := ipc.Alternative{Command: a.Response.Command, Explanation: a.Response.Explanation, Risk: a.Verdict.Risk.String(),
			Findings: wire.FromFindings(a.Verdict.Findings), Confidence: a.Response.Confidence, Model: a.Response.Model}
		if decide != nil {
			w.Policy = decide(ctx, w.Command)
		}
		out = append(out, w)
	}
	return out
}
