package workflow

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/cmdai/cmdai/workflow/integrations"
)

// Status is where a step or a run stands.
type Status string

// The statuses.
const (
	StatusPending   Status = "pending"
	StatusRunning   Status = "running"
	StatusSuccess   Status = "success"
	StatusFailed    Status = "failed"
	StatusRefused   Status = "refused" // the gate did not let it run
	StatusSkipped   Status = "skipped"
	StatusCancelled Status = "cancelled"
)

// StepReport is what happened to one step.
type StepReport struct {
	Name       string    `json:"name"`
	Status     Status    `json:"status"`
	StartedAt  time.Time `json:"started_at,omitzero"`
	EndedAt    time.Time `json:"ended_at,omitzero"`
	ExitCode   *int      `json:"exit_code,omitempty"`
	StatusCode int       `json:"status_code,omitempty"`
	Attempts   int       `json:"attempts,omitempty"`
	Error      string    `json:"error,omitempty"`
	// Handler says the step ran as the on_failure of another.
	HandlerOf string `json:"handler_of,omitempty"`
}

// Report is what happened to a run.
type Report struct {
	Workflow  string       `json:"workflow"`
	Status    Status       `json:"status"`
	StartedAt time.Time    `json:"started_at"`
	EndedAt   time.Time    `json:"ended_at"`
	Steps     []StepReport `json:"steps"`
	Error     string       `json:"error,omitempty"`
}

// Event kinds.
const (
	EventStepStart = "step_start"
	EventLog       = "log"
	EventStepEnd   = "step_end"
)

// Event is something a run reports as it goes: a step starting, a line of its output, a step ending.
type Event struct {
	Time    time.Time   `json:"time"`
	Kind    string      `json:"kind"`
	Step    string      `json:"step"`
	Attempt int         `json:"attempt,omitempty"`
	Stream  string      `json:"stream,omitempty"` // stdout or stderr, for a log line
	Line    string      `json:"line,omitempty"`
	Report  *StepReport `json:"report,omitempty"` // for step_end
}

// Executor runs workflows. The zero value runs http steps only; set Gate for command and script steps
// and Integrations for integration and aws steps.
type Executor struct {
	Gate         *Gate
	Integrations *integrations.Registry
	// IntegrationConfig holds each integration's settings by its name, opened from where they are kept.
	IntegrationConfig map[string]map[string]string
	Secrets           map[string]string
	Env               func(string) (string, bool) // nil: os.LookupEnv
	Environ           []string                    // a command step's environment; nil: os.Environ()
	Dir               string                      // a command step's working directory
	// OnEvent is called for each event, one at a time, from the goroutines that run the steps.
	OnEvent func(Event)

	mu sync.Mutex // serialises OnEvent
}

