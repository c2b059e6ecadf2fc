package sso

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/redis/go-redis/v9"

	"github.com/cmdai/cmdai/cloud/auth"
	"github.com/cmdai/cmdai/cloud/pgstore"
	"github.com/cmdai/cmdai/cloud/secrets"
)

var (
	// ErrNotConfigured is an organisation without single sign-on settings (or with the other protocol).
	ErrNotConfigured = errors.New("single sign-on is not configured for this organisation")
	// ErrLoginFailed wraps every reason an identity provider's answer is refused.
	ErrLoginFailed = errors.New("single sign-on failed")
	// ErrInvalidReturn is a return address that is neither a path of this server nor a loopback URL.
	ErrInvalidReturn = errors.New("return_to must be a path on this server or an http://127.0.0.1:PORT loopback URL")
	// ErrInvalidCode is a login code unknown, spent, expired, or presented without its PKCE verifier.
	ErrInvalidCode = errors.New("invalid or expired login code")
	// ErrNoKeyring is a client secret set on a server without CMDAI_SECRETS_KEY.
	ErrNoKeyring = errors.New("the server has no secrets keyring: set CMDAI_SECRETS_KEY to store SSO client secrets")
	// ErrDeprovisioned is a login by an account the organisation's provider deprovisioned.
	ErrDeprovisioned = errors.New("this account was deprovisioned by the organisation")
)

// How long each step of a login may take.
const (
	pendingTTL = 10 * time.Minute // from the redirect to the provider to its answer
	codeTTL    = 2 * time.Minute  // from the answer to the code's exchange for a session
)

// Service runs organisations' single sign-on.
type Service struct {
	DB    auth.DB
	Redis *redis.Client
	Auth  *auth.Service
	// Keyring seals client secrets at rest; nil: settings that carry a secret are refused.
	Keyring *secrets.Keyring
	// HTTPClient talks to OIDC providers; nil: a client with a 10 s timeout.
	HTTPClient *http.Client

	providers sync.Map // issuer -> *cachedProvider
}

func (s *Service) httpClient() *http.Client {
	if s.HTTPClient != nil {
		return s.HTTPClient
	}
	return &http.Client{Timeout: 10 * time.Second}
}

// Identity is who a provider says signed in.
type Identity struct {
	Subject string
	Email   string
	Name    string
	// Values are the role claim's (or attribute's) values, mapped to a role by the settings' RoleMap.
	Values []string
}

// pending is a login between the redirect to the provider and its answer, kept in Redis under its state.
type pending struct {
	OrgID         string `json:"org_id"`
	Protocol      string `json:"protocol"`
	Verifier      string `json:"verifier,omitempty"`
	Nonce         string `json:"nonce,omitempty"`
	RequestID     string `json:"request_id,omitempty"`
	ReturnTo      string `json:"return_to,omitempty"`
	CodeChallenge string `json:"code_challenge,omitempty"`
	DeviceCode    string `json:"device_code,omitempty"`
}

// loginCode is what a one-time login code stands for until it is exchanged.
type loginCode struct {
	UserID        string `json:"user_id"`
	OrgID         string `json:"org_id"`
	CodeChallenge string `json:"code_challenge,omitempty"`
}

// BeginRequest starts a login.
type BeginRequest struct {
	OrgID string
	// BaseURL is this server's external URL (scheme://host), where the provider sends the browser back.
	BaseURL string
	// ReturnTo is where the browser goes with the one-time code: a path of this server, or the CLI's
	// loopback listener (RFC 8252). Empty: the callback answers with the session itself.
	ReturnTo string
	// CodeChallenge is the S256 PKCE challenge of the client that will exchange the code.
	CodeChallenge string
	deviceCode    string
}

