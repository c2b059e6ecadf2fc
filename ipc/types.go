package ipc

import "time"

// Status describes the running daemon (GET /v1/status).
type Status struct {
	PID     int     `json:"pid"`
	Version string  `json:"version"`
	UptimeS float64 `json:"uptime_s"`
	// Backend and Model are what a generation without --backend or --model uses.
	Backend string `json:"backend"`
	Model   string `json:"model"`
	// Warm reports whether a backend is loaded and answers without a load delay.
	Warm   bool   `json:"warm"`
	Socket string `json:"socket"`
	// History is the number of history entries in the store.
	History  int    `json:"history"`
	Protocol int    `json:"protocol"`
	Log      string `json:"log,omitempty"`
	Store    string `json:"store,omitempty"`
	Config   string `json:"config,omitempty"`
	// ConfigError is what is wrong with the config file, when the daemon could not use all of it: it
	// runs with the last settings it could load (the defaults in place of broken ones at start-up).
	ConfigError string `json:"config_error,omitempty"`
	// IdleExitS is how long the daemon waits without a request before it exits; 0 means never.
	IdleExitS float64 `json:"idle_exit_s,omitempty"`
	// Sync is the cloud sync worker's state.
	Sync *SyncStatus `json:"sync,omitempty"`
}

// GenerateRequest asks for a command (POST /v1/generate).
type GenerateRequest struct {
	Prompt string `json:"prompt"`
	// Shell is bash, zsh, fish or sh; OS is runtime.GOOS of the machine that will run the command.
	Shell      string   `json:"shell"`
	OS         string   `json:"os,omitempty"`
	Cwd        string   `json:"cwd,omitempty"`
	CwdEntries []string `json:"cwd_entries,omitempty"`
	// Backend and Model override the daemon's configuration for this request; empty means the config's.
	Backend string `json:"backend,omitempty"`
	Model   string `json:"model,omitempty"`
	// History holds recent commands from the person's shell, newest last, as context (the Ctrl-G popup
	// sends the last command and its exit status).
	History []HistoryHint `json:"history,omitempty"`
	// Alternatives is how many other ways to write the answer the client would like, at most
	// MaxAlternatives; backends that know none give none.
	Alternatives int `json:"alternatives,omitempty"`
}

// MaxAlternatives bounds GenerateRequest.Alternatives.
const MaxAlternatives = 8

// HistoryHint is one earlier shell command and how it ended.
type HistoryHint struct {
	Command  string `json:"command"`
	ExitCode int    `json:"exit_code"`
}

// Event types in a generation stream.
const (
	EventToken  = "token"
	EventResult = "result"
	EventError  = "error"
)

// Event is one line of the newline-delimited JSON stream POST /v1/generate answers with. A stream ends
// with exactly one result or error event.
type Event struct {
	Type   string          `json:"type"`
	Token  string          `json:"token,omitempty"`
	Result *GenerateResult `json:"result,omitempty"`
	Error  *ErrorBody      `json:"error,omitempty"`
}

// GenerateResult is a generated command after the daemon's safety check.
type GenerateResult struct {
	// ID names the history entry the answer was recorded as; report the exit status against it.
	ID          string    `json:"id"`
	Command     string    `json:"command"`
	Explanation string    `json:"explanation"`
	Risk        string    `json:"risk"`
	Findings    []Finding `json:"findings"`
	Backend     string    `json:"backend"`
	Model       string    `json:"model"`
	Confidence  float64   `json:"confidence"`
	// ElapsedMS is the time the daemon spent, queueing included.
	ElapsedMS float64 `json:"elapsed_ms"`
	// Alternatives are other ways to write the answer, best first, each with its own safety verdict.
	// They are not recorded in history.
	Alternatives []Alternative `json:"alternatives,omitempty"`
	// Policy is the organisation's decision on the command, when a policy applies to the person.
	Policy *PolicyDecision `json:"policy,omitempty"`
}

// Alternative is another way to write a generated command, after the daemon's safety check.
type Alternative struct {
	Command     string    `json:"command"`
	Explanation string    `json:"explanation"`
	Risk        string    `json:"risk"`
	Findings    []Finding `json:"findings"`
	Confidence  float64   `json:"confidence"`
	// Model says where it came from when that is not the answer's backend: "nl2bash-recall" for the
	// offline engine's recall model, whose alternatives are command shapes with guessed or placeholder
	// arguments (PATH, 'PATTERN').
	Model string `json:"model,omitempty"`
	// Policy is the organisation's decision on this alternative, when a policy applies to the person.
	Policy *PolicyDecision `json:"policy,omitempty"`
}

// Finding is one reason a command is risky, as the safety engine reports it.
type Finding struct {
	Rule    string `json:"rule"`
	Risk    string `json:"risk"`
	Message string `json:"message"`
	Span    Span   `json:"span"`
}

// Span is a half-open byte range [Start, End) of the checked command.
type Span struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// CheckRequest asks for the safety verdict of a command (POST /v1/check).
type CheckRequest struct {
	Command string `json:"command"`
	Shell   string `json:"shell,omitempty"`
	// Cwd is where the command would run, for policies about paths; empty means unknown.
	Cwd string `json:"cwd,omitempty"`
	// PatternID and PatternValues say the command was filled from this pattern with these values: the
	// daemon fills the template again, and a team pattern's command counts as approved for the policy.
	PatternID     string            `json:"pattern_id,omitempty"`
	PatternValues map[string]string `json:"pattern_values,omitempty"`
}

