package apitype

import "time"

// Invitation is an invitation to join a team, made out to an email address. It reads the same whether
// or not an account has the address. Status is pending, expired (pending past ExpiresAt), accepted,
// declined or revoked.
type Invitation struct {
	ID             string    `json:"id"`
	TeamID         string    `json:"team_id"`
	TeamName       string    `json:"team_name"`
	TeamSlug       string    `json:"team_slug"`
	Email          string    `json:"email"`
	Role           string    `json:"role"`
	Status         string    `json:"status"`
	InvitedBy      *string   `json:"invited_by"`
	InvitedByEmail string    `json:"invited_by_email"`
	CreatedAt      time.Time `json:"created_at"`
	ExpiresAt      time.Time `json:"expires_at"`
}

// The states of an invitation.
const (
	InvitationPending  = "pending"
	InvitationExpired  = "expired"
	InvitationAccepted = "accepted"
	InvitationDeclined = "declined"
	InvitationRevoked  = "revoked"
)
