package auth

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"
	"github.com/redis/go-redis/v9"

	"github.com/cmdai/cmdai/cloud/pgstore"
	"github.com/cmdai/cmdai/cloud/secrets"
)

// TOTP second factors (RFC 6238: six digits, 30-second steps, one step of clock skew either way), with
// ten single-use recovery codes. A password login of an account with a factor, or of a member of an
// organisation that requires one, ends in an MFARequiredError whose token POST /api/v1/auth/mfa/verify
// (or, to enrol first, /mfa/enroll and /mfa/confirm) turns into a session.

const (
	totpPeriod        = 30
	mfaChallengeTTL   = 5 * time.Minute
	recoveryCodeCount = 10
)

var totpOpts = totp.ValidateOpts{Period: totpPeriod, Skew: 1, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1}

var (
	// ErrMFAInvalid is a wrong, reused or expired second-factor code, or an unknown challenge.
	ErrMFAInvalid = errors.New("invalid or expired code")
	// ErrMFANotSetUp is an operation on a factor the account does not have (or has not confirmed).
	ErrMFANotSetUp = errors.New("no second factor is set up")
	// ErrMFAExists is an enrolment over a confirmed factor: remove it first.
	ErrMFAExists = errors.New("a second factor is already set up; remove it first")
	// ErrNoKeyring is a second factor asked of a server without a secrets keyring.
	ErrNoKeyring = errors.New("the server has no secrets keyring: set CMDAI_SECRETS_KEY to use second factors")
)

// MFARequiredError ends a password login that needs a second factor: Token is the challenge to answer,
// and Enroll says the account has none yet and must set one up (its organisation requires it).
type MFARequiredError struct {
	Token  string
	Enroll bool
}

func (e *MFARequiredError) Error() string {
	if e.Enroll {
		return "your organisation requires a second factor: set one up to log in"
	}
	return "a second-factor code is required"
}

type mfaChallenge struct {
	UserID string `json:"user_id"`
	Enroll bool   `json:"enroll,omitempty"`
}

func challengeKey(token string) string {
	return "cmdai:mfa:challenge:" + hex.EncodeToString(hashToken(token))
}

// mfaGate decides, after a right password, whether the login needs a second factor.
func (s *Service) mfaGate(ctx context.Context, u pgstore.User, required bool) error {
	f, err := pgstore.TOTPByUser(ctx, s.DB, u.ID)
	switch {
	case errors.Is(err, pgstore.ErrNotFound):
		f = pgstore.TOTP{}
	case err != nil:
		return fmt.Errorf("read second factor: %w", err)
	}
	if !f.Enabled && !required {
		return nil
	}
	if s.Redis == nil {
		return errors.New("second factors need Redis")
	}
	token, err := randomToken("cmdaim_")
	if err != nil {
		return err
	}
	b, _ := json.Marshal(mfaChallenge{UserID: u.ID, Enroll: !f.Enabled})
	if err := s.Redis.Set(ctx, challengeKey(token), b, mfaChallengeTTL).Err(); err != nil {
		return fmt.Errorf("keep the second-factor challenge: %w", err)
	}
	return &MFARequiredError{Token: token, Enroll: !f.Enabled}
}

func (s *Service) challenge(ctx context.Context, token string) (mfaChallenge, error) {
	if s.Redis == nil || !strings.HasPrefix(token, "cmdaim_") {
		return mfaChallenge{}, ErrMFAInvalid
	}
	b, err := s.Redis.Get(ctx, challengeKey(token)).Bytes()
	if errors.Is(err, redis.Nil) {
		return mfaChallenge{}, ErrMFAInvalid
	}
	if err != nil {
		return mfaChallenge{}, fmt.Errorf("read the second-factor challenge: %w", err)
	}
	var c mfaChallenge
	return c, json.Unmarshal(b, &c)
}

func (s *Service) keyring() (*secrets.Keyring, error) {
	if s.Keyring == nil {
		return nil, ErrNoKeyring
	}
	return s.Keyring, nil
}