// Begin returns the provider's URL to send the browser to.
func (s *Service) Begin(ctx context.Context, req BeginRequest) (string, error) {
	if err := checkReturnTo(req.ReturnTo); err != nil {
		return "", err
	}
	if req.CodeChallenge != "" && !validChallenge(req.CodeChallenge) {
		return "", fmt.Errorf("%w: code_challenge must be the base64url SHA-256 of a verifier (43 characters)", ErrInvalidCode)
	}
	cfg, err := pgstore.OrgSSOByID(ctx, s.DB, req.OrgID)
	if errors.Is(err, pgstore.ErrNotFound) {
		return "", ErrNotConfigured
	}
	if err != nil {
		return "", fmt.Errorf("read single sign-on settings: %w", err)
	}
	state := randomString()
	p := pending{OrgID: req.OrgID, Protocol: cfg.Protocol, ReturnTo: req.ReturnTo, CodeChallenge: req.CodeChallenge,
		DeviceCode: req.deviceCode}
	var target string
	switch cfg.Protocol {
	case ProtocolOIDC:
		target, err = s.beginOIDC(ctx, cfg, req.BaseURL, state, &p)
	case ProtocolSAML:
		target, err = s.beginSAML(cfg, req.BaseURL, state, &p)
	default:
		err = ErrNotConfigured
	}
	if err != nil {
		return "", err
	}
	b, _ := json.Marshal(p)
	if err := s.Redis.Set(ctx, "cmdai:sso:state:"+state, b, pendingTTL).Err(); err != nil {
		return "", fmt.Errorf("keep the login state: %w", err)
	}
	return target, nil
}

// takePending spends a login's state: a state answers once.
func (s *Service) takePending(ctx context.Context, state, protocol string) (pending, error) {
	if state == "" {
		return pending{}, fmt.Errorf("%w: no state", ErrLoginFailed)
	}
	b, err := s.Redis.GetDel(ctx, "cmdai:sso:state:"+state).Bytes()
	if errors.Is(err, redis.Nil) {
		return pending{}, fmt.Errorf("%w: unknown, used or expired state; start the login again", ErrLoginFailed)
	}
	if err != nil {
		return pending{}, fmt.Errorf("read the login state: %w", err)
	}
	var p pending
	if err := json.Unmarshal(b, &p); err != nil {
		return pending{}, fmt.Errorf("read the login state: %w", err)
	}
	if p.Protocol != protocol {
		return pending{}, fmt.Errorf("%w: the state belongs to a %s login", ErrLoginFailed, p.Protocol)
	}
	return p, nil
}

// Result is where a finished login sends the browser, or, for a login begun without return_to, the session.
type Result struct {
	Redirect string
	Session  *auth.Session
	// Device is set when the login approved a device authorisation (RFC 8628).
	Device bool
}

