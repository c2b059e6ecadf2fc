package client

import (
	"context"
	"errors"
	"fmt"
	"net/http"
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

// Login starts a session with an email and password.
func (c *Client) Login(ctx context.Context, email, password string) (apitype.User, error) {
	var s apitype.Session
	if err := c.do(ctx, http.MethodPost, "/api/v1/auth/login", apitype.LoginRequest{Email: email, Password: password}, &s, false); err != nil {
		return apitype.User{}, err
	}
	return s.User, c.adopt(s)
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
