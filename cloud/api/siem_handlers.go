package api

import (
	"errors"
	"net/http"
	"strings"

	"github.com/google/uuid"

	"github.com/cmdai/cmdai/cloud/apitype"
	"github.com/cmdai/cmdai/cloud/audit"
	"github.com/cmdai/cmdai/cloud/audit/siem"
	"github.com/cmdai/cmdai/cloud/pgstore"
	"github.com/cmdai/cmdai/cloud/secrets"
)

// sinkKeyring is the keyring that seals sinks' tokens: the server's (Deps.Keyring, or
// CMDAI_SECRETS_KEY's), which seals SSO client secrets too.
func (h *handler) sinkKeyring() *secrets.Keyring {
	if h.sso == nil {
		return nil
	}
	return h.sso.Keyring
}

func (h *handler) toSinkJSON(r *http.Request, s pgstore.AuditSink) apitype.AuditSink {
	out := apitype.AuditSink{ID: s.ID, Name: s.Name, Kind: s.Kind, Format: s.Format, Endpoint: s.Endpoint,
		HasToken: len(s.TokenSealed) > 0, CAPEM: s.CAPEM, Enabled: s.Enabled, CursorSeq: s.CursorSeq, Delivered: s.Delivered,
		Failures: s.Failures, LastError: s.LastError, LastErrorAt: s.LastErrorAt, LastDeliveredAt: s.LastDeliveredAt,
		NextAttemptAt: s.NextAttemptAt, CreatedAt: s.CreatedAt}
	if head, err := pgstore.AuditChainHead(r.Context(), h.db, s.OrgID); err == nil {
		out.Lag = max(0, head-s.CursorSeq)
	}
	return out
}

// sinkList is GET /api/v1/orgs/{id}/audit/sinks. Administrators only.
func (h *handler) sinkList(w http.ResponseWriter, r *http.Request) {
	orgID, ok := h.auditAdmin(w, r)
	if !ok {
		return
	}
	sinks, err := pgstore.AuditSinks(r.Context(), h.db, orgID)
	if err != nil {
		writeError(w, r, err)
		return
	}
	out := apitype.List[apitype.AuditSink]{Items: make([]apitype.AuditSink, 0, len(sinks))}
	for _, s := range sinks {
		out.Items = append(out.Items, h.toSinkJSON(r, s))
	}
	writeJSON(w, http.StatusOK, out)
}

// applySink changes s by req and checks the result; the error is the one to answer.
func (h *handler) applySink(s *pgstore.AuditSink, req apitype.AuditSinkRequest, creating bool) (token *string, err error) {
	set := func(dst *string, src *string) {
		if src != nil {
			*dst = strings.TrimSpace(*src)
		}
	}
	set(&s.Name, req.Name)
	set(&s.Format, req.Format)
	set(&s.Endpoint, req.Endpoint)
	if req.CAPEM != nil {
		s.CAPEM = *req.CAPEM
	}
	if req.Enabled != nil {
		s.Enabled = *req.Enabled
	}
	if req.Kind != nil {
		if !creating && *req.Kind != s.Kind {
			return nil, badField("kind", "a sink's kind cannot change: add another sink")
		}
		s.Kind = *req.Kind
	}
	if s.Name == "" || len(s.Name) > 100 {
		return nil, badField("name", "name is required (at most 100 bytes)")
	}
	if s.Format == "" {
		s.Format = audit.FormatJSONL
	}
	tok := ""
	hasToken := len(s.TokenSealed) > 0
	if req.Token != nil {
		tok, hasToken = *req.Token, *req.Token != ""
	}
	probe := siem.Config{Kind: s.Kind, Format: s.Format, Endpoint: s.Endpoint, CAPEM: s.CAPEM, Token: tok}
	if hasToken && probe.Token == "" {
		probe.Token = "kept"
	}
	if err := probe.Validate(); err != nil {
		field, msg, _ := strings.Cut(err.Error(), ": ")
		return nil, badField(field, field+": "+msg)
	}
	return req.Token, nil
}

// sealToken stores token (sealed, bound to the sink) in s; "" removes it.
func (h *handler) sealToken(s *pgstore.AuditSink, token string) error {
	if token == "" {
		s.TokenSealed = nil
		return nil
	}
	kr := h.sinkKeyring()
	if kr == nil {
		return errorf(http.StatusServiceUnavailable, CodeUnavailable,
			"the server cannot store a sink's token: it has no secrets keyring (set CMDAI_SECRETS_KEY)", map[string]string{"field": "token"})
	}
	sealed, err := kr.Seal([]byte(token), siem.TokenAAD(s.ID))
	if err != nil {
		return err
	}
	s.TokenSealed = sealed
	return nil
}

