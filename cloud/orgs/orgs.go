package orgs

import (
	"context"
	"crypto/ed25519"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/cmdai/cmdai/cloud/pgstore"
	"github.com/cmdai/cmdai/cloud/secrets"
	"github.com/cmdai/cmdai/policy"
)

// DefaultApprovalTTL is how long an approval request stays usable after it is made: it must be decided
// and used before then.
const DefaultApprovalTTL = 24 * time.Hour

var (
	// ErrNoSuchUser is a member named by an email address no account has.
	ErrNoSuchUser = errors.New("no account has this email address")
	// ErrNoSuchOrg is an organisation named by an id or name that none has.
	ErrNoSuchOrg = errors.New("no organisation has this id or name")
)

// ValidationError is input the service refuses, naming the field at fault; Problems lists what is
// wrong with a policy, rule by rule.
type ValidationError struct {
	Field    string
	Message  string
	Problems []policy.Problem
}

func (e *ValidationError) Error() string { return e.Field + ": " + e.Message }

func invalid(field, format string, args ...any) error {
	return &ValidationError{Field: field, Message: fmt.Sprintf(format, args...)}
}

// DB is what the Service needs from PostgreSQL: queries and transactions (a *pgxpool.Pool).
type DB interface {
	pgstore.Querier
	Begin(ctx context.Context) (pgx.Tx, error)
	BeginTx(ctx context.Context, opts pgx.TxOptions) (pgx.Tx, error)
}

// Service runs organisation operations. Authorisation is the caller's (Authorize): the API checks the
// caller's role, server administration needs none. Use it through a pointer: it caches the signing key
// and each organisation's compiled policies.
type Service struct {
	DB DB
	// Key signs policy bundles. Nil: the key stored in the database, generated at first use, so that
	// every replica signs with the same key.
	Key ed25519.PrivateKey
	// Keyring seals the stored key's seed in the database. Nil: the keyring of the process's environment
	// (secrets.KeyringFromEnv) when one is configured; with none the seed is stored as it is.
	Keyring *secrets.Keyring
	// ApprovalTTL is how long an approval request stays usable; zero means DefaultApprovalTTL.
	ApprovalTTL time.Duration

	keyMu sync.Mutex
	key   ed25519.PrivateKey

	setsMu sync.Mutex
	sets   map[string]*policy.Set // by organisation id; each set knows its bundle's version
}

// Create makes an organisation whose owner (an existing account) is its first admin. A name taken is
// pgstore.ErrConflict.
func (s *Service) Create(ctx context.Context, name, ownerEmail string, features []string) (pgstore.Org, error) {
	name = strings.TrimSpace(name)
	if name == "" || len(name) > 100 {
		return pgstore.Org{}, invalid("name", "an organisation's name is 1 to 100 bytes")
	}
	var out pgstore.Org
	err := pgx.BeginFunc(ctx, s.DB, func(tx pgx.Tx) error {
		owner, err := userByEmail(ctx, tx, ownerEmail)
		if err != nil {
			return err
		}
		if out, err = pgstore.CreateOrg(ctx, tx, name, features); err != nil {
			return fmt.Errorf("create organisation: %w", err)
		}
		if err := pgstore.SetOrgMember(ctx, tx, out.ID, owner.ID, string(RoleAdmin)); err != nil {
			return fmt.Errorf("add owner: %w", err)
		}
		return nil
	})
	return out, err
}

func userByEmail(ctx context.Context, q pgstore.Querier, email string) (pgstore.User, error) {
	u, err := pgstore.UserByEmail(ctx, q, strings.ToLower(strings.TrimSpace(email)))
	if errors.Is(err, pgstore.ErrNotFound) {
		return pgstore.User{}, fmt.Errorf("%s: %w", email, ErrNoSuchUser)
	}
	return u, err
}

// Find returns the organisation with this id, or else this name (compared without case).
func (s *Service) Find(ctx context.Context, ref string) (pgstore.Org, error) {
	if pgstore.IsUUID(ref) {
		o, err := pgstore.OrgByID(ctx, s.DB, ref)
		if !errors.Is(err, pgstore.ErrNotFound) {
			return o, err
		}
	}
	o, err := pgstore.OrgByName(ctx, s.DB, ref)
	if errors.Is(err, pgstore.ErrNotFound) {
		return pgstore.Org{}, fmt.Errorf("%q: %w", ref, ErrNoSuchOrg)
	}
	return o, err
}

// SetMember makes the account with this email a member with the role, or changes the role of a member.
func (s *Service) SetMember(ctx context.Context, orgID, email string, role Role) (pgstore.User, error) {
	if _, err := ParseRole(string(role)); err != nil {
		return pgstore.User{}, invalid("role", "%v", err)
	}
	u, err := userByEmail(ctx, s.DB, email)
	if err != nil {
		return pgstore.User{}, err
	}
	if err := pgstore.SetOrgMember(ctx, s.DB, orgID, u.ID, string(role)); err != nil {
		return pgstore.User{}, fmt.Errorf("add member: %w", err)
	}
	return u, nil
}