// complete turns a provider's identity into an account of the organisation and a one-time code (or a
// session).
func (s *Service) complete(ctx context.Context, p pending, cfg pgstore.OrgSSO, id Identity) (Result, error) {
	email, err := auth.NormalizeEmail(id.Email)
	if err != nil {
		return Result{}, fmt.Errorf("%w: the provider sent no valid email address", ErrLoginFailed)
	}
	if !domainAllowed(email, cfg.AllowedDomains) {
		return Result{}, fmt.Errorf("%w: %w", ErrLoginFailed, ErrDomainNotAllowed)
	}
	var user pgstore.User
	err = pgx.BeginFunc(ctx, s.DB, func(tx pgx.Tx) error {
		linked, err := pgstore.SSOIdentityBySubject(ctx, tx, p.OrgID, id.Subject)
		switch {
		case err == nil && !linked.Active:
			return ErrDeprovisioned
		case err == nil:
			user, err = pgstore.UserByID(ctx, tx, linked.UserID)
			if errors.Is(err, pgstore.ErrNotFound) {
				return ErrDeprovisioned
			}
			if err != nil {
				return err
			}
		case errors.Is(err, pgstore.ErrNotFound):
			user, err = s.jit(ctx, tx, cfg, email, id.Name)
			if err != nil {
				return err
			}
		default:
			return err
		}
		if err := pgstore.UpsertSSOIdentity(ctx, tx, p.OrgID, user.ID, id.Subject, "", true); err != nil {
			return fmt.Errorf("link identity: %w", err)
		}
		// The role comes from the groups the provider names at login and those it pushed over SCIM.
		groups, err := pgstore.UserGroupNames(ctx, tx, p.OrgID, user.ID)
		if err != nil {
			return err
		}
		role := MapRole(append(groups, id.Values...), cfg.RoleMap, cfg.DefaultRole)
		if err := pgstore.SetOrgMember(ctx, tx, p.OrgID, user.ID, string(role)); err != nil {
			return fmt.Errorf("set role: %w", err)
		}
		return nil
	})
	if err != nil {
		if errors.Is(err, ErrDeprovisioned) || errors.Is(err, ErrDomainNotAllowed) {
			return Result{}, fmt.Errorf("%w: %w", ErrLoginFailed, err)
		}
		return Result{}, err
	}
	if p.DeviceCode != "" {
		return Result{Device: true}, s.approveDevice(ctx, p.DeviceCode, user.ID, p.OrgID)
	}
	if p.ReturnTo == "" {
		sess, err := s.Auth.OpenSession(ctx, user)
		if err != nil {
			return Result{}, err
		}
		return Result{Session: &sess}, nil
	}
	code := randomString()
	b, _ := json.Marshal(loginCode{UserID: user.ID, OrgID: p.OrgID, CodeChallenge: p.CodeChallenge})
	if err := s.Redis.Set(ctx, codeKey(code), b, codeTTL).Err(); err != nil {
		return Result{}, fmt.Errorf("keep the login code: %w", err)
	}
	u, _ := url.Parse(p.ReturnTo)
	q := u.Query()
	q.Set("code", code)
	u.RawQuery = q.Encode()
	return Result{Redirect: u.String()}, nil
}

// jit finds the account for email or creates it (just-in-time provisioning). An existing account that
// was never linked to this provider is linked only when the organisation restricts its domains: then the
// provider is the authority on those addresses.
func (s *Service) jit(ctx context.Context, q pgstore.Querier, cfg pgstore.OrgSSO, email, name string) (pgstore.User, error) {
	u, disabled, err := pgstore.AnyUserByEmail(ctx, q, email)
	switch {
	case errors.Is(err, pgstore.ErrNotFound):
		u, err = pgstore.CreateSSOUser(ctx, q, email, strings.TrimSpace(name))
		if err != nil {
			return pgstore.User{}, fmt.Errorf("create account: %w", err)
		}
		return u, nil
	case err != nil:
		return pgstore.User{}, fmt.Errorf("find account: %w", err)
	case disabled:
		return pgstore.User{}, ErrDeprovisioned
	}
	prov, err := pgstore.SSOIdentityByUser(ctx, q, cfg.OrgID, u.ID)
	switch {
	case err == nil && !prov.Active:
		return pgstore.User{}, ErrDeprovisioned
	case err == nil:
		return u, nil // provisioned over SCIM, signing in for the first time
	case !errors.Is(err, pgstore.ErrNotFound):
		return pgstore.User{}, fmt.Errorf("find identity: %w", err)
	case len(cfg.AllowedDomains) == 0:
		return pgstore.User{}, fmt.Errorf("%w: an account with this email exists; an administrator must set allowed_domains "+
			"for the provider to vouch for it", ErrLoginFailed)
	}
	return u, nil
}

func codeKey(code string) string {
	sum := sha256.Sum256([]byte(code))
	return "cmdai:sso:code:" + base64.RawURLEncoding.EncodeToString(sum[:])
}

