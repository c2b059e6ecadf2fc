package teams

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/cmdai/cmdai/cloud/pgstore"
)

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
