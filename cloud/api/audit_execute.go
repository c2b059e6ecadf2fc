package api

import (
	"context"
	"net/http"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/cmdai/cmdai/cloud/apitype"
	"github.com/cmdai/cmdai/cloud/audit"
	"github.com/cmdai/cmdai/cloud/orgs"
	"github.com/cmdai/cmdai/cloud/pgstore"
)

// executionEvents are the audit events of a reported run, one in the chain of each organisation whose
// policy weighed it (or one outside any, for someone in none): the command's hash, its risk, the
// policy's decision, the approval spent, the exit status, and the command's text as the organisation's
// setting says (full, redacted, or none but its hash; outside any organisation, its hash).
func (h *handler) executionEvents(ctx context.Context, q pgstore.Querier, r *http.Request, c pgstore.Command,
	req apitype.ExecuteRequest, checks []orgs.Check, approval *approvalUse) ([]audit.Event, error) {
	base := requestEvent(r, "command.execute", "command")
	p := principal(ctx)
	base.UserID, base.ResourceID = p.UserID, c.ID
	if p.APIKeyID != "" {
		base.Details["api_key_id"] = p.APIKeyID
	}
	base.Details["command_sha256"] = orgs.CommandHash(c.Command)
	base.Details["command_text"] = pgstore.AuditTextHash
	base.Details["risk"] = c.Risk
	base.Details["shell"] = c.Shell
	if req.ExitCode != nil {
		base.Details["exit_code"] = *req.ExitCode
	}
	if req.DurationMS != nil {
		base.Details["run_duration_ms"] = *req.DurationMS
	}
	if req.ExecutedAt != nil {
		base.Details["executed_at"] = req.ExecutedAt.UTC().Format(time.RFC3339Nano)
	}
	if req.Host != "" {
		base.Details["host"] = req.Host
	}
	if len(checks) == 0 {
		return []audit.Event{base}, nil
	}
	ids := make([]string, len(checks))
	for i, chk := range checks {
		ids[i] = chk.OrgID
	}
	modes, err := pgstore.OrgAuditCommandText(ctx, q, ids)
	if err != nil {
		return nil, err
	}
	out := make([]audit.Event, len(checks))
	for i, chk := range checks {
		e := base
		e.OrgID = chk.OrgID
		e.Details = make(map[string]any, len(base.Details)+4)
		for k, v := range base.Details {
			e.Details[k] = v
		}
		decision := string(chk.Decision.Policy.Decision)
		if decision == "" {
			decision = "allow"
		}
		e.Details["policy"] = map[string]any{"decision": decision, "gate": chk.Decision.Outcome.String(),
			"policy": chk.Decision.Policy.Name, "reason": chk.Decision.Policy.Reason, "version": chk.Version}
		if approval != nil && approval.orgID == chk.OrgID {
			e.Details["approval_id"] = approval.id
		}
		switch mode := modes[chk.OrgID]; mode {
		case pgstore.AuditTextFull:
			e.Details["command_text"], e.Details["command"], e.Details["cwd"] = mode, c.Command, req.Cwd
		case pgstore.AuditTextRedacted:
			e.Details["command_text"], e.Details["command"] = mode, audit.RedactCommand(c.Command)
		}
		out[i] = e
	}
	return out, nil
}

// appendExecution appends a recorded run's events in tx, the transaction that records the run, with
// the outcome the run has once tx commits.
func (h *handler) appendExecution(r *http.Request, tx pgx.Tx, c pgstore.Command, req apitype.ExecuteRequest,
	checks []orgs.Check, approval *approvalUse, start time.Time) error {
	ctx := r.Context()
	events, err := h.executionEvents(ctx, tx, r, c, req, checks, approval)
	if err != nil {
		return err
	}
	for i := range events {
		events[i].Status, events[i].DurationMS = audit.StatusSuccess, int(time.Since(start).Milliseconds())
		events[i].Details["http_status"] = http.StatusOK
	}
	_, err = audit.AppendAll(ctx, tx, events)
	return err
}

// noteExecution gives the audit middleware the events of a run that is not recorded (refused by a
// policy, or failed): they go to the chains of the organisations that weighed it.
func (h *handler) noteExecution(r *http.Request, c pgstore.Command, req apitype.ExecuteRequest, checks []orgs.Check) {
	n := noteOf(r)
	if n == nil {
		return
	}
	events, err := h.executionEvents(r.Context(), h.db, r, c, req, checks, nil)
	if err == nil {
		n.events = events
	}
}

// auditRecorded tells the audit middleware that the handler appended the call's events itself.
func auditRecorded(r *http.Request) {
	if n := noteOf(r); n != nil {
		n.recorded = true
	}
}
