package api

import (
	"net/http"
	"time"

	"github.com/cmdai/cmdai/cloud/pgstore"
	"github.com/cmdai/cmdai/cloud/teams"
)

type teamJSON struct {
	ID        string    `json:"id"`
	Name      string    `json:"name"`
	Slug      string    `json:"slug"`
	Plan      string    `json:"plan"`
	Role      string    `json:"role"` // the caller's
	CreatedAt time.Time `json:"created_at"`
}

type memberJSON struct {
	UserID      string    `json:"user_id"`
	Email       string    `json:"email"`
	DisplayName string    `json:"display_name"`
	Role        string    `json:"role"`
	InvitedBy   *string   `json:"invited_by"`
	JoinedAt    time.Time `json:"joined_at"`
}

func toTeamJSON(t pgstore.TeamWithRole) teamJSON {
	return teamJSON{ID: t.ID, Name: t.Name, Slug: t.Slug, Plan: t.Plan, Role: t.Role, CreatedAt: t.CreatedAt}
}

func toMemberJSON(m pgstore.Member) memberJSON {
	return memberJSON{UserID: m.UserID, Email: m.Email, DisplayName: m.DisplayName, Role: m.Role,
		InvitedBy: m.InvitedBy, JoinedAt: m.CreatedAt}
}

// createTeamRequest has no plan and no owner: the plan starts free and the caller becomes the owner.
type createTeamRequest struct {
	Name string `json:"name"`
	Slug string `json:"slug"`
}

func (h *handler) createTeam(w http.ResponseWriter, r *http.Request) {
	var req createTeamRequest
	if err := h.decodeStrict(w, r, &req); err != nil {
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
	items := make([]teamJSON, 0, len(ts))
	for _, t := range ts {
		items = append(items, toTeamJSON(t))
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": items})
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
	out := make([]memberJSON, 0, len(members))
	for _, m := range members {
		out = append(out, toMemberJSON(m))
	}
	writeJSON(w, http.StatusOK, struct {
		teamJSON
		Members []memberJSON `json:"members"`
	}{toTeamJSON(t), out})
}

// inviteRequest's role is the one field of a body that sets a role, and Invite authorises it.
type inviteRequest struct {
	Email string `json:"email"`
	Role  string `json:"role"`
}

func (h *handler) inviteMember(w http.ResponseWriter, r *http.Request) {
	ids, err := pathIDs(r, "team", "id")
	if err != nil {
		writeError(w, r, err)
		return
	}
	var req inviteRequest
	if err := h.decodeStrict(w, r, &req); err != nil {
		writeError(w, r, err)
		return
	}
	if req.Role == "" {
		req.Role = string(teams.RoleMember)
	}
	m, err := h.teams.Invite(r.Context(), ids[0], principal(r.Context()).UserID, req.Email, teams.Role(req.Role))
	if err != nil {
		writeError(w, r, teamError(err, "team", "this user is already in the team"))
		return
	}
	writeJSON(w, http.StatusCreated, toMemberJSON(m))
}

type setRoleRequest struct {
	Role string `json:"role"`
}

func (h *handler) setMemberRole(w http.ResponseWriter, r *http.Request) {
	ids, err := pathIDs(r, "team member", "id", "user_id")
	if err != nil {
		writeError(w, r, err)
		return
	}
	var req setRoleRequest
	if err := h.decodeStrict(w, r, &req); err != nil {
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
