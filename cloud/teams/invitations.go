package teams

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/cmdai/cmdai/cloud/auth"
	"github.com/cmdai/cmdai/cloud/pgstore"
)

// InvitationTTL is how long an invitation can be accepted.
const InvitationTTL = 14 * 24 * time.Hour

// Invite makes a pending invitation to the team for an email address, which the person with that
// address accepts or declines; inviting an address already invited renews that invitation. Owners and
// admins invite; the role is member or admin, and only an owner invites admins.
//
// Whether an account has the address makes no difference: the same queries run and the answer is the
// same, so an invitation tells the inviter nothing about who has an account. An address no account has
// is held until one signs up with it. Someone already in the team is pgstore.ErrConflict.
func (s *Service) Invite(ctx context.Context, teamID, actorID, email string, role Role) (pgstore.Invitation, error) {
	actorRole, err := Authorize(ctx, s.DB, teamID, actorID, RoleOwner, RoleAdmin)
	if err != nil {
		return pgstore.Invitation{}, err
	}
	switch {
	case role != RoleMember && role != RoleAdmin:
		return pgstore.Invitation{}, invalid("role", "role is member or admin (ownership is given by changing a member's role)")
	case role == RoleAdmin && actorRole != RoleOwner:
		return pgstore.Invitation{}, fmt.Errorf("%w: only an owner makes admins", ErrForbidden)
	}
	email, err = auth.NormalizeEmail(email)
	if err != nil {
		return pgstore.Invitation{}, invalid("email", "email is not a valid address")
	}
	var inv pgstore.Invitation
	err = pgx.BeginFunc(ctx, s.DB, func(tx pgx.Tx) error {
		// Members are listed to the team anyway, so saying that one is already in it reveals nothing.
		in, err := pgstore.IsMemberByEmail(ctx, tx, teamID, email)
		if err != nil {
			return fmt.Errorf("check membership: %w", err)
		}
		if in {
			return fmt.Errorf("%s is already in the team: %w", email, pgstore.ErrConflict)
		}
		inv, err = pgstore.PutInvitation(ctx, tx, teamID, email, string(role), actorID, InvitationTTL)
		if err != nil {
			return fmt.Errorf("invite: %w", err)
		}
		return nil
	})
	return inv, err
}

// Invitations returns the team's pending invitations, expired ones included; owners and admins only.
func (s *Service) Invitations(ctx context.Context, teamID, actorID string) ([]pgstore.Invitation, error) {
	if _, err := Authorize(ctx, s.DB, teamID, actorID, RoleOwner, RoleAdmin); err != nil {
		return nil, err
	}
	out, err := pgstore.TeamInvitations(ctx, s.DB, teamID)
	if err != nil {
		return nil, fmt.Errorf("list invitations: %w", err)
	}
	return out, nil
}

// Revoke withdraws a pending invitation of the team; owners and admins only. One that is not pending
// (or of another team) is pgstore.ErrNotFound.
func (s *Service) Revoke(ctx context.Context, teamID, actorID, invitationID string) error {
	if _, err := Authorize(ctx, s.DB, teamID, actorID, RoleOwner, RoleAdmin); err != nil {
		return err
	}
	if err := pgstore.AnswerInvitation(ctx, s.DB, teamID, invitationID, "revoked", actorID); err != nil {
		return fmt.Errorf("revoke invitation: %w", err)
	}
	return nil
}

// MyInvitations returns the pending invitations made out to the user's email address that can still be
// accepted.
func (s *Service) MyInvitations(ctx context.Context, userID string) ([]pgstore.Invitation, error) {
	out, err := pgstore.UserInvitations(ctx, s.DB, userID)
	if err != nil {
		return nil, fmt.Errorf("list invitations: %w", err)
	}
	return out, nil
}

// Accept makes the user a member of the invitation's team with the invited role. An invitation made out
// to another address is pgstore.ErrNotFound, as one that does not exist; one already answered is
// ErrInvitationClosed, an expired one ErrInvitationExpired, and a user already in the team
// pgstore.ErrConflict.
func (s *Service) Accept(ctx context.Context, userID, invitationID string) (pgstore.TeamWithRole, pgstore.Invitation, error) {
	var (
		out pgstore.TeamWithRole
		inv pgstore.Invitation
	)
	err := pgx.BeginFunc(ctx, s.DB, func(tx pgx.Tx) error {
		var err error
		if inv, err = openInvitation(ctx, tx, userID, invitationID); err != nil {
			return err
		}
		if inv.Expired {
			return ErrInvitationExpired
		}
		if _, err := pgstore.AddMember(ctx, tx, inv.TeamID, userID, inv.Role, inv.InvitedBy); err != nil {
			if errors.Is(err, pgstore.ErrConflict) {
				return fmt.Errorf("you are already in team %s: %w", inv.TeamName, pgstore.ErrConflict)
			}
			return fmt.Errorf("join team: %w", err)
		}
		if err := pgstore.AnswerInvitation(ctx, tx, inv.TeamID, inv.ID, "accepted", userID); err != nil {
			return fmt.Errorf("accept invitation: %w", err)
		}
		t, err := pgstore.TeamByID(ctx, tx, inv.TeamID)
		if err != nil {
			return fmt.Errorf("load team: %w", err)
		}
		out = pgstore.TeamWithRole{Team: t, Role: inv.Role}
		return nil
	})
	return out, inv, err
}

// Decline turns down an invitation made out to the user's address (an expired one too); the errors are
// Accept's.
func (s *Service) Decline(ctx context.Context, userID, invitationID string) (pgstore.Invitation, error) {
	var inv pgstore.Invitation
	err := pgx.BeginFunc(ctx, s.DB, func(tx pgx.Tx) error {
		var err error
		if inv, err = openInvitation(ctx, tx, userID, invitationID); err != nil {
			return err
		}
		if err := pgstore.AnswerInvitation(ctx, tx, inv.TeamID, inv.ID, "declined", userID); err != nil {
			return fmt.Errorf("decline invitation: %w", err)
		}
		return nil
	})
	return inv, err
}

// openInvitation locks the user's invitation and checks that it is still pending.
func openInvitation(ctx context.Context, tx pgx.Tx, userID, invitationID string) (pgstore.Invitation, error) {
	inv, err := pgstore.LockUserInvitation(ctx, tx, invitationID, userID)
	if err != nil {
		return pgstore.Invitation{}, fmt.Errorf("find invitation: %w", err)
	}
	if inv.Status != "pending" {
		return pgstore.Invitation{}, ErrInvitationClosed
	}
	return inv, nil
}
