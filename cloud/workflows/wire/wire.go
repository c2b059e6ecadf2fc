// Package wire holds the JSON types of the server's workflow routes (/api/v1/workflows, /api/v1/runners),
// shared by cmdai-server and the runners that claim steps from it. It imports no database code, so the
// cmdai binary links it without PostgreSQL's or River's.
package wire

import (
	"time"

	"github.com/cmdai/cmdai/workflow"
)

// RunnerTokenHeader carries a runner's token on the runner routes.
const RunnerTokenHeader = "Authorization"

// CreateWorkflow is POST /api/v1/workflows (and PUT /api/v1/workflows/{id}'s body, without org_id).
type CreateWorkflow struct {
	OrgID  string `json:"org_id,omitempty"`
	Source string `json:"source"`
}

// Workflow is a stored workflow.
type Workflow struct {
	ID          string             `json:"id"`
	OrgID       string             `json:"org_id"`
	Name        string             `json:"name"`
	Description string             `json:"description,omitempty"`
	Source      string             `json:"source,omitempty"`
	Triggers    []workflow.Trigger `json:"triggers"`
	// WebhookSecret is the HMAC key of the webhook trigger: answered once, when the workflow is created.
	WebhookSecret string    `json:"webhook_secret,omitempty"`
	CreatedAt     time.Time `json:"created_at"`
	UpdatedAt     time.Time `json:"updated_at"`
}

// StartRun is POST /api/v1/workflows/{id}/runs and the webhook trigger's body.
type StartRun struct {
	Params map[string]string `json:"params,omitempty"`
}

// Run is one run of a workflow with its steps.
type Run struct {
	ID         string            `json:"id"`
	WorkflowID string            `json:"workflow_id"`
	Workflow   string            `json:"workflow"`
	Trigger    string            `json:"trigger"`
	Status     string            `json:"status"`
	Params     map[string]string `json:"params"`
	Error      string            `json:"error,omitempty"`
	CreatedAt  time.Time         `json:"created_at"`
	StartedAt  *time.Time        `json:"started_at,omitempty"`
	EndedAt    *time.Time        `json:"ended_at,omitempty"`
	Steps      []RunStep         `json:"steps"`
}

// RunStep is how one step of a run stands.
type RunStep struct {
	Name       string     `json:"name"`
	Status     string     `json:"status"`
	Attempt    int        `json:"attempt"`
	RunnerID   string     `json:"runner_id,omitempty"`
	ExitCode   *int       `json:"exit_code,omitempty"`
	StatusCode *int       `json:"status_code,omitempty"`
	Error      string     `json:"error,omitempty"`
	HandlerOf  string     `json:"handler_of,omitempty"`
	StartedAt  *time.Time `json:"started_at,omitempty"`
	EndedAt    *time.Time `json:"ended_at,omitempty"`
}

// LogLine is one line a step wrote (stdout, stderr) or the server wrote about it (system).
type LogLine struct {
	ID      int64     `json:"id,omitempty"`
	Step    string    `json:"step,omitempty"`
	Attempt int       `json:"attempt,omitempty"`
	Stream  string    `json:"stream"`
	Line    string    `json:"line"`
	Time    time.Time `json:"time"`
}

// RegisterRunner is POST /api/v1/runners: an admin or engineer of the organisation registers a runner.
type RegisterRunner struct {
	OrgID  string   `json:"org_id"`
	Name   string   `json:"name"`
	Labels []string `json:"labels,omitempty"`
}

// Runner is a registered runner; Token is answered once, at registration.
type Runner struct {
	ID         string     `json:"id"`
	OrgID      string     `json:"org_id"`
	Name       string     `json:"name"`
	Labels     []string   `json:"labels"`
	Token      string     `json:"token,omitempty"`
	LastSeenAt *time.Time `json:"last_seen_at,omitempty"`
}

// ClaimRequest is POST /api/v1/runners/claim: the labels this runner carries now.
type ClaimRequest struct {
	Labels []string `json:"labels"`
}

// Claim is a step a runner now holds, until LeaseSeconds pass without a heartbeat.
type Claim struct {
	StepID       string                         `json:"step_id"`
	RunID        string                         `json:"run_id"`
	Step         string                         `json:"step"`
	Attempt      int                            `json:"attempt"`
	Source       string                         `json:"source"`
	Params       map[string]string              `json:"params"`
	Results      map[string]workflow.StepResult `json:"results"`
	Integrations map[string]map[string]string   `json:"integrations,omitempty"`
	Secrets      map[string]string              `json:"secrets,omitempty"` // what ${secrets.NAME} reads
	LeaseSeconds float64                        `json:"lease_seconds"`
}

// Heartbeat is POST /api/v1/runners/steps/{id}/heartbeat: the runner still holds the step, and the
// lines it wrote since the last one.
type Heartbeat struct {
	Attempt int       `json:"attempt"`
	Logs    []LogLine `json:"logs,omitempty"`
}

// Completion is POST /api/v1/runners/steps/{id}/complete: how the step ended.
type Completion struct {
	Attempt int                 `json:"attempt"`
	Report  workflow.StepReport `json:"report"`
	Result  workflow.StepResult `json:"result"`
	Logs    []LogLine           `json:"logs,omitempty"`
}

// SetIntegration is PUT /api/v1/orgs/{id}/integrations/{name}: the integration's settings, sealed at
// rest and never answered back.
type SetIntegration struct {
	Config map[string]string `json:"config"`
}
