// Package teams is the cloud API's team logic: who may do what in a team (one Authorize for every team
// route), invitations that the invited person accepts or declines, membership changes that never leave a
// team without an owner, and shared patterns with their ${name} parameters, tags and server-side risk.
package teams

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/cmdai/cmdai/cloud/pgstore"
)

// Role is a member's standing in a team.
type Role string

// The roles, from most to least powerful.
const (
	RoleOwner  Role = "owner"
	RoleAdmin  Role = "admin"
	RoleMember Role = "member"
)

var (
	// ErrForbidden is a member asking for something their role does not allow. Someone outside the team
	// gets pgstore.ErrNotFound instead, as for a team that does not exist.
	ErrForbidden = errors.New("your role in this team does not allow this")
	// ErrLastOwner is a change that would leave a team without an owner.
	ErrLastOwner = errors.New("a team keeps at least one owner: make another member owner first")
	// ErrInvitationClosed is an answer to an invitation that was already accepted, declined or revoked.
	ErrInvitationClosed = errors.New("this invitation was already accepted, declined or revoked")
	// ErrInvitationExpired is an acceptance after the invitation's expiry.
	ErrInvitationExpired = errors.New("this invitation has expired: ask a team owner or admin to invite you again")
)

// ValidationError is input the service refuses, naming the field at fault.
type ValidationError struct {
	Field   string
	Message string
}

func (e *ValidationError) Error() string { return e.Field + ": " + e.Message }

func invalid(field, format string, args ...any) error {
	return &ValidationError{Field: field, Message: fmt.Sprintf(format, args...)}
}

// DB is what the Service needs from PostgreSQL: queries and transactions (a *pgxpool.Pool).
type DB interface {
	pgstore.Querier
	Begin(ctx context.Context) (pgx.Tx, error)
}

// Service runs team operations, each authorised and, where it writes more than once, in one transaction.
type Service struct {
	DB DB
}

// Authorize returns the user's role in the team when it is one of allowed (any role when allowed is
// empty). Every team route calls it before touching the team. A user outside the team gets
// pgstore.ErrNotFound, exactly as for a team that does not exist, so team ids cannot be probed; a member
// whose role is not allowed gets ErrForbidden.
func Authorize(ctx context.Context, q pgstore.Querier, teamID, userID string, allowed ...Role) (Role, error) {
	r, err := pgstore.MemberRole(ctx, q, teamID, userID)
	if err != nil {
		return "", fmt.Errorf("team membership: %w", err)
	}
	role := Role(r)
	if len(allowed) > 0 && !slices.Contains(allowed, role) {
		return role, ErrForbidden
	}
	return role, nil
}

var (
	slugPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{1,47}$`)
	nonSlug     = regexp.MustCompile(`[^a-z0-9]+`)
)

// Create makes a team whose creator is its first owner. An empty slug is made from the name plus a random
// suffix; a slug given and taken is pgstore.ErrConflict.
func (s *Service) Create(ctx context.Context, userID, name, slug string) (pgstore.TeamWithRole, error) {
	name = strings.TrimSpace(name)
	if name == "" || len(name) > 100 {
		return pgstore.TeamWithRole{}, invalid("name", "name is required (at most 100 bytes)")
	}
	if slug == "" {
		slug = slugFrom(name)
	} else if !slugPattern.MatchString(slug) {
		return pgstore.TeamWithRole{}, invalid("slug", "slug is 2 to 48 lowercase letters, digits and dashes, starting with a letter or digit")
	}
	var out pgstore.TeamWithRole
	err := pgx.BeginFunc(ctx, s.DB, func(tx pgx.Tx) error {
		t, err := pgstore.CreateTeam(ctx, tx, name, slug, userID)
		if err != nil {
			return fmt.Errorf("create team: %w", err)
		}
		if _, err := pgstore.AddMember(ctx, tx, t.ID, userID, string(RoleOwner), nil); err != nil {
			return fmt.Errorf("add owner: %w", err)
		}
		out = pgstore.TeamWithRole{Team: t, Role: string(RoleOwner)}
		return nil
	})
	return out, err
}

// slugFrom turns a name into a slug that is unique in practice: "Ops Team" → "ops-team-3f9a1c".
func slugFrom(name string) string {
	base := strings.Trim(nonSlug.ReplaceAllString(strings.ToLower(name), "-"), "-")
	if len(base) > 40 {
		base = strings.TrimRight(base[:40], "-")
	}
	b := make([]byte, 3)
	_, _ = rand.Read(b)
	if base == "" {
		return "team-" + hex.EncodeToString(b)
	}
	return base + "-" + hex.EncodeToString(b)
}

// Details returns the team, the caller's role and the members; only members see it.
func (s *Service) Details(ctx context.Context, teamID, userID string) (pgstore.TeamWithRole, []pgstore.Member, error) {
	role, err := Authorize(ctx, s.DB, teamID, userID)
	if err != nil {
		return pgstore.TeamWithRole{}, nil, err
	}
	t, err := pgstore.TeamByID(ctx, s.DB, teamID)
	if err != nil {
		return pgstore.TeamWithRole{}, nil, fmt.Errorf("load team: %w", err)
	}
	members, err := pgstore.Members(ctx, s.DB, teamID)
	if err != nil {
		return pgstore.TeamWithRole{}, nil, fmt.Errorf("load members: %w", err)
	}
	return pgstore.TeamWithRole{Team: t, Role: string(role)}, members, nil
}
