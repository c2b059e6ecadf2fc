package ollama

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cmdai/cmdai/models/internal/ollamatest"
	"github.com/cmdai/cmdai/models/prompt"
)

// The tiny model has random weights: what it says is noise, but the format schema makes it JSON, and
// everything around the words (streaming, errors, cancellation) is Ollama's real behaviour.
func TestAgainstOllama(t *testing.T) {
	s := ollamatest.Start(t)
	ctx := context.Background()

	t.Run("generate streams a JSON answer", func(t *testing.T) {
		b := mustNew(t, Options{URL: s.URL, Model: s.Model, KeepAlive: "5m", MaxTokens: 48})
		if err := b.Warm(ctx); err != nil {
			t.Fatalf("warm: %v", err)
		}
		if err := b.Health(ctx); err != nil {
			t.Fatalf("health: %v", err)
		}
		var mu sync.Mutex
		var streamed strings.Builder
		resp, err := b.Generate(ctx, req, func(tok string) {
			mu.Lock()
			streamed.WriteString(tok)
			mu.Unlock()
		})
		text := strings.TrimSpace(streamed.String())
		if !strings.HasPrefix(text, "{") {
			t.Fatalf("streamed %q: the format schema must make the reply a JSON object", text)
		}
		switch {
		case err == nil:
			if resp.Command == "" || resp.Backend != "ollama" || resp.Model != s.Model || resp.Confidence != 1 {
				t.Fatalf("response = %+v", resp)
			}
			if !strings.Contains(text, `"command"`) {
				t.Fatalf("answered %q from a reply without a command key: %q", resp.Command, text)
			}
		case errors.Is(err, prompt.ErrUnparsable):
			// Noise that the token limit cut inside the command: both tries were made and streamed.
			if !strings.Contains(err.Error(), "answered twice") || strings.Count(text, "{") < 2 {
				t.Fatalf("err = %v after streaming %q: want two tries", err, text)
			}
		default:
			t.Fatalf("generate: %v", err)
		}
	})

	t.Run("cancellation stops the generation", func(t *testing.T) {
		b := mustNew(t, Options{URL: s.URL, Model: s.Model, MaxTokens: 4096})
		ctx, cancel := context.WithCancel(ctx)
		defer cancel()
		done := make(chan error, 1)
		go func() {
			// The person gives up as soon as the first token shows.
			_, err := b.Generate(ctx, req, func(string) { cancel() })
			done <- err
		}()
		select {
		case err := <-done:
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("err = %v, want context.Canceled", err)
			}
		case <-time.After(time.Minute):
			t.Fatal("generate kept running after its context was cancelled")
		}
	})

	t.Run("missing model", func(t *testing.T) {
		b := mustNew(t, Options{URL: s.URL, Model: "no-such-model:7b"})
		for what, err := range map[string]error{
			"generate": func() error { _, err := b.Generate(ctx, req, nil); return err }(),
			"health":   b.Health(ctx),
			"warm":     b.Warm(ctx),
		} {
			var missing *ModelMissingError
			if !errors.As(err, &missing) || missing.Model != "no-such-model:7b" || missing.URL != s.URL || !errors.Is(err, ErrModelMissing) {
				t.Errorf("%s: %v, want a ModelMissingError naming the model and the server", what, err)
			}
		}
	})
}
