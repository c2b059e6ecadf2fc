package api

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"regexp"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/cmdai/cmdai/cloud/audit"
	"github.com/cmdai/cmdai/cloud/pgstore"
)

// auditNote is what a handler tells the audit middleware about its call: the organisations whose
// chains the event goes to (set only once the caller's membership is checked, so that no outsider
// writes into an organisation's chain), who acted when no credential says (signup, login), what else
// to record, or that it appended its events itself, in its own transaction.
type auditNote struct {
	orgIDs     []string
	userID     string
	resourceID string
	details    map[string]any
	// events replace the one the middleware builds, one per chain (an execution's, per organisation).
	events   []audit.Event
	recorded bool
}

type auditNoteKey struct{}

// noteOf is the request's audit note; nil on a route that is not audited.
func noteOf(r *http.Request) *auditNote {
	n, _ := r.Context().Value(auditNoteKey{}).(*auditNote)
	return n
}

// auditOrg puts the call's event in the organisation's chain: the caller is a member.
func auditOrg(r *http.Request, orgID string) {
	if n := noteOf(r); n != nil {
		n.orgIDs = []string{orgID}
	}
}

// auditUser names who acted, on a route that has no credential to say it.
func auditUser(r *http.Request, userID string) {
	if n := noteOf(r); n != nil {
		n.userID = userID
	}
}

// auditDetail adds a detail to the call's event.
func auditDetail(r *http.Request, key string, value any) {
	if n := noteOf(r); n != nil {
		if n.details == nil {
			n.details = map[string]any{}
		}
		n.details[key] = value
	}
}

// auditEmail records the email address a call names (a login's, a signup's), as the account stores it.
func auditEmail(r *http.Request, email string) {
	email = strings.ToLower(strings.TrimSpace(email))
	if len(email) > 254 {
		email = email[:254]
	}
	auditDetail(r, "email", email)
}

// bufferedWriter holds a response until the audit event of the call is written: a call whose event
// cannot be written is answered as failed, and nothing it would have answered (a session, a new key)
// leaves the server.
type bufferedWriter struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (b *bufferedWriter) Header() http.Header { return b.header }

func (b *bufferedWriter) WriteHeader(code int) {
	if b.status == 0 {
		b.status = code
	}
}

func (b *bufferedWriter) Write(p []byte) (int, error) {
	if b.status == 0 {
		b.status = http.StatusOK
	}
	return b.body.Write(p)
}

func (b *bufferedWriter) flushTo(w http.ResponseWriter) {
	for k, v := range b.header {
		w.Header()[k] = v
	}
	if b.status == 0 {
		b.status = http.StatusOK
	}
	w.WriteHeader(b.status)
	_, _ = w.Write(b.body.Bytes())
}

// pathParams are a route pattern's wildcards.
var pathParams = regexp.MustCompile(`\{([a-z_]+)\}`)

// audited records every call of the route as an audit event: who (the credential's account, or the
// one the handler names), the route's action and resource, the outcome, how long it took, the client's
// address and user agent. The response waits for the event: when it cannot be written the call is
// answered 500 instead, so that an operation is never confirmed without its record (never open).
func (h *handler) audited(rt Route, next http.HandlerFunc) http.HandlerFunc {
	params := pathParams.FindAllStringSubmatch(rt.Path, -1)
	return func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		n := &auditNote{}
		r = r.WithContext(context.WithValue(r.Context(), auditNoteKey{}, n))
		bw := &bufferedWriter{header: w.Header().Clone()}
		next(bw, r)
		if n.recorded {
			bw.flushTo(w)
			return
		}
		ctx := r.Context()
		events := n.events
		if len(events) == 0 {
			events = h.auditEvents(r, rt, params, n, bw)
		}
		took := int(time.Since(start).Milliseconds())
		for i := range events {
			events[i].Status = auditStatus(bw.status)
			events[i].DurationMS = took
			if code := errorCode(bw); code != "" {
				if events[i].Details == nil {
					events[i].Details = map[string]any{}
				}
				events[i].Details["error_code"] = code
			}
		}
		if err := audit.Record(ctx, h.db, events...); err != nil {
			logger(ctx).ErrorContext(ctx, "audit event not written; the call is answered as failed",
				slog.String("action", rt.Audit), slog.String("error", err.Error()))
			status, code := http.StatusInternalServerError, CodeInternal
			if dependencyDown(err) {
				status, code = http.StatusServiceUnavailable, CodeUnavailable
			}
			writeError(w, r, errorf(status, code,
				"the operation could not be recorded in the audit log, so it is not confirmed: check whether it took effect, and retry", nil))
			return
		}
		bw.flushTo(w)
	}
}

