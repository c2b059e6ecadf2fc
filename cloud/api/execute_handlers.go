package api

import (
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/cmdai/cmdai/cloud/apitype"
	"github.com/cmdai/cmdai/cloud/orgs"
	"github.com/cmdai/cmdai/cloud/pgstore"
)

// maxDurationMS bounds a reported run: a week.
const maxDurationMS = 7 * 24 * 3600 * 1000

// execute records one run of the command the body names: POST /api/v1/commands/execute.
func (h *handler) execute(w http.ResponseWriter, r *http.Request) {
	var req apitype.ExecuteRequest
	if err := h.decode(w, r, &req); err != nil {
		writeError(w, r, err)
		return
	}
	if req.CommandID == "" {
		writeError(w, r, errorf(http.StatusBadRequest, CodeValidation, "command_id is required", map[string]string{"field": "command_id"}))
		return
	}
	h.recordExecution(w, r, req.CommandID, req)
}

// executeByPath is the older POST /api/v1/commands/{id}/execute: the command is the path's, so a
// command_id in the body is refused rather than silently ignored or preferred.
func (h *handler) executeByPath(w http.ResponseWriter, r *http.Request) {
	ids, err := pathIDs(r, "command", "id")
	if err != nil {
		writeError(w, r, err)
		return
	}
	var req apitype.ExecuteRequest
	if err := h.decode(w, r, &req); err != nil {
		writeError(w, r, err)
		return
	}
	if req.CommandID != "" {
		writeError(w, r, errorf(http.StatusBadRequest, CodeValidation,
			"this route takes the command id from the path; send command_id to POST /api/v1/commands/execute",
			map[string]string{"field": "command_id"}))
		return
	}
	h.recordExecution(w, r, ids[0], req)
}

// recordExecution checks the report of a run and records it, with its usage event, against the
// caller's command id; another user's command is "not found".
func (h *handler) recordExecution(w http.ResponseWriter, r *http.Request, commandID string, req apitype.ExecuteRequest) {
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
	if err := errNotFoundIfBadID(commandID, "command"); err != nil {
		writeError(w, r, err)
		return
	}
	at := now
	if req.ExecutedAt != nil {
		at = *req.ExecutedAt
	}
	if err := checkWhere(req.Cwd, req.Host); err != nil {
		writeError(w, r, err)
		return
	}
	p := principal(r.Context())
	c, err := pgstore.CommandByID(r.Context(), h.db, p.UserID, commandID)
	if errors.Is(err, pgstore.ErrNotFound) {
		err = errorf(http.StatusNotFound, CodeNotFound, "no such command", nil)
	}
	if err != nil {
		writeError(w, r, err)
		return
	}
	approval, checks, err := h.checkPolicy(r, c, req)
	if err != nil {
		h.noteExecution(r, c, req, checks)
		writeError(w, r, err)
		return
	}
	var ex pgstore.Execution
	err = pgx.BeginFunc(r.Context(), h.db, func(tx pgx.Tx) error {
		if approval != nil {
			// Spent in the transaction that records the run: a run that fails to record keeps it.
			if _, err := orgs.UseApproval(r.Context(), tx, approval.orgID, approval.id, p.UserID, c.Command); err != nil {
				return orgError(err, "approval")
			}
		}
		ex, err = pgstore.RecordExecution(r.Context(), tx, p.UserID, pgstore.Execution{CommandID: c.ID,
			ExitCode: *req.ExitCode, DurationMS: *req.DurationMS, ExecutedAt: at})
		if err != nil {
			return fmt.Errorf("record execution: %w", err)
		}
		if err := pgstore.RecordUsage(r.Context(), tx, pgstore.UsageEvent{UserID: p.UserID, APIKeyID: p.APIKeyID,
			CommandID: c.ID, Kind: pgstore.UsageExecute, Backend: c.Backend, Risk: c.Risk}); err != nil {
			return err
		}
		// Last, just before commit: the run and its audit events are written together or not at all.
		return h.appendExecution(r, tx, c, req, checks, approval, now)
	})
	if errors.Is(err, pgstore.ErrNotFound) {
		err = errorf(http.StatusNotFound, CodeNotFound, "no such command", nil)
	}
	if err != nil {
		h.noteExecution(r, c, req, checks)
		writeError(w, r, err)
		return
	}
	auditRecorded(r)
	writeJSON(w, http.StatusOK, apitype.Execution(ex))
}
