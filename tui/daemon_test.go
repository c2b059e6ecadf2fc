package tui

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cmdai/cmdai/daemon"
	"github.com/cmdai/cmdai/ipc"
	"github.com/cmdai/cmdai/models"
)

// scripted is a backend with fixed answers, so that tests see a real daemon stream, check and record
// a known command. The prompt "hold" never answers until its request is cancelled.
type scripted struct {
	answers   map[string]models.Response
	cancelled chan string
}

func (b *scripted) Name() string                 { return "scripted" }
func (b *scripted) Health(context.Context) error { return nil }
func (b *scripted) Close() error                 { return nil }
func (b *scripted) Generate(ctx context.Context, req models.Request, onToken models.TokenFunc) (models.Response, error) {
	if req.Prompt == "hold" {
		if onToken != nil {
			onToken(`{"command":`)
		}
		<-ctx.Done()
		b.cancelled <- req.Prompt
		return models.Response{}, ctx.Err()
	}
	if req.Prompt == "print the mimetype of photo.png" {
		err := &models.NoAnswerError{Reason: "the offline engine is not sure what you mean: rephrase the request"}
		if req.Alternatives > 0 {
			err.Alternatives = []models.Response{{Command: "file -i NAME", Model: "nl2bash-recall"}}
		}
		return models.Response{}, err
	}
	r, ok := b.answers[req.Prompt]
	if !ok {
		r = models.Response{Command: "echo " + req.Prompt, Explanation: "prints the request"}
	}
	if onToken != nil {
		for _, tok := range strings.SplitAfter(`{"command": "`+r.Command+`"}`, " ") {
			onToken(tok)
		}
	}
	r.Confidence, r.Backend = 1, "scripted"
	if req.Alternatives > 0 {
		r.Alternatives = testAlternatives[req.Prompt]
	}
	return r, nil
}

// testAlternatives are the other ways the scripted backend knows, given when the client asks for them.
var testAlternatives = map[string][]models.Response{
	"list files": {
		{Command: "ls -A", Explanation: "Lists the files here, hidden ones too, without . and .."},
		{Command: "rm -rf PATH", Explanation: "The shape of a command written for a similar request", Model: "nl2bash-recall"},
	},
}

// testAnswers are the scripted backend's answers.
var testAnswers = map[string]models.Response{
	"wipe my home directory":        {Command: "rm -rf ~/", Explanation: "Deletes everything in your home directory"},
	"list files":                    {Command: "ls -la", Explanation: "Lists the files here, hidden ones too"},
	"archive the logs":              {Command: "tar czf logs.tar.gz logs", Explanation: "Packs the logs directory"},
	"show disk usage":               {Command: "df -h", Explanation: "Shows free space per file system"},
	"count lines in go files":       {Command: "find . -name '*.go' | xargs wc -l", Explanation: "Counts lines"},
	"delete the build directory":    {Command: "rm -r build", Explanation: "Deletes build and everything in it"},
	"make a directory named résumé": {Command: "mkdir résumé", Explanation: "Creates the directory"},
}

// testDaemon runs a real daemon in this test binary on a private socket, with the scripted backend in
// place of the offline engine, and returns a client for it and the backend.
func testDaemon(t testing.TB) (*ipc.Client, *scripted) {
	t.Helper()
	root := t.TempDir()
	// Unix socket paths are limited to about 100 bytes; test names make t.TempDir() long.
	run, err := os.MkdirTemp("", "cmdai-tui")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(run) })
	b := &scripted{answers: testAnswers, cancelled: make(chan string, 8)}
	opts := daemon.Options{
		Socket:     filepath.Join(run, "cmdai", "cmdai.sock"),
		ConfigPath: filepath.Join(root, "config.toml"),
		DataDir:    filepath.Join(root, "data"),
		StateDir:   filepath.Join(root, "state"),
		Logger:     slog.New(slog.DiscardHandler),
		Version:    "test",
		Factories: map[string]daemon.Factory{"offline": {
			Open:        func(context.Context, string) (models.Backend, error) { return b, nil },
			Concurrency: 4,
		}},
	}
	if err := os.WriteFile(opts.ConfigPath, []byte("backend = \"offline\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	ready := make(chan struct{})
	opts.Ready = func() { close(ready) }
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- daemon.Run(ctx, opts) }() // ends when cancel is called in the cleanup below
	select {
	case <-ready:
	case err := <-done:
		cancel()
		t.Fatalf("daemon did not start: %v", err)
	case <-time.After(10 * time.Second):
		cancel()
		t.Fatal("daemon did not become ready")
	}
	c := &ipc.Client{Socket: opts.Socket}
	t.Cleanup(func() {
		c.Close()
		cancel()
		if err := <-done; err != nil {
			t.Errorf("daemon: %v", err)
		}
	})
	return c, b
}
