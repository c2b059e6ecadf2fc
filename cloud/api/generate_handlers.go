package api

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/cmdai/cmdai/cloud/pgstore"
	"github.com/cmdai/cmdai/models"
	"github.com/cmdai/cmdai/safety"
)

// CodeNoAnswer is a generate request the backend found no confident command for.
const CodeNoAnswer = "no_answer"

const (
	generateTimeout = 60 * time.Second
	maxDurationMS   = 7 * 24 * 3600 * 1000
)

var (
	serverShells = []string{"bash", "zsh", "fish", "sh"}
	osPattern    = regexp.MustCompile(`^[a-z0-9]{1,16}$`)
)

type generateRequest struct {
	Prompt     string   `json:"prompt"`
	Shell      string   `json:"shell"`
	OS         string   `json:"os"`
	Cwd        string   `json:"cwd"`
	CwdEntries []string `json:"cwd_entries"`
	ClientID   *string  `json:"client_id"`
}

func (req *generateRequest) validate() error {
	bad := func(field, msg string) error {
		return errorf(http.StatusBadRequest, CodeValidation, msg, map[string]string{"field": field})
	}
	if req.Shell == "" {
		req.Shell = "bash"
	}
	if req.OS == "" {
		req.OS = "linux"
	}
	switch {
	case strings.TrimSpace(req.Prompt) == "" || len(req.Prompt) > maxFieldBytes:
		return bad("prompt", "prompt is required (at most 8 KiB)")
	case !slices.Contains(serverShells, req.Shell):
		return bad("shell", "shell is bash, zsh, fish or sh")
	case !osPattern.MatchString(req.OS):
		return bad("os", "os is a GOOS name such as linux or darwin")
	case len(req.Cwd) > 4096:
		return bad("cwd", "cwd is at most 4096 bytes")
	case len(req.CwdEntries) > 100:
		return bad("cwd_entries", "at most 100 cwd_entries")
	case req.ClientID != nil && (*req.ClientID == "" || len(*req.ClientID) > 128):
		return bad("client_id", "client_id must be 1 to 128 bytes")
	}
	for _, e := range req.CwdEntries {
		if len(e) > 255 {
			return bad("cwd_entries", "each of cwd_entries is at most 255 bytes")
		}
	}
	return nil
}

type generateResponse struct {
	ID          string           `json:"id"`
	Command     string           `json:"command"`
	Explanation string           `json:"explanation"`
	Risk        string           `json:"risk"`
	Findings    []safety.Finding `json:"findings"`
	Backend     string           `json:"backend"`
	Model       string           `json:"model"`
	ElapsedMS   int64            `json:"elapsed_ms"`
	CreatedAt   time.Time        `json:"created_at"`
}

// generate answers a request in plain words with the server's backend, re-checks the command with the
// safety engine (a backend's own opinion of its output is never trusted), and records it in the caller's
// history and usage.
func (h *handler) generate(w http.ResponseWriter, r *http.Request) {
	var req generateRequest
	if err := h.decodeStrict(w, r, &req); err != nil {
		writeError(w, r, err)
		return
	}
	if err := req.validate(); err != nil {
		writeError(w, r, err)
		return
	}
	backend, err := h.backend()
	if err != nil {
		writeError(w, r, err)
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), generateTimeout)
	defer cancel()
	start := time.Now()
	resp, err := backend.Generate(ctx, models.Request{Prompt: req.Prompt, Shell: req.Shell, OS: req.OS,
		Cwd: req.Cwd, CwdEntries: req.CwdEntries}, nil)
	elapsed := time.Since(start)
	switch {
	case errors.Is(err, models.ErrNoAnswer):
		writeError(w, r, errorf(http.StatusUnprocessableEntity, CodeNoAnswer, err.Error(), map[string]string{"backend": backend.Name()}))
		return
	case err != nil:
		logger(r.Context()).WarnContext(r.Context(), "generate failed", slog.String("backend", backend.Name()), slog.String("error", err.Error()))
		writeError(w, r, errorf(http.StatusServiceUnavailable, CodeUnavailable, "the inference backend could not answer; try again", map[string]string{"backend": backend.Name()}))
		return
	}
	if resp.Backend == "" {
		resp.Backend = backend.Name()
	}
	verdict := safety.Check(resp.Command, safety.Options{Shell: req.Shell})
	p := principal(r.Context())
	latency := int(elapsed.Milliseconds())
	var c pgstore.Command
	err = pgx.BeginFunc(r.Context(), h.db, func(tx pgx.Tx) error {
		var err error
		c, err = pgstore.CreateCommand(r.Context(), tx, pgstore.NewCommand{UserID: p.UserID, ClientID: req.ClientID,
			Prompt: req.Prompt, Command: resp.Command, Shell: req.Shell, Risk: verdict.Risk.String(), Backend: resp.Backend})
		if err != nil {
			return fmt.Errorf("record command: %w", err)
		}
		return pgstore.RecordUsage(r.Context(), tx, pgstore.UsageEvent{UserID: p.UserID, APIKeyID: p.APIKeyID,
			CommandID: c.ID, Kind: pgstore.UsageGenerate, Backend: resp.Backend, Risk: c.Risk, LatencyMS: &latency})
	})
	if err != nil {
		writeError(w, r, commandWriteError(err))
		return
	}
	findings := verdict.Findings
	if findings == nil {
		findings = []safety.Finding{}
	}
	writeJSON(w, http.StatusCreated, generateResponse{ID: c.ID, Command: c.Command, Explanation: resp.Explanation,
		Risk: c.Risk, Findings: findings, Backend: resp.Backend, Model: resp.Model, ElapsedMS: elapsed.Milliseconds(),
		CreatedAt: c.CreatedAt})
}