func totpAAD(userID string) []byte { return []byte("user_mfa.totp_secret:" + userID) }

// Enrollment is a new TOTP secret for an authenticator app, as text and as an otpauth:// URL (for a QR code).
type Enrollment struct {
	Secret string
	URL    string
}

// EnrollTOTP makes a new, unconfirmed TOTP secret for the account; ConfirmTOTP with a code from it turns
// it on.
func (s *Service) EnrollTOTP(ctx context.Context, userID string) (Enrollment, error) {
	kr, err := s.keyring()
	if err != nil {
		return Enrollment{}, err
	}
	u, err := pgstore.UserByID(ctx, s.DB, userID)
	if err != nil {
		return Enrollment{}, fmt.Errorf("find account: %w", err)
	}
	key, err := totp.Generate(totp.GenerateOpts{Issuer: "cmdai", AccountName: u.Email, Period: totpPeriod})
	if err != nil {
		return Enrollment{}, fmt.Errorf("make a TOTP secret: %w", err)
	}
	sealed, err := kr.Seal([]byte(key.Secret()), totpAAD(userID))
	if err != nil {
		return Enrollment{}, err
	}
	if err := pgstore.PutTOTP(ctx, s.DB, userID, sealed); errors.Is(err, pgstore.ErrConflict) {
		return Enrollment{}, ErrMFAExists
	} else if err != nil {
		return Enrollment{}, fmt.Errorf("store the TOTP secret: %w", err)
	}
	return Enrollment{Secret: key.Secret(), URL: key.URL()}, nil
}

// EnrollWithChallenge is EnrollTOTP for a login that must enrol before it gets a session.
func (s *Service) EnrollWithChallenge(ctx context.Context, token string) (Enrollment, error) {
	c, err := s.challenge(ctx, token)
	if err != nil {
		return Enrollment{}, err
	}
	return s.EnrollTOTP(ctx, c.UserID)
}

// checkTOTP accepts a code of the account's secret once: the step it belongs to must be later than the
// last one accepted, so a code seen over someone's shoulder cannot be used again.
func (s *Service) checkTOTP(ctx context.Context, userID, code string, mustBeEnabled bool) error {
	f, err := pgstore.TOTPByUser(ctx, s.DB, userID)
	if errors.Is(err, pgstore.ErrNotFound) || (err == nil && mustBeEnabled && !f.Enabled) {
		return ErrMFANotSetUp
	}
	if err != nil {
		return fmt.Errorf("read second factor: %w", err)
	}
	kr, err := s.keyring()
	if err != nil {
		return err
	}
	secret, err := kr.Open(f.Sealed, totpAAD(userID))
	if err != nil {
		return fmt.Errorf("open the TOTP secret: %w", err)
	}
	code = strings.TrimSpace(code)
	now := s.Tokens.now()
	for _, skew := range []int64{0, -1, 1} {
		t := now.Add(time.Duration(skew*totpPeriod) * time.Second)
		want, err := totp.GenerateCodeCustom(string(secret), t, totpOpts)
		if err != nil {
			return fmt.Errorf("TOTP: %w", err)
		}
		if subtle.ConstantTimeCompare([]byte(code), []byte(want)) == 1 {
			ok, err := pgstore.SpendTOTPStep(ctx, s.DB, userID, t.Unix()/totpPeriod)
			if err != nil {
				return fmt.Errorf("record the TOTP step: %w", err)
			}
			if !ok {
				return ErrMFAInvalid // this code (or a later one) was used already
			}
			return nil
		}
	}
	return ErrMFAInvalid
}

// ConfirmTOTP turns the enrolled secret on with a code from it, and returns the recovery codes, shown
// only now.
func (s *Service) ConfirmTOTP(ctx context.Context, userID, code string) ([]string, error) {
	if err := s.Throttle.Reserve(ctx, RuleMFAAccount, "user:"+userID); err != nil {
		return nil, err
	}
	if err := s.checkTOTP(ctx, userID, code, false); err != nil {
		return nil, err
	}
	s.Throttle.Forget(ctx, RuleMFAAccount, "user:"+userID)
	return s.newRecoveryCodes(ctx, userID)
}

