package daemon

import (
	"context"
	"errors"
	"net"
	"sync/atomic"
	"testing"

	"github.com/cmdai/cmdai/ipc"
	"github.com/cmdai/cmdai/models"
)

// closedURL is an http URL on a loopback port where nothing listens.
func closedURL(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return "http://" + addr
}

// fixed is a backend that answers every request with the same command, or fails with err; calls counts
// the generations it ran.
type fixed struct {
	name, command string
	err           error
	calls         atomic.Int64
}

func (f *fixed) factory() Factory {
	return Factory{Open: func(context.Context, string) (models.Backend, error) { return f, nil }, Concurrency: 2}
}

func (f *fixed) Name() string                 { return f.name }
func (f *fixed) Health(context.Context) error { return nil }
func (f *fixed) Close() error                 { return nil }
func (f *fixed) Generate(_ context.Context, req models.Request, onToken models.TokenFunc) (models.Response, error) {
	f.calls.Add(1)
	if f.err != nil {
		return models.Response{}, f.err
	}
	if onToken != nil {
		onToken(f.command)
	}
	return models.Response{Command: f.command, Explanation: "model answer", Confidence: 1, Backend: f.name, Model: "m"}, nil
}

// Whatever backend answers, the daemon checks the command before the client sees it: a model that
// answers with a destructive command yields the critical verdict and its findings.
func TestEveryBackendsAnswerIsChecked(t *testing.T) {
	e := newEnv(t)
	factories := map[string]Factory{"offline": DefaultFactories()["offline"]}
	for _, name := range []string{"embedded", "ollama", "openai"} {
		factories[name] = (&fixed{name: name, command: "sudo rm -rf / --no-preserve-root"}).factory()
	}
	e.opts.Factories = factories
	e.start(e.opts)
	ctx := context.Background()
	for _, backend := range []string{"embedded", "ollama", "openai", "auto"} {
		t.Run(backend, func(t *testing.T) {
			var tokens []string
			res, err := e.client.Generate(ctx, ipc.GenerateRequest{Prompt: "please compose a sonnet about my cat", Backend: backend},
				func(tok string) { tokens = append(tokens, tok) })
			if err != nil {
				t.Fatal(err)
			}
			if res.Risk != "critical" || len(res.Findings) == 0 || res.Findings[0].Risk != "critical" {
				t.Fatalf("%s answer %q: risk %s, findings %+v; want critical with findings", backend, res.Command, res.Risk, res.Findings)
			}
			if res.Backend == "offline" || res.Backend == "auto" || len(tokens) == 0 {
				t.Fatalf("answered by %q with tokens %q", res.Backend, tokens)
			}
			list, err := e.client.History(ctx, ipc.HistoryQuery{Search: "sonnet"})
			if err != nil || len(list) == 0 || list[0].Risk != "critical" {
				t.Fatalf("history = %+v, %v: the verdict must be recorded too", list, err)
			}
		})
	}
}

// auto answers instantly from the offline engine when it is sure, asks a ready model backend when it
// is not, passes over backends that are not ready, and falls back to the offline engine when the model
// backend fails.
func TestAutoChain(t *testing.T) {
	ctx := context.Background()
	known, unknown := "create a directory named demo", "please compose a sonnet about my cat"

	t.Run("instant path and model", func(t *testing.T) {
		e := newEnv(t)
		model := &fixed{name: "ollama", command: "echo model"}
		e.opts.Factories = map[string]Factory{"offline": DefaultFactories()["offline"], "ollama": model.factory()}
		e.start(e.opts)
		res, err := e.client.Generate(ctx, ipc.GenerateRequest{Prompt: known}, nil)
		if err != nil || res.Backend != "offline" || model.calls.Load() != 0 {
			t.Fatalf("known request: %+v, %v, model called %d times", res, err, model.calls.Load())
		}
		res, err = e.client.Generate(ctx, ipc.GenerateRequest{Prompt: unknown}, nil)
		if err != nil || res.Backend != "ollama" || res.Command != "echo model" {
			t.Fatalf("unknown request: %+v, %v", res, err)
		}
	})

	t.Run("not ready", func(t *testing.T) {
		e := newEnv(t)
		model := &fixed{name: "ollama", command: "echo model"}
		f := model.factory()
		f.Ready = func(context.Context, string) error { return errors.New("server down") }
		e.opts.Factories = map[string]Factory{"offline": DefaultFactories()["offline"], "ollama": f}
		e.start(e.opts)
		if _, err := e.client.Generate(ctx, ipc.GenerateRequest{Prompt: unknown}, nil); !ipc.IsNoAnswer(err) {
			t.Fatalf("err = %v, want the offline engine's no-answer", err)
		}
		if model.calls.Load() != 0 {
			t.Fatal("a backend that is not ready was asked")
		}
	})

	t.Run("model fails", func(t *testing.T) {
		e := newEnv(t)
		model := &fixed{name: "ollama", err: errors.New("out of memory")}
		e.opts.Factories = map[string]Factory{"offline": DefaultFactories()["offline"], "ollama": model.factory()}
		e.start(e.opts)
		if _, err := e.client.Generate(ctx, ipc.GenerateRequest{Prompt: unknown}, nil); !ipc.IsNoAnswer(err) {
			t.Fatalf("err = %v, want the offline engine's no-answer", err)
		}
		// The failure is remembered: the next request does not wait on the broken backend.
		if _, err := e.client.Generate(ctx, ipc.GenerateRequest{Prompt: unknown}, nil); !ipc.IsNoAnswer(err) {
			t.Fatalf("second try: %v", err)
		}
		if n := model.calls.Load(); n != 1 {
			t.Fatalf("the failing backend was asked %d times, want 1", n)
		}
	})
}
