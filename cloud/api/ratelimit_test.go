package api_test

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-redis/redis_rate/v10"
	"github.com/redis/go-redis/v9"

	"github.com/cmdai/cmdai/cloud/api"
	"github.com/cmdai/cmdai/cloud/auth"
	"github.com/cmdai/cmdai/cloud/internal/testdb"
	"github.com/cmdai/cmdai/cloud/internal/testproc"
	"github.com/cmdai/cmdai/cloud/ratelimit"
	"github.com/cmdai/cmdai/internal/logsink"
)

// newLimitedAPI is newAPI with a rate limiter over rdb.
func newLimitedAPI(t *testing.T, rdb *redis.Client, limits map[string]redis_rate.Limit, log *slog.Logger) *testAPI {
	t.Helper()
	pool := testdb.New(t)
	h := api.NewHandler(api.Deps{
		DB: pool, Redis: rdb, Logger: log, MaxBodyBytes: 16 << 10,
		Auth:    &auth.Service{DB: pool, Tokens: auth.Tokens{Secret: testSecret}, Argon2: cheapArgon2},
		Limiter: ratelimit.New(rdb, ratelimit.Options{Limits: limits, Logger: log}),
	})
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return &testAPI{t: t, srv: srv, pool: pool}
}

// Fifty clients sending at once get exactly the plan's budget, no more and no less.
func TestRateLimitExactUnderConcurrency(t *testing.T) {
	a := newLimitedAPI(t, testdb.Redis(t), nil, slog.New(slog.DiscardHandler))
	access, _ := a.signup("burst@example.com")
	const clients, each = 50, 3
	var (
		mu        sync.Mutex
		statuses  = map[int]int{}
		remaining = map[string]bool{}
		wg        sync.WaitGroup
	)
	for range clients {
		wg.Go(func() {
			for range each {
				r := a.do("GET", "/api/v1/auth/me", access, nil)
				mu.Lock()
				statuses[r.Status]++
				if r.Status == http.StatusOK {
					remaining[r.Header.Get("X-RateLimit-Remaining")] = true
				}
				mu.Unlock()
				if r.Status == http.StatusTooManyRequests {
					a.want(r, http.StatusTooManyRequests, api.CodeRateLimited)
					if ra, err := strconv.Atoi(r.Header.Get("Retry-After")); err != nil || ra < 1 || ra > 72 {
						t.Errorf("Retry-After %q, want 1..72 s (one request of 50 an hour)", r.Header.Get("Retry-After"))
					}
				}
			}
		})
	}
	wg.Wait()
	if statuses[http.StatusOK] != 50 || statuses[http.StatusTooManyRequests] != clients*each-50 {
		t.Fatalf("statuses %v, want exactly 50 OK and the rest 429", statuses)
	}
	if len(remaining) != 50 {
		t.Fatalf("the 50 admitted requests saw %d distinct X-RateLimit-Remaining values, want 50 (0..49)", len(remaining))
	}
}

