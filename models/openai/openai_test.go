package openai

import (
	"context"
	"errors"
	"net"
	"strings"
	"testing"

	"github.com/cmdai/cmdai/models"
)

var req = models.Request{Prompt: "list the files in this directory", Shell: "bash", OS: "linux"}

func TestServerDown(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + l.Addr().String() + "/v1"
	l.Close()
	b := mustNew(t, Options{URL: base, Model: "m"})
	ctx := context.Background()
	_, gerr := b.Generate(ctx, req, nil)
	for what, err := range map[string]error{"generate": gerr, "health": b.Health(ctx)} {
		var down *UnreachableError
		if !errors.As(err, &down) || down.URL != base || !errors.Is(err, ErrUnreachable) || !strings.Contains(err.Error(), base) {
			t.Errorf("%s: %v, want an UnreachableError naming %s", what, err, base)
		}
		if strings.Contains(err.Error(), "cmdai config edit") {
			t.Errorf("%s: %v: advice about cmdai's config is for the CLI and the daemon to add", what, err)
		}
	}
}

func TestNewChecksSettings(t *testing.T) {
	b := mustNew(t, Options{})
	if b.base != DefaultURL || b.Model() != "" {
		t.Errorf("defaults: %s %q", b.base, b.Model())
	}
	for _, u := range []string{"localhost:8000", "ftp://x/v1"} {
		var bad *InvalidURLError
		if _, err := New(Options{URL: u}); !errors.As(err, &bad) || bad.URL != u || !strings.Contains(err.Error(), "openai.url") {
			t.Errorf("url %q: %v, want an InvalidURLError", u, err)
		}
	}
	t.Setenv("CMDAI_TEST_KEY", " k \n")
	if b := mustNew(t, Options{APIKeyEnv: "CMDAI_TEST_KEY"}); b.key != "k" {
		t.Errorf("key = %q", b.key)
	}
}

func TestErrorBody(t *testing.T) {
	for body, want := range map[string]string{
		`{"error":{"message":"model \"x\" not found","type":"api_error"}}`: `model "x" not found`,
		`{"error":"bad things"}`:        "bad things",
		`{"message":"nope"}`:            "nope",
		"plain text\n":                  "plain text",
		"":                              "no message",
		`{"object":"error","code":400}`: `{"object":"error","code":400}`,
	} {
		if got := errorBody([]byte(body)); got != want {
			t.Errorf("errorBody(%q) = %q, want %q", body, got, want)
		}
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
