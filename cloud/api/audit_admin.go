package api

import (
	"net/http"
	"strconv"
	"time"

	"github.com/cmdai/cmdai/cloud/apitype"
	"github.com/cmdai/cmdai/cloud/audit"
	"github.com/cmdai/cmdai/cloud/audit/anon"
	"github.com/cmdai/cmdai/cloud/auth"
	"github.com/cmdai/cmdai/cloud/orgs"
	"github.com/cmdai/cmdai/cloud/pgstore"
)

// The bounds of the audit admin routes' pages.
const (
	auditPageDefault = 100
	auditPageMax     = 1000
	minAuditDays     = 365
	maxAuditDays     = 2557 // seven years
)

// auditAdminRoutes are an organisation's audit log for its administrators: its events (paged,
// filtered), its settings, its SIEM sinks and the anonymised export. Each call is itself audited.
func (h *handler) auditAdminRoutes() []route {
	const org = "/api/v1/orgs/{id}/audit"
	r, audited := newRoute, auditedRoute
	return []route{
		audited("audit.events.read", "audit_log", r("GET", org+"/events", auth.ScopeTeamsRead, h.auditEventsRead)),
		audited("audit.settings.read", "audit_settings", r("GET", org+"/settings", auth.ScopeTeamsRead, h.auditSettingsRead)),
		audited("audit.settings.set", "audit_settings", r("PATCH", org+"/settings", AccessSession, h.auditSettingsSet)),
		audited("audit.export.anonymized", "command", r("GET", org+"/anonymized-commands", auth.ScopeTeamsRead, h.anonymizedExport)),
		audited("audit.sink.list", "audit_sink", r("GET", org+"/sinks", AccessSession, h.sinkList)),
		audited("audit.sink.create", "audit_sink", r("POST", org+"/sinks", AccessSession, h.sinkCreate)),
		audited("audit.sink.read", "audit_sink", r("GET", org+"/sinks/{sid}", AccessSession, h.sinkRead)),
		audited("audit.sink.update", "audit_sink", r("PATCH", org+"/sinks/{sid}", AccessSession, h.sinkUpdate)),
		audited("audit.sink.delete", "audit_sink", r("DELETE", org+"/sinks/{sid}", AccessSession, h.sinkDelete)),
	}
}

// auditAdmin checks that the caller administers the path's organisation and returns its id.
func (h *handler) auditAdmin(w http.ResponseWriter, r *http.Request) (string, bool) {
	id, _, ok := h.orgAccess(w, r, orgs.ManageTeam, orgs.ConfigurePolicy)
	return id, ok
}

func badField(field, message string) *Error {
	return errorf(http.StatusBadRequest, CodeValidation, message, map[string]string{"field": field})
}

// queryInt reads a whole-number query parameter within [lo, hi]; def when absent.
func queryInt(r *http.Request, name string, def, lo, hi int64) (int64, *Error) {
	s := r.URL.Query().Get(name)
	if s == "" {
		return def, nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < lo || n > hi {
		return 0, badField(name, name+" is a whole number from "+strconv.FormatInt(lo, 10)+" to "+strconv.FormatInt(hi, 10))
	}
	return n, nil
}

// queryTime reads an RFC 3339 query parameter; zero when absent.
func queryTime(r *http.Request, name string) (time.Time, *Error) {
	s := r.URL.Query().Get(name)
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, badField(name, name+" is an RFC 3339 time (2026-01-02T15:04:05Z)")
	}
	return t, nil
}

