package apitype

import "time"

// Command is one entry of the caller's command history.
type Command struct {
	ID        string    `json:"id"`
	ClientID  *string   `json:"client_id"`
	Prompt    string    `json:"prompt"`
	Command   string    `json:"command"`
	Shell     string    `json:"shell"`
	Risk      string    `json:"risk"`
	Backend   string    `json:"backend"`
	CreatedAt time.Time `json:"created_at"`
	// ClientRisk is the rating the client sent when it stored the command; Risk is the server's own.
	ClientRisk string `json:"client_risk,omitempty"`
}

// CreateCommandRequest is POST /api/v1/commands. ClientID, when set, makes the upload idempotent: a
// second command with the same one is a conflict. Risk is the client's rating, kept as the command's
// client_risk: the server rates the command itself.
type CreateCommandRequest struct {
	ClientID *string `json:"client_id,omitempty"`
	Prompt   string  `json:"prompt"`
	Command  string  `json:"command"`
	Shell    string  `json:"shell,omitempty"`
	Risk     string  `json:"risk,omitempty"`
	Backend  string  `json:"backend,omitempty"`
}

// ExecuteRequest reports one run of a command of the caller's history. POST /api/v1/commands/execute
// names the command in CommandID; the older POST /api/v1/commands/{id}/execute names it in the path
// and refuses CommandID. Whose command it is always comes from the credential.
//
// For a member of an organisation the command is first weighed against the organisation's policies: a
// refusal is 403 policy_denied, or 403 approval_required when an approver can allow it; ApprovalID then
// names an approval of exactly this command for the caller, which the run uses up. Cwd and Host are where
// it ran, for policies that ask.
type ExecuteRequest struct {
	CommandID  string     `json:"command_id,omitempty"`
	ExitCode   *int       `json:"exit_code"`
	DurationMS *int       `json:"duration_ms"`
	ExecutedAt *time.Time `json:"executed_at,omitempty"`
	ApprovalID string     `json:"approval_id,omitempty"`
	Cwd        string     `json:"cwd,omitempty"`
	Host       string     `json:"host,omitempty"`
}

// Execution is one recorded run of a command.
type Execution struct {
	CommandID  string    `json:"command_id"`
	ExitCode   int       `json:"exit_code"`
	DurationMS int       `json:"duration_ms"`
	ExecutedAt time.Time `json:"executed_at"`
}
