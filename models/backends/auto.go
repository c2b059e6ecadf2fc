package backends

import (
	"cmp"
	"context"
	"errors"

	"github.com/cmdai/cmdai/models"
)

// InstantConfidence is how sure the offline engine (a calibrated probability of being right) must be for
// `auto` to answer with it before asking a model. Below it a ready model backend answers; without one
// the engine's own, lower threshold applies.
const InstantConfidence = 0.7

// autoOrder is the order `auto` asks backends in after the instant path: the embedded model when one is
// cached, Ollama when it answers, then the offline engine.
var autoOrder = []string{"embedded", "ollama", "offline"}

// ErrNoBackend means `auto` found nothing to ask: no offline engine and no ready model backend.
var ErrNoBackend = errors.New("no backend is available in this build")

// Runner is what `auto` needs from the program that runs the backends: the daemon, which keeps models
// warm and queues requests, or the CLI answering in its own process.
type Runner interface {
	// Ready reports, cheaply, whether the named backend could answer now: its model is cached, its
	// server answers. The error says why not, a backend the program does not run included.
	Ready(ctx context.Context, name string) error
	// Generate answers req with the named backend.
	Generate(ctx context.Context, name string, req models.Request, onToken models.TokenFunc) (models.Response, error)
}

// Choose is the backend `auto` asks when the instant path has no answer: the first in the order that r
// has ready, or "" when none is.
func Choose(ctx context.Context, r Runner) string {
	for _, name := range autoOrder {
		if r.Ready(ctx, name) == nil {
			return name
		}
	}
	return ""
}

// Auto answers req as `auto` does. First the instant path: the offline engine answers when it is at
// least InstantConfidence sure. Else the backend Choose picks answers; a model backend that fails hands
// over to the offline engine at its own threshold rather than failing the request. The offline engine's
// tokens are held back until its answer is the one returned, so that a client never sees two answers
// stream. The exact history and pattern hits of the instant path are the daemon's, which asks them
// before it calls Auto.
func Auto(ctx context.Context, r Runner, req models.Request, onToken models.TokenFunc) (models.Response, error) {
	var offResp models.Response
	offErr := ErrNoBackend
	var held []string
	if r.Ready(ctx, "offline") == nil {
		offResp, offErr = r.Generate(ctx, "offline", req, func(t string) { held = append(held, t) })
		offResp.Backend = cmp.Or(offResp.Backend, "offline")
		if offErr == nil && offResp.Confidence >= InstantConfidence {
			flush(held, onToken)
			return offResp, nil
		}
		if ctx.Err() != nil {
			return models.Response{}, context.Cause(ctx)
		}
	}
	if name := Choose(ctx, r); name != "" && name != "offline" {
		resp, err := r.Generate(ctx, name, req, onToken)
		if err == nil || ctx.Err() != nil {
			resp.Backend = cmp.Or(resp.Backend, name)
			return resp, err
		}
	}
	if offErr == nil {
		flush(held, onToken)
	}
	return offResp, offErr
}

func flush(toks []string, onToken models.TokenFunc) {
	if onToken == nil {
		return
	}
	for _, t := range toks {
		onToken(t)
	}
}
