package server

import (
	"context"
	"crypto/ed25519"
	"encoding/base64"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestConfigFromEnv(t *testing.T) {
	good := map[string]string{
		"DATABASE_URL": "postgres://u@localhost:5432/cmdai", "REDIS_URL": "redis://localhost:6379/0",
		"JWT_SECRET": strings.Repeat("s", 32),
	}
	env := func(over map[string]string) func(string) string {
		return func(k string) string {
			if v, ok := over[k]; ok {
				return v
			}
			return good[k]
		}
	}
	c, err := ConfigFromEnv(env(nil))
	if err != nil || c.ListenAddr != "127.0.0.1:8080" || c.Backend != "offline" || c.RetentionEnterpriseDays != 365 || c.AuditCommandWrites {
		t.Fatalf("good config: %v, listen %q, enterprise history %d days, audit writes %v", err, c.ListenAddr, c.RetentionEnterpriseDays, c.AuditCommandWrites)
	}
	c, err = ConfigFromEnv(env(map[string]string{"AUDIT_COMMAND_WRITES": "true", "RETENTION_ENTERPRISE_DAYS": "2557"}))
	if err != nil || !c.AuditCommandWrites || c.RetentionEnterpriseDays != 2557 {
		t.Fatalf("audited writes, seven years of history: %v, %+v", err, c)
	}
	c, err = ConfigFromEnv(env(map[string]string{"INFERENCE_BACKEND": "ollama", "INFERENCE_URL": "http://gpu:11434",
		"INFERENCE_MODEL": "qwen2.5-coder:7b"}))
	if err != nil || c.Backend != "ollama" || c.Inference.URL != "http://gpu:11434" || c.Inference.Model != "qwen2.5-coder:7b" {
		t.Fatalf("ollama config: %v, %+v", err, c)
	}
	if c.PolicySigningKey != nil {
		t.Fatal("a policy signing key without POLICY_SIGNING_KEY: the server would not use the database's")
	}
	seed := strings.Repeat("k", 32)
	c, err = ConfigFromEnv(env(map[string]string{"POLICY_SIGNING_KEY": base64.StdEncoding.EncodeToString([]byte(seed))}))
	if err != nil || !c.PolicySigningKey.Equal(ed25519.NewKeyFromSeed([]byte(seed))) {
		t.Fatalf("POLICY_SIGNING_KEY: %v", err)
	}
	for name, tc := range map[string]struct {
		over map[string]string
		want string
	}{
		"no database":    {map[string]string{"DATABASE_URL": ""}, "DATABASE_URL is not set"},
		"bad database":   {map[string]string{"DATABASE_URL": "mysql://x"}, "DATABASE_URL is not"},
		"no redis":       {map[string]string{"REDIS_URL": ""}, "REDIS_URL is not set"},
		"bad redis":      {map[string]string{"REDIS_URL": "http://x"}, "REDIS_URL is not a Redis URL"},
		"no secret":      {map[string]string{"JWT_SECRET": ""}, "JWT_SECRET must be at least 32 bytes"},
		"short secret":   {map[string]string{"JWT_SECRET": strings.Repeat("s", 31)}, "it has 31"},
		"bad listen":     {map[string]string{"LISTEN_ADDR": "8080"}, "LISTEN_ADDR"},
		"bad backend":    {map[string]string{"INFERENCE_BACKEND": "gpt"}, "INFERENCE_BACKEND \"gpt\" is not one of offline, ollama, openai"},
		"bad policy key": {map[string]string{"POLICY_SIGNING_KEY": "c2hvcnQ="}, "POLICY_SIGNING_KEY: 5 bytes: want an Ed25519 seed of 32 bytes"},
		"eight years":    {map[string]string{"RETENTION_ENTERPRISE_DAYS": "2922"}, "from 1 to 2557 (seven years)"},
		"audit writes":   {map[string]string{"AUDIT_COMMAND_WRITES": "sometimes"}, "AUDIT_COMMAND_WRITES \"sometimes\" must be true or false"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := ConfigFromEnv(env(tc.over))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want it to say %q", err, tc.want)
			}
		})
	}
	_, err = ConfigFromEnv(func(string) string { return "" })
	if n := strings.Count(err.Error(), "\n") + 1; n != 3 {
		t.Fatalf("empty environment reported %d problems, want 3: %v", n, err)
	}
}

// Cancelling the context stops the server only after the request in flight has been answered.
func TestServeDrainsInFlightRequests(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	started, release := make(chan struct{}), make(chan struct{})
	h := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		close(started)
		<-release
		_, _ = io.WriteString(w, "done")
	})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	served := make(chan error, 1)
	go func() { served <- Serve(ctx, ln, h, 10*time.Second) }()

	got := make(chan string, 1)
	go func() {
		res, err := http.Get("http://" + ln.Addr().String() + "/")
		if err != nil {
			got <- "error: " + err.Error()
			return
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		got <- string(b)
	}()
	<-started
	cancel()
	select {
	case err := <-served:
		t.Fatalf("Serve returned (%v) with a request in flight", err)
	case <-time.After(100 * time.Millisecond):
	}
	close(release)
	if body := <-got; body != "done" {
		t.Fatalf("in-flight request got %q", body)
	}
	if err := <-served; err != nil {
		t.Fatalf("Serve: %v", err)
	}
	if _, err := net.DialTimeout("tcp", ln.Addr().String(), time.Second); err == nil {
		t.Fatal("still accepting connections after shutdown")
	}
}

func TestHealthcheck(t *testing.T) {
	for status, ok := range map[int]bool{http.StatusOK: true, http.StatusServiceUnavailable: false} {
		srv := http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path != "/ready" {
				http.NotFound(w, r)
				return
			}
			w.WriteHeader(status)
		})}
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		go func() { _ = srv.Serve(ln) }()
		_, port, _ := net.SplitHostPort(ln.Addr().String())
		err = Healthcheck(context.Background(), "0.0.0.0:"+port)
		_ = srv.Close()
		if (err == nil) != ok {
			t.Errorf("/ready %d: healthcheck error %v", status, err)
		}
	}
	if err := Healthcheck(context.Background(), "127.0.0.1:1"); err == nil {
		t.Error("healthcheck passed with nothing listening")
	}
}