// auditEventsRead is GET /api/v1/orgs/{id}/audit/events?after_seq=&limit=&action=&user_id=&status=&since=&until=:
// the organisation's audit events, oldest first, a page at a time. action may end in '.' for every
// action under it ("policy."). Administrators only.
func (h *handler) auditEventsRead(w http.ResponseWriter, r *http.Request) {
	orgID, ok := h.auditAdmin(w, r)
	if !ok {
		return
	}
	q := r.URL.Query()
	after, e := queryInt(r, "after_seq", 0, 0, 1<<62)
	if e != nil {
		writeError(w, r, e)
		return
	}
	limit, e := queryInt(r, "limit", auditPageDefault, 1, auditPageMax)
	if e != nil {
		writeError(w, r, e)
		return
	}
	f := pgstore.AuditFilter{Action: q.Get("action"), UserID: q.Get("user_id"), Status: q.Get("status")}
	if f.UserID != "" && !pgstore.IsUUID(f.UserID) {
		writeError(w, r, badField("user_id", "user_id is a user's id (a uuid)"))
		return
	}
	if f.Status != "" && f.Status != audit.StatusSuccess && f.Status != audit.StatusFailure && f.Status != audit.StatusDenied {
		writeError(w, r, badField("status", "status is success, failure or denied"))
		return
	}
	if f.Since, e = queryTime(r, "since"); e != nil {
		writeError(w, r, e)
		return
	}
	if f.Until, e = queryTime(r, "until"); e != nil {
		writeError(w, r, e)
		return
	}
	rows, err := pgstore.AuditEventsFiltered(r.Context(), h.db, orgID, after, int(limit), f)
	if err != nil {
		writeError(w, r, err)
		return
	}
	out := apitype.AuditEventPage{Items: make([]apitype.AuditEvent, 0, len(rows))}
	for _, row := range rows {
		ev, err := audit.FromRow(row)
		if err != nil {
			writeError(w, r, err)
			return
		}
		out.Items = append(out.Items, apitype.AuditEvent{Seq: ev.Seq, OrgID: ev.OrgID, UserID: ev.UserID, Action: ev.Action,
			ResourceType: ev.ResourceType, ResourceID: ev.ResourceID, Status: ev.Status, DurationMS: ev.DurationMS, IP: ev.IP,
			UserAgent: ev.UserAgent, Details: ev.Details, CreatedAt: ev.CreatedAt, PreviousHash: ev.PreviousHash, EventHash: ev.Hash})
	}
	if len(rows) == int(limit) {
		out.NextAfter = rows[len(rows)-1].Seq
	}
	auditDetail(r, "returned", len(out.Items))
	writeJSON(w, http.StatusOK, out)
}

func toAuditSettings(s pgstore.OrgAuditSettings) apitype.AuditSettings {
	return apitype.AuditSettings{CommandText: s.CommandText, RetentionDays: s.RetentionDays, TrainingExport: s.TrainingExport}
}

// auditSettingsRead is GET /api/v1/orgs/{id}/audit/settings. Administrators only.
func (h *handler) auditSettingsRead(w http.ResponseWriter, r *http.Request) {
	orgID, ok := h.auditAdmin(w, r)
	if !ok {
		return
	}
	s, err := pgstore.GetOrgAuditSettings(r.Context(), h.db, orgID)
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, toAuditSettings(s))
}

// auditSettingsSet is PATCH /api/v1/orgs/{id}/audit/settings: how much of a command's text execution
// events keep, how long audit events are kept, and the opt-in to the anonymised training export. The
// event records the settings before and after. Administrators only, from a login session.
func (h *handler) auditSettingsSet(w http.ResponseWriter, r *http.Request) {
	var req apitype.AuditSettingsUpdate
	if err := h.decode(w, r, &req); err != nil {
		writeError(w, r, err)
		return
	}
	orgID, ok := h.auditAdmin(w, r)
	if !ok {
		return
	}
	ctx := r.Context()
	old, err := pgstore.GetOrgAuditSettings(ctx, h.db, orgID)
	if err != nil {
		writeError(w, r, err)
		return
	}
	next := old
	if req.CommandText != nil {
		switch *req.CommandText {
		case pgstore.AuditTextFull, pgstore.AuditTextRedacted, pgstore.AuditTextHash:
			next.CommandText = *req.CommandText
		default:
			writeError(w, r, badField("command_text", "command_text is full, redacted or hash"))
			return
		}
	}
	if req.RetentionDays != nil {
		switch d := *req.RetentionDays; {
		case d == 0:
			next.RetentionDays = nil
		case d >= minAuditDays && d <= maxAuditDays:
			next.RetentionDays = &d
		default:
			writeError(w, r, badField("retention_days", "retention_days is 0 (for ever) or 365 to 2557 days (seven years)"))
			return
		}
	}
	if req.TrainingExport != nil {
		next.TrainingExport = *req.TrainingExport
	}
	if err := pgstore.SetOrgAuditSettings(ctx, h.db, orgID, next); err != nil {
		writeError(w, r, err)
		return
	}
	auditDetail(r, "before", settingsDetail(old))
	auditDetail(r, "after", settingsDetail(next))
	writeJSON(w, http.StatusOK, toAuditSettings(next))
}

