// Package runner is a self-hosted workflow runner: it claims, from cmdai-server, the steps whose labels
// it carries, runs each through the execution gate on this machine (workflow.Executor.RunStep), renews
// its lease with heartbeats that carry the step's log lines, and reports how the step ended. It imports
// no database code: `cmdai runner` links it.
package runner

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/cmdai/cmdai/cloud/workflows/wire"
	"github.com/cmdai/cmdai/workflow"
	"github.com/cmdai/cmdai/workflow/integrations"
)

// Runner claims and runs steps until its context ends.
type Runner struct {
	Server string // the server's base URL
	Token  string // the runner's token, from its registration
	Labels []string
	Gate   *workflow.Gate
	// Integrations run integration and aws steps; nil: the built-ins.
	Integrations *integrations.Registry
	Dir          string        // where steps run
	Poll         time.Duration // how often to ask for a step when none was queued (default 500ms)
	HTTP         *http.Client  // nil: a client with a 30-second time-out
	Log          *slog.Logger  // nil: slog.Default()
	// OnStep, when set, is told each step as it starts, with its claim (tests, status lines).
	OnStep func(wire.Claim)
}

// ErrUnauthorized is the server refusing the runner's token.
var ErrUnauthorized = errors.New("the server refused this runner's token: register the runner again (POST /api/v1/runners)")

// Run claims and runs steps one at a time until ctx ends. A step running when ctx ends is abandoned:
// its lease runs out and the server gives it to another runner when it is retryable.
func (r *Runner) Run(ctx context.Context) error {
	if r.Poll <= 0 {
		r.Poll = 500 * time.Millisecond
	}
	if r.HTTP == nil {
		r.HTTP = &http.Client{Timeout: 30 * time.Second}
	}
	if r.Log == nil {
		r.Log = slog.Default()
	}
	if r.Integrations == nil {
		r.Integrations = integrations.Builtins(nil)
	}
	failures := 0
	for {
		var c wire.Claim
		status, err := r.call(ctx, "POST", "/api/v1/runners/claim", wire.ClaimRequest{Labels: r.Labels}, &c)
		switch {
		case ctx.Err() != nil:
			return nil
		case status == http.StatusUnauthorized:
			return ErrUnauthorized
		case err != nil:
			failures++
			r.Log.Warn("claim a step", "error", err.Error())
			if !sleep(ctx, min(time.Duration(failures)*r.Poll, 10*time.Second)) {
				return nil
			}
			continue
		case status == http.StatusNoContent:
			failures = 0
			if !sleep(ctx, r.Poll) {
				return nil
			}
			continue
		}
		failures = 0
		r.work(ctx, c)
	}
}

func sleep(ctx context.Context, d time.Duration) bool {
	select {
	case <-ctx.Done():
		return false
	case <-time.After(d):
		return true
	}
}

// work runs one claimed step and reports it.
func (r *Runner) work(ctx context.Context, c wire.Claim) {
	log := r.Log.With("run", c.RunID, "step", c.Step, "attempt", c.Attempt)
	if r.OnStep != nil {
		r.OnStep(c)
	}
	wf, err := workflow.Parse([]byte(c.Source))
	step, ok := workflow.Step{}, false
	if err == nil {
		step, ok = wf.Step(c.Step)
	}
	if !ok {
		r.complete(ctx, c, workflow.StepReport{Name: c.Step, Status: workflow.StatusFailed,
			Error: fmt.Sprintf("this runner cannot read step %s of the workflow: %v", c.Step, err)}, workflow.StepResult{}, nil)
		return
	}
	stepCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	var mu sync.Mutex
	var pending []wire.LogLine
	x := &workflow.Executor{Gate: r.Gate, Integrations: r.Integrations, IntegrationConfig: c.Integrations, Secrets: c.Secrets, Dir: r.Dir,
		OnEvent: func(ev workflow.Event) {
			if ev.Kind != workflow.EventLog {
				return
			}
			mu.Lock()
			pending = append(pending, wire.LogLine{Stream: ev.Stream, Line: ev.Line, Time: ev.Time})
			mu.Unlock()
		}}
	take := func() []wire.LogLine {
		mu.Lock()
		defer mu.Unlock()
		out := pending
		pending = nil
		return out
	}
	every := time.Duration(c.LeaseSeconds * float64(time.Second) / 3)
	if every <= 0 {
		every = 5 * time.Second
	}
	beats := make(chan struct{})
	go func() { // ends when the step does (stepCtx)
		defer close(beats)
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-stepCtx.Done():
				return
			case <-t.C:
			}
			status, err := r.call(stepCtx, "POST", "/api/v1/runners/steps/"+c.StepID+"/heartbeat",
				wire.Heartbeat{Attempt: c.Attempt, Logs: take()}, nil)
			if status == http.StatusConflict {
				log.Warn("the step went to another runner: stopping it")
				cancel()
				return
			}
			if err != nil && stepCtx.Err() == nil {
				log.Warn("heartbeat", "error", err.Error())
			}
		}
	}()
	log.Info("step started")
	rep, res, _ := x.RunStep(stepCtx, step, workflow.Scope{Params: c.Params, Secrets: c.Secrets, Steps: c.Results})
	cancel()
	<-beats
	if ctx.Err() != nil {
		log.Warn("stopping: the step is left to its lease")
		return
	}
	r.complete(ctx, c, rep, res, take())
	log.Info("step ended", "status", rep.Status)
}

func (r *Runner) complete(ctx context.Context, c wire.Claim, rep workflow.StepReport, res workflow.StepResult, logs []wire.LogLine) {
	for try := 0; try < 5; try++ {
		status, err := r.call(ctx, "POST", "/api/v1/runners/steps/"+c.StepID+"/complete",
			wire.Completion{Attempt: c.Attempt, Report: rep, Result: res, Logs: logs}, nil)
		if err == nil || status == http.StatusConflict || status/100 == 4 {
			if err != nil {
				r.Log.Warn("report the step", "step", c.Step, "error", err.Error())
			}
			return
		}
		if !sleep(ctx, time.Second) {
			return
		}
	}
}

// call sends a JSON request with the runner's token and decodes a JSON answer into out.
func (r *Runner) call(ctx context.Context, method, path string, in, out any) (int, error) {
	body, err := json.Marshal(in)
	if err != nil {
		return 0, err
	}
	req, err := http.NewRequestWithContext(ctx, method, strings.TrimRight(r.Server, "/")+path, bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+r.Token)
	resp, err := r.HTTP.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if resp.StatusCode/100 != 2 {
		return resp.StatusCode, fmt.Errorf("%s %s: %s: %s", method, path, resp.Status, strings.TrimSpace(string(b)))
	}
	if out != nil && resp.StatusCode != http.StatusNoContent {
		if err := json.Unmarshal(b, out); err != nil {
			return resp.StatusCode, fmt.Errorf("%s %s: %w", method, path, err)
		}
	}
	return resp.StatusCode, nil
}
