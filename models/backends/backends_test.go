package backends

import (
	"context"
	"net"
	"strings"
	"testing"

	"github.com/cmdai/cmdai/models"
)

func TestOpen(t *testing.T) {
	b, err := Open("", Endpoint{})
	if err != nil {
		t.Fatal(err)
	}
	resp, err := b.Generate(context.Background(), models.Request{Prompt: "list all files", Shell: "bash", OS: "linux"}, nil)
	if err != nil || resp.Command == "" || b.Name() != "offline" {
		t.Errorf("offline: %q %v (name %q)", resp.Command, err, b.Name())
	}

	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	url := "http://" + l.Addr().String()
	l.Close() // nothing listens there now: every model backend must say so, not hang
	for _, name := range []string{"ollama", "openai"} {
		b, err := Open(name, Endpoint{URL: url + map[string]string{"ollama": "", "openai": "/v1"}[name], Model: "m"})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if b.Name() != name {
			t.Errorf("Open(%q).Name() = %q", name, b.Name())
		}
		if err := b.Health(context.Background()); err == nil {
			t.Errorf("%s: Health against a closed port succeeded", name)
		}
		_ = b.Close()
	}

	if _, err := Open("gpt9", Endpoint{}); err == nil || !strings.Contains(err.Error(), "unknown backend") {
		t.Errorf("unknown name: %v", err)
	}
	if _, err := Open("openai", Endpoint{URL: "not a url"}); err == nil {
		t.Error("openai accepted a URL with no scheme")
	}
	if !Known("") || !Known("ollama") || Known("embedded") || Known("gpt9") {
		t.Error("Known disagrees with Names")
	}
}
