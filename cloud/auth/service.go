package auth

import (
	"context"
	"errors"
	"fmt"
	"net/mail"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/cmdai/cmdai/cloud/pgstore"
)

var (
	// ErrInvalidCredentials is a failed login; it does not say whether the email exists.
	ErrInvalidCredentials = errors.New("invalid email or password")
	// ErrInvalidEmail is an email address that cannot be an account's.
	ErrInvalidEmail = errors.New("invalid email address")
	// ErrTokenReused is a refresh token presented a second time: the whole session is revoked.
	ErrTokenReused = errors.New("refresh token reused: session revoked")
)

// DB is what the Service needs from PostgreSQL: queries and transactions (a *pgxpool.Pool).
type DB interface {
	pgstore.Querier
	Begin(ctx context.Context) (pgx.Tx, error)
}

// Service signs users up and in, rotates refresh tokens and resolves bearer credentials.
type Service struct {
	DB     DB
	Tokens Tokens
	Argon2 Argon2Params

	keyUses keyUses
}

// Session is what signup, login and refresh hand back.
type Session struct {
	User             pgstore.User
	AccessToken      string
	AccessExpiresAt  time.Time
	RefreshToken     string
	RefreshExpiresAt time.Time
}

// NormalizeEmail lowercases and checks an email address.
func NormalizeEmail(email string) (string, error) {
	email = strings.ToLower(strings.TrimSpace(email))
	addr, err := mail.ParseAddress(email)
	if err != nil || addr.Address != email || len(email) > 254 {
		return "", ErrInvalidEmail
	}
	return email, nil
}

// Signup creates an account on the free plan and opens its first session.
func (s *Service) Signup(ctx context.Context, email, password, displayName string) (Session, error) {
	email, err := NormalizeEmail(email)
	if err != nil {
		return Session{}, err
	}
	if err := CheckPassword(password, email); err != nil {
		return Session{}, err
	}
	hash, err := HashPassword(password, s.Argon2)
	if err != nil {
		return Session{}, err
	}
	var sess Session
	err = pgx.BeginFunc(ctx, s.DB, func(tx pgx.Tx) error {
		u, err := pgstore.CreateUser(ctx, tx, email, hash, strings.TrimSpace(displayName))
		if err != nil {
			return fmt.Errorf("create user: %w", err)
		}
		sess, err = s.openSession(ctx, tx, u, "", "")
		return err
	})
	return sess, err
}

// Login checks a password and opens a new session.
func (s *Service) Login(ctx context.Context, email, password string) (Session, error) {
	email, err := NormalizeEmail(email)
	if err != nil {
		return Session{}, ErrInvalidCredentials
	}
	u, err := pgstore.UserByEmail(ctx, s.DB, email)
	if errors.Is(err, pgstore.ErrNotFound) {
		// Spend the same time as a real check so that timing does not reveal which emails exist.
		_, _ = VerifyPassword(password, s.dummyHash())
		return Session{}, ErrInvalidCredentials
	}
	if err != nil {
		return Session{}, fmt.Errorf("find user: %w", err)
	}
	ok, err := VerifyPassword(password, u.PasswordHash)
	if err != nil {
		return Session{}, fmt.Errorf("verify password: %w", err)
	}
	if !ok {
		return Session{}, ErrInvalidCredentials
	}
	var sess Session
	err = pgx.BeginFunc(ctx, s.DB, func(tx pgx.Tx) error {
		sess, err = s.openSession(ctx, tx, u, "", "")
		return err
	})
	return sess, err
}

func (s *Service) dummyHash() string {
	p := s.Argon2
	return fmt.Sprintf("$argon2id$v=19$m=%d,t=%d,p=%d$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
		p.MemoryKiB, p.Iterations, p.Parallelism)
}

