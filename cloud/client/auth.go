package client

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/cmdai/cmdai/cloud/apitype"
)

func (c *Client) adopt(s apitype.Session) error {
	c.mu.Lock()
	c.creds.Email, c.creds.UserID = s.User.Email, s.User.ID
	c.creds.AccessToken, c.creds.AccessExpires = s.AccessToken, s.ExpiresAt
	c.creds.RefreshToken, c.creds.APIKey = s.RefreshToken, ""
	creds := c.creds
	c.mu.Unlock()
	if c.save != nil {
		if err := c.save(creds); err != nil {
			return fmt.Errorf("save credentials: %w", err)
		}
	}
	return nil
}

// Signup creates an account and logs in to it.
func (c *Client) Signup(ctx context.Context, email, password string) (apitype.User, error) {
	var s apitype.Session
	if err := c.do(ctx, http.MethodPost, "/api/v1/auth/signup", apitype.SignupRequest{Email: email, Password: password}, &s, false); err != nil {
		return apitype.User{}, err
	}
	return s.User, c.adopt(s)
}

// Login starts a session with an email and password. An account with a second factor (or whose
// organisation requires one) gets an *MFARequiredError: answer it with VerifyMFA, or EnrollMFA and
// ConfirmMFA.
func (c *Client) Login(ctx context.Context, email, password string) (apitype.User, error) {
	var s apitype.Session
	if err := c.postDetailed(ctx, "/api/v1/auth/login", apitype.LoginRequest{Email: email, Password: password}, &s); err != nil {
		return apitype.User{}, err
	}
	return s.User, c.adopt(s)
}

// MFARequiredError is a login that needs a second factor; Token answers it, and Enroll says the account
// must set one up first.
type MFARequiredError struct {
	Token  string
	Enroll bool
	Err    *Error
}

func (e *MFARequiredError) Error() string { return e.Err.Error() }
func (e *MFARequiredError) Unwrap() error { return e.Err }

// VerifyMFA answers a login's challenge with a code from the authenticator app or a recovery code.
func (c *Client) VerifyMFA(ctx context.Context, token, code string) (apitype.User, error) {
	var s apitype.Session
	if err := c.do(ctx, http.MethodPost, "/api/v1/auth/mfa/verify", apitype.MFACodeRequest{MFAToken: token, Code: code}, &s, false); err != nil {
		return apitype.User{}, err
	}
	return s.User, c.adopt(s)
}

// EnrollMFA starts the enrolment a login's challenge asks for: the secret to add to an authenticator app.
func (c *Client) EnrollMFA(ctx context.Context, token string) (apitype.MFAEnrollment, error) {
	var e apitype.MFAEnrollment
	err := c.do(ctx, http.MethodPost, "/api/v1/auth/mfa/enroll", apitype.MFATokenRequest{MFAToken: token}, &e, false)
	return e, err
}

// ConfirmMFA confirms that enrolment with a code from the app: the session, and the recovery codes.
func (c *Client) ConfirmMFA(ctx context.Context, token, code string) (apitype.User, []string, error) {
	var r apitype.MFARecoveryCodes
	if err := c.do(ctx, http.MethodPost, "/api/v1/auth/mfa/enroll/confirm", apitype.MFACodeRequest{MFAToken: token, Code: code}, &r, false); err != nil {
		return apitype.User{}, nil, err
	}
	if r.Session == nil {
		return apitype.User{}, nil, errors.New("the server confirmed the second factor but sent no session")
	}
	return r.Session.User, r.RecoveryCodes, c.adopt(*r.Session)
}