// auditEvents builds the call's event, one per chain it goes to.
func (h *handler) auditEvents(r *http.Request, rt Route, params [][]string, n *auditNote, bw *bufferedWriter) []audit.Event {
	ctx := r.Context()
	base := requestEvent(r, rt.Audit, rt.AuditResource)
	if p := principal(ctx); p.UserID != "" {
		base.UserID = p.UserID
		if p.APIKeyID != "" {
			base.Details["api_key_id"] = p.APIKeyID
		}
	} else {
		base.UserID = n.userID
	}
	if len(params) > 0 {
		ps := map[string]any{}
		for _, m := range params {
			ps[m[1]] = r.PathValue(m[1])
		}
		base.Details["path"] = ps
		base.ResourceID = r.PathValue(params[len(params)-1][1])
	}
	if n.resourceID != "" {
		base.ResourceID = n.resourceID
	} else if bw.status == http.StatusCreated {
		// What a call creates names itself in its answer's id.
		var created struct{ ID string }
		if json.Unmarshal(bw.body.Bytes(), &created) == nil && created.ID != "" {
			base.ResourceID = created.ID
		}
	}
	for k, v := range n.details {
		base.Details[k] = v
	}
	orgIDs := n.orgIDs
	if team := rt.AuditResource == "team" || rt.AuditResource == "team_member" || rt.AuditResource == "pattern"; team && len(orgIDs) == 0 && bw.status < 400 {
		// A team in an organisation has its events in the organisation's chain.
		var teamID string
		if len(params) > 0 && params[0][1] == "id" {
			teamID = r.PathValue("id")
		}
		if org := h.teamOrg(ctx, teamID, bw); org != "" {
			orgIDs = []string{org}
		}
	}
	if len(orgIDs) == 0 {
		return []audit.Event{base}
	}
	out := make([]audit.Event, len(orgIDs))
	for i, org := range orgIDs {
		out[i] = base
		out[i].OrgID = org
	}
	return out
}

// teamOrg is the organisation of a team the call acted on (the path's, or the one it created), or "".
func (h *handler) teamOrg(ctx context.Context, teamID string, bw *bufferedWriter) string {
	if teamID == "" && bw.status == http.StatusCreated {
		var created struct{ ID string }
		_ = json.Unmarshal(bw.body.Bytes(), &created)
		teamID = created.ID
	}
	if !pgstore.IsUUID(teamID) {
		return ""
	}
	var org *string
	if err := h.db.QueryRow(ctx, `SELECT organization_id::text FROM teams WHERE id = $1`, teamID).Scan(&org); err != nil || org == nil {
		if err != nil && !errors.Is(err, pgx.ErrNoRows) {
			logger(ctx).WarnContext(ctx, "audit: the team's organisation", slog.String("error", err.Error()))
		}
		return ""
	}
	return *org
}

// requestEvent is an event with what every call records: action, resource type, the client's address
// and user agent, and the request's route and id.
func requestEvent(r *http.Request, action, resource string) audit.Event {
	ip, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		ip = r.RemoteAddr
	}
	details := map[string]any{"route": r.Pattern}
	if l, ok := r.Context().Value(loggerKey{}).(*requestLog); ok {
		details["request_id"] = l.id
	}
	return audit.Event{Action: action, ResourceType: resource, IP: ip, UserAgent: r.UserAgent(), Details: details}
}

// auditStatus is an event's status for the call's HTTP status: 401 and 403 are refusals.
func auditStatus(status int) string {
	switch {
	case status == 0 || status < 400:
		return audit.StatusSuccess
	case status == http.StatusUnauthorized || status == http.StatusForbidden:
		return audit.StatusDenied
	}
	return audit.StatusFailure
}

// errorCode is the error code of a failed call's answer.
func errorCode(bw *bufferedWriter) string {
	if bw.status < 400 {
		return ""
	}
	var e struct {
		Error struct{ Code string } `json:"error"`
	}
	_ = json.Unmarshal(bw.body.Bytes(), &e)
	return e.Error.Code
}
