package api

import (
	"context"
	"log/slog"
	"net/http"
)

// auditCommandWrites makes the history write route (POST /api/v1/commands) an audited one
// ("command.create"), its event in the chain of each organisation the caller belongs to (or outside
// any), for installations whose compliance asks that every history write be recorded
// (Deps.AuditCommandWrites). Other routes are returned as they are.
func (h *handler) auditCommandWrites(rt route) route {
	if rt.Method != http.MethodPost || rt.Path != "/api/v1/commands" || rt.Audit != "" {
		return rt
	}
	next := rt.serve
	rt.serve = func(w http.ResponseWriter, r *http.Request) {
		// Which chains the event goes to is looked up while the write is done.
		type orgsOf struct {
			ids []string
			err error
		}
		found := make(chan orgsOf, 1)
		go func() {
			ids, err := h.memberOrgs(r.Context(), principal(r.Context()).UserID)
			found <- orgsOf{ids, err}
		}()
		next(w, r)
		o := <-found
		if o.err != nil {
			// The event goes outside any organisation rather than nowhere.
			logger(r.Context()).WarnContext(r.Context(), "audit: the caller's organisations", slog.String("error", o.err.Error()))
		}
		if n := noteOf(r); n != nil && len(o.ids) > 0 {
			n.orgIDs = o.ids
		}
	}
	return auditedRoute("command.create", "command", rt)
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