func settingsDetail(s pgstore.OrgAuditSettings) map[string]any {
	days := any(nil)
	if s.RetentionDays != nil {
		days = *s.RetentionDays
	}
	return map[string]any{"command_text": s.CommandText, "retention_days": days, "training_export": s.TrainingExport}
}

// anonymizedPage is a page of the anonymised export; Next is the cursor of the next page.
type anonymizedPage struct {
	Items []anon.AnonymizedCommand `json:"items"`
	Next  string                   `json:"next,omitempty"`
}

// anonymizedExport is GET /api/v1/orgs/{id}/audit/anonymized-commands?since=&cursor=&limit=: the
// organisation's members' commands as anonymised training records (no prompt, a template of the
// command), when the organisation opted in (training_export); 403 training_export_off otherwise.
// Administrators only.
func (h *handler) anonymizedExport(w http.ResponseWriter, r *http.Request) {
	orgID, ok := h.auditAdmin(w, r)
	if !ok {
		return
	}
	ctx := r.Context()
	s, err := pgstore.GetOrgAuditSettings(ctx, h.db, orgID)
	if err != nil {
		writeError(w, r, err)
		return
	}
	if !s.TrainingExport {
		writeError(w, r, errorf(http.StatusForbidden, "training_export_off",
			"the organisation has not opted in to the anonymised export: an administrator sets training_export in its audit settings", nil))
		return
	}
	since, e := queryTime(r, "since")
	if e != nil {
		writeError(w, r, e)
		return
	}
	limit, e := queryInt(r, "limit", auditPageMax, 1, auditPageMax)
	if e != nil {
		writeError(w, r, e)
		return
	}
	var afterAt *time.Time
	afterID := ""
	if c := r.URL.Query().Get("cursor"); c != "" {
		at, id, ok := parseExportCursor(c)
		if !ok {
			writeError(w, r, badField("cursor", "cursor is the next value of the page before"))
			return
		}
		afterAt, afterID = &at, id
	}
	cmds, err := pgstore.OrgCommandsSince(ctx, h.db, orgID, since, afterAt, afterID, int(limit))
	if err != nil {
		writeError(w, r, err)
		return
	}
	out := anonymizedPage{Items: make([]anon.AnonymizedCommand, 0, len(cmds))}
	for _, c := range cmds {
		out.Items = append(out.Items, anon.Anonymize(anon.Command{Prompt: c.Prompt, Command: c.Command, Risk: c.Risk,
			Backend: c.Backend, ExitCode: c.ExitCode, CreatedAt: c.CreatedAt}))
	}
	if len(cmds) == int(limit) {
		last := cmds[len(cmds)-1]
		out.Next = last.CreatedAt.UTC().Format(time.RFC3339Nano) + "_" + last.ID
	}
	auditDetail(r, "returned", len(out.Items))
	writeJSON(w, http.StatusOK, out)
}

func parseExportCursor(c string) (time.Time, string, bool) {
	i := len(c) - 37
	if i < 1 || c[i] != '_' || !pgstore.IsUUID(c[i+1:]) {
		return time.Time{}, "", false
	}
	t, err := time.Parse(time.RFC3339Nano, c[:i])
	return t, c[i+1:], err == nil
}
