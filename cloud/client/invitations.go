package client

import (
	"context"
	"net/http"
	"net/url"

	"github.com/cmdai/cmdai/cloud/apitype"
)

// Invite invites an email address to the team with role ("" is member); the invitation is pending until
// the person with that address accepts it.
func (c *Client) Invite(ctx context.Context, teamID, email, role string) (apitype.Invitation, error) {
	var out apitype.Invitation
	err := c.do(ctx, http.MethodPost, "/api/v1/teams/"+url.PathEscape(teamID)+"/invitations",
		apitype.InviteRequest{Email: email, Role: role}, &out, true)
	return out, err
}

// TeamInvitations lists the team's pending invitations (an owner's or admin's view).
func (c *Client) TeamInvitations(ctx context.Context, teamID string) ([]apitype.Invitation, error) {
	var out apitype.List[apitype.Invitation]
	err := c.do(ctx, http.MethodGet, "/api/v1/teams/"+url.PathEscape(teamID)+"/invitations", nil, &out, true)
	return out.Items, err
}

// RevokeInvitation withdraws a pending invitation of the team.
func (c *Client) RevokeInvitation(ctx context.Context, teamID, invitationID string) error {
	return c.do(ctx, http.MethodDelete, "/api/v1/teams/"+url.PathEscape(teamID)+"/invitations/"+url.PathEscape(invitationID), nil, nil, true)
}

// Invitations lists the account's own pending invitations.
func (c *Client) Invitations(ctx context.Context) ([]apitype.Invitation, error) {
	var out apitype.List[apitype.Invitation]
	err := c.do(ctx, http.MethodGet, "/api/v1/invitations", nil, &out, true)
	return out.Items, err
}

// AcceptInvitation accepts one of the account's invitations and returns the team joined.
func (c *Client) AcceptInvitation(ctx context.Context, invitationID string) (apitype.Team, error) {
	var out apitype.Team
	err := c.do(ctx, http.MethodPost, "/api/v1/invitations/"+url.PathEscape(invitationID)+"/accept", nil, &out, true)
	return out, err
}

// DeclineInvitation declines one of the account's invitations.
func (c *Client) DeclineInvitation(ctx context.Context, invitationID string) error {
	return c.do(ctx, http.MethodPost, "/api/v1/invitations/"+url.PathEscape(invitationID)+"/decline", nil, nil, true)
}
