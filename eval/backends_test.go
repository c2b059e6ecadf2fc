package eval

import (
	"bytes"
	"encoding/json"
	"errors"
	"net"
	"strings"
	"testing"

	"github.com/cmdai/cmdai/models"
	"github.com/cmdai/cmdai/models/offline"
)

func TestModelAnswererCountsFailures(t *testing.T) {
	engine, err := offline.New()
	if err != nil {
		t.Fatal(err)
	}
	m := &ModelAnswerer{Backend: engine}
	got := m.Answer(models.Request{Prompt: "show the 10 largest files under this directory", Shell: "bash", OS: "linux"})
	if got.Command == "" || got.Confidence <= 0 {
		t.Errorf("answer = %+v, want a command with a confidence", got)
	}
	if n, _ := m.Failures(); n != 0 {
		t.Errorf("failures after a good answer = %d", n)
	}
	if got := m.Answer(models.Request{Prompt: "qwzx vblorp frandle", Shell: "bash", OS: "linux"}); got.Command != "" {
		t.Errorf("gibberish answered %q", got.Command)
	}
	n, last := m.Failures()
	if n != 1 || !errors.Is(last, models.ErrNoAnswer) {
		t.Errorf("failures = %d, %v; want 1, ErrNoAnswer", n, last)
	}
}

func TestCLIModelBackendDown(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close() // a port nothing listens on: a real refused connection
	dir := writeCorpus(t)
	var stdout, stderr bytes.Buffer
	err = CLI([]string{"-data", dir, "-backend", "ollama", "-url", "http://" + addr, "-timeout", "2s"}, &stdout, &stderr, OpenBackend)
	if err == nil || !strings.Contains(err.Error(), "not ready") {
		t.Fatalf("err = %v, want the backend reported not ready before scoring", err)
	}
	if err := CLI([]string{"-data", dir, "-backend", "gpt9"}, &stdout, &stderr, OpenBackend); err == nil ||
		!strings.Contains(err.Error(), "unknown backend") {
		t.Errorf("unknown backend: err = %v", err)
	}
}

func TestCLILimit(t *testing.T) {
	dir := writeCorpus(t)
	a := fakeAnswerer{"list files": {Command: "ls", Confidence: 1}}
	var stdout, stderr bytes.Buffer
	if err := CLI([]string{"-data", dir, "-set", "nl2sh", "-limit", "1", "-json"}, &stdout, &stderr,
		fixed(Backend{Name: "fake", Answerer: a})); err != nil {
		t.Fatal(err)
	}
	var js struct {
		Suites []Summary `json:"suites"`
	}
	if err := json.Unmarshal(stdout.Bytes(), &js); err != nil {
		t.Fatal(err)
	}
	if len(js.Suites) != 1 || js.Suites[0].Invocations != 1 {
		t.Errorf("-limit 1 scored %+v, want one suite of one invocation", js.Suites)
	}
	if err := CLI([]string{"-data", dir, "-limit", "-1"}, &stdout, &stderr, fixed(Backend{Answerer: a})); err == nil {
		t.Error("a negative -limit must be an error")
	}
}
