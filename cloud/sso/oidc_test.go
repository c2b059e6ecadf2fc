package sso_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/cmdai/cmdai/cloud/client"
	"github.com/cmdai/cmdai/cloud/pgstore"
	"github.com/cmdai/cmdai/cloud/sso"
)

// configureOIDC points Acme at the provider, mapping the group "platform" to engineer.
func (s *cmdaiServer) configureOIDC(issuer string, domains ...string) {
	s.t.Helper()
	s.call("PUT", "/api/v1/orgs/"+s.orgID+"/sso", s.admin, map[string]any{
		"protocol": "oidc", "preset": "generic", "issuer": issuer, "client_id": "cmdai", "client_secret": "op-secret",
		"allowed_domains": domains, "role_map": map[string]string{"platform": "engineer"}, "default_role": "readonly",
	}, http.StatusOK)
}

// The web redirect flow against a real OpenID provider: the browser goes to the provider and back, the
// account is made on first login with the role its groups map to, and the code (PKCE-bound when the
// login asked) becomes a session once.
func TestOIDCWebLogin(t *testing.T) {
	s := newCmdai(t)
	op, st := startOP(t, "cmdai", "op-secret", []string{s.srv.URL + sso.CallbackPath},
		opUser{Subject: "u-ada", Email: "ada@acme.example", Name: "Ada", Verified: true, Groups: []string{"platform", "staff"}},
		opUser{Subject: "u-eve", Email: "eve@evil.example", Verified: true},
		opUser{Subject: "u-bob", Email: "bob@acme.example", Verified: false})
	s.configureOIDC(op.URL, "acme.example")

	// The settings never show the secret, and it is sealed at rest.
	got := s.call("GET", "/api/v1/orgs/"+s.orgID+"/sso", s.admin, nil, http.StatusOK)
	if got["client_secret"] != nil || got["has_client_secret"] != true || got["redirect_uri"] != s.srv.URL+sso.CallbackPath {
		t.Fatalf("settings: %v", got)
	}
	var sealed []byte
	if err := s.pool.QueryRow(context.Background(), `SELECT client_secret FROM org_sso`).Scan(&sealed); err != nil || len(sealed) == 0 || string(sealed) == "op-secret" {
		t.Fatalf("client secret at rest: %q %v", sealed, err)
	}

	st.LoginAs = "u-ada"
	b := newBrowser(t)
	u, status, body := b.open(s.srv.URL + "/api/v1/orgs/Acme/sso/login?return_to=/welcome")
	code := loginCode(t, u, status, body)
	if u.Path != "/welcome" {
		t.Fatalf("came back to %s", u)
	}
	sess := s.call("POST", "/api/v1/auth/sso/token", "", map[string]string{"code": code}, http.StatusOK)
	token := sess["access_token"].(string)
	me := s.call("GET", "/api/v1/auth/me", token, nil, http.StatusOK)
	if me["email"] != "ada@acme.example" || me["display_name"] != "Ada" {
		t.Fatalf("me: %v", me)
	}
	role, err := pgstore.OrgMemberRole(context.Background(), s.pool, s.orgID, me["id"].(string))
	if err != nil || role != "engineer" {
		t.Fatalf("role from the group platform: %q %v", role, err)
	}
	// A code is spent once.
	s.call("POST", "/api/v1/auth/sso/token", "", map[string]string{"code": code}, http.StatusBadRequest)
	// The account has no password: a password login cannot reach it.
	s.call("POST", "/api/v1/auth/login", "", map[string]string{"email": "ada@acme.example", "password": "!sso"}, http.StatusUnauthorized)

	// Another domain is refused, and so is an email the provider has not verified.
	for _, who := range []string{"u-eve", "u-bob"} {
		st.LoginAs = who
		u, status, body = newBrowser(t).open(s.srv.URL + "/api/v1/orgs/" + s.orgID + "/sso/login?return_to=/welcome")
		if status != http.StatusUnauthorized || u.Path != sso.CallbackPath {
			t.Fatalf("%s: %d at %s: %s", who, status, u, body)
		}
	}

	// A state is answered once: the provider's redirect replayed is refused.
	st.LoginAs = "u-ada"
	b = newBrowser(t)
	var callback string
	b.client.CheckRedirect = func(req *http.Request, _ []*http.Request) error {
		if req.URL.Path == sso.CallbackPath {
			callback = req.URL.String()
			return http.ErrUseLastResponse
		}
		return nil
	}
	b.open(s.srv.URL + "/api/v1/orgs/" + s.orgID + "/sso/login?return_to=/welcome")
	b.client.CheckRedirect = nil
	if u, status, _ = b.open(callback); u.Path != "/welcome" {
		t.Fatalf("first callback: %d %s", status, u)
	}
	if _, status, _ = b.open(callback); status != http.StatusUnauthorized {
		t.Fatalf("replayed callback: %d, want 401", status)
	}

	// An open redirect is refused before anyone is sent anywhere.
	s.call("GET", "/api/v1/orgs/"+s.orgID+"/sso/login?return_to=https://evil.example/", "", nil, http.StatusBadRequest)
}