// Exchange trades a one-time login code for a session. A code begun with a code_challenge needs its
// verifier (PKCE, RFC 7636 S256).
func (s *Service) Exchange(ctx context.Context, code, verifier string) (auth.Session, error) {
	if code == "" {
		return auth.Session{}, ErrInvalidCode
	}
	b, err := s.Redis.GetDel(ctx, codeKey(code)).Bytes()
	if errors.Is(err, redis.Nil) {
		return auth.Session{}, ErrInvalidCode
	}
	if err != nil {
		return auth.Session{}, fmt.Errorf("read the login code: %w", err)
	}
	var c loginCode
	if err := json.Unmarshal(b, &c); err != nil {
		return auth.Session{}, fmt.Errorf("read the login code: %w", err)
	}
	if c.CodeChallenge != "" && subtle.ConstantTimeCompare([]byte(S256(verifier)), []byte(c.CodeChallenge)) != 1 {
		return auth.Session{}, fmt.Errorf("%w: code_verifier does not match the code_challenge", ErrInvalidCode)
	}
	u, err := pgstore.UserByID(ctx, s.DB, c.UserID)
	if errors.Is(err, pgstore.ErrNotFound) {
		return auth.Session{}, ErrDeprovisioned
	}
	if err != nil {
		return auth.Session{}, err
	}
	return s.Auth.OpenSession(ctx, u)
}

// S256 is the PKCE S256 challenge of verifier.
func S256(verifier string) string {
	sum := sha256.Sum256([]byte(verifier))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

func validChallenge(c string) bool {
	b, err := base64.RawURLEncoding.DecodeString(c)
	return err == nil && len(b) == sha256.Size
}

// checkReturnTo admits a path of this server ("/..." but not "//host") or a loopback http URL (RFC 8252
// §7.3), so that a login cannot be made to hand its code to another site.
func checkReturnTo(r string) error {
	if r == "" {
		return nil
	}
	u, err := url.Parse(r)
	if err != nil || u.User != nil || u.Fragment != "" {
		return ErrInvalidReturn
	}
	if u.Scheme == "" && u.Host == "" && strings.HasPrefix(r, "/") && !strings.HasPrefix(r, "//") && !strings.Contains(r, `\`) {
		return nil
	}
	if u.Scheme != "http" || u.Port() == "" {
		return ErrInvalidReturn
	}
	if ip := net.ParseIP(u.Hostname()); (ip == nil || !ip.IsLoopback()) && u.Hostname() != "localhost" {
		return ErrInvalidReturn
	}
	return nil
}

func randomString() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// sealSecret seals an OIDC client secret for the organisation's row.
func (s *Service) sealSecret(orgID, secret string) ([]byte, error) {
	if s.Keyring == nil {
		return nil, ErrNoKeyring
	}
	return s.Keyring.Seal([]byte(secret), []byte("org_sso.client_secret:"+orgID))
}

func (s *Service) openSecret(orgID string, sealed []byte) (string, error) {
	if len(sealed) == 0 {
		return "", nil
	}
	if s.Keyring == nil {
		return "", ErrNoKeyring
	}
	b, err := s.Keyring.Open(sealed, []byte("org_sso.client_secret:"+orgID))
	if err != nil {
		return "", fmt.Errorf("open the client secret: %w", err)
	}
	return string(b), nil
}

// Configure validates and stores an organisation's settings.
func (s *Service) Configure(ctx context.Context, orgID string, set Settings) (pgstore.OrgSSO, error) {
	if err := set.Normalize(); err != nil {
		return pgstore.OrgSSO{}, err
	}
	row := pgstore.OrgSSO{OrgID: orgID, Protocol: set.Protocol, Preset: set.Preset, Issuer: set.Issuer,
		ClientID: set.ClientID, Scopes: set.Scopes, IDPMetadata: set.IDPMetadata, AllowedDomains: set.AllowedDomains,
		RoleClaim: set.RoleClaim, RoleMap: set.RoleMap, DefaultRole: set.DefaultRole, Enforce: set.Enforce,
		RequireMFA: set.RequireMFA}
	if row.RoleMap == nil {
		row.RoleMap = map[string]string{}
	}
	if set.ClientSecret != "" {
		sealed, err := s.sealSecret(orgID, set.ClientSecret)
		if err != nil {
			return pgstore.OrgSSO{}, err
		}
		row.ClientSecret = sealed
	}
	saved, err := pgstore.PutOrgSSO(ctx, s.DB, row)
	if err != nil {
		return pgstore.OrgSSO{}, fmt.Errorf("store single sign-on settings: %w", err)
	}
	s.providers.Delete(saved.Issuer)
	return saved, nil
}