func (x *Executor) emit(ev Event) {
	if x.OnEvent == nil {
		return
	}
	ev.Time = time.Now().UTC()
	if ev.Line != "" {
		ev.Line = x.mask(ev.Line)
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	x.OnEvent(ev)
}

// mask hides secrets' values in text that leaves the run (logs, errors).
func (x *Executor) mask(s string) string {
	for _, v := range x.Secrets {
		if len(v) >= 4 {
			s = strings.ReplaceAll(s, v, "***")
		}
	}
	for _, cfg := range x.IntegrationConfig {
		for k, v := range cfg {
			if len(v) >= 8 && secretKey(k) {
				s = strings.ReplaceAll(s, v, "***")
			}
		}
	}
	return s
}

func secretKey(k string) bool {
	k = strings.ToLower(k)
	return strings.Contains(k, "token") || strings.Contains(k, "secret") || strings.Contains(k, "key") ||
		strings.Contains(k, "password") || strings.Contains(k, "webhook_url")
}

// handlers are the steps that run only as another's on_failure: named by one, and requiring nothing.
func handlers(w *Workflow) map[string]bool {
	h := map[string]bool{}
	for _, s := range w.Steps {
		if s.OnFailure != "" {
			if t, ok := w.Step(s.OnFailure); ok && len(t.Requires) == 0 {
				h[t.Name] = true
			}
		}
	}
	return h
}

// Run runs a valid workflow with bound parameters (Bind): every step whose requirements succeeded,
// independent ones at the same time. The first failure stops new steps from starting (those running
// finish) and runs the failed step's on_failure. Cancelling ctx stops the running steps.
func (x *Executor) Run(ctx context.Context, w *Workflow, params map[string]string) Report {
	rep := Report{Workflow: w.Name, StartedAt: time.Now().UTC(), Status: StatusSuccess}
	if es := Validate(w, nil); len(es) > 0 {
		rep.Status, rep.Error, rep.EndedAt = StatusFailed, es.Error(), time.Now().UTC()
		return rep
	}
	isHandler := handlers(w)
	reports := map[string]*StepReport{}
	results := map[string]StepResult{}
	for _, s := range w.Steps {
		reports[s.Name] = &StepReport{Name: s.Name, Status: StatusPending}
	}
	type finished struct {
		name   string
		report StepReport
		result StepResult
		err    error
	}
	done := make(chan finished)
	running := 0
	stopping := false
	var queueHandlers []struct{ name, of string }
	start := func(s Step, handlerOf string) {
		reports[s.Name].Status = StatusRunning
		reports[s.Name].HandlerOf = handlerOf
		scope := Scope{Params: params, Env: x.Env, Secrets: x.Secrets, Steps: maps.Clone(results)}
		running++
		go func() {
			r, res, err := x.RunStep(ctx, s, scope)
			r.HandlerOf = handlerOf
			done <- finished{s.Name, r, res, err}
		}()
	}
	for {
		if ctx.Err() != nil {
			stopping = true
		}
		for len(queueHandlers) > 0 {
			h := queueHandlers[0]
			queueHandlers = queueHandlers[1:]
			if s, ok := w.Step(h.name); ok && reports[h.name].Status == StatusPending {
				start(s, h.of)
			}
		}
		if !stopping {
			for _, s := range w.Steps {
				if reports[s.Name].Status != StatusPending || isHandler[s.Name] {
					continue
				}
				ready, blocked := true, ""
				for _, r := range s.Requires {
					switch reports[r].Status {
					case StatusSuccess:
					case StatusPending, StatusRunning:
						ready = false
					default:
						blocked = r
					}
				}
				switch {
				case blocked != "":
					reports[s.Name].Status = StatusSkipped
					reports[s.Name].Error = fmt.Sprintf("required step %s did not succeed", blocked)
					x.emit(Event{Kind: EventStepEnd, Step: s.Name, Report: ptr(*reports[s.Name])})
				case ready:
					start(s, "")
				}
			}
		}
		if running == 0 {
			// Skips can make more steps ready (or skipped): look again before ending.
			if !stopping && anyReady(w, reports, isHandler) {
				continue
			}
			break
		}
		f := <-done
		running--
		*reports[f.name] = f.report
		results[f.name] = f.result
		if f.err == nil || f.report.Status == StatusSkipped {
			continue
		}
		if rep.Error == "" {
			rep.Error = x.mask(f.err.Error())
			rep.Status = f.report.Status
			if rep.Status == StatusSkipped || rep.Status == StatusSuccess {
				rep.Status = StatusFailed
			}
		}
		stopping = true
		if s, _ := w.Step(f.name); s.OnFailure != "" {
			queueHandlers = append(queueHandlers, struct{ name, of string }{s.OnFailure, f.name})
		}
	}
	for _, s := range w.Steps {
		r := reports[s.Name]
		if r.Status == StatusPending && !isHandler[s.Name] {
			r.Status = StatusSkipped
			if r.Error == "" {
				r.Error = "the run stopped before this step"
				if ctx.Err() != nil {
					r.Status, r.Error = StatusCancelled, "the run was cancelled"
				}
			}
		}
		if r.Status == StatusPending && isHandler[s.Name] {
			r.Status = StatusSkipped
			r.Error = "no step failed that it handles"
		}
		rep.Steps = append(rep.Steps, *r)
	}
	if ctx.Err() != nil && rep.Status == StatusSuccess {
		rep.Status, rep.Error = StatusCancelled, "the run was cancelled"
	}
	rep.EndedAt = time.Now().UTC()
	return rep
}

func anyReady(w *Workflow, reports map[string]*StepReport, isHandler map[string]bool) bool {
	for _, s := range w.Steps {
		if reports[s.Name].Status != StatusPending || isHandler[s.Name] {
			continue
		}
		ok := true
		for _, r := range s.Requires {
			if st := reports[r].Status; st == StatusPending || st == StatusRunning {
				ok = false
			}
		}
		if ok {
			return true
		}
	}
	return false
}

func ptr[T any](v T) *T { return &v }

// RunStep runs one step with its retries and time-out, reporting its events; the scope holds what the
// step may read. err says why the step did not succeed (nil when it succeeded or was skipped by if:).
func (x *Executor) RunStep(ctx context.Context, s Step, scope Scope) (StepReport, StepResult, error) {
	r := StepReport{Name: s.Name, StartedAt: time.Now().UTC()}
	end := func(st Status, res StepResult, err error) (StepReport, StepResult, error) {
		r.Status, r.EndedAt = st, time.Now().UTC()
		res.Status = st
		if err != nil {
			r.Error = x.mask(err.Error())
		}
		x.emit(Event{Kind: EventStepEnd, Step: s.Name, Attempt: r.Attempts, Report: ptr(r)})
		return r, res, err
	}
	if s.If != "" {
		ok, err := scope.Holds(s.If)
		if err != nil {
			return end(StatusFailed, StepResult{}, fmt.Errorf("step %s: if: %w", s.Name, err))
		}
		if !ok {
			r.Error = "its condition does not hold: " + s.If
			r.Status, r.EndedAt = StatusSkipped, time.Now().UTC()
			x.emit(Event{Kind: EventStepEnd, Step: s.Name, Report: ptr(r)})
			return r, StepResult{Status: StatusSkipped}, nil
		}
	}
	var res StepResult
	var err error
	for attempt := 1; attempt <= s.MaxRetries+1; attempt++ {
		if attempt > 1 {
			x.emit(Event{Kind: EventLog, Step: s.Name, Attempt: attempt, Stream: "stderr",
				Line: fmt.Sprintf("attempt %d failed: %v; retrying in %s", attempt-1, err, time.Duration(s.RetryDelay))})
			select {
			case <-ctx.Done():
				return end(StatusCancelled, res, ctx.Err())
			case <-time.After(time.Duration(s.RetryDelay)):
			}
		}
		r.Attempts = attempt
		x.emit(Event{Kind: EventStepStart, Step: s.Name, Attempt: attempt})
		res, err = x.attempt(ctx, s, scope, attempt)
		if (s.Action == ActionCommand || s.Action == ActionScript) && !IsRefused(err) {
			r.ExitCode = ptr(res.ExitCode)
		}
		r.StatusCode = res.StatusCode
		switch {
		case err == nil:
			return end(StatusSuccess, res, nil)
		case IsRefused(err):
			return end(StatusRefused, res, err)
		case ctx.Err() != nil:
			return end(StatusCancelled, res, fmt.Errorf("step %s: cancelled", s.Name))
		}
	}
	return end(StatusFailed, res, err)
}

// attempt runs the step once, within its time-out.
func (x *Executor) attempt(ctx context.Context, s Step, scope Scope, attempt int) (StepResult, error) {
	if s.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, time.Duration(s.Timeout))
		defer cancel()
	}
	res, err := x.do(ctx, s, scope, attempt)
	if err != nil && errors.Is(ctx.Err(), context.DeadlineExceeded) {
		err = fmt.Errorf("step %s timed out after %s: %w", s.Name, time.Duration(s.Timeout), err)
	}
	return res, err
}