// executeRequest is the client's report of one run; which command and whose come from the path and the
// credential, never from the body.
type executeRequest struct {
	ExitCode   *int       `json:"exit_code"`
	DurationMS *int       `json:"duration_ms"`
	ExecutedAt *time.Time `json:"executed_at"`
}

type executionJSON struct {
	CommandID  string    `json:"command_id"`
	ExitCode   int       `json:"exit_code"`
	DurationMS int       `json:"duration_ms"`
	ExecutedAt time.Time `json:"executed_at"`
}

func (h *handler) executeCommand(w http.ResponseWriter, r *http.Request) {
	ids, err := pathIDs(r, "command", "id")
	if err != nil {
		writeError(w, r, err)
		return
	}
	var req executeRequest
	if err := h.decodeStrict(w, r, &req); err != nil {
		writeError(w, r, err)
		return
	}
	now := time.Now()
	switch {
	case req.ExitCode == nil || *req.ExitCode < 0 || *req.ExitCode > 255:
		writeError(w, r, errorf(http.StatusBadRequest, CodeValidation, "exit_code is required (0 to 255)", map[string]string{"field": "exit_code"}))
		return
	case req.DurationMS == nil || *req.DurationMS < 0 || *req.DurationMS > maxDurationMS:
		writeError(w, r, errorf(http.StatusBadRequest, CodeValidation, "duration_ms is required (0 to 7 days)", map[string]string{"field": "duration_ms"}))
		return
	case req.ExecutedAt != nil && req.ExecutedAt.After(now.Add(5*time.Minute)):
		writeError(w, r, errorf(http.StatusBadRequest, CodeValidation, "executed_at is in the future", map[string]string{"field": "executed_at"}))
		return
	}
	at := now
	if req.ExecutedAt != nil {
		at = *req.ExecutedAt
	}
	p := principal(r.Context())
	var ex pgstore.Execution
	err = pgx.BeginFunc(r.Context(), h.db, func(tx pgx.Tx) error {
		c, err := pgstore.CommandByID(r.Context(), tx, p.UserID, ids[0])
		if err != nil {
			return fmt.Errorf("find command: %w", err)
		}
		ex, err = pgstore.RecordExecution(r.Context(), tx, p.UserID, pgstore.Execution{CommandID: c.ID,
			ExitCode: *req.ExitCode, DurationMS: *req.DurationMS, ExecutedAt: at})
		if err != nil {
			return fmt.Errorf("record execution: %w", err)
		}
		return pgstore.RecordUsage(r.Context(), tx, pgstore.UsageEvent{UserID: p.UserID, APIKeyID: p.APIKeyID,
			CommandID: c.ID, Kind: pgstore.UsageExecute, Backend: c.Backend, Risk: c.Risk})
	})
	if errors.Is(err, pgstore.ErrNotFound) {
		err = errorf(http.StatusNotFound, CodeNotFound, "no such command", nil)
	}
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, executionJSON(ex))
}
