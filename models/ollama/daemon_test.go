package ollama_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cmdai/cmdai/daemon"
	"github.com/cmdai/cmdai/ipc"
	"github.com/cmdai/cmdai/models/internal/ollamatest"
)

// --backend ollama through the daemon, against a real Ollama server with a tiny random-weights model:
// the daemon warms the model at start, streams the tokens, and checks whatever command comes back.
func TestDaemonGeneratesWithOllama(t *testing.T) {
	s := ollamatest.Start(t)
	root := t.TempDir()
	run, err := os.MkdirTemp("", "cmdai-ollama") // short: Unix socket paths are limited
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(run) })
	opts := daemon.Options{
		Socket:     filepath.Join(run, "cmdai.sock"),
		ConfigPath: filepath.Join(root, "config.toml"),
		DataDir:    filepath.Join(root, "data"),
		StateDir:   filepath.Join(root, "state"),
		Logger:     slog.New(slog.DiscardHandler),
		Version:    "test",
	}
	config := fmt.Sprintf("backend = \"ollama\"\n[ollama]\nurl = %q\nmodel = %q\n", s.URL, s.Model)
	if err := os.WriteFile(opts.ConfigPath, []byte(config), 0o600); err != nil {
		t.Fatal(err)
	}
	ready := make(chan struct{})
	opts.Ready = func() { close(ready) }
	dctx, stop := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- daemon.Run(dctx, opts) }()
	t.Cleanup(func() {
		stop()
		if err := <-done; err != nil {
			t.Errorf("daemon: %v", err)
		}
	})
	select {
	case <-ready:
	case err := <-done:
		t.Fatalf("daemon did not start: %v", err)
	case <-time.After(10 * time.Second):
		t.Fatal("daemon did not become ready")
	}
	client := &ipc.Client{Socket: opts.Socket}
	t.Cleanup(client.Close)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()

	st, err := client.Status(ctx)
	for deadline := time.Now().Add(time.Minute); err == nil && !st.Warm && time.Now().Before(deadline); {
		time.Sleep(50 * time.Millisecond)
		st, err = client.Status(ctx)
	}
	if err != nil || st.Backend != "ollama" || st.Model != s.Model || !st.Warm {
		t.Fatalf("status = %+v, %v: want ollama with its model warm after the preload", st, err)
	}

	var tokens []string
	res, err := client.Generate(ctx, ipc.GenerateRequest{Prompt: "list the files here", Shell: "bash", Cwd: "/tmp"},
		func(tok string) { tokens = append(tokens, tok) })
	if len(tokens) == 0 || !strings.HasPrefix(strings.TrimSpace(strings.Join(tokens, "")), "{") {
		t.Fatalf("tokens %q: want the model's JSON streamed", tokens)
	}
	if err != nil {
		// Random weights may never close the command's string; the error must then say so.
		var ie *ipc.Error
		if !errors.As(err, &ie) || ie.Code != ipc.CodeBackend || !strings.Contains(ie.Message, "no usable command") {
			t.Fatalf("generate: %v", err)
		}
		t.Logf("the tiny model gave no usable command: %v", err)
		return
	}
	if res.Backend != "ollama" || res.Model != s.Model || res.Command == "" || res.Risk == "" || res.ID == "" {
		t.Fatalf("result = %+v: want an ollama answer with a verdict, recorded in history", res)
	}
}
