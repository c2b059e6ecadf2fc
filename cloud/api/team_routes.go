package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"sync"

	"github.com/cmdai/cmdai/cloud/auth"
	"github.com/cmdai/cmdai/cloud/pgstore"
	"github.com/cmdai/cmdai/cloud/teams"
	"github.com/cmdai/cmdai/models"
	"github.com/cmdai/cmdai/models/backends"
)

// teamsAPI is what the team, pattern, analytics, generate and execute routes need beyond the handler's
// database and auth service.
type teamsAPI struct {
	teams *teams.Service
	// backend answers generate requests; it is opened at the first one when Deps.Backend is nil.
	backend func() (models.Backend, error)
}

// teamRoutes registers the team, shared-pattern, analytics and server-side generate/execute routes.
// Membership changes need a login session, like API key management: a leaked key cannot reshape a team.
func (h *handler) teamRoutes(mux *http.ServeMux, d Deps) {
	backend := func() (models.Backend, error) { return d.Backend, nil }
	if d.Backend == nil {
		backend = sync.OnceValues(func() (models.Backend, error) { return backends.Open("offline", backends.Endpoint{}) })
	}
	h.teamsAPI = teamsAPI{teams: &teams.Service{DB: d.DB}, backend: backend}

	mux.HandleFunc("POST /api/v1/teams", h.requireAuth("session", h.createTeam))
	mux.HandleFunc("GET /api/v1/teams", h.requireAuth(auth.ScopeTeamsRead, h.listTeams))
	mux.HandleFunc("GET /api/v1/teams/{id}", h.requireAuth(auth.ScopeTeamsRead, h.teamDetails))
	mux.HandleFunc("POST /api/v1/teams/{id}/members", h.requireAuth("session", h.inviteMember))
	mux.HandleFunc("PATCH /api/v1/teams/{id}/members/{user_id}", h.requireAuth("session", h.setMemberRole))
	mux.HandleFunc("DELETE /api/v1/teams/{id}/members/{user_id}", h.requireAuth("session", h.removeMember))
	mux.HandleFunc("POST /api/v1/teams/{id}/patterns", h.requireAuth(auth.ScopeTeamsWrite, h.sharePattern))
	mux.HandleFunc("GET /api/v1/teams/{id}/patterns", h.requireAuth(auth.ScopeTeamsRead, h.listPatterns))
	mux.HandleFunc("POST /api/v1/teams/{id}/patterns/{pattern_id}/use", h.requireAuth(auth.ScopeTeamsRead, h.usePattern))

	mux.HandleFunc("POST /api/v1/commands/generate", h.requireAuth(auth.ScopeCommandsWrite, h.generate))
	mux.HandleFunc("POST /api/v1/commands/{id}/execute", h.requireAuth(auth.ScopeCommandsWrite, h.executeCommand))

	mux.HandleFunc("GET /api/v1/analytics/usage", h.requireAuth(auth.ScopeAnalyticsRead, h.usageAnalytics))
	mux.HandleFunc("GET /api/v1/analytics/patterns", h.requireAuth(auth.ScopeAnalyticsRead, h.patternAnalytics))
}

// decodeStrict is decode that also refuses fields v does not declare, so that a client learns at once
// that it cannot set a role, a plan, an owner or a count, instead of believing it did.
func (h *handler) decodeStrict(w http.ResponseWriter, r *http.Request, v any) error {
	var raw json.RawMessage
	if err := h.decode(w, r, &raw); err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		if field, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
			field = strings.Trim(field, `"`)
			return errorf(http.StatusBadRequest, CodeValidation, "this route does not take the field "+field,
				map[string]string{"field": field})
		}
		return errorf(http.StatusBadRequest, CodeInvalidJSON, "request body does not fit this route: "+err.Error(), nil)
	}
	return nil
}

// teamError turns the team service's errors into API errors; what names the object a 404 is about.
func teamError(err error, what, conflict string) error {
	var ve *teams.ValidationError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &ve):
		return errorf(http.StatusBadRequest, CodeValidation, ve.Message, map[string]string{"field": ve.Field})
	case errors.Is(err, teams.ErrForbidden):
		return errorf(http.StatusForbidden, CodeForbidden, err.Error(), nil)
	case errors.Is(err, teams.ErrLastOwner):
		return errorf(http.StatusConflict, CodeConflict, err.Error(), nil)
	case errors.Is(err, teams.ErrNoSuchUser):
		return errorf(http.StatusNotFound, CodeNotFound, err.Error(), map[string]string{"field": "email"})
	case errors.Is(err, pgstore.ErrNotFound):
		return errorf(http.StatusNotFound, CodeNotFound, "no such "+what, nil)
	case errors.Is(err, pgstore.ErrConflict):
		return errorf(http.StatusConflict, CodeConflict, conflict, nil)
	}
	return err
}

// pathIDs returns the named path values, or a 404 when one is not a uuid (as the database would answer
// for an id that does not exist).
func pathIDs(r *http.Request, what string, names ...string) ([]string, error) {
	ids := make([]string, len(names))
	for i, n := range names {
		ids[i] = r.PathValue(n)
		if err := errNotFoundIfBadID(ids[i], what); err != nil {
			return nil, err
		}
	}
	return ids, nil
}
