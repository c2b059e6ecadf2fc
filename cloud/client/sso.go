package client

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/cmdai/cmdai/cloud/apitype"
)

// SSOLoginTimeout is how long LoginSSO waits for the browser to come back.
const SSOLoginTimeout = 5 * time.Minute

// LoginSSO signs in through the organisation's identity provider (org is its name or id) in a browser,
// as RFC 8252 describes for native apps: it listens on a loopback port, has open show the login URL,
// waits for the provider to send the browser back with a one-time code, and trades the code with its
// PKCE verifier (so that no other program on the machine that sees the code can use it) for a session.
func (c *Client) LoginSSO(ctx context.Context, org string, open func(url string) error) (apitype.User, error) {
	server := strings.TrimSuffix(c.Credentials().Server, "/")
	if server == "" {
		return apitype.User{}, errors.New("no server: set [cloud] server in the config or pass --server")
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return apitype.User{}, fmt.Errorf("listen for the browser on a loopback port: %w", err)
	}
	defer ln.Close()
	verifier, state := randomURLString(), randomURLString()
	sum := sha256.Sum256([]byte(verifier))
	challenge := base64.RawURLEncoding.EncodeToString(sum[:])
	returnTo := fmt.Sprintf("http://%s/callback?state=%s", ln.Addr(), state)

	codes := make(chan string, 1)
	srv := &http.Server{ReadHeaderTimeout: 10 * time.Second, Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		if r.URL.Path != "/callback" || q.Get("state") != state || q.Get("code") == "" {
			http.Error(w, "not a cmdai sign-in", http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, "<!doctype html><title>cmdai</title><p>Signed in to cmdai. You can close this window and go back to the terminal.</p>")
		select {
		case codes <- q.Get("code"):
		default:
		}
	})}
	go func() { _ = srv.Serve(ln) }() // ends when Shutdown runs, below
	defer func() {
		sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Second)
		defer cancel()
		_ = srv.Shutdown(sctx)
	}()

	login := server + "/api/v1/orgs/" + url.PathEscape(org) + "/sso/login?" + url.Values{
		"return_to": {returnTo}, "code_challenge": {challenge}}.Encode()
	if err := open(login); err != nil {
		return apitype.User{}, fmt.Errorf("open the browser: %w", err)
	}
	wait, cancel := context.WithTimeout(ctx, SSOLoginTimeout)
	defer cancel()
	var code string
	select {
	case code = <-codes:
	case <-wait.Done():
		return apitype.User{}, fmt.Errorf("no sign-in came back from the browser within %v: %w", SSOLoginTimeout, wait.Err())
	}
	return c.ExchangeSSOCode(ctx, code, verifier)
}

// ExchangeSSOCode trades a one-time login code (and the PKCE verifier its login began with) for a session.
func (c *Client) ExchangeSSOCode(ctx context.Context, code, verifier string) (apitype.User, error) {
	var s apitype.Session
	if err := c.do(ctx, http.MethodPost, "/api/v1/auth/sso/token", apitype.SSOTokenRequest{Code: code, CodeVerifier: verifier}, &s, false); err != nil {
		return apitype.User{}, err
	}
	return s.User, c.adopt(s)
}

// StartDeviceLogin begins the device authorisation grant (RFC 8628) for the organisation: show the
// person the user code and the verification URI, then call WaitDeviceLogin.
func (c *Client) StartDeviceLogin(ctx context.Context, org string) (apitype.DeviceCode, error) {
	var d apitype.DeviceCode
	err := c.do(ctx, http.MethodPost, "/api/v1/auth/device/code", apitype.DeviceCodeRequest{Org: org}, &d, false)
	return d, err
}

// WaitDeviceLogin polls until the person signs in (then adopts the session), the code expires, or ctx ends.
func (c *Client) WaitDeviceLogin(ctx context.Context, d apitype.DeviceCode) (apitype.User, error) {
	interval := time.Duration(max(d.Interval, 1)) * time.Second
	deadline := time.Now().Add(time.Duration(d.ExpiresIn) * time.Second)
	for {
		select {
		case <-ctx.Done():
			return apitype.User{}, ctx.Err()
		case <-time.After(interval):
		}
		var s apitype.Session
		err := c.do(ctx, http.MethodPost, "/api/v1/auth/device/token", apitype.DeviceTokenRequest{DeviceCode: d.DeviceCode}, &s, false)
		var e *Error
		switch {
		case err == nil:
			return s.User, c.adopt(s)
		case errors.As(err, &e) && e.Code == "authorization_pending":
		case errors.As(err, &e) && e.Code == "slow_down":
			interval += 5 * time.Second
		case errors.As(err, &e) && e.Code == "expired_token":
			return apitype.User{}, errors.New("the device code expired before anyone signed in; run the login again")
		default:
			return apitype.User{}, err
		}
		if time.Now().After(deadline) {
			return apitype.User{}, errors.New("the device code expired before anyone signed in; run the login again")
		}
	}
}

func randomURLString() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}