// The CLI's loopback flow (RFC 8252 with PKCE): the client listens on 127.0.0.1, the browser comes back
// to it with the code, and only the client holding the verifier can trade it.
func TestOIDCLoopbackLogin(t *testing.T) {
	s := newCmdai(t)
	op, st := startOP(t, "cmdai", "op-secret", []string{s.srv.URL + sso.CallbackPath},
		opUser{Subject: "u-lin", Email: "lin@acme.example", Name: "Lin", Verified: true})
	s.configureOIDC(op.URL)
	st.LoginAs = "u-lin"

	var saved client.Credentials
	c := client.New(client.Credentials{Server: s.srv.URL}, func(cr client.Credentials) error { saved = cr; return nil })
	var seen string
	user, err := c.LoginSSO(context.Background(), "Acme", func(u string) error {
		seen = u
		go func() {
			if _, _, _, err := newBrowser(t).visit(u); err != nil {
				t.Error(err)
			}
		}()
		return nil
	})
	if err != nil {
		t.Fatalf("login: %v (opened %s)", err, seen)
	}
	if user.Email != "lin@acme.example" || saved.AccessToken == "" || saved.RefreshToken == "" {
		t.Fatalf("user %+v, saved %+v", user, saved)
	}
	if _, err := c.Me(context.Background()); err != nil {
		t.Fatal(err)
	}

	// A code that reached someone without the verifier is useless to them.
	b := newBrowser(t)
	b.client.CheckRedirect = func(req *http.Request, _ []*http.Request) error {
		if req.URL.Hostname() == "127.0.0.1" && req.URL.Path == "/callback" {
			return http.ErrUseLastResponse
		}
		return nil
	}
	const challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM" // S256 of RFC 7636's example verifier
	res, err := b.client.Get(s.srv.URL + "/api/v1/orgs/Acme/sso/login?code_challenge=" + challenge +
		"&return_to=" + "http://127.0.0.1:1/callback")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	code := res.Header.Get("Location")
	loc, _ := res.Request.URL.Parse(code)
	code = loc.Query().Get("code")
	if code == "" {
		t.Fatalf("no code in %s", res.Header.Get("Location"))
	}
	other := client.New(client.Credentials{Server: s.srv.URL}, nil)
	if _, err := other.ExchangeSSOCode(context.Background(), code, "not-the-verifier-not-the-verifier-not-the-verifier"); err == nil {
		t.Fatal("a code was traded without its verifier")
	}
	var ce *client.Error
	if _, err := other.ExchangeSSOCode(context.Background(), code, "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"); !errors.As(err, &ce) {
		// The failed attempt spent the code: even the right verifier is too late.
		t.Fatalf("a code was traded twice: %v", err)
	}
}

