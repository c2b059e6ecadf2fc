package ipc

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"time"
)

// WorkflowRunRequest asks the daemon to run a workflow on this machine (POST /v1/workflows/run).
type WorkflowRunRequest struct {
	Source string            `json:"source"` // the workflow's YAML
	File   string            `json:"file,omitempty"`
	Params map[string]string `json:"params,omitempty"`
	Dir    string            `json:"dir"`           // where command steps run
	Env    []string          `json:"env,omitempty"` // the caller's environment, for command steps and ${env.NAME}
	// Secrets are what ${secrets.NAME} reads; they are masked in every log line.
	Secrets map[string]string `json:"secrets,omitempty"`
	// Integrations are each integration's settings by its name.
	Integrations map[string]map[string]string `json:"integrations,omitempty"`
}

// The workflow event types, streamed as newline-delimited JSON.
const (
	WorkflowEventStepStart = "step_start"
	WorkflowEventLog       = "log"
	WorkflowEventStepEnd   = "step_end"
	WorkflowEventResult    = "result"
	WorkflowEventError     = "error"
)

// WorkflowEvent is one line of a workflow run's stream.
type WorkflowEvent struct {
	Type    string          `json:"type"`
	Time    time.Time       `json:"time"`
	Step    string          `json:"step,omitempty"`
	Attempt int             `json:"attempt,omitempty"`
	Stream  string          `json:"stream,omitempty"`
	Line    string          `json:"line,omitempty"`
	Report  *WorkflowStep   `json:"report,omitempty"`
	Result  *WorkflowResult `json:"result,omitempty"`
	Error   *ErrorBody      `json:"error,omitempty"`
}

// WorkflowStep is how one step of a run went.
type WorkflowStep struct {
	Name       string    `json:"name"`
	Status     string    `json:"status"`
	StartedAt  time.Time `json:"started_at,omitzero"`
	EndedAt    time.Time `json:"ended_at,omitzero"`
	ExitCode   *int      `json:"exit_code,omitempty"`
	StatusCode int       `json:"status_code,omitempty"`
	Attempts   int       `json:"attempts,omitempty"`
	Error      string    `json:"error,omitempty"`
	HandlerOf  string    `json:"handler_of,omitempty"`
}

// WorkflowResult is how a run went: success, failed, refused (the gate stopped a step) or cancelled.
type WorkflowResult struct {
	Workflow  string         `json:"workflow"`
	Status    string         `json:"status"`
	StartedAt time.Time      `json:"started_at"`
	EndedAt   time.Time      `json:"ended_at"`
	Steps     []WorkflowStep `json:"steps"`
	Error     string         `json:"error,omitempty"`
}

// DecodeWorkflowRun reads and checks a run request.
func DecodeWorkflowRun(r io.Reader) (WorkflowRunRequest, error) {
	var req WorkflowRunRequest
	if err := decodeJSON(r, &req); err != nil {
		return req, err
	}
	if req.Source == "" {
		return req, badRequest("the request has no workflow source")
	}
	if req.Dir == "" {
		return req, badRequest("the request has no working directory")
	}
	return req, nil
}

// RunWorkflow runs a workflow in the daemon, passing each event to onEvent (which may be nil) as it
// comes, and returns the run's result. Cancelling ctx cancels the run.
func (c *Client) RunWorkflow(ctx context.Context, req WorkflowRunRequest, onEvent func(WorkflowEvent)) (WorkflowResult, error) {
	resp, err := c.send(ctx, call{method: "POST", path: "/v1/workflows/run", body: encode(req)})
	if err != nil {
		return WorkflowResult{}, err
	}
	defer resp.Body.Close()
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 0, 64<<10), 4<<20)
	for sc.Scan() {
		var ev WorkflowEvent
		if err := json.Unmarshal(sc.Bytes(), &ev); err != nil {
			return WorkflowResult{}, fmt.Errorf("read the daemon's answer: %w", err)
		}
		switch ev.Type {
		case WorkflowEventResult:
			if ev.Result == nil {
				return WorkflowResult{}, fmt.Errorf("read the daemon's answer: result event without a result")
			}
			return *ev.Result, nil
		case WorkflowEventError:
			if ev.Error == nil {
				return WorkflowResult{}, &Error{Status: 200, Code: CodeInternal, Message: "the daemon reported an error without saying which"}
			}
			return WorkflowResult{}, &Error{Status: 200, Code: ev.Error.Code, Message: ev.Error.Message}
		}
		if onEvent != nil {
			onEvent(ev)
		}
	}
	if ctx.Err() != nil {
		return WorkflowResult{}, ctx.Err()
	}
	if err := sc.Err(); err != nil {
		return WorkflowResult{}, fmt.Errorf("read the daemon's answer: %w", err)
	}
	return WorkflowResult{}, fmt.Errorf("the daemon closed the stream before the run ended: see its log")
}