func (x *Executor) do(ctx context.Context, s Step, scope Scope, attempt int) (StepResult, error) {
	switch s.Action {
	case ActionCommand, ActionScript:
		return x.runCommand(ctx, s, scope, attempt)
	case ActionHTTP:
		p := map[string]any{"method": s.Method, "expected_status": s.ExpectedStatus}
		var err error
		if p["url"], err = scope.Expand(s.URL); err != nil {
			return StepResult{}, fmt.Errorf("step %s: url: %w", s.Name, err)
		}
		if p["body"], err = scope.Expand(s.Body); err != nil {
			return StepResult{}, fmt.Errorf("step %s: body: %w", s.Name, err)
		}
		hs := map[string]string{}
		for k, v := range s.Headers {
			if hs[k], err = scope.Expand(v); err != nil {
				return StepResult{}, fmt.Errorf("step %s: headers.%s: %w", s.Name, k, err)
			}
		}
		p["headers"] = hs
		return x.integration(ctx, s, "http", integrations.Request{Parameters: p})
	case ActionIntegration, ActionAWS:
		name := s.Integration
		if s.Action == ActionAWS {
			name = "aws"
		}
		req := integrations.Request{Operation: s.Operation, Service: s.Service, Parameters: map[string]any{}}
		var err error
		if req.Channel, err = scope.Expand(s.Channel); err != nil {
			return StepResult{}, fmt.Errorf("step %s: channel: %w", s.Name, err)
		}
		if req.Message, err = scope.Expand(s.Message); err != nil {
			return StepResult{}, fmt.Errorf("step %s: message: %w", s.Name, err)
		}
		for k, v := range s.Parameters {
			if str, ok := v.(string); ok {
				if v, err = scope.Expand(str); err != nil {
					return StepResult{}, fmt.Errorf("step %s: parameters.%s: %w", s.Name, k, err)
				}
			}
			req.Parameters[k] = v
		}
		cfg := map[string]string{}
		for k, v := range x.IntegrationConfig[name] {
			if cfg[k], err = scope.Expand(v); err != nil {
				return StepResult{}, fmt.Errorf("step %s: %s's setting %s: %w", s.Name, name, k, err)
			}
		}
		req.Config = cfg
		return x.integration(ctx, s, name, req)
	}
	return StepResult{}, fmt.Errorf("step %s: unknown action %q", s.Name, s.Action)
}

