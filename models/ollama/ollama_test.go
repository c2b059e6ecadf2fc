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
		if !errors.Is(err, ErrNotRunning) || !strings.Contains(err.Error(), url) || !strings.Contains(err.Error(), "start it with 'ollama serve'") {
			t.Errorf("%s: %v, want ErrNotRunning naming %s and how to start it", what, err, url)
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
	if _, err := New(Options{URL: "localhost"}); err == nil || !strings.Contains(err.Error(), "ollama.url") {
		t.Errorf("bad url: %v", err)
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
