package client_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"

	"github.com/cmdai/cmdai/cloud/api"
	"github.com/cmdai/cmdai/cloud/auth"
	"github.com/cmdai/cmdai/cloud/client"
	"github.com/cmdai/cmdai/cloud/internal/testdb"
	"github.com/cmdai/cmdai/cloud/secrets"
)

// A login of an account with a second factor comes back as an MFARequiredError whose token, with a
// code from the app, finishes it; a throttled login carries the server's Retry-After.
func TestLoginWithSecondFactor(t *testing.T) {
	ctx := context.Background()
	pool := testdb.New(t)
	kr, err := secrets.NewKeyring("k", map[string][]byte{"k": bytes.Repeat([]byte{3}, secrets.KeySize)})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(api.NewHandler(api.Deps{DB: pool, Redis: testdb.Redis(t), Logger: slog.New(slog.DiscardHandler), Keyring: kr,
		Auth: &auth.Service{DB: pool, Tokens: auth.Tokens{Secret: []byte("client-test-secret-client-test-secret")},
			Argon2: auth.Argon2Params{MemoryKiB: 64, Iterations: 1, Parallelism: 1}}}))
	t.Cleanup(srv.Close)

	c := client.New(client.Credentials{Server: srv.URL}, nil)
	if _, err := c.Signup(ctx, "otp@example.com", "correct horse battery"); err != nil {
		t.Fatal(err)
	}
	post := func(path string, body any) map[string]any {
		b, _ := json.Marshal(body)
		req, _ := http.NewRequest("POST", srv.URL+path, bytes.NewReader(b))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+c.Credentials().AccessToken)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		var out map[string]any
		_ = json.NewDecoder(res.Body).Decode(&out)
		if res.StatusCode >= 300 {
			t.Fatalf("%s: %d %v", path, res.StatusCode, out)
		}
		return out
	}
	secret := post("/api/v1/auth/mfa/totp", nil)["secret"].(string)
	code := func(at time.Time) string {
		c, _ := totp.GenerateCodeCustom(secret, at, totp.ValidateOpts{Period: 30, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
		return c
	}
	post("/api/v1/auth/mfa/totp/confirm", map[string]string{"code": code(time.Now().Add(-30 * time.Second))})

	other := client.New(client.Credentials{Server: srv.URL}, nil)
	_, err = other.Login(ctx, "otp@example.com", "correct horse battery")
	var mfa *client.MFARequiredError
	if !errors.As(err, &mfa) || mfa.Token == "" || mfa.Enroll || !client.IsUnauthorized(err) {
		t.Fatalf("login of an account with a second factor: %v", err)
	}
	u, err := other.VerifyMFA(ctx, mfa.Token, code(time.Now()))
	if err != nil || u.Email != "otp@example.com" || other.Credentials().AccessToken == "" {
		t.Fatalf("verify: %+v %v", u, err)
	}

	// Guessing the password: the client sees 429 with the server's Retry-After.
	var last error
	for range 12 {
		if _, last = other.Login(ctx, "otp@example.com", "wrong wrong wrong"); client.RetryAfter(last) > 0 {
			break
		}
	}
	var ce *client.Error
	if !errors.As(last, &ce) || ce.Status != http.StatusTooManyRequests || client.RetryAfter(last) <= 0 {
		t.Fatalf("throttled login: %v", last)
	}
}
