// Package client talks to the cmdai cloud API for the CLI and the daemon: logging in, refreshing the
// access token, and the end-to-end encrypted history sync. It never sees plaintext history: callers seal
// records (package seal) before they reach it.
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
	"sync"
	"time"

	"github.com/cmdai/cmdai/cloud/apitype"
)

// Error is a failed API call, shaped like the server's {"error":{"code","message"}}.
type Error struct {
	Status  int
	Code    string
	Message string
	// RetryAfter is how long the server asked the caller to wait (rate limits, 429); zero when it did not.
	RetryAfter time.Duration
}

func (e *Error) Error() string {
	if e.Message == "" {
		return fmt.Sprintf("cloud API answered %d", e.Status)
	}
	return fmt.Sprintf("cloud API: %s (%d %s)", e.Message, e.Status, e.Code)
}

// IsUnauthorized reports whether err means the credentials are missing, wrong or expired beyond refresh.
func IsUnauthorized(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.Status == http.StatusUnauthorized
}

// RetryAfter is how long err asks the caller to wait before trying again (zero: no advice).
func RetryAfter(err error) time.Duration {
	var e *Error
	if errors.As(err, &e) {
		return e.RetryAfter
	}
	return 0
}

// IsNotFound reports whether err is the API's 404.
func IsNotFound(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.Status == http.StatusNotFound
}

// IsConflict reports whether err is the API's 409.
func IsConflict(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.Status == http.StatusConflict
}

// Client calls one cmdai-server with one account's credentials. It refreshes an expired access token
// with the refresh token (once per call) and hands the new credentials to the save function. Its methods
// are safe for concurrent use.
type Client struct {
	// transport is set on the first request from the TLS settings (transport.go).
	tls           *TLS
	transportOnce sync.Once
	transport     transport
	save          func(Credentials) error

	mu    sync.Mutex
	creds Credentials
}

// New returns a client for creds.Server; save (nil: none) is called with the credentials after a
// login or a token refresh, so they outlive the process.
func New(creds Credentials, save func(Credentials) error, opts ...Option) *Client {
	c := &Client{save: save, creds: creds}
	for _, o := range opts {
		o(c)
	}
	return c
}

// Credentials returns the credentials the client holds now.
func (c *Client) Credentials() Credentials {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.creds
}

// SetCredentials replaces the credentials (after another process refreshed or replaced them).
func (c *Client) SetCredentials(creds Credentials) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.creds = creds
}

// do sends a JSON request and decodes a JSON answer into out (nil: ignore it). Authenticated calls
// that meet a 401 refresh the session once and try again.
func (c *Client) do(ctx context.Context, method, path string, in, out any, authed bool) error {
	err := c.send(ctx, method, path, in, out, authed)
	if authed && IsUnauthorized(err) {
		if rerr := c.refresh(ctx, err); rerr != nil {
			return rerr
		}
		err = c.send(ctx, method, path, in, out, authed)
	}
	return err
}

func (c *Client) send(ctx context.Context, method, path string, in, out any, authed bool) error {
	creds := c.Credentials()
	if creds.Server == "" {
		return errors.New("no cloud server: set cloud.url in the config, CMDAI_SERVER, or pass --server")
	}
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return fmt.Errorf("encode request: %w", err)
		}
		body = bytes.NewReader(b)
	}
	tr := c.httpClient()
	if err := tr.allowed(creds.Server); err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, method, strings.TrimRight(creds.Server, "/")+path, body)
	if err != nil {
		return fmt.Errorf("cloud request: %w", err)
	}
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Accept", "application/json")
	if authed {
		if tok := creds.bearer(); tok != "" {
			req.Header.Set("Authorization", "Bearer "+tok)
		}
	}
	res, err := tr.http.Do(req)
	if err != nil {
		return fmt.Errorf("reach %s: %w", creds.Server, err)
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(res.Body, 64<<20))
	if err != nil {
		return fmt.Errorf("read answer from %s: %w", creds.Server, err)
	}
	if res.StatusCode >= 400 {
		var e apitype.ErrorResponse
		_ = json.Unmarshal(raw, &e)
		apiErr := &Error{Status: res.StatusCode, Code: e.Error.Code, Message: e.Error.Message}
		if secs, err := strconv.Atoi(res.Header.Get("Retry-After")); err == nil && secs > 0 {
			apiErr.RetryAfter = time.Duration(secs) * time.Second
		}
		return apiErr
	}
	if out != nil && len(raw) > 0 {
		if err := json.Unmarshal(raw, out); err != nil {
			return fmt.Errorf("decode answer to %s %s: %w", method, path, err)
		}
	}
	return nil
}
