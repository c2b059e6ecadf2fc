package auth_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"

	"github.com/cmdai/cmdai/cloud/api"
	"github.com/cmdai/cmdai/cloud/auth"
	"github.com/cmdai/cmdai/cloud/internal/testdb"
	"github.com/cmdai/cmdai/cloud/orgs"
	"github.com/cmdai/cmdai/cloud/secrets"
)

type mfaAPI struct {
	t   *testing.T
	srv *httptest.Server
}

func (a *mfaAPI) call(method, path, token string, body any) (int, map[string]any) {
	a.t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, a.srv.URL+path, rd)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		a.t.Fatal(err)
	}
	defer res.Body.Close()
	var out map[string]any
	_ = json.NewDecoder(res.Body).Decode(&out)
	return res.StatusCode, out
}

func (a *mfaAPI) want(status int, code string, gotStatus int, body map[string]any) {
	a.t.Helper()
	e, _ := body["error"].(map[string]any)
	if gotStatus != status || (code != "" && e["code"] != code) {
		a.t.Fatalf("got %d %v, want %d %s", gotStatus, body, status, code)
	}
}

func codeAt(t *testing.T, secret string, at time.Time) string {
	t.Helper()
	c, err := totp.GenerateCodeCustom(secret, at, totp.ValidateOpts{Period: 30, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TOTP second factors end to end: enrolment with recovery codes, a login that needs a code, a code
// accepted once, recovery codes spent once, guessing throttled, and an organisation that requires a
// factor making its members enrol before they get a session.
func TestTOTPSecondFactor(t *testing.T) {
	pool := testdb.New(t)
	kr, err := secrets.NewKeyring("k", map[string][]byte{"k": bytes.Repeat([]byte{1}, secrets.KeySize)})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(api.NewHandler(api.Deps{DB: pool, Redis: testdb.Redis(t), Logger: slog.New(slog.DiscardHandler), Keyring: kr,
		Auth: &auth.Service{DB: pool, Tokens: auth.Tokens{Secret: []byte("mfa-test-secret-mfa-test-secret!!")},
			Argon2: auth.Argon2Params{MemoryKiB: 64, Iterations: 1, Parallelism: 1}}}))
	t.Cleanup(srv.Close)
	a := &mfaAPI{t: t, srv: srv}
	const pw = "correct horse battery staple"
	login := map[string]string{"email": "mia@acme.example", "password": pw}

	status, sess := a.call("POST", "/api/v1/auth/signup", "", login)
	a.want(http.StatusCreated, "", status, sess)
	access := sess["access_token"].(string)
	status, enr := a.call("POST", "/api/v1/auth/mfa/totp", access, nil)
	a.want(http.StatusCreated, "", status, enr)
	secret := enr["secret"].(string)
	// Not on until confirmed: a login still needs only the password.
	status, body := a.call("POST", "/api/v1/auth/login", "", login)
	a.want(http.StatusOK, "", status, body)
	status, body = a.call("POST", "/api/v1/auth/mfa/totp/confirm", access, map[string]string{"code": "000000"})
	a.want(http.StatusUnauthorized, api.CodeMFAInvalid, status, body)
	now := time.Now()
	status, body = a.call("POST", "/api/v1/auth/mfa/totp/confirm", access, map[string]string{"code": codeAt(t, secret, now.Add(-30*time.Second))})
	a.want(http.StatusOK, "", status, body)
	recovery := body["recovery_codes"].([]any)
	if len(recovery) != 10 {
		t.Fatalf("recovery codes: %v", body)
	}

	challenge := func() string {
		t.Helper()
		status, body := a.call("POST", "/api/v1/auth/login", "", login)
		a.want(http.StatusUnauthorized, api.CodeMFARequired, status, body)
		return body["error"].(map[string]any)["details"].(map[string]any)["mfa_token"].(string)
	}
	tok := challenge()
	status, body = a.call("POST", "/api/v1/auth/mfa/verify", "", map[string]string{"mfa_token": tok, "code": "123456"})
	a.want(http.StatusUnauthorized, api.CodeMFAInvalid, status, body)
	code := codeAt(t, secret, now)
	status, body = a.call("POST", "/api/v1/auth/mfa/verify", "", map[string]string{"mfa_token": tok, "code": code})
	a.want(http.StatusOK, "", status, body)
	// The challenge is spent, and so is the code.
	status, body = a.call("POST", "/api/v1/auth/mfa/verify", "", map[string]string{"mfa_token": tok, "code": code})
	a.want(http.StatusUnauthorized, api.CodeMFAInvalid, status, body)
	tok = challenge()
	status, body = a.call("POST", "/api/v1/auth/mfa/verify", "", map[string]string{"mfa_token": tok, "code": code})
	a.want(http.StatusUnauthorized, api.CodeMFAInvalid, status, body)
	// A recovery code works once.
	status, body = a.call("POST", "/api/v1/auth/mfa/verify", "", map[string]string{"mfa_token": tok, "code": recovery[0].(string)})
	a.want(http.StatusOK, "", status, body)
	tok = challenge()
	status, body = a.call("POST", "/api/v1/auth/mfa/verify", "", map[string]string{"mfa_token": tok, "code": recovery[0].(string)})
	a.want(http.StatusUnauthorized, api.CodeMFAInvalid, status, body)
	// Guessing codes is throttled like guessing passwords.
	checked, throttled := 0, 0
	for range 50 {
		status, _ := a.call("POST", "/api/v1/auth/mfa/verify", "", map[string]string{"mfa_token": tok, "code": "999999"})
		switch status {
		case http.StatusUnauthorized:
			checked++
		case http.StatusTooManyRequests:
			throttled++
		default:
			t.Fatalf("guess: %d", status)
		}
	}
	if checked > 10 || throttled == 0 {
		t.Fatalf("50 guessed codes: %d checked, %d throttled", checked, throttled)
	}

	// An organisation that requires a factor: its member without one enrols during login.
	status, body = a.call("POST", "/api/v1/auth/signup", "", map[string]string{"email": "owner@acme.example", "password": pw})
	a.want(http.StatusCreated, "", status, body)
	owner := body["access_token"].(string)
	o, err := (&orgs.Service{DB: pool}).Create(context.Background(), "Acme", "owner@acme.example", nil)
	if err != nil {
		t.Fatal(err)
	}
	status, body = a.call("PUT", "/api/v1/orgs/"+o.ID+"/sso", owner, map[string]any{"protocol": "oidc", "issuer": "https://accounts.google.com",
		"preset": "google", "client_id": "x", "require_mfa": true})
	a.want(http.StatusOK, "", status, body)
	status, body = a.call("POST", "/api/v1/auth/login", "", map[string]string{"email": "owner@acme.example", "password": pw})
	a.want(http.StatusUnauthorized, api.CodeMFAEnroll, status, body)
	tok = body["error"].(map[string]any)["details"].(map[string]any)["mfa_token"].(string)
	status, body = a.call("POST", "/api/v1/auth/mfa/verify", "", map[string]string{"mfa_token": tok, "code": "123456"})
	a.want(http.StatusConflict, "", status, body)
	status, enr = a.call("POST", "/api/v1/auth/mfa/enroll", "", map[string]string{"mfa_token": tok})
	a.want(http.StatusCreated, "", status, enr)
	status, body = a.call("POST", "/api/v1/auth/mfa/enroll/confirm", "", map[string]string{"mfa_token": tok, "code": codeAt(t, enr["secret"].(string), time.Now())})
	a.want(http.StatusOK, "", status, body)
	if s, _ := body["session"].(map[string]any); s["access_token"] == nil || len(body["recovery_codes"].([]any)) != 10 {
		t.Fatalf("enrolment during login: %v", body)
	}
}
