package server

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cmdai/cmdai/cloud/api"
	"github.com/cmdai/cmdai/cloud/auth"
	"github.com/cmdai/cmdai/cloud/internal/testdb"
	"github.com/cmdai/cmdai/cloud/internal/testproc"
	"github.com/cmdai/cmdai/cloud/ratelimit"
)

// serve runs ServeWith on a loopback port until the test ends and returns its address.
func serve(t *testing.T, h http.Handler, stop Stop) (addr string, cancel context.CancelFunc, done <-chan error) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	served, result := make(chan error, 1), make(chan error, 1)
	var stopped sync.WaitGroup
	stopped.Go(func() {
		err := ServeWith(ctx, ln, h, stop)
		served <- err
		result <- err
	})
	t.Cleanup(func() { cancel(); stopped.Wait() })
	return ln.Addr().String(), cancel, result
}

// rawExchange writes req on a fresh connection and reads one response.
func rawExchange(t *testing.T, addr, req string) (*http.Response, map[string]any) {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(5 * time.Second))
	if _, err := io.WriteString(c, req); err != nil {
		t.Fatal(err)
	}
	res, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		t.Fatalf("read response to %.40q: %v", req, err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	var body map[string]any
	if err := json.Unmarshal(raw, &body); err != nil {
		t.Fatalf("answer to %.40q is not JSON: %d %q", req, res.StatusCode, raw)
	}
	return res, body
}

// Errors that net/http answers before any handler runs come back in the API's error envelope too.
func TestErrorsBeforeHandlersUseTheEnvelope(t *testing.T) {
	h := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { _, _ = io.WriteString(w, "{}") })
	addr, _, _ := serve(t, h, Stop{Timeout: time.Second})
	huge := "GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + strings.Repeat("a", 100<<10) + "\r\n\r\n"
	cases := []struct {
		name, req string
		status    int
		code      string
	}{
		{"malformed request line", "GARBAGE\r\n\r\n", 400, api.CodeBadRequest},
		{"malformed header", "GET / HTTP/1.1\r\nHost: x\r\nno colon here\r\n\r\n", 400, api.CodeBadRequest},
		{"no Host", "GET / HTTP/1.1\r\n\r\n", 400, api.CodeBadRequest},
		{"headers too large", huge, 431, api.CodeHeadersTooLarge},
		{"unknown transfer encoding", "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: rot13\r\n\r\n", 501, api.CodeNotImplemented},
		{"HTTP/9", "GET / HTTP/9.9\r\nHost: x\r\n\r\n", 505, api.CodeHTTPVersion},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res, body := rawExchange(t, addr, c.req)
			e, _ := body["error"].(map[string]any)
			if res.StatusCode != c.status || e["code"] != c.code || res.Header.Get("Content-Type") != "application/json" {
				t.Fatalf("got %d %v (%s), want %d %s", res.StatusCode, body, res.Header.Get("Content-Type"), c.status, c.code)
			}
			if _, ok := e["message"].(string); !ok || len(e) != 3 {
				t.Fatalf("envelope %v", body)
			}
		})
	}
	// A well-formed request is untouched.
	res, err := http.Get("http://" + addr + "/")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 {
		t.Fatalf("control: %d", res.StatusCode)
	}
}

