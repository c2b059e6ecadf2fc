package ollama

import (
	"context"
	"errors"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/cmdai/cmdai/models"
)

var req = models.Request{Prompt: "list the files in this directory", Shell: "bash", OS: "linux", Cwd: "/tmp"}

func TestServerDown(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	url := "http://" + l.Addr().String()
	l.Close()
	b := mustNew(t, Options{URL: url})
	ctx := context.Background()
	start := time.Now()
	for what, err := range map[string]error{
		"generate": func() error { _, err := b.Generate(ctx, req, nil); return err }(),
		"health":   b.Health(ctx),
		"warm":     b.Warm(ctx),
	} {
		var down *NotRunningError
		if !errors.As(err, &down) || down.URL != url || !errors.Is(err, ErrNotRunning) || !strings.Contains(err.Error(), url) {
			t.Errorf("%s: %v, want a NotRunningError naming %s", what, err, url)
		}
		if strings.Contains(err.Error(), "cmdai config edit") {
			t.Errorf("%s: %v: advice about cmdai's config is for the CLI and the daemon to add", what, err)
		}
	}
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("a refused connection took %s to report", took)
	}
}

func TestNewChecksSettings(t *testing.T) {
	b := mustNew(t, Options{})
	if b.url != DefaultURL || b.Model() != DefaultModel || b.keepAlive != nil {
		t.Errorf("defaults: %s %s %v", b.url, b.Model(), b.keepAlive)
	}
	for _, ka := range []struct {
		in   string
		want time.Duration
	}{{"30m", 30 * time.Minute}, {"0", 0}, {"-1", -1}, {"600", 10 * time.Minute}} {
		b := mustNew(t, Options{KeepAlive: ka.in})
		if b.keepAlive == nil || b.keepAlive.Duration != ka.want {
			t.Errorf("keep_alive %q = %v, want %s", ka.in, b.keepAlive, ka.want)
		}
	}
	if _, err := New(Options{KeepAlive: "soon"}); err == nil || !strings.Contains(err.Error(), "ollama.keep_alive") {
		t.Errorf("bad keep_alive: %v", err)
	}
	var bad *InvalidURLError
	if _, err := New(Options{URL: "localhost"}); !errors.As(err, &bad) || bad.URL != "localhost" || !strings.Contains(err.Error(), "ollama.url") {
		t.Errorf("bad url: %v, want an InvalidURLError", err)
	}
}

func mustNew(t *testing.T, opts Options) *Backend {
	t.Helper()
	b, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	return b
}
