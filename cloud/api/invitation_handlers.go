package api

import (
	"net/http"

	"github.com/cmdai/cmdai/cloud/apitype"
	"github.com/cmdai/cmdai/cloud/auth"
	"github.com/cmdai/cmdai/cloud/pgstore"
	"github.com/cmdai/cmdai/cloud/teams"
)

// invitationRoutes are team invitations: an owner or admin invites an email address, and only the person
// with that address accepts or declines. Inviting answers 202 with the same body whether or not an
// account has the address, so that it tells nobody who has one.
func (h *handler) invitationRoutes() []route {
	r, alias, audited := newRoute, aliasRoute, auditedRoute
	const (
		team = "/api/v1/teams/{id}/invitations"
		mine = "/api/v1/invitations"
	)
	return []route{
		audited("team.invitation.create", "team_invitation", r("POST", team, AccessSession, h.invite)),
		audited("team.invitation.create", "team_invitation", alias("POST", "/api/v1/teams/{id}/members", AccessSession, h.invite, "POST "+team)),
		r("GET", team, auth.ScopeTeamsRead, h.teamInvitations),
		audited("team.invitation.revoke", "team_invitation", r("DELETE", team+"/{invitation_id}", AccessSession, h.revokeInvitation)),
		r("GET", mine, auth.ScopeTeamsRead, h.myInvitations),
		audited("team.invitation.accept", "team_invitation", r("POST", mine+"/{id}/accept", AccessSession, h.acceptInvitation)),
		audited("team.invitation.decline", "team_invitation", r("POST", mine+"/{id}/decline", AccessSession, h.declineInvitation)),
	}
}

func toInvitationJSON(v pgstore.Invitation) apitype.Invitation {
	status := v.Status
	if v.Expired {
		status = apitype.InvitationExpired
	}
	return apitype.Invitation{ID: v.ID, TeamID: v.TeamID, TeamName: v.TeamName, TeamSlug: v.TeamSlug, Email: v.Email,
		Role: v.Role, Status: status, InvitedBy: v.InvitedBy, InvitedByEmail: v.InvitedByEmail,
		CreatedAt: v.CreatedAt, ExpiresAt: v.ExpiresAt}
}

func toInvitationList(vs []pgstore.Invitation) apitype.List[apitype.Invitation] {
	out := apitype.List[apitype.Invitation]{Items: make([]apitype.Invitation, 0, len(vs))}
	for _, v := range vs {
		out.Items = append(out.Items, toInvitationJSON(v))
	}
	return out
}

// auditInvitation names the invitation a call acted on in its audit event, which goes to the chain of
// the team's organisation when it has one.
func (h *handler) auditInvitation(r *http.Request, v pgstore.Invitation) {
	if n := noteOf(r); n != nil {
		n.resourceID = v.ID
	}
	auditDetail(r, "team_id", v.TeamID)
	auditDetail(r, "role", v.Role)
	if org := h.teamOrg(r.Context(), v.TeamID, &bufferedWriter{}); org != "" {
		auditOrg(r, org)
	}
}

func (h *handler) invite(w http.ResponseWriter, r *http.Request) {
	ids, err := pathIDs(r, "team", "id")
	if err != nil {
		writeError(w, r, err)
		return
	}
	// The role is the one field of a body that sets a role, and Invite authorises it.
	var req apitype.InviteRequest
	if err := h.decode(w, r, &req); err != nil {
		writeError(w, r, err)
		return
	}
	if req.Role == "" {
		req.Role = string(teams.RoleMember)
	}
	auditEmail(r, req.Email)
	v, err := h.teams.Invite(r.Context(), ids[0], principal(r.Context()).UserID, req.Email, teams.Role(req.Role))
	if err != nil {
		writeError(w, r, teamError(err, "team", "this person is already in the team"))
		return
	}
	h.auditInvitation(r, v)
	writeJSON(w, http.StatusAccepted, toInvitationJSON(v))
}

func (h *handler) teamInvitations(w http.ResponseWriter, r *http.Request) {
	ids, err := pathIDs(r, "team", "id")
	if err != nil {
		writeError(w, r, err)
		return
	}
	vs, err := h.teams.Invitations(r.Context(), ids[0], principal(r.Context()).UserID)
	if err != nil {
		writeError(w, r, teamError(err, "team", ""))
		return
	}
	writeJSON(w, http.StatusOK, toInvitationList(vs))
}

func (h *handler) revokeInvitation(w http.ResponseWriter, r *http.Request) {
	ids, err := pathIDs(r, "invitation", "id", "invitation_id")
	if err != nil {
		writeError(w, r, err)
		return
	}
	if err := h.teams.Revoke(r.Context(), ids[0], principal(r.Context()).UserID, ids[1]); err != nil {
		writeError(w, r, teamError(err, "pending invitation", ""))
		return
	}
	if org := h.teamOrg(r.Context(), ids[0], &bufferedWriter{}); org != "" {
		auditOrg(r, org)
	}
	w.WriteHeader(http.StatusNoContent)
}

func (h *handler) myInvitations(w http.ResponseWriter, r *http.Request) {
	vs, err := h.teams.MyInvitations(r.Context(), principal(r.Context()).UserID)
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, toInvitationList(vs))
}

func (h *handler) acceptInvitation(w http.ResponseWriter, r *http.Request) {
	ids, err := pathIDs(r, "invitation", "id")
	if err != nil {
		writeError(w, r, err)
		return
	}
	t, v, err := h.teams.Accept(r.Context(), principal(r.Context()).UserID, ids[0])
	if err != nil {
		writeError(w, r, teamError(err, "invitation", "you are already in this team"))
		return
	}
	h.auditInvitation(r, v)
	writeJSON(w, http.StatusOK, toTeamJSON(t))
}

func (h *handler) declineInvitation(w http.ResponseWriter, r *http.Request) {
	ids, err := pathIDs(r, "invitation", "id")
	if err != nil {
		writeError(w, r, err)
		return
	}
	v, err := h.teams.Decline(r.Context(), principal(r.Context()).UserID, ids[0])
	if err != nil {
		writeError(w, r, teamError(err, "invitation", ""))
		return
	}
	h.auditInvitation(r, v)
	w.WriteHeader(http.StatusNoContent)
}