// Refresh spends a refresh token and returns a new pair in the same session. A token spent before, or of a
// revoked session, revokes the whole session and is ErrTokenReused: whoever holds the other copy, the
// attacker or the user, has to log in again.
func (s *Service) Refresh(ctx context.Context, refreshToken string) (Session, error) {
	var (
		sess   Session
		reused bool
	)
	err := pgx.BeginFunc(ctx, s.DB, func(tx pgx.Tx) error {
		old, err := pgstore.RefreshTokenForUpdate(ctx, tx, hashToken(refreshToken))
		if errors.Is(err, pgstore.ErrNotFound) {
			return fmt.Errorf("%w: unknown refresh token", ErrInvalidToken)
		}
		if err != nil {
			return fmt.Errorf("find refresh token: %w", err)
		}
		if old.UsedAt != nil || old.RevokedAt != nil {
			reused = true
			return pgstore.RevokeRefreshFamily(ctx, tx, old.FamilyID) // committed: the revocation must stick
		}
		if !old.ExpiresAt.After(s.Tokens.now()) {
			return fmt.Errorf("%w: refresh token expired", ErrInvalidToken)
		}
		if err := pgstore.MarkRefreshTokenUsed(ctx, tx, old.ID); err != nil {
			return fmt.Errorf("spend refresh token: %w", err)
		}
		u, err := pgstore.UserByID(ctx, tx, old.UserID)
		if err != nil {
			return fmt.Errorf("%w: account gone: %w", ErrInvalidToken, err)
		}
		sess, err = s.openSession(ctx, tx, u, old.FamilyID, old.ID)
		return err
	})
	if err != nil {
		return Session{}, err
	}
	if reused {
		return Session{}, ErrTokenReused
	}
	return sess, nil
}

// Logout ends the caller's session: its refresh tokens, and with them its access tokens.
func (s *Service) Logout(ctx context.Context, p Principal) error {
	if p.SessionID == "" {
		return nil // an API key has no session; revoke the key instead
	}
	return pgstore.RevokeRefreshFamily(ctx, s.DB, p.SessionID)
}

// openSession issues a refresh token in family (a new family when empty) and an access token bound to it.
func (s *Service) openSession(ctx context.Context, q pgstore.Querier, u pgstore.User, family, parent string) (Session, error) {
	refresh, err := randomToken("cmdair_")
	if err != nil {
		return Session{}, err
	}
	rt, err := pgstore.CreateRefreshToken(ctx, q, u.ID, family, parent, hashToken(refresh), s.Tokens.now().Add(RefreshTTL))
	if err != nil {
		return Session{}, fmt.Errorf("store refresh token: %w", err)
	}
	access, exp, err := s.Tokens.IssueAccess(u.ID, rt.FamilyID)
	if err != nil {
		return Session{}, err
	}
	return Session{User: u, AccessToken: access, AccessExpiresAt: exp, RefreshToken: refresh, RefreshExpiresAt: rt.ExpiresAt}, nil
}

// Principal is who a request acts for, and with which rights.
type Principal struct {
	UserID    string
	SessionID string   // set for access tokens
	APIKeyID  string   // set for API keys
	Scopes    []string // an API key's scopes; a session has every scope
}

// Can reports whether the principal holds scope.
func (p Principal) Can(scope string) bool {
	return p.APIKeyID == "" || slices.Contains(p.Scopes, scope)
}

// Authenticate resolves a bearer credential: an API key (cmdai_…) or a JWT access token whose session is
// still open.
func (s *Service) Authenticate(ctx context.Context, bearer string) (Principal, error) {
	if strings.HasPrefix(bearer, APIKeyPrefix) {
		return s.authenticateAPIKey(ctx, bearer)
	}
	claims, err := s.Tokens.ParseAccess(bearer)
	if err != nil {
		return Principal{}, err
	}
	active, err := pgstore.RefreshFamilyActive(ctx, s.DB, claims.SessionID)
	if err != nil {
		return Principal{}, fmt.Errorf("check session: %w", err)
	}
	if !active {
		return Principal{}, fmt.Errorf("%w: session ended", ErrInvalidToken)
	}
	return Principal{UserID: claims.Subject, SessionID: claims.SessionID}, nil
}
