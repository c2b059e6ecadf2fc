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
	"github.com/cmdai/cmdai/models/backends"
	"github.com/cmdai/cmdai/safety"
)

// CodeNoAnswer is a generate request the backend found no confident command for.
const CodeNoAnswer = "no_answer"

const generateTimeout = 60 * time.Second

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
	if err := h.decode(w, r, &req); err != nil {
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
	checked, err := backends.GenerateChecked(ctx, backend, models.Request{Prompt: req.Prompt, Shell: req.Shell, OS: req.OS,
		Cwd: req.Cwd, CwdEntries: req.CwdEntries}, nil, safety.Options{Shell: req.Shell})
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
	resp, verdict := checked.Response, checked.Verdict
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
