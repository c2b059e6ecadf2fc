package daemon

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"os/exec"
	"strings"
	"sync"
	"time"

	"github.com/cmdai/cmdai/cloud/client"
	"github.com/cmdai/cmdai/cloud/workflows/runner"
	"github.com/cmdai/cmdai/ipc"
	"github.com/cmdai/cmdai/workflow"
	"github.com/cmdai/cmdai/workflow/integrations"
)

// handleWorkflowRun runs a workflow on this machine and streams its events. Every command and script
// step passes the gate with the person's safety mode and rules and the organisation's policy, as a
// command they run by hand does. The run is cancelled when the client goes away.
func (d *daemon) handleWorkflowRun(w http.ResponseWriter, r *http.Request) {
	req, err := ipc.DecodeWorkflowRun(r.Body)
	if err != nil {
		writeError(w, err)
		return
	}
	wf, err := workflow.Parse([]byte(req.Source))
	if err != nil {
		writeError(w, &ipc.Error{Status: http.StatusBadRequest, Code: ipc.CodeBadRequest, Message: err.Error()})
		return
	}
	reg := integrations.Builtins(nil)
	if es := workflow.Validate(wf, reg.Names()); es != nil {
		writeError(w, &ipc.Error{Status: http.StatusBadRequest, Code: ipc.CodeBadRequest, Message: "the workflow is not valid:\n" + es.Error()})
		return
	}
	params, err := workflow.Bind(wf, req.Params)
	if err != nil {
		writeError(w, &ipc.Error{Status: http.StatusBadRequest, Code: ipc.CodeBadRequest, Message: err.Error()})
		return
	}
	cfg := d.config()
	opts := cfg.SafetyOptions("bash")
	shell := "/bin/sh"
	if p, err := exec.LookPath("bash"); err == nil {
		shell = p
	} else {
		opts.Shell = "sh"
	}
	env := map[string]string{}
	for _, kv := range req.Env {
		if k, v, ok := strings.Cut(kv, "="); ok {
			env[k] = v
		}
	}
	x := &workflow.Executor{
		Gate: &workflow.Gate{Mode: opts.Mode, Safety: opts, Policy: d.policy, Shell: shell,
			Approvals: &stepApprovals{d: d}},
		Integrations:      reg,
		IntegrationConfig: req.Integrations,
		Secrets:           req.Secrets,
		Env:               func(k string) (string, bool) { v, ok := env[k]; return v, ok },
		Environ:           req.Env,
		Dir:               req.Dir,
	}
	if len(req.Env) == 0 {
		x.Env, x.Environ = nil, nil
	}
	w.Header().Set("Content-Type", "application/x-ndjson")
	w.WriteHeader(http.StatusOK)
	rc := http.NewResponseController(w)
	var mu sync.Mutex
	send := func(ev ipc.WorkflowEvent) {
		mu.Lock()
		defer mu.Unlock()
		data, _ := json.Marshal(ev)
		if _, err := w.Write(append(data, '\n')); err == nil {
			_ = rc.Flush()
		}
	}
	_ = rc.Flush() // the client knows the run was accepted
	x.Gate.Approvals.(*stepApprovals).onWait = func(step, line string) {
		send(ipc.WorkflowEvent{Type: ipc.WorkflowEventLog, Time: time.Now().UTC(), Step: step, Stream: "stderr", Line: line})
	}
	x.OnEvent = func(ev workflow.Event) {
		out := ipc.WorkflowEvent{Type: ev.Kind, Time: ev.Time, Step: ev.Step, Attempt: ev.Attempt, Stream: ev.Stream, Line: ev.Line}
		if ev.Report != nil {
			out.Report = new(wireStep(*ev.Report))
		}
		send(out)
	}
	d.log.Info("workflow run", "workflow", wf.Name, "file", req.File, "steps", len(wf.Steps))
	rep := x.Run(r.Context(), wf, params)
	d.log.Info("workflow ended", "workflow", wf.Name, "status", rep.Status)
	res := ipc.WorkflowResult{Workflow: rep.Workflow, Status: string(rep.Status), StartedAt: rep.StartedAt,
		EndedAt: rep.EndedAt, Error: rep.Error}
	for _, s := range rep.Steps {
		res.Steps = append(res.Steps, wireStep(s))
	}
	send(ipc.WorkflowEvent{Type: ipc.WorkflowEventResult, Time: rep.EndedAt, Result: &res})
}

// stepApprovals waits for the organisation's approvers when the policy says a step's command needs
// approval, asking as the person logged in on this machine.
type stepApprovals struct {
	d      *daemon
	onWait func(step, line string)
}

func (a *stepApprovals) Await(ctx context.Context, step, command, reason string) error {
	path := a.d.sync.credsPath
	ap := runner.NewApprovals(ctx, path, func(c client.Credentials) error { return saveTokens(path, c) })
	if ap == nil {
		return errors.New("asking for approval needs you logged in to your organisation: run 'cmdai auth login'")
	}
	ap.OnWait = a.onWait
	return ap.Await(ctx, step, command, reason)
}

func wireStep(s workflow.StepReport) ipc.WorkflowStep {
	return ipc.WorkflowStep{Name: s.Name, Status: string(s.Status), StartedAt: s.StartedAt, EndedAt: s.EndedAt,
		ExitCode: s.ExitCode, StatusCode: s.StatusCode, Attempts: s.Attempts, Error: s.Error, HandlerOf: s.HandlerOf}
}
