package openai

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cmdai/cmdai/models/internal/ollamatest"
	"github.com/cmdai/cmdai/models/prompt"
)

// The server is a real Ollama, asked through its OpenAI-compatible /v1 API. Its tiny model has random
// weights: the words are noise, but response_format makes the reply JSON, and streaming, model listing
// and errors are the server's own.
func TestAgainstOllamaV1(t *testing.T) {
	s := ollamatest.Start(t)
	base := s.URL + "/v1"
	ctx := context.Background()

	t.Run("generate streams a JSON answer", func(t *testing.T) {
		b := mustNew(t, Options{URL: base, Model: s.Model, MaxTokens: 48})
		var mu sync.Mutex
		var streamed []string
		resp, err := b.Generate(ctx, req, func(tok string) {
			mu.Lock()
			streamed = append(streamed, tok)
			mu.Unlock()
		})
		text := strings.TrimSpace(strings.Join(streamed, ""))
		if len(streamed) < 2 || !strings.HasPrefix(text, "{") {
			t.Fatalf("streamed %q in %d events: want several tokens of a JSON object (response_format)", text, len(streamed))
		}
		switch {
		case err == nil:
			if resp.Command == "" || resp.Backend != "openai" || resp.Model != s.Model {
				t.Fatalf("response = %+v", resp)
			}
		case errors.Is(err, prompt.ErrUnparsable):
			if !strings.Contains(err.Error(), "answered twice") {
				t.Fatalf("err = %v: want the refine pass to have run", err)
			}
		default:
			t.Fatalf("generate: %v", err)
		}
	})

	t.Run("health and the server's model", func(t *testing.T) {
		b := mustNew(t, Options{URL: base})
		if err := b.Health(ctx); err != nil {
			t.Fatalf("health: %v", err)
		}
		model, err := b.resolveModel(ctx)
		if err != nil || strings.TrimSuffix(model, ":latest") != s.Model {
			t.Fatalf("model = %q, %v; want the server's only model %q", model, err, s.Model)
		}
	})

	t.Run("missing model", func(t *testing.T) {
		b := mustNew(t, Options{URL: base, Model: "no-such-model:7b"})
		_, gerr := b.Generate(ctx, req, nil)
		for what, err := range map[string]error{"generate": gerr, "health": b.Health(ctx)} {
			var missing *ModelMissingError
			if !errors.As(err, &missing) || missing.Model != "no-such-model:7b" || missing.URL != base ||
				!errors.Is(err, ErrModelMissing) || !strings.Contains(err.Error(), `"no-such-model:7b"`) {
				t.Fatalf("%s: %v, want a ModelMissingError naming the model", what, err)
			}
		}
	})

	t.Run("wrong base path", func(t *testing.T) {
		b := mustNew(t, Options{URL: s.URL, Model: s.Model}) // without /v1
		if err := b.Health(ctx); err == nil || !strings.Contains(err.Error(), "/v1") {
			t.Fatalf("health: %v, want a hint about /v1", err)
		}
	})

	// A key-checking gateway in front of the server, as hosted and shared deployments have.
	t.Run("api key", func(t *testing.T) {
		gw := keyGateway(t, s.URL, "k-123")
		t.Setenv("CMDAI_TEST_KEY", "")
		b := mustNew(t, Options{URL: gw + "/v1", Model: s.Model, APIKeyEnv: "CMDAI_TEST_KEY"})
		var refused *UnauthorizedError
		if _, err := b.Generate(ctx, req, nil); !errors.As(err, &refused) || refused.KeySet || refused.KeyEnv != "CMDAI_TEST_KEY" ||
			!errors.Is(err, ErrUnauthorized) || !strings.Contains(err.Error(), "$CMDAI_TEST_KEY is not set") {
			t.Fatalf("without a key: %v", err)
		}
		t.Setenv("CMDAI_TEST_KEY", "wrong")
		b = mustNew(t, Options{URL: gw + "/v1", Model: s.Model, APIKeyEnv: "CMDAI_TEST_KEY"})
		if err := b.Health(ctx); !errors.As(err, &refused) || !refused.KeySet || refused.Status != 401 || refused.URL != gw+"/v1" ||
			!errors.Is(err, ErrUnauthorized) || !strings.Contains(err.Error(), "HTTP 401") {
			t.Fatalf("wrong key: %v", err)
		}
		t.Setenv("CMDAI_TEST_KEY", "k-123")
		b = mustNew(t, Options{URL: gw + "/v1", Model: s.Model, APIKeyEnv: "CMDAI_TEST_KEY", MaxTokens: 8})
		if err := b.Health(ctx); err != nil {
			t.Fatalf("right key: %v", err)
		}
	})

	t.Run("cancellation", func(t *testing.T) {
		b := mustNew(t, Options{URL: base, Model: s.Model, MaxTokens: 4096})
		ctx, cancel := context.WithCancel(ctx)
		first := make(chan struct{})
		var once sync.Once
		done := make(chan error, 1)
		go func() {
			_, err := b.Generate(ctx, req, func(string) { once.Do(func() { close(first) }) })
			done <- err
		}()
		select {
		case <-first:
		case err := <-done:
			t.Fatalf("finished before it could be cancelled: %v", err)
		case <-time.After(time.Minute):
			t.Fatal("no token within a minute")
		}
		cancel()
		select {
		case err := <-done:
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("err = %v, want context.Canceled", err)
			}
		case <-time.After(5 * time.Second):
			t.Fatal("generate kept running after its context was cancelled")
		}
	})
}

// keyGateway forwards to upstream only requests that carry the bearer key, answering others the way
// OpenAI does.
func keyGateway(t *testing.T, upstream, key string) string {
	t.Helper()
	u, err := url.Parse(upstream)
	if err != nil {
		t.Fatal(err)
	}
	proxy := httputil.NewSingleHostReverseProxy(u)
	proxy.FlushInterval = -1
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer "+key {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusUnauthorized)
			w.Write([]byte(`{"error":{"message":"Incorrect API key provided","type":"invalid_request_error","code":"invalid_api_key"}}`))
			return
		}
		proxy.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}
