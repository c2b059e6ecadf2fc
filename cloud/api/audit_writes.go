package api

import (
	"context"
	"net/http"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/cmdai/cmdai/cloud/audit"
	"github.com/cmdai/cmdai/cloud/pgstore"
)

// auditCommandWrites makes the history write route (POST /api/v1/commands) an audited one
// ("command.create"), its event in the chain of each organisation the caller belongs to (or outside
// any), for installations whose compliance asks that every history write be recorded
// (Deps.AuditCommandWrites). The handler then writes the row and its events itself (createAudited).
// Other routes are returned as they are.
func (h *handler) auditCommandWrites(rt route) route {
	if rt.Method != http.MethodPost || rt.Path != "/api/v1/commands" || rt.Audit != "" {
		return rt
	}
	return auditedRoute("command.create", "command", rt)
}

// createAudited stores a history write and its command.create events in one transaction, shared
// with other calls' events (audit.RecordWith): one commit for the write and its record, where writing
// the event after the row would take two, one after the other, before the answer.
func (h *handler) createAudited(r *http.Request, nc pgstore.NewCommand) (pgstore.Command, error) {
	start := time.Now()
	ctx := r.Context()
	orgIDs, err := h.memberOrgs(ctx, nc.UserID)
	if err != nil {
		return pgstore.Command{}, err
	}
	if n := noteOf(r); len(orgIDs) > 0 {
		// A write that fails is recorded as failed by the middleware, in the same chains.
		n.orgIDs = orgIDs
	}
	id := uuid.NewString()
	base := requestEvent(r, "command.create", "command")
	p := principal(ctx)
	base.UserID, base.ResourceID = p.UserID, id
	if p.APIKeyID != "" {
		base.Details["api_key_id"] = p.APIKeyID
	}
	events := []audit.Event{base}
	if len(orgIDs) > 0 {
		events = make([]audit.Event, len(orgIDs))
		for i, org := range orgIDs {
			events[i] = base
			events[i].OrgID = org
		}
	}
	took := int(time.Since(start).Milliseconds())
	for i := range events {
		// The event is committed only with the row: it records the write as made.
		events[i].Status, events[i].DurationMS = audit.StatusSuccess, took
	}
	var c pgstore.Command
	err = audit.RecordWith(ctx, h.db, func(b *pgx.Batch) { pgstore.QueueCreateCommand(b, id, nc, &c) }, events...)
	if err != nil {
		return pgstore.Command{}, err
	}
	auditRecorded(r)
	return c, nil
}

// memberOrgs lists the organisations userID is a member of.
func (h *handler) memberOrgs(ctx context.Context, userID string) ([]string, error) {
	if userID == "" {
		return nil, nil
	}
	rows, err := h.db.Query(ctx, `SELECT org_id::text FROM organization_members WHERE user_id = $1 ORDER BY org_id`, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}
