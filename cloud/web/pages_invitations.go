//go:build !noweb

package web

import (
	"net/http"
	"net/url"
	"time"
)

// invitation is an invitation as the API answers it.
type invitation struct {
	ID             string    `json:"id"`
	TeamID         string    `json:"team_id"`
	TeamName       string    `json:"team_name"`
	Email          string    `json:"email"`
	Role           string    `json:"role"`
	Status         string    `json:"status"`
	InvitedByEmail string    `json:"invited_by_email"`
	CreatedAt      time.Time `json:"created_at"`
	ExpiresAt      time.Time `json:"expires_at"`
}

// myInvitations are the invitations waiting for the signed-in person.
func (s *session) myInvitations() ([]invitation, error) {
	var out struct {
		Items []invitation `json:"items"`
	}
	err := s.call("GET", "/api/v1/invitations", nil, &out)
	return out.Items, err
}

func (h *Handler) invitationsPage(s *session) {
	var me struct {
		Email string `json:"email"`
	}
	if err := s.call("GET", "/api/v1/auth/me", nil, &me); err != nil {
		s.problem(err)
		return
	}
	items, err := s.myInvitations()
	if err != nil {
		s.problem(err)
		return
	}
	s.render("invitations", view{Title: "Invitations", Nav: "invitations", Email: me.Email, Notice: s.notice(),
		Data: map[string]any{"Items": items, "Me": me.Email}})
}

// answerInvitation accepts or declines one of the person's invitations: accepted, it opens the team.
func (h *Handler) answerInvitation(s *session) {
	id, answer := s.r.PathValue("iid"), s.r.PathValue("answer")
	if answer != "accept" && answer != "decline" {
		s.h.fail(s.w, s.r, http.StatusNotFound, "Invitations are accepted or declined.")
		return
	}
	var team struct {
		ID string `json:"id"`
	}
	if err := s.call("POST", "/api/v1/invitations/"+url.PathEscape(id)+"/"+answer, nil, &team); err != nil {
		if ae, ok := err.(*apiError); ok && ae.Status == http.StatusConflict {
			s.back("/invitations", "closed")
			return
		}
		s.problem(err)
		return
	}
	if answer == "accept" && team.ID != "" {
		s.back("/teams/"+url.PathEscape(team.ID), "joined")
		return
	}
	s.back("/invitations", "declined")
}

// inviteMember makes a pending invitation from the team page's form.
func (h *Handler) inviteMember(s *session) {
	id := s.r.PathValue("id")
	body := map[string]string{"email": s.r.PostFormValue("email"), "role": s.r.PostFormValue("role")}
	if err := s.call("POST", "/api/v1/teams/"+url.PathEscape(id)+"/invitations", body, nil); err != nil {
		if ae, ok := err.(*apiError); ok && ae.Status < 500 && ae.Status != http.StatusNotFound {
			h.showTeam(s, "Could not invite "+body["email"]+": "+ae.Message)
			return
		}
		s.problem(err)
		return
	}
	s.back("/teams/"+url.PathEscape(id), "invited")
}

// revokeInvitation withdraws a pending invitation from the team page.
func (h *Handler) revokeInvitation(s *session) {
	id, iid := s.r.PathValue("id"), s.r.PathValue("iid")
	if err := s.call("DELETE", "/api/v1/teams/"+url.PathEscape(id)+"/invitations/"+url.PathEscape(iid), nil, nil); err != nil {
		s.problem(err)
		return
	}
	s.back("/teams/"+url.PathEscape(id), "revoked")
}

// teamInvitations are the team's pending invitations, for the owners and admins who see them.
func (s *session) teamInvitations(teamID string) ([]invitation, error) {
	var out struct {
		Items []invitation `json:"items"`
	}
	err := s.call("GET", "/api/v1/teams/"+url.PathEscape(teamID)+"/invitations", nil, &out)
	return out.Items, err
}
