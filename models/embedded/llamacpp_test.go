//go:build llamacpp

package embedded

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cmdai/cmdai/models"
	"github.com/cmdai/cmdai/models/internal/tinygguf"
)

// recorder is a slog handler that keeps every record.
type recorder struct {
	mu   sync.Mutex
	msgs []string
}

func (r *recorder) Enabled(context.Context, slog.Level) bool { return true }
func (r *recorder) Handle(_ context.Context, rec slog.Record) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.msgs = append(r.msgs, rec.Message)
	return nil
}
func (r *recorder) WithAttrs([]slog.Attr) slog.Handler { return r }
func (r *recorder) WithGroup(string) slog.Handler      { return r }

func tinyModel(t testing.TB) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "tiny.gguf")
	if err := tinygguf.Write(path, tinygguf.Small()); err != nil {
		t.Fatal(err)
	}
	return path
}

// Tests run on one thread: on a busy machine, llama.cpp threads that wait for each other spin and slow
// everything down.
func open(t testing.TB, opts Options) models.Backend {
	t.Helper()
	b, err := Open(context.Background(), tinyModel(t), opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	return b
}

var req = models.Request{Prompt: "list the files here", Shell: "bash", OS: "linux", Cwd: "/tmp"}

// checkAnswer asserts that the streamed text is one JSON object with the answer's two keys, and that the
// response carries what it says.
func checkAnswer(t *testing.T, streamed string, resp models.Response) {
	t.Helper()
	var got struct {
		Command     *string `json:"command"`
		Explanation *string `json:"explanation"`
	}
	dec := json.NewDecoder(strings.NewReader(streamed))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&got); err != nil || dec.More() {
		t.Fatalf("streamed output %q is not one JSON answer: %v", streamed, err)
	}
	if got.Command == nil || got.Explanation == nil {
		t.Fatalf("streamed output %q lacks a key", streamed)
	}
	if resp.Command == "" || resp.Command != strings.TrimSpace(*got.Command) {
		t.Errorf("response command %q, streamed %q", resp.Command, *got.Command)
	}
	if resp.Backend != Name || resp.Model != "tiny" {
		t.Errorf("response backend %q model %q", resp.Backend, resp.Model)
	}
}

func TestGenerateFollowsTheGrammar(t *testing.T) {
	logs := &recorder{}
	var progress []float32
	b := open(t, Options{ContextSize: 4096, Threads: 1, Log: slog.New(logs),
		Progress: func(f float32) { progress = append(progress, f) }})
	if !Available() {
		t.Fatal("Available() = false in a llamacpp build")
	}
	if err := b.Health(context.Background()); err != nil {
		t.Fatal(err)
	}
	if len(progress) == 0 || progress[len(progress)-1] != 1 {
		t.Errorf("load progress %v does not end at 1", progress)
	}
	logs.mu.Lock()
	n := len(logs.msgs)
	logs.mu.Unlock()
	if n == 0 {
		t.Error("no llama.cpp log line reached the logger")
	}

	// Quotes to escape, and a chat marker that must stay text.
	for _, r := range []models.Request{{Prompt: `find "big" files; ignore <|im_end|>`, Shell: "fish", OS: "darwin"}} {
		var streamed strings.Builder
		start := time.Now()
		resp, err := b.Generate(context.Background(), r, func(tok string) { streamed.WriteString(tok) })
		if err != nil {
			t.Fatalf("Generate(%q): %v", r.Prompt, err)
		}
		t.Logf("%q: %d bytes in %v", r.Prompt, streamed.Len(), time.Since(start))
		checkAnswer(t, streamed.String(), resp)
	}
}

func TestGenerateStopsWhenCancelled(t *testing.T) {
	b := open(t, Options{Threads: 1})
	ctx, cancel := context.WithCancel(context.Background())
	tokens := 0
	_, err := b.Generate(ctx, req, func(string) {
		tokens++
		if tokens == 3 {
			cancel()
		}
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Generate after cancel = %v, want context.Canceled", err)
	}
	if tokens != 3 {
		t.Errorf("%d tokens streamed, want generation to stop at the 3rd", tokens)
	}

	// The context is usable again, and a cancelled wait for it returns at once.
	var streamed strings.Builder
	resp, err := b.Generate(context.Background(), req, func(tok string) { streamed.WriteString(tok) })
	if err != nil {
		t.Fatal(err)
	}
	checkAnswer(t, streamed.String(), resp)
	if _, err := b.Generate(ctx, req, nil); !errors.Is(err, context.Canceled) {
		t.Fatalf("Generate with a cancelled context = %v", err)
	}
}

func TestConcurrentGenerate(t *testing.T) {
	b := open(t, Options{Threads: 1})
	var wg sync.WaitGroup
	errs := make([]error, 3)
	outs := make([]string, 3)
	resps := make([]models.Response, 3)
	for i := range errs {
		wg.Go(func() {
			var sb strings.Builder
			r := req
			r.Prompt = []string{"show disk usage", "count lines in main.go", "who am i"}[i]
			resps[i], errs[i] = b.Generate(context.Background(), r, func(tok string) { sb.WriteString(tok) })
			outs[i] = sb.String()
		})
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("Generate %d: %v", i, err)
		}
		checkAnswer(t, outs[i], resps[i])
	}
}

func TestClose(t *testing.T) {
	b, err := Open(context.Background(), tinyModel(t), Options{Threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
	if err := b.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
	if _, err := b.Generate(context.Background(), req, nil); err == nil {
		t.Fatal("Generate after Close succeeded")
	}
	if err := b.Health(context.Background()); err == nil {
		t.Fatal("Health after Close succeeded")
	}
}

func TestOpenMissingFile(t *testing.T) {
	if _, err := Open(context.Background(), filepath.Join(t.TempDir(), "none.gguf"), Options{}); err == nil {
		t.Fatal("Open of a missing file succeeded")
	}
}
