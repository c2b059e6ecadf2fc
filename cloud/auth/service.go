package auth

import (
	"context"
	"errors"
	"fmt"
	"net/mail"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/redis/go-redis/v9"

	"github.com/cmdai/cmdai/cloud/pgstore"
	"github.com/cmdai/cmdai/cloud/secrets"
)

var (
	// ErrInvalidCredentials is a failed login; it does not say whether the email exists.
	ErrInvalidCredentials = errors.New("invalid email or password")
	// ErrInvalidEmail is an email address that cannot be an account's.
	ErrInvalidEmail = errors.New("invalid email address")
	// ErrTokenReused is a refresh token presented a second time: the whole session is revoked.
	ErrTokenReused = errors.New("refresh token reused: session revoked")
	// ErrSSORequired is a password login by a member of an organisation that allows only single sign-on.
	ErrSSORequired = errors.New("your organisation requires single sign-on: log in with 'cmdai auth login --sso ORG'")
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
	// Throttle counts failed attempts per account and address; nil: none are counted.
	Throttle *Throttle
	// Hashes caps the argon2 hashes running at once; nil: DefaultHashMemoryBudgetMiB worth of them.
	Hashes *HashSlots
	// Redis keeps second-factor challenges, and Keyring seals TOTP secrets; nil: no second factors.
	Redis   *redis.Client
	Keyring *secrets.Keyring

	keyUses     keyUses
	defaultHash sync.Once
}

// hashSlots returns s.Hashes, making the default the first time it is nil.
func (s *Service) hashSlots() *HashSlots {
	s.defaultHash.Do(func() {
		if s.Hashes == nil {
			perHash := max(s.Argon2.MemoryKiB, DefaultArgon2Params.MemoryKiB)
			budget := min(DefaultHashMemoryBudgetMiB, max(runtime.NumCPU(), 2)*int(perHash/1024))
			s.Hashes = NewHashSlots(budget, perHash, DefaultHashWait)
		}
	})
	return s.Hashes
}

// hash is HashPassword in a hash slot.
func (s *Service) hash(ctx context.Context, password string) (string, error) {
	var (
		hash string
		err  error
	)
	if serr := s.hashSlots().Do(ctx, func() { hash, err = HashPassword(password, s.Argon2) }); serr != nil {
		return "", serr
	}
	return hash, err
}

// verify is VerifyPassword in a hash slot.
func (s *Service) verify(ctx context.Context, password, encoded string) (bool, error) {
	var (
		ok  bool
		err error
	)
	if serr := s.hashSlots().Do(ctx, func() { ok, err = VerifyPassword(password, encoded) }); serr != nil {
		return false, serr
	}
	return ok, err
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
	if err := s.Throttle.Reserve(ctx, RuleSignupIP, ClientIP(ctx)); err != nil {
		return Session{}, err
	}
	hash, err := s.hash(ctx, password)
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

// Login checks a password and opens a new session. Before any password is checked, the attempt is
// counted against the email as typed (RuleLoginAccount) and the caller's address (RuleLoginIP); one that
// must wait is a *ThrottledError, the same whether or not the email has an account.
func (s *Service) Login(ctx context.Context, email, password string) (Session, error) {
	ip, account := ClientIP(ctx), accountSubject(email)
	if err := s.Throttle.Check(ctx, RuleLoginIP, ip); err != nil {
		return Session{}, err
	}
	if err := s.Throttle.Reserve(ctx, RuleLoginAccount, account); err != nil {
		return Session{}, err
	}
	u, err := s.checkPassword(ctx, email, password)
	var busy *BusyError
	switch {
	case errors.As(err, &busy):
		s.Throttle.Refund(ctx, RuleLoginAccount, account) // no password was checked
		return Session{}, err
	case errors.Is(err, ErrInvalidCredentials):
		s.Throttle.Record(ctx, RuleLoginIP, ip)
		return Session{}, err
	case err != nil:
		return Session{}, err
	}
	s.Throttle.Forget(ctx, RuleLoginAccount, account)
	enforced, requireMFA, err := pgstore.UserSSOEnforced(ctx, s.DB, u.ID)
	if err != nil {
		return Session{}, fmt.Errorf("read single sign-on settings: %w", err)
	}
	if enforced {
		return Session{}, ErrSSORequired
	}
	if err := s.mfaGate(ctx, u, requireMFA); err != nil {
		return Session{}, err
	}
	return s.OpenSession(ctx, u)
}

// OpenSession opens a new session for an account that proved who it is some other way (single sign-on).
func (s *Service) OpenSession(ctx context.Context, u pgstore.User) (Session, error) {
	var sess Session
	err := pgx.BeginFunc(ctx, s.DB, func(tx pgx.Tx) error {
		var err error
		sess, err = s.openSession(ctx, tx, u, "", "")
		return err
	})
	return sess, err
}

// checkPassword returns the enabled account whose email and password these are, or ErrInvalidCredentials.
func (s *Service) checkPassword(ctx context.Context, email, password string) (pgstore.User, error) {
	email, err := NormalizeEmail(email)
	if err != nil {
		return pgstore.User{}, ErrInvalidCredentials
	}
	u, err := pgstore.UserByEmail(ctx, s.DB, email)
	if errors.Is(err, pgstore.ErrNotFound) {
		// Spend the same time as a real check so that timing does not reveal which emails exist.
		var busy *BusyError
		if _, err := s.verify(ctx, password, s.dummyHash()); errors.As(err, &busy) {
			return pgstore.User{}, err
		}
		return pgstore.User{}, ErrInvalidCredentials
	}
	if err != nil {
		return pgstore.User{}, fmt.Errorf("find user: %w", err)
	}
	if !strings.HasPrefix(u.PasswordHash, "$argon2id$") { // an account without a password (single sign-on)
		var busy *BusyError
		if _, err := s.verify(ctx, password, s.dummyHash()); errors.As(err, &busy) {
			return pgstore.User{}, err
		}
		return pgstore.User{}, ErrInvalidCredentials
	}
	ok, err := s.verify(ctx, password, u.PasswordHash)
	if err != nil {
		return pgstore.User{}, fmt.Errorf("verify password: %w", err)
	}
	if !ok {
		return pgstore.User{}, ErrInvalidCredentials
	}
	return u, nil
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
	ip := ClientIP(ctx)
	if err := s.Throttle.Check(ctx, RuleRefreshIP, ip); err != nil {
		return Session{}, err
	}
	sess, err := s.refresh(ctx, refreshToken)
	if err != nil && (errors.Is(err, ErrInvalidToken) || errors.Is(err, ErrTokenReused)) {
		s.Throttle.Record(ctx, RuleRefreshIP, ip)
	}
	return sess, err
}

func (s *Service) refresh(ctx context.Context, refreshToken string) (Session, error) {
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