func (x *Executor) integration(ctx context.Context, s Step, name string, req integrations.Request) (StepResult, error) {
	in, ok := x.Integrations.Get(name)
	if !ok && name == "http" {
		in, ok = &integrations.HTTP{Client: http.DefaultClient}, true
	}
	if !ok {
		return StepResult{}, fmt.Errorf("step %s: no integration named %s on this machine", s.Name, name)
	}
	out, err := in.Execute(ctx, req)
	res := StepResult{Output: out.Output, Outputs: out.Outputs, StatusCode: out.StatusCode}
	if err != nil {
		return res, fmt.Errorf("step %s: %w", s.Name, err)
	}
	if out.Output != "" {
		for line := range strings.SplitSeq(out.Output, "\n") {
			x.emit(Event{Kind: EventLog, Step: s.Name, Stream: "stdout", Line: line})
		}
	}
	return res, nil
}

// maxOutput bounds the stdout a step keeps for ${steps.NAME.output}.
const maxOutput = 1 << 20

func (x *Executor) runCommand(ctx context.Context, s Step, scope Scope, attempt int) (StepResult, error) {
	text := s.Command
	if s.Action == ActionScript && s.Script != "" {
		text = s.Script
	}
	command, err := scope.ExpandShell(text)
	if err != nil {
		return StepResult{}, fmt.Errorf("step %s: %s: %w", s.Name, s.Action, err)
	}
	outFile, err := os.CreateTemp("", "cmdai-output-*")
	if err != nil {
		return StepResult{}, fmt.Errorf("step %s: create its output file: %w", s.Name, err)
	}
	outFile.Close()
	defer os.Remove(outFile.Name())
	env := x.Environ
	if env == nil {
		env = os.Environ()
	}
	env = append(env[:len(env):len(env)], "CMDAI_OUTPUT="+outFile.Name(), "CMDAI_STEP="+s.Name)
	var kept bytes.Buffer
	stdout := &lineWriter{emit: func(l string) {
		x.emit(Event{Kind: EventLog, Step: s.Name, Attempt: attempt, Stream: "stdout", Line: l})
	}, keep: &kept}
	stderr := &lineWriter{emit: func(l string) {
		x.emit(Event{Kind: EventLog, Step: s.Name, Attempt: attempt, Stream: "stderr", Line: l})
	}}
	code, err := x.Gate.Run(ctx, s.Name, command, x.Dir, env, stdout, stderr)
	stdout.Flush()
	stderr.Flush()
	res := StepResult{ExitCode: code, Output: strings.TrimSpace(kept.String()), Outputs: readOutputs(outFile.Name())}
	if err != nil {
		return res, err
	}
	if ctx.Err() != nil {
		return res, fmt.Errorf("step %s stopped: %w", s.Name, ctx.Err())
	}
	if code != 0 {
		return res, fmt.Errorf("step %s exited with %d", s.Name, code)
	}
	return res, nil
}

// readOutputs reads the NAME=value lines a step wrote to $CMDAI_OUTPUT.
func readOutputs(path string) map[string]string {
	f, err := os.Open(path)
	if err != nil {
		return nil
	}
	defer f.Close()
	out := map[string]string{}
	sc := bufio.NewScanner(io.LimitReader(f, maxOutput))
	for sc.Scan() {
		if k, v, ok := strings.Cut(sc.Text(), "="); ok && paramName.MatchString(k) {
			out[k] = v
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// lineWriter splits what a step writes into lines for events, keeping stdout for its output.
type lineWriter struct {
	emit func(string)
	keep *bytes.Buffer
	buf  []byte
}

func (w *lineWriter) Write(p []byte) (int, error) {
	if w.keep != nil && w.keep.Len() < maxOutput {
		w.keep.Write(p[:min(len(p), maxOutput-w.keep.Len())])
	}
	w.buf = append(w.buf, p...)
	for {
		i := bytes.IndexByte(w.buf, '\n')
		if i < 0 {
			break
		}
		w.emit(strings.TrimRight(string(w.buf[:i]), "\r"))
		w.buf = w.buf[i+1:]
	}
	if len(w.buf) > 64<<10 {
		w.emit(string(w.buf))
		w.buf = w.buf[:0]
	}
	return len(p), nil
}

// Flush emits a last line that had no newline.
func (w *lineWriter) Flush() {
	if len(w.buf) > 0 {
		w.emit(string(w.buf))
		w.buf = nil
	}
}