// ConfirmWithChallenge confirms an enrolment begun by a login, and opens its session.
func (s *Service) ConfirmWithChallenge(ctx context.Context, token, code string) (Session, []string, error) {
	c, err := s.challenge(ctx, token)
	if err != nil {
		return Session{}, nil, err
	}
	codes, err := s.ConfirmTOTP(ctx, c.UserID, code)
	if err != nil {
		return Session{}, nil, err
	}
	sess, err := s.finishChallenge(ctx, token, c)
	return sess, codes, err
}

func (s *Service) newRecoveryCodes(ctx context.Context, userID string) ([]string, error) {
	codes := make([]string, recoveryCodeCount)
	hashes := make([][]byte, recoveryCodeCount)
	for i := range codes {
		c := strings.ToLower(rand.Text()[:10])
		codes[i] = c[:5] + "-" + c[5:]
		hashes[i] = hashToken(codes[i])
	}
	if err := pgstore.ReplaceRecoveryCodes(ctx, s.DB, userID, hashes); err != nil {
		return nil, fmt.Errorf("store recovery codes: %w", err)
	}
	return codes, nil
}

// VerifyMFA answers a login's challenge with a TOTP code or a recovery code, throttled per account like
// a password, and opens the session.
func (s *Service) VerifyMFA(ctx context.Context, token, code string) (Session, error) {
	c, err := s.challenge(ctx, token)
	if err != nil {
		return Session{}, err
	}
	if c.Enroll {
		return Session{}, ErrMFANotSetUp
	}
	subject := "user:" + c.UserID
	if err := s.Throttle.Reserve(ctx, RuleMFAAccount, subject); err != nil {
		return Session{}, err
	}
	code = strings.TrimSpace(code)
	if strings.Contains(code, "-") { // a recovery code
		ok, err := pgstore.UseRecoveryCode(ctx, s.DB, c.UserID, hashToken(strings.ToLower(code)))
		if err != nil {
			return Session{}, fmt.Errorf("check recovery code: %w", err)
		}
		if !ok {
			return Session{}, ErrMFAInvalid
		}
	} else if err := s.checkTOTP(ctx, c.UserID, code, true); err != nil {
		return Session{}, err
	}
	s.Throttle.Forget(ctx, RuleMFAAccount, subject)
	return s.finishChallenge(ctx, token, c)
}

func (s *Service) finishChallenge(ctx context.Context, token string, c mfaChallenge) (Session, error) {
	if n, err := s.Redis.Del(ctx, challengeKey(token)).Result(); err != nil || n == 0 {
		return Session{}, ErrMFAInvalid // answered twice at once: one wins
	}
	u, err := pgstore.UserByID(ctx, s.DB, c.UserID)
	if err != nil {
		return Session{}, fmt.Errorf("%w: account gone: %w", ErrInvalidToken, err)
	}
	return s.OpenSession(ctx, u)
}

// DisableTOTP removes the account's factor, given a current code (or a recovery code).
func (s *Service) DisableTOTP(ctx context.Context, userID, code string) error {
	if err := s.Throttle.Reserve(ctx, RuleMFAAccount, "user:"+userID); err != nil {
		return err
	}
	code = strings.TrimSpace(code)
	if strings.Contains(code, "-") {
		ok, err := pgstore.UseRecoveryCode(ctx, s.DB, userID, hashToken(strings.ToLower(code)))
		if err != nil {
			return err
		}
		if !ok {
			return ErrMFAInvalid
		}
	} else if err := s.checkTOTP(ctx, userID, code, true); err != nil {
		return err
	}
	s.Throttle.Forget(ctx, RuleMFAAccount, "user:"+userID)
	return pgx.BeginFunc(ctx, s.DB, func(tx pgx.Tx) error { return pgstore.DeleteTOTP(ctx, tx, userID) })
}