// With PostgreSQL down, requests are answered 503 unavailable with Retry-After (never 500) and /ready
// fails within its bound; once it is back, writes succeed again.
func TestPostgresOutageIs503(t *testing.T) {
	pg := testproc.StartPostgres(t)
	ctx := context.Background()
	log := slog.New(slog.DiscardHandler)
	pool, err := Connect(ctx, pg.URL())
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	if err := Migrate(ctx, pool, log); err != nil {
		t.Fatal(err)
	}
	h := api.NewHandler(api.Deps{DB: pool, Redis: testdb.Redis(t), Logger: log,
		Auth: &auth.Service{DB: pool, Tokens: auth.Tokens{Secret: bytes.Repeat([]byte("k"), 32)},
			Argon2: auth.Argon2Params{MemoryKiB: 64, Iterations: 1, Parallelism: 1}}})
	addr, _, _ := serve(t, h, Stop{Timeout: time.Second})
	base := "http://" + addr
	client := &http.Client{Timeout: 10 * time.Second}
	do := func(method, path, token, body string) (*http.Response, string) {
		req, _ := http.NewRequest(method, base+path, strings.NewReader(body))
		if body != "" {
			req.Header.Set("Content-Type", "application/json")
		}
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		res, err := client.Do(req)
		if err != nil {
			t.Fatalf("%s %s: %v", method, path, err)
		}
		defer res.Body.Close()
		raw, _ := io.ReadAll(res.Body)
		return res, string(raw)
	}
	res, raw := do("POST", "/api/v1/auth/signup", "", `{"email":"outage@example.com","password":"correct horse battery"}`)
	if res.StatusCode != 201 {
		t.Fatalf("signup: %d %s", res.StatusCode, raw)
	}
	var sess struct {
		AccessToken string `json:"access_token"`
	}
	_ = json.Unmarshal([]byte(raw), &sess)

	pg.Stop()
	for _, c := range []struct{ method, path, token, body string }{
		{"POST", "/api/v1/commands", sess.AccessToken, `{"prompt":"p","command":"ls"}`},
		{"GET", "/api/v1/commands/history", sess.AccessToken, ""},
		{"GET", "/api/v1/auth/me", sess.AccessToken, ""},
		{"POST", "/api/v1/auth/signup", "", `{"email":"second@example.com","password":"correct horse battery"}`},
		{"POST", "/api/v1/auth/login", "", `{"email":"outage@example.com","password":"correct horse battery"}`},
		{"GET", "/api/v1/teams", sess.AccessToken, ""},
	} {
		res, raw := do(c.method, c.path, c.token, c.body)
		if res.StatusCode != http.StatusServiceUnavailable || !strings.Contains(raw, `"code":"unavailable"`) || res.Header.Get("Retry-After") == "" {
			t.Errorf("%s %s with PostgreSQL down: %d %s (Retry-After %q)", c.method, c.path, res.StatusCode, raw, res.Header.Get("Retry-After"))
		}
	}
	start := time.Now()
	res, raw = do("GET", "/ready", "", "")
	if took := time.Since(start); res.StatusCode != http.StatusServiceUnavailable || took > 1500*time.Millisecond {
		t.Errorf("/ready with PostgreSQL down: %d after %v: %s", res.StatusCode, took, raw)
	}

	pg.Start()
	deadline := time.Now().Add(15 * time.Second)
	for {
		res, raw := do("POST", "/api/v1/commands", sess.AccessToken, `{"prompt":"p","command":"ls"}`)
		if res.StatusCode == http.StatusCreated {
			break
		}
		if res.StatusCode != http.StatusServiceUnavailable || time.Now().After(deadline) {
			t.Fatalf("after PostgreSQL is back: %d %s", res.StatusCode, raw)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// A Redis that accepts connections and never answers costs a request the rate limiter's stated bound
// (250 ms), not the client's longer socket timeouts: the server's Redis options let the caller's deadline
// cut the round trip.
func TestHungRedisHoldsTheLimiterBound(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() { // a Redis that hangs: accepts, reads, never answers; ends when ln closes
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() { _, _ = io.Copy(io.Discard, c) }()
		}
	}()
	rdb, err := redisClient("redis://" + ln.Addr().String() + "/0")
	if err != nil {
		t.Fatal(err)
	}
	defer rdb.Close()
	lim := ratelimit.New(rdb, ratelimit.Options{Logger: slog.New(slog.DiscardHandler)})
	for i := range 3 {
		start := time.Now()
		d := lim.Allow(context.Background(), "user:x", ratelimit.PlanFree)
		took := time.Since(start)
		if !d.Degraded || took > 300*time.Millisecond {
			t.Fatalf("call %d: degraded %v after %v, want degraded within 300ms", i, d.Degraded, took)
		}
	}
}
