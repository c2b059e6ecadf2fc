package daemon

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/cmdai/cmdai/cli"
	"github.com/cmdai/cmdai/ipc"
	"github.com/cmdai/cmdai/models"
)

func TestMain(m *testing.M) {
	// The crash test re-executes this binary as a daemon it can kill -9.
	if os.Getenv("CMDAI_TEST_RUN_DAEMON") == "1" {
		os.Exit(Main(nil))
	}
	// Run as "cmdai", this binary is the real one: cmd/cmdai's dispatch, for the end-to-end test.
	if filepath.Base(os.Args[0]) == "cmdai" {
		if len(os.Args) >= 3 && os.Args[1] == "daemon" && os.Args[2] == "run" {
			os.Exit(Main(os.Args[3:]))
		}
		os.Exit(cli.Main(os.Args[1:]))
	}
	os.Exit(m.Run())
}

// env is one test's private world: its own socket, config, data and state directories.
type env struct {
	t      *testing.T
	opts   Options
	client *ipc.Client
}

// newEnv makes the directories. The socket lives under a short temp path: Unix socket paths are
// limited to about 100 bytes, and test names make t.TempDir() long.
func newEnv(t *testing.T) *env {
	t.Helper()
	root := t.TempDir()
	run, err := os.MkdirTemp("", "cmdai-test")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(run) })
	opts := Options{
		Socket:     filepath.Join(run, "cmdai", "cmdai.sock"),
		ConfigPath: filepath.Join(root, "config", "config.toml"),
		DataDir:    filepath.Join(root, "data"),
		StateDir:   filepath.Join(root, "state"),
		Logger:     slog.New(slog.DiscardHandler),
		Version:    "test",
	}
	if testing.Verbose() {
		opts.Logger = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	e := &env{t: t, opts: opts, client: &ipc.Client{Socket: opts.Socket}}
	t.Cleanup(e.client.Close)
	return e
}

func (e *env) writeConfig(text string) {
	e.t.Helper()
	if err := os.MkdirAll(filepath.Dir(e.opts.ConfigPath), 0o700); err != nil {
		e.t.Fatal(err)
	}
	if err := os.WriteFile(e.opts.ConfigPath, []byte(text), 0o600); err != nil {
		e.t.Fatal(err)
	}
}

// running is a daemon started by a test; stop ends it and returns what Run returned.
type running struct {
	cancel context.CancelFunc
	done   chan error
	once   sync.Once
	err    error
}

func (r *running) stop() error {
	r.once.Do(func() {
		r.cancel()
		r.err = <-r.done
	})
	return r.err
}

// wait returns Run's result once the daemon stops on its own, failing the test after timeout.
func (r *running) wait(t *testing.T, timeout time.Duration) error {
	t.Helper()
	select {
	case err := <-r.done:
		r.once.Do(func() { r.err = err })
		return err
	case <-time.After(timeout):
		t.Fatalf("the daemon did not stop within %s", timeout)
		return nil
	}
}

// start runs a daemon with opts in this process and waits until it answers.
func (e *env) start(opts Options) *running {
	e.t.Helper()
	ready := make(chan struct{})
	opts.Ready = func() { close(ready) }
	ctx, cancel := context.WithCancel(context.Background())
	r := &running{cancel: cancel, done: make(chan error, 1)}
	go func() { r.done <- Run(ctx, opts) }()
	select {
	case <-ready:
	case err := <-r.done:
		cancel()
		e.t.Fatalf("daemon did not start: %v", err)
	case <-time.After(10 * time.Second):
		cancel()
		e.t.Fatal("daemon did not become ready")
	}
	e.t.Cleanup(func() {
		if err := r.stop(); err != nil {
			e.t.Errorf("daemon: %v", err)
		}
	})
	return r
}

// blocking is a backend that holds each generation until its context ends or release is closed; it
// lets tests see queueing and cancellation, which the instant offline engine never shows.
type blocking struct {
	started   chan string   // receives each prompt as its generation begins
	cancelled chan string   // receives each prompt whose context ended
	release   chan struct{} // closing it lets every generation answer
}

func newBlocking() *blocking {
	return &blocking{started: make(chan string, 100), cancelled: make(chan string, 100), release: make(chan struct{})}
}

func (b *blocking) factory(concurrency int) Factory {
	return Factory{Open: func(context.Context, string) (models.Backend, error) { return b, nil }, Concurrency: concurrency}
}

func (b *blocking) Name() string                 { return "blocking" }
func (b *blocking) Health(context.Context) error { return nil }
func (b *blocking) Close() error                 { return nil }
func (b *blocking) Generate(ctx context.Context, req models.Request, onToken models.TokenFunc) (models.Response, error) {
	b.started <- req.Prompt
	if onToken != nil {
		onToken("echo ")
	}
	select {
	case <-ctx.Done():
		b.cancelled <- req.Prompt
		return models.Response{}, ctx.Err()
	case <-b.release:
		return models.Response{Command: "echo " + req.Prompt, Explanation: "says it", Confidence: 1}, nil
	}
}

func recv(t *testing.T, ch <-chan string, what string) string {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(5 * time.Second):
		t.Fatalf("timed out waiting for %s", what)
		return ""
	}
}