// CheckResult is a safety verdict.
type CheckResult struct {
	Command  string    `json:"command"`
	Risk     string    `json:"risk"`
	Findings []Finding `json:"findings"`
	// Policy is the organisation's decision on the command, when a policy applies to the person.
	Policy *PolicyDecision `json:"policy,omitempty"`
}

// PolicyDecision is an organisation's policy decision on a command, as the daemon enforces it: the
// decision (allow, deny or approval_required), why, and the policy that decided.
type PolicyDecision struct {
	Decision string `json:"decision"`
	Reason   string `json:"reason,omitempty"`
	Policy   string `json:"policy,omitempty"`
	// Warning is set when the organisation's bundle is older than it allows and it says to warn.
	Warning string `json:"warning,omitempty"`
}

// HistoryQuery selects history entries (GET /v1/history). With Search empty it lists the newest entries;
// otherwise it ranks distinct commands by how well they match, how recent and how frequent they are.
type HistoryQuery struct {
	Search string
	// Cwd keeps only entries generated in this directory.
	Cwd   string
	Limit int
}

// HistoryEntry is one generated command and what became of it.
type HistoryEntry struct {
	ID          string    `json:"id"`
	Prompt      string    `json:"prompt"`
	Command     string    `json:"command"`
	Explanation string    `json:"explanation,omitempty"`
	Risk        string    `json:"risk"`
	Findings    []Finding `json:"findings"`
	Backend     string    `json:"backend"`
	Model       string    `json:"model"`
	Cwd         string    `json:"cwd"`
	Shell       string    `json:"shell"`
	Created     time.Time `json:"created"`
	// Executed is set once a client reports that the person ran the command; ExitCode and DurationMS
	// are meaningful only then.
	Executed   bool  `json:"executed"`
	ExitCode   int   `json:"exit_code"`
	DurationMS int64 `json:"duration_ms"`
	// Count is how many entries share this prompt and command; search results fill it in.
	Count int `json:"count,omitempty"`
}

// HistoryList is the answer to GET /v1/history.
type HistoryList struct {
	Entries []HistoryEntry `json:"entries"`
}

// ExitRequest records how a command ended (POST /v1/history/{id}/exit).
type ExitRequest struct {
	ExitCode   int   `json:"exit_code"`
	DurationMS int64 `json:"duration_ms"`
	// Command is the command as it ran, when the person edited the answer first: the entry then holds it,
	// checked again. Empty means the entry's own command ran.
	Command string `json:"command,omitempty"`
}

// Pattern sources.
const (
	PatternLocal = "local"
	PatternTeam  = "team"
)

// Pattern is a named command template: Command holds `${name}` placeholders that Params describe.
// Local patterns are the person's own; team patterns come from the cloud and are read-only here.
type Pattern struct {
	ID          string         `json:"id"`
	Name        string         `json:"name"`
	Prompt      string         `json:"prompt,omitempty"`
	Command     string         `json:"command"`
	Description string         `json:"description,omitempty"`
	Params      []PatternParam `json:"params,omitempty"`
	Tags        []string       `json:"tags,omitempty"`
	Team        string         `json:"team,omitempty"`
	Source      string         `json:"source,omitempty"`
	Uses        int            `json:"uses"`
	Updated     time.Time      `json:"updated"`
}

// PatternParam is a parameter of a pattern on the wire; the pattern package defines it (pattern.Param)
// and checks it, and the types a parameter may have.
type PatternParam struct {
	Name        string `json:"name"`
	Type        string `json:"type,omitempty"`
	Default     string `json:"default,omitempty"`
	Description string `json:"description,omitempty"`
}

// PatternList is the answer to GET /v1/patterns.
type PatternList struct {
	Patterns []Pattern `json:"patterns"`
}

// ExplainRequest asks for a longer explanation of a command (POST /v1/explain).
type ExplainRequest struct {
	Command string `json:"command"`
	Shell   string `json:"shell,omitempty"`
	// Backend and Model override the daemon's configuration; empty means the config's.
	Backend string `json:"backend,omitempty"`
	Model   string `json:"model,omitempty"`
}

// Explanation describes a command at length: what each program in it does, and its safety verdict.
type Explanation struct {
	Command string `json:"command"`
	// Text is the whole explanation in plain text, paragraphs separated by blank lines.
	Text string `json:"text"`
	// Steps are the programs the command runs, in order, each with what it does.
	Steps    []ExplainStep `json:"steps"`
	Risk     string        `json:"risk"`
	Findings []Finding     `json:"findings"`
	Backend  string        `json:"backend"`
}

// ExplainStep is one program a command runs.
type ExplainStep struct {
	Program     string `json:"program"`
	Args        string `json:"args,omitempty"`
	Description string `json:"description"`
}

// ErrorBody is the error object of every failed response and of error events.
type ErrorBody struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	// Alternatives come with a no_answer error of a generation that asked for them: shapes of commands
	// for similar requests, each checked, to show and never to run as the answer.
	Alternatives []Alternative `json:"alternatives,omitempty"`
	// Readings come with a no_answer error: what the backend nearly understood, in plain words.
	Readings []string `json:"readings,omitempty"`
}

// ErrorResponse is the body of every non-2xx response: {"error":{"code","message"}}.
type ErrorResponse struct {
	Error ErrorBody `json:"error"`
}