// An organisation that enforces single sign-on refuses its members' password logins, with a message
// that says how to log in instead; people outside it are not affected.
func TestEnforcedSSORefusesPasswordLogin(t *testing.T) {
	s := newCmdai(t)
	s.call("POST", "/api/v1/auth/signup", "", map[string]string{"email": "solo@else.example", "password": adminPassword}, http.StatusCreated)
	s.call("PUT", "/api/v1/orgs/"+s.orgID+"/sso", s.admin, map[string]any{"protocol": "oidc", "issuer": "https://acme.okta.com",
		"preset": "okta", "client_id": "cmdai", "enforce": true}, http.StatusOK)
	_, out, raw := s.try("POST", "/api/v1/auth/login", "", map[string]string{"email": "admin@acme.example", "password": adminPassword})
	if e, _ := out["error"].(map[string]any); e["code"] != "sso_required" {
		t.Fatalf("password login of a member: %s", raw)
	}
	s.call("POST", "/api/v1/auth/login", "", map[string]string{"email": "solo@else.example", "password": adminPassword}, http.StatusOK)
	// A wrong password is still just wrong: enforcement says nothing about an account to someone who
	// does not know its password.
	s.call("POST", "/api/v1/auth/login", "", map[string]string{"email": "admin@acme.example", "password": "wrong wrong wrong"}, http.StatusUnauthorized)
	// Preset checks: an Okta issuer must be Okta's.
	s.call("PUT", "/api/v1/orgs/"+s.orgID+"/sso", s.admin, map[string]any{"protocol": "oidc", "issuer": "https://evil.example",
		"preset": "okta", "client_id": "cmdai"}, http.StatusBadRequest)
}

// The device authorisation grant (RFC 8628): the machine shows a code, a person signs in with it in a
// browser elsewhere, and the machine's next poll gets the session, once.
func TestDeviceLogin(t *testing.T) {
	s := newCmdai(t)
	op, st := startOP(t, "cmdai", "op-secret", []string{s.srv.URL + sso.CallbackPath},
		opUser{Subject: "u-dev", Email: "dev@acme.example", Verified: true})
	s.configureOIDC(op.URL)
	st.LoginAs = "u-dev"

	c := client.New(client.Credentials{Server: s.srv.URL}, nil)
	d, err := c.StartDeviceLogin(context.Background(), "Acme")
	if err != nil {
		t.Fatal(err)
	}
	if len(d.UserCode) != 9 || d.Interval < 1 || d.VerificationURI != s.srv.URL+sso.DevicePath {
		t.Fatalf("device code: %+v", d)
	}
	// Polling before anyone signed in: pending.
	_, _, raw := s.try("POST", "/api/v1/auth/device/token", "", map[string]string{"device_code": d.DeviceCode})
	if !strings.Contains(raw, "authorization_pending") {
		t.Fatalf("first poll: %s", raw)
	}
	// The person types the code (in lower case, without the dash) on another device.
	// First a page that asks the person to confirm that they started this sign-in.
	typed := strings.ToLower(strings.ReplaceAll(d.UserCode, "-", ""))
	_, status, body := newBrowser(t).open(s.srv.URL + sso.DevicePath + "?user_code=" + typed)
	if status != http.StatusOK || !strings.Contains(body, d.UserCode) || !strings.Contains(body, `name="confirm"`) {
		t.Fatalf("device confirmation page: %d %s", status, body)
	}
	_, status, body = newBrowser(t).open(s.srv.URL + sso.DevicePath + "?confirm=1&user_code=" + typed)
	if status != http.StatusOK || !strings.Contains(body, "signed in") {
		t.Fatalf("device approval page: %d %s", status, body)
	}
	user, err := c.WaitDeviceLogin(context.Background(), d)
	if err != nil || user.Email != "dev@acme.example" {
		t.Fatalf("device login: %+v %v", user, err)
	}
	// The code is spent.
	_, _, raw = s.try("POST", "/api/v1/auth/device/token", "", map[string]string{"device_code": d.DeviceCode})
	if !strings.Contains(raw, "expired_token") {
		t.Fatalf("poll after the session was handed out: %s", raw)
	}
}
