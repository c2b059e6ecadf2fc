package auth_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/cmdai/cmdai/cloud/api"
	"github.com/cmdai/cmdai/cloud/auth"
	"github.com/cmdai/cmdai/cloud/internal/testdb"
)

// The throttle's arithmetic against the real Redis: free attempts, then waits, then a lock-out; a
// refunded attempt does not count, and the owner's success clears the count.
func TestThrottleRule(t *testing.T) {
	ctx := context.Background()
	th := &auth.Throttle{Redis: testdb.Redis(t), Namespace: t.Name() + time.Now().String()}
	rule := auth.ThrottleRule{Name: "test", Free: 2, Max: 4, Window: time.Minute, Lockout: 30 * time.Second, BaseDelay: 200 * time.Millisecond}
	refused := func(err error) time.Duration {
		var te *auth.ThrottledError
		if !errors.As(err, &te) {
			return 0
		}
		return te.RetryAfter
	}
	for i := range 2 {
		if err := th.Reserve(ctx, rule, "a"); err != nil {
			t.Fatalf("free attempt %d: %v", i+1, err)
		}
	}
	th.Refund(ctx, rule, "a") // a refunded attempt: the third is still free
	if err := th.Reserve(ctx, rule, "a"); err != nil {
		t.Fatalf("attempt after a refund: %v", err)
	}
	if err := th.Reserve(ctx, rule, "a"); err != nil { // the third counted: admitted, and sets a wait
		t.Fatalf("third attempt: %v", err)
	}
	if d := refused(th.Reserve(ctx, rule, "a")); d <= 0 || d > 200*time.Millisecond {
		t.Fatalf("attempt during the wait: refused for %v", d)
	}
	time.Sleep(250 * time.Millisecond)
	if err := th.Reserve(ctx, rule, "a"); err != nil { // the fourth: admitted, then the lock-out
		t.Fatalf("fourth attempt: %v", err)
	}
	if d := refused(th.Check(ctx, rule, "a")); d < 29*time.Second {
		t.Fatalf("after the last attempt: refused for %v, want the lock-out", d)
	}
	if err := th.Reserve(ctx, rule, "b"); err != nil {
		t.Fatalf("another subject is not affected: %v", err)
	}
	th.Forget(ctx, rule, "a")
	if err := th.Check(ctx, rule, "a"); err != nil {
		t.Fatalf("after Forget: %v", err)
	}
	var nilThrottle *auth.Throttle // no Redis configured: nothing is throttled
	if err := nilThrottle.Reserve(ctx, rule, "a"); err != nil {
		t.Fatal(err)
	}
}

// Signup and refresh are throttled per address like login: a burst of failed refreshes or of signups
// from one address is answered 429 with Retry-After.
func TestSignupAndRefreshThrottled(t *testing.T) {
	pool := testdb.New(t)
	srv := httptest.NewServer(api.NewHandler(api.Deps{DB: pool, Redis: testdb.Redis(t), Logger: slog.New(slog.DiscardHandler),
		Auth: &auth.Service{DB: pool, Tokens: auth.Tokens{Secret: []byte("throttle-test-secret-throttle-test!")},
			Argon2: auth.Argon2Params{MemoryKiB: 64, Iterations: 1, Parallelism: 1}}}))
	t.Cleanup(srv.Close)
	a := &mfaAPI{t: t, srv: srv}
	burst := func(what string, call func(i int) (int, map[string]any)) {
		t.Helper()
		for i := range auth.RuleSignupIP.Free + 5 {
			status, body := call(i)
			if status == http.StatusTooManyRequests {
				a.want(http.StatusTooManyRequests, api.CodeTooManyAttempts, status, body)
				return
			}
		}
		t.Fatalf("%s: no 429 in a burst from one address", what)
	}
	burst("refresh", func(int) (int, map[string]any) {
		return a.call("POST", "/api/v1/auth/refresh", "", map[string]string{"refresh_token": "cmdair_forged"})
	})
	burst("signup", func(i int) (int, map[string]any) {
		return a.call("POST", "/api/v1/auth/signup", "", map[string]string{"email": fmt.Sprintf("s%d@example.com", i), "password": "correct horse battery"})
	})
}
