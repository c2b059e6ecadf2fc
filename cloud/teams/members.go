package teams

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/cmdai/cmdai/cloud/auth"
	"github.com/cmdai/cmdai/cloud/pgstore"
)

// Invite adds the account with this email to the team. Owners and admins invite; the role is member or
// admin, and only an owner grants admin. Someone already in the team is pgstore.ErrConflict.
func (s *Service) Invite(ctx context.Context, teamID, actorID, email string, role Role) (pgstore.Member, error) {
	actorRole, err := Authorize(ctx, s.DB, teamID, actorID, RoleOwner, RoleAdmin)
	if err != nil {
		return pgstore.Member{}, err
	}
	switch {
	case role != RoleMember && role != RoleAdmin:
		return pgstore.Member{}, invalid("role", "role is member or admin (ownership is given by changing a member's role)")
	case role == RoleAdmin && actorRole != RoleOwner:
		return pgstore.Member{}, fmt.Errorf("%w: only an owner makes admins", ErrForbidden)
	}
	email, err = auth.NormalizeEmail(email)
	if err != nil {
		return pgstore.Member{}, invalid("email", "email is not a valid address")
	}
	u, err := pgstore.UserByEmail(ctx, s.DB, email)
	if errors.Is(err, pgstore.ErrNotFound) {
		return pgstore.Member{}, ErrNoSuchUser
	}
	if err != nil {
		return pgstore.Member{}, fmt.Errorf("find invitee: %w", err)
	}
	m, err := pgstore.AddMember(ctx, s.DB, teamID, u.ID, string(role), &actorID)
	if err != nil {
		return pgstore.Member{}, fmt.Errorf("add member: %w", err)
	}
	return m, nil
}

// Remove takes a user out of the team. Anyone may leave; an owner removes anyone, an admin removes
// members; nobody removes the last owner.
func (s *Service) Remove(ctx context.Context, teamID, actorID, userID string) error {
	return pgx.BeginFunc(ctx, s.DB, func(tx pgx.Tx) error {
		actorRole, err := Authorize(ctx, tx, teamID, actorID)
		if err != nil {
			return err
		}
		// The lock makes concurrent removals of two owners run one after the other, so the second sees
		// that only one owner is left.
		if err := pgstore.LockTeam(ctx, tx, teamID); err != nil {
			return fmt.Errorf("lock team: %w", err)
		}
		targetRole, err := pgstore.MemberRole(ctx, tx, teamID, userID)
		if err != nil {
			return fmt.Errorf("find member: %w", err)
		}
		if userID != actorID {
			switch actorRole {
			case RoleOwner:
			case RoleAdmin:
				if Role(targetRole) != RoleMember {
					return fmt.Errorf("%w: an admin removes members only", ErrForbidden)
				}
			default:
				return fmt.Errorf("%w: a member may only leave", ErrForbidden)
			}
		}
		if err := keepAnOwner(ctx, tx, teamID, Role(targetRole)); err != nil {
			return err
		}
		if err := pgstore.RemoveMember(ctx, tx, teamID, userID); err != nil {
			return fmt.Errorf("remove member: %w", err)
		}
		return nil
	})
}

// SetRole changes a member's role; only owners do it, and the last owner cannot step down.
func (s *Service) SetRole(ctx context.Context, teamID, actorID, userID string, role Role) (pgstore.Member, error) {
	if role != RoleOwner && role != RoleAdmin && role != RoleMember {
		return pgstore.Member{}, invalid("role", "role is owner, admin or member")
	}
	var m pgstore.Member
	err := pgx.BeginFunc(ctx, s.DB, func(tx pgx.Tx) error {
		if _, err := Authorize(ctx, tx, teamID, actorID, RoleOwner); err != nil {
			return err
		}
		if err := pgstore.LockTeam(ctx, tx, teamID); err != nil {
			return fmt.Errorf("lock team: %w", err)
		}
		current, err := pgstore.MemberRole(ctx, tx, teamID, userID)
		if err != nil {
			return fmt.Errorf("find member: %w", err)
		}
		if role != RoleOwner {
			if err := keepAnOwner(ctx, tx, teamID, Role(current)); err != nil {
				return err
			}
		}
		m, err = pgstore.SetMemberRole(ctx, tx, teamID, userID, string(role))
		if err != nil {
			return fmt.Errorf("set role: %w", err)
		}
		return nil
	})
	return m, err
}

// keepAnOwner refuses to take away a member of role losing when that member is the team's only owner.
// The caller holds the team's lock.
func keepAnOwner(ctx context.Context, q pgstore.Querier, teamID string, losing Role) error {
	if losing != RoleOwner {
		return nil
	}
	n, err := pgstore.CountOwners(ctx, q, teamID)
	if err != nil {
		return fmt.Errorf("count owners: %w", err)
	}
	if n <= 1 {
		return ErrLastOwner
	}
	return nil
}
