package pgstore

import (
	"context"
	"time"
)

// Invitation is an invitation to join a team, made out to an email address.
type Invitation struct {
	ID             string
	TeamID         string
	TeamName       string
	TeamSlug       string
	Email          string
	Role           string
	Status         string // pending, accepted, declined or revoked
	InvitedBy      *string
	InvitedByEmail string // "" once the inviter's account is gone
	CreatedAt      time.Time
	ExpiresAt      time.Time
	AnsweredAt     *time.Time
	// Expired is a pending invitation past its expiry, by the database's clock.
	Expired bool
}

const (
	invitationColumns = `i.id, i.team_id, t.name, t.slug, i.email, i.role, i.status, i.invited_by,
		coalesce(inviter.email, ''), i.created_at, i.expires_at, i.answered_at,
		i.status = 'pending' AND i.expires_at <= now()`
	invitationJoins = ` JOIN teams t ON t.id = i.team_id LEFT JOIN users inviter ON inviter.id = i.invited_by`
)

func scanInvitation(row interface{ Scan(...any) error }) (Invitation, error) {
	var v Invitation
	err := row.Scan(&v.ID, &v.TeamID, &v.TeamName, &v.TeamSlug, &v.Email, &v.Role, &v.Status, &v.InvitedBy,
		&v.InvitedByEmail, &v.CreatedAt, &v.ExpiresAt, &v.AnsweredAt, &v.Expired)
	return v, mapErr(err)
}

func collectInvitations(ctx context.Context, q Querier, sql string, args ...any) ([]Invitation, error) {
	rows, err := q.Query(ctx, sql, args...)
	if err != nil {
		return nil, mapErr(err)
	}
	defer rows.Close()
	out := []Invitation{}
	for rows.Next() {
		v, err := scanInvitation(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, mapErr(rows.Err())
}

// PutInvitation makes the team's pending invitation for email, or renews the one already pending (its
// role, inviter and expiry), so that inviting an address twice leaves one invitation. It expires ttl
// from now; email is normalised (lower case) by the caller.
func PutInvitation(ctx context.Context, q Querier, teamID, email, role, invitedBy string, ttl time.Duration) (Invitation, error) {
	return scanInvitation(q.QueryRow(ctx,
		`WITH i AS (
		     INSERT INTO team_invitations (team_id, email, role, invited_by, expires_at)
		     VALUES ($1, $2, $3, $4, now() + make_interval(secs => $5))
		     ON CONFLICT (team_id, email) WHERE status = 'pending'
		     DO UPDATE SET role = EXCLUDED.role, invited_by = EXCLUDED.invited_by, expires_at = EXCLUDED.expires_at
		     RETURNING *)
		 SELECT `+invitationColumns+` FROM i`+invitationJoins,
		teamID, email, role, invitedBy, ttl.Seconds()))
}

// IsMemberByEmail reports whether the account with this (normalised) email is in the team.
func IsMemberByEmail(ctx context.Context, q Querier, teamID, email string) (bool, error) {
	var in bool
	err := q.QueryRow(ctx,
		`SELECT EXISTS (SELECT 1 FROM team_members m JOIN users u ON u.id = m.user_id
		                WHERE m.team_id = $1 AND u.email = $2)`, teamID, email).Scan(&in)
	return in, mapErr(err)
}

// TeamInvitations returns the team's pending invitations, expired ones included, newest first.
func TeamInvitations(ctx context.Context, q Querier, teamID string) ([]Invitation, error) {
	return collectInvitations(ctx, q,
		`SELECT `+invitationColumns+` FROM team_invitations i`+invitationJoins+`
		 WHERE i.team_id = $1 AND i.status = 'pending' ORDER BY i.created_at DESC, i.id`, teamID)
}

// UserInvitations returns the pending invitations that have not expired made out to the user's email
// address, whenever they were made: before the account existed too.
func UserInvitations(ctx context.Context, q Querier, userID string) ([]Invitation, error) {
	return collectInvitations(ctx, q,
		`SELECT `+invitationColumns+` FROM team_invitations i`+invitationJoins+`
		 JOIN users me ON me.id = $1 AND lower(me.email) = i.email
		 WHERE i.status = 'pending' AND i.expires_at > now() ORDER BY i.created_at DESC, i.id`, userID)
}

// LockUserInvitation returns the invitation with this id when it is made out to the user's email
// address, locked until the transaction ends; anyone else's is ErrNotFound.
func LockUserInvitation(ctx context.Context, q Querier, id, userID string) (Invitation, error) {
	return scanInvitation(q.QueryRow(ctx,
		`SELECT `+invitationColumns+` FROM team_invitations i`+invitationJoins+`
		 JOIN users me ON me.id = $2 AND lower(me.email) = i.email
		 WHERE i.id = $1 FOR UPDATE OF i`, id, userID))
}

// AnswerInvitation closes a pending invitation with status (accepted, declined or revoked), recording
// who answered; an invitation of another team, or one no longer pending, is ErrNotFound.
func AnswerInvitation(ctx context.Context, q Querier, teamID, id, status, by string) error {
	tag, err := q.Exec(ctx,
		`UPDATE team_invitations SET status = $3, answered_by = $4, answered_at = now()
		 WHERE team_id = $1 AND id = $2 AND status = 'pending'`, teamID, id, status, by)
	if err != nil {
		return mapErr(err)
	}
	if tag.RowsAffected() == 0 {
		return ErrNotFound
	}
	return nil
}
