package daemon

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"sync"
	"time"

	"github.com/cmdai/cmdai/ipc"
	"github.com/cmdai/cmdai/models"
	"github.com/cmdai/cmdai/models/backends"
	"github.com/cmdai/cmdai/safety/wire"
	"github.com/cmdai/cmdai/store"
)

// handleGenerate answers POST /v1/generate with a stream of events: tokens as the backend produces
// them, then the checked result (recorded in history first) or an error. The request context ends when
// the client goes away, which takes the request out of the queue or cancels the backend's work.
func (d *daemon) handleGenerate(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	req, err := ipc.DecodeGenerate(r.Body)
	if err != nil {
		writeError(w, err)
		return
	}
	cfg := d.config()
	requested := req.Backend
	if requested == "" {
		requested = cfg.Backend
	}
	// auto stays auto: generate runs its chain (instant path, then a ready model backend).
	name := "auto"
	if requested != "auto" && requested != "" {
		if name, err = d.models.resolve(requested); err != nil {
			writeError(w, err)
			return
		}
	}
	// An empty model is each backend's own default (its config section, then the top-level model).
	model := req.Model
	shell := d.shell(req.Shell)

	w.Header().Set("Content-Type", "application/x-ndjson")
	w.WriteHeader(http.StatusOK)
	ev := &eventWriter{w: w, rc: http.NewResponseController(w)}
	ev.flush() // send the headers now: the client knows it was accepted, even while queued
	ctx := r.Context()
	// A backend that streams after returning must not write any more: its tokens end when it returns.
	backend := queued{pool: d.models, name: name, model: model, done: ev.endTokens}
	opts := cfg.SafetyOptions(shell)
	c, err := backends.GenerateChecked(ctx, backend, models.Request{
		Prompt: req.Prompt, Shell: shell, OS: req.OS, Cwd: req.Cwd, CwdEntries: req.CwdEntries,
		History: historyHints(req.History), Alternatives: req.Alternatives, Restrictions: d.policy.Restrictions(),
	}, ev.token, opts)
	if err != nil {
		d.generateFailed(ctx, ev, name, err, c.Alternatives)
		return
	}
	resp, verdict := c.Response, c.Verdict
	findings := wire.FromFindings(verdict.Findings)
	entry, err := d.store.History.Add(ctx, store.Entry{
		Prompt: req.Prompt, Command: resp.Command, Explanation: resp.Explanation,
		Risk: verdict.Risk.String(), Findings: storeFindings(findings),
		Backend: resp.Backend, Model: resp.Model, Cwd: req.Cwd, Shell: shell,
	})
	if err != nil {
		if ctx.Err() == nil {
			d.log.Error("record history", "err", err)
		}
		// The answer is still good; without an id the client simply cannot report the exit status.
	}
	id := ""
	if err == nil {
		id = entry.ID.String()
	}
	ev.send(ipc.Event{Type: ipc.EventResult, Result: &ipc.GenerateResult{
		ID: id, Command: resp.Command, Explanation: resp.Explanation,
		Risk: verdict.Risk.String(), Findings: findings, Backend: resp.Backend, Model: resp.Model,
		Confidence: resp.Confidence, ElapsedMS: float64(time.Since(start).Microseconds()) / 1000,
		Alternatives: d.policy.PreferAllowed(ctx, wireAlternatives(c.Alternatives), req.Cwd, opts),
		Policy:       d.policy.Decide(ctx, resp.Command, req.Cwd, opts),
	}})
}

// queued is one backend of the pool as backends.GenerateChecked asks it: the request waits its turn in
// the backend's queue. done runs as soon as the backend returns, before the answer is checked.
type queued struct {
	pool        *pool
	name, model string
	done        func()
}

func (q queued) Name() string { return q.name }

func (q queued) Generate(ctx context.Context, req models.Request, onToken models.TokenFunc) (models.Response, error) {
	defer q.done()
	return q.pool.generate(ctx, q.name, q.model, req, onToken)
}

// wireAlternatives puts checked alternatives on the wire.
func wireAlternatives(alts []backends.Alternative) []ipc.Alternative {
	var out []ipc.Alternative
	for _, a := range alts {
		out = append(out, ipc.Alternative{Command: a.Response.Command, Explanation: a.Response.Explanation,
			Risk: a.Verdict.Risk.String(), Findings: wire.FromFindings(a.Verdict.Findings),
			Confidence: a.Response.Confidence, Model: a.Response.Model})
	}
	return out
}

// generateFailed sends the error event, with what a person can do about the error: a refusal to guess
// (no_answer) carries the shapes the backend recalled for similar requests when the client asked for
// alternatives, checked like any answer.
func (d *daemon) generateFailed(ctx context.Context, ev *eventWriter, backend string, err error, shapes []backends.Alternative) {
	code := ipc.CodeBackend
	switch {
	case ctx.Err() != nil:
		d.log.Info("generation cancelled: the client went away", "backend", backend)
		return
	case errors.Is(err, models.ErrNoAnswer):
		code = ipc.CodeNoAnswer
	default:
		d.log.Warn("generation failed", "backend", backend, "err", err)
	}
	body := &ipc.ErrorBody{Code: code, Message: backends.Advise(err).Error()}
	if code == ipc.CodeNoAnswer {
		body.Alternatives = wireAlternatives(shapes)
		body.Readings = models.NoAnswerReadings(err)
	}
	ev.send(ipc.Event{Type: ipc.EventError, Error: body})
}

// eventWriter writes one JSON line per event and flushes it, so the client sees each as it happens.
type eventWriter struct {
	mu       sync.Mutex
	w        http.ResponseWriter
	rc       *http.ResponseController
	noTokens bool
}

func (e *eventWriter) token(tok string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if !e.noTokens {
		e.write(ipc.Event{Type: ipc.EventToken, Token: tok})
	}
}

func (e *eventWriter) endTokens() {
	e.mu.Lock()
	e.noTokens = true
	e.mu.Unlock()
}

func (e *eventWriter) send(ev ipc.Event) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.write(ev)
}

func (e *eventWriter) flush() {
	e.mu.Lock()
	defer e.mu.Unlock()
	_ = e.rc.Flush()
}

// write sends one event; callers hold mu. A failed write means the client is gone, which the request
// context reports too.
func (e *eventWriter) write(ev ipc.Event) {
	data, _ := json.Marshal(ev)
	if _, err := e.w.Write(append(data, '\n')); err == nil {
		_ = e.rc.Flush()
	}
}

func historyHints(hs []ipc.HistoryHint) []models.HistoryHint {
	if len(hs) == 0 {
		return nil
	}
	out := make([]models.HistoryHint, 0, len(hs))
	for _, h := range hs {
		out = append(out, models.HistoryHint{Command: h.Command, ExitCode: h.ExitCode})
	}
	return out
}

func storeFindings(fs []ipc.Finding) []store.Finding {
	out := make([]store.Finding, 0, len(fs))
	for _, f := range fs {
		out = append(out, store.Finding{Rule: f.Rule, Risk: f.Risk, Message: f.Message, Start: f.Span.Start, End: f.Span.End})
	}
	return out
}