// postDetailed is an unauthenticated POST like send, whose error answer may carry a second-factor
// challenge in its details (which send does not keep).
func (c *Client) postDetailed(ctx context.Context, path string, in, out any) error {
	creds := c.Credentials()
	if creds.Server == "" {
		return errors.New("no cloud server: set cloud.url in the config, CMDAI_SERVER, or pass --server")
	}
	b, err := json.Marshal(in)
	if err != nil {
		return fmt.Errorf("encode request: %w", err)
	}
	tr := c.httpClient()
	if err := tr.allowed(creds.Server); err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, strings.TrimRight(creds.Server, "/")+path, bytes.NewReader(b))
	if err != nil {
		return fmt.Errorf("cloud request: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	res, err := tr.http.Do(req)
	if err != nil {
		return fmt.Errorf("reach %s: %w", creds.Server, err)
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(res.Body, 1<<20))
	if err != nil {
		return fmt.Errorf("read answer from %s: %w", creds.Server, err)
	}
	if res.StatusCode < 400 {
		return json.Unmarshal(raw, out)
	}
	var body struct {
		Error struct {
			Code    string `json:"code"`
			Message string `json:"message"`
			Details struct {
				MFAToken string `json:"mfa_token"`
				Enroll   bool   `json:"enroll"`
			} `json:"details"`
		} `json:"error"`
	}
	_ = json.Unmarshal(raw, &body)
	apiErr := &Error{Status: res.StatusCode, Code: body.Error.Code, Message: body.Error.Message}
	if secs, err := strconv.Atoi(res.Header.Get("Retry-After")); err == nil && secs > 0 {
		apiErr.RetryAfter = time.Duration(secs) * time.Second
	}
	if body.Error.Details.MFAToken != "" {
		return &MFARequiredError{Token: body.Error.Details.MFAToken, Enroll: body.Error.Details.Enroll, Err: apiErr}
	}
	return apiErr
}

// UseAPIKey switches the client to an API key and returns the account it belongs to.
func (c *Client) UseAPIKey(ctx context.Context, key string) (apitype.User, error) {
	c.mu.Lock()
	c.creds.APIKey, c.creds.AccessToken, c.creds.RefreshToken = key, "", ""
	c.mu.Unlock()
	u, err := c.Me(ctx)
	if err != nil {
		return apitype.User{}, err
	}
	c.mu.Lock()
	c.creds.Email, c.creds.UserID = u.Email, u.ID
	creds := c.creds
	c.mu.Unlock()
	if c.save != nil {
		if err := c.save(creds); err != nil {
			return apitype.User{}, fmt.Errorf("save credentials: %w", err)
		}
	}
	return u, nil
}

// Me returns the account the credentials belong to.
func (c *Client) Me(ctx context.Context) (apitype.User, error) {
	var u apitype.User
	err := c.do(ctx, http.MethodGet, "/api/v1/auth/me", nil, &u, true)
	return u, err
}

// Logout ends the session on the server (an API key has none to end).
func (c *Client) Logout(ctx context.Context) error {
	if c.Credentials().AccessToken == "" {
		return nil
	}
	return c.do(ctx, http.MethodPost, "/api/v1/auth/logout", nil, nil, true)
}

// RefreshIfDue refreshes the access token when it expires within margin, so a long-running caller
// (the daemon) never sends one that is about to lapse.
func (c *Client) RefreshIfDue(ctx context.Context, margin time.Duration) error {
	creds := c.Credentials()
	if creds.RefreshToken == "" || creds.APIKey != "" || time.Until(creds.AccessExpires) > margin {
		return nil
	}
	return c.refresh(ctx, nil)
}

// refresh trades the refresh token for a new session. cause is the 401 that prompted it, returned
// when there is nothing to refresh with.
func (c *Client) refresh(ctx context.Context, cause error) error {
	creds := c.Credentials()
	if creds.RefreshToken == "" || creds.APIKey != "" {
		if cause != nil {
			return cause
		}
		return errors.New("no refresh token: log in again with 'cmdai auth login'")
	}
	var s apitype.Session
	err := c.send(ctx, http.MethodPost, "/api/v1/auth/refresh", apitype.RefreshRequest{RefreshToken: creds.RefreshToken}, &s, false)
	if err != nil {
		if IsUnauthorized(err) {
			return fmt.Errorf("the session ended; log in again with 'cmdai auth login': %w", err)
		}
		return fmt.Errorf("refresh the session: %w", err)
	}
	return c.adopt(s)
}
