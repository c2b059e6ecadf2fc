package api

import (
	"errors"
	"net/http"

	"github.com/cmdai/cmdai/cloud/apitype"
	"github.com/cmdai/cmdai/cloud/pgstore"
	"github.com/cmdai/cmdai/cloud/teams"
)

func toTeamJSON(t pgstore.TeamWithRole) apitype.Team {
	return apitype.Team{ID: t.ID, Name: t.Name, Slug: t.Slug, Plan: t.Plan, Role: t.Role, CreatedAt: t.CreatedAt}
}

func toMemberJSON(m pgstore.Member) apitype.Member {
	return apitype.Member{UserID: m.UserID, Email: m.Email, DisplayName: m.DisplayName, Role: m.Role,
		InvitedBy: m.InvitedBy, JoinedAt: m.CreatedAt}
}

func (h *handler) createTeam(w http.ResponseWriter, r *http.Request) {
	var req apitype.CreateTeamRequest
	if err := h.decode(w, r, &req); err != nil {
		writeError(w, r, err)
		return
	}
	t, err := h.teams.Create(r.Context(), principal(r.Context()).UserID, req.Name, req.Slug)
	if err != nil {
		writeError(w, r, teamError(err, "team", "a team with this slug exists; choose another"))
		return
	}
	writeJSON(w, http.StatusCreated, toTeamJSON(t))
}

func (h *handler) listTeams(w http.ResponseWriter, r *http.Request) {
	ts, err := pgstore.TeamsByUser(r.Context(), h.db, principal(r.Context()).UserID)
	if err != nil {
		writeError(w, r, err)
		return
	}
	out := apitype.List[apitype.Team]{Items: make([]apitype.Team, 0, len(ts))}
	for _, t := range ts {
		out.Items = append(out.Items, toTeamJSON(t))
	}
	writeJSON(w, http.StatusOK, out)
}

func (h *handler) teamDetails(w http.ResponseWriter, r *http.Request) {
	ids, err := pathIDs(r, "team", "id")
	if err != nil {
		writeError(w, r, err)
		return
	}
	t, members, err := h.teams.Details(r.Context(), ids[0], principal(r.Context()).UserID)
	if err != nil {
		writeError(w, r, teamError(err, "team", ""))
		return
	}
	out := apitype.TeamDetails{Team: toTeamJSON(t), Members: make([]apitype.Member, 0, len(members))}
	for _, m := range members {
		out.Members = append(out.Members, toMemberJSON(m))
	}
	writeJSON(w, http.StatusOK, out)
}

func (h *handler) setMemberRole(w http.ResponseWriter, r *http.Request) {
	ids, err := pathIDs(r, "team member", "id", "user_id")
	if err != nil {
		writeError(w, r, err)
		return
	}
	var req apitype.SetRoleRequest
	if err := h.decode(w, r, &req); err != nil {
		writeError(w, r, err)
		return
	}
	m, err := h.teams.SetRole(r.Context(), ids[0], principal(r.Context()).UserID, ids[1], teams.Role(req.Role))
	if err != nil {
		writeError(w, r, teamError(err, "team member", ""))
		return
	}
	writeJSON(w, http.StatusOK, toMemberJSON(m))
}

func (h *handler) removeMember(w http.ResponseWriter, r *http.Request) {
	ids, err := pathIDs(r, "team member", "id", "user_id")
	if err != nil {
		writeError(w, r, err)
		return
	}
	if err := h.teams.Remove(r.Context(), ids[0], principal(r.Context()).UserID, ids[1]); err != nil {
		writeError(w, r, teamError(err, "team member", ""))
		return
	}
	w.WriteHeader(http.StatusNoContent)
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
	case errors.Is(err, teams.ErrInvitationClosed), errors.Is(err, teams.ErrInvitationExpired):
		return errorf(http.StatusConflict, CodeConflict, err.Error(), nil)
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