// sinkCreate is POST /api/v1/orgs/{id}/audit/sinks: a new SIEM sink, delivering from the log's first
// event (start "beginning") or from its next (start "now"). Administrators only, from a login session.
func (h *handler) sinkCreate(w http.ResponseWriter, r *http.Request) {
	var req apitype.AuditSinkRequest
	if err := h.decode(w, r, &req); err != nil {
		writeError(w, r, err)
		return
	}
	orgID, ok := h.auditAdmin(w, r)
	if !ok {
		return
	}
	ctx := r.Context()
	s := pgstore.AuditSink{ID: uuid.NewString(), OrgID: orgID, Enabled: true}
	tok, err := h.applySink(&s, req, true)
	if err != nil {
		writeError(w, r, err)
		return
	}
	if tok != nil {
		if err := h.sealToken(&s, *tok); err != nil {
			writeError(w, r, err)
			return
		}
	}
	if req.Start != nil {
		switch *req.Start {
		case "now":
			if s.CursorSeq, err = pgstore.AuditChainHead(ctx, h.db, orgID); err != nil {
				writeError(w, r, err)
				return
			}
		case "beginning", "":
		default:
			writeError(w, r, badField("start", "start is beginning or now"))
			return
		}
	}
	out, err := pgstore.InsertAuditSink(ctx, h.db, s)
	if errors.Is(err, pgstore.ErrConflict) {
		writeError(w, r, errorf(http.StatusConflict, CodeConflict, "the organisation has a sink of that name", map[string]string{"field": "name"}))
		return
	}
	if err != nil {
		writeError(w, r, err)
		return
	}
	auditDetail(r, "sink", map[string]any{"name": out.Name, "kind": out.Kind, "format": out.Format, "endpoint": out.Endpoint, "has_token": len(out.TokenSealed) > 0})
	writeJSON(w, http.StatusCreated, h.toSinkJSON(r, out))
}

// sink reads the path's sink of the administrator's organisation.
func (h *handler) sink(w http.ResponseWriter, r *http.Request) (pgstore.AuditSink, bool) {
	orgID, ok := h.auditAdmin(w, r)
	if !ok {
		return pgstore.AuditSink{}, false
	}
	ids, err := pathIDs(r, "sink", "sid")
	if err != nil {
		writeError(w, r, err)
		return pgstore.AuditSink{}, false
	}
	s, err := pgstore.AuditSinkByID(r.Context(), h.db, orgID, ids[0])
	if errors.Is(err, pgstore.ErrNotFound) {
		err = errorf(http.StatusNotFound, CodeNotFound, "no such sink", nil)
	}
	if err != nil {
		writeError(w, r, err)
		return pgstore.AuditSink{}, false
	}
	return s, true
}

// sinkRead is GET /api/v1/orgs/{id}/audit/sinks/{sid}: the sink and how its delivery stands.
func (h *handler) sinkRead(w http.ResponseWriter, r *http.Request) {
	if s, ok := h.sink(w, r); ok {
		writeJSON(w, http.StatusOK, h.toSinkJSON(r, s))
	}
}

// sinkUpdate is PATCH /api/v1/orgs/{id}/audit/sinks/{sid}: changes the fields given ("token": "" removes
// the token). A changed sink is tried at once.
func (h *handler) sinkUpdate(w http.ResponseWriter, r *http.Request) {
	var req apitype.AuditSinkRequest
	if err := h.decode(w, r, &req); err != nil {
		writeError(w, r, err)
		return
	}
	s, ok := h.sink(w, r)
	if !ok {
		return
	}
	if req.Start != nil {
		writeError(w, r, badField("start", "start is for a new sink only"))
		return
	}
	tok, err := h.applySink(&s, req, false)
	if err != nil {
		writeError(w, r, err)
		return
	}
	if tok != nil {
		if err := h.sealToken(&s, *tok); err != nil {
			writeError(w, r, err)
			return
		}
	}
	out, err := pgstore.UpdateAuditSink(r.Context(), h.db, s)
	if errors.Is(err, pgstore.ErrConflict) {
		writeError(w, r, errorf(http.StatusConflict, CodeConflict, "the organisation has a sink of that name", map[string]string{"field": "name"}))
		return
	}
	if err != nil {
		writeError(w, r, err)
		return
	}
	auditDetail(r, "sink", map[string]any{"name": out.Name, "kind": out.Kind, "format": out.Format, "endpoint": out.Endpoint,
		"enabled": out.Enabled, "token_changed": tok != nil})
	writeJSON(w, http.StatusOK, h.toSinkJSON(r, out))
}

// sinkDelete is DELETE /api/v1/orgs/{id}/audit/sinks/{sid}.
func (h *handler) sinkDelete(w http.ResponseWriter, r *http.Request) {
	s, ok := h.sink(w, r)
	if !ok {
		return
	}
	if err := pgstore.DeleteAuditSink(r.Context(), h.db, s.OrgID, s.ID); err != nil {
		writeError(w, r, err)
		return
	}
	auditDetail(r, "sink", map[string]any{"name": s.Name, "kind": s.Kind, "endpoint": s.Endpoint})
	w.WriteHeader(http.StatusNoContent)
}