func TestRateLimitHeaders(t *testing.T) {
	a := newLimitedAPI(t, testdb.Redis(t), nil, slog.New(slog.DiscardHandler))
	access, _ := a.signup("headers@example.com")
	before := time.Now().Unix()
	r := a.do("GET", "/api/v1/auth/me", access, nil)
	a.want(r, http.StatusOK, "")
	h := r.Header
	if h.Get("X-RateLimit-Limit") != "50" || h.Get("X-RateLimit-Remaining") != "49" {
		t.Fatalf("limit %q remaining %q, want 50 and 49", h.Get("X-RateLimit-Limit"), h.Get("X-RateLimit-Remaining"))
	}
	// One request of 50 an hour is refilled in 72 s.
	reset, _ := strconv.ParseInt(h.Get("X-RateLimit-Reset"), 10, 64)
	if reset < before+71 || reset > before+74 {
		t.Fatalf("X-RateLimit-Reset %q, want about %d", h.Get("X-RateLimit-Reset"), before+72)
	}
	if got := h.Get("RateLimit-Policy"); got != `"free";q=50;w=3600` {
		t.Fatalf("RateLimit-Policy %q", got)
	}
	if got := h.Get("RateLimit"); got != `"free";r=49;t=72` {
		t.Fatalf("RateLimit %q", got)
	}
	if h.Get("Retry-After") != "" {
		t.Fatal("Retry-After on an admitted request")
	}
	// Unauthenticated routes are not metered.
	if r := a.do("GET", "/health", "", nil); r.Header.Get("X-RateLimit-Limit") != "" {
		t.Fatal("rate-limit headers on /health")
	}

	// A pro account gets the pro budget; an API key has a budget of its own.
	pro, _ := a.signup("pro@example.com")
	if _, err := a.pool.Exec(context.Background(), `UPDATE users SET plan = 'pro' WHERE email = 'pro@example.com'`); err != nil {
		t.Fatal(err)
	}
	k := a.do("POST", "/api/v1/auth/api-keys", pro, map[string]any{"name": "ci", "scopes": []string{"commands:read"}})
	key, _ := k.Body["key"].(string)
	r = a.do("GET", "/api/v1/commands", key, nil)
	a.want(r, http.StatusOK, "")
	// redis_rate's GCRA works in floating-point seconds, and 3.6 s per request rounds one request low.
	if rem := r.Header.Get("X-RateLimit-Remaining"); r.Header.Get("X-RateLimit-Limit") != "1000" || (rem != "999" && rem != "998") {
		t.Fatalf("pro api key: limit %q remaining %q, want 1000 and 999 (its own budget)",
			r.Header.Get("X-RateLimit-Limit"), r.Header.Get("X-RateLimit-Remaining"))
	}
}

// With Redis down, requests are served unmetered and a warning is logged; when Redis is back, limits apply.
func TestRateLimitFailsOpenWhileRedisIsDown(t *testing.T) {
	srv := testproc.StartRedis(t)
	rdb := redis.NewClient(&redis.Options{Addr: srv.Addr(), DialTimeout: 200 * time.Millisecond,
		ReadTimeout: 200 * time.Millisecond, WriteTimeout: 200 * time.Millisecond, MaxRetries: -1})
	t.Cleanup(func() { _ = rdb.Close() })
	logs := &logsink.Buffer{}
	log := slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelWarn}))
	limits := map[string]redis_rate.Limit{ratelimit.PlanFree: redis_rate.PerHour(3)}
	a := newLimitedAPI(t, rdb, limits, log)
	access, _ := a.signup("outage@example.com")

	spend := func(phase string) {
		t.Helper()
		for range 3 {
			a.want(a.do("GET", "/api/v1/auth/me", access, nil), http.StatusOK, "")
		}
		r := a.do("GET", "/api/v1/auth/me", access, nil)
		if r.Status != http.StatusTooManyRequests {
			t.Fatalf("%s: 4th request of a 3-an-hour budget got %d, want 429", phase, r.Status)
		}
	}
	spend("before the outage")

	srv.Stop()
	for range 5 {
		r := a.do("GET", "/api/v1/auth/me", access, nil)
		a.want(r, http.StatusOK, "")
		if r.Header.Get("X-RateLimit-Remaining") != "" {
			t.Fatal("rate-limit headers while Redis is down")
		}
	}
	// The replica stays in service: Redis only meters.
	if r := a.do("GET", "/ready", "", nil); r.Status != http.StatusOK || !strings.HasPrefix(r.Body["checks"].(map[string]any)["redis"].(string), "unreachable") {
		t.Fatalf("/ready with Redis down: %d %s", r.Status, r.Raw)
	}
	if !strings.Contains(logs.String(), "fail open") || !strings.Contains(logs.String(), `"level":"WARN"`) {
		t.Fatalf("no warning logged while Redis was down; log:\n%s", logs.String())
	}

	srv.Start() // a fresh, empty Redis: the budget starts full again
	spend("after Redis came back")
}
