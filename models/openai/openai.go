// Package openai answers requests with a model behind an OpenAI-compatible chat completions API: vLLM,
// llama-server, LM Studio, Ollama's /v1, or a hosted service. Output is constrained with a json_schema
// response_format, streamed over server-sent events, and read with models/prompt.
package openai

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/cmdai/cmdai/models"
	"github.com/cmdai/cmdai/models/prompt"
)

// Options locate the server and the model.
type Options struct {
	// URL is the API's base URL, /v1 included (http://127.0.0.1:8000/v1); empty means DefaultURL.
	URL string
	// Model is the model to ask; empty means the first one the server lists (vLLM serves one).
	Model string
	// APIKeyEnv names the environment variable that holds the API key; the key may be unset for local
	// servers that do not check one.
	APIKeyEnv string
	// Timeout bounds one generation; zero means DefaultTimeout.
	Timeout time.Duration
	// MaxTokens caps the tokens one reply may have; zero means DefaultMaxTokens.
	MaxTokens int
	// Log receives what a person does not need to see; nil discards it.
	Log *slog.Logger
}

// Defaults for Options.
const (
	DefaultURL       = "http://127.0.0.1:8000/v1"
	DefaultTimeout   = 2 * time.Minute
	DefaultMaxTokens = 384
)

// Backend is the OpenAI-compatible backend, safe for concurrent use.
type Backend struct {
	http      *http.Client
	base      string
	keyEnv    string
	key       string
	timeout   time.Duration
	maxTokens int
	log       *slog.Logger

	mu            sync.Mutex
	model         string // resolved from /models when Options.Model is empty
	noSchemaField bool   // the server rejected response_format: send without it
}

var _ models.Backend = (*Backend)(nil)

// New returns a backend for the server in opts, reading the API key from the environment variable it
// names. It does not contact the server.
func New(opts Options) (*Backend, error) {
	b := &Backend{base: strings.TrimRight(opts.URL, "/"), model: opts.Model, keyEnv: opts.APIKeyEnv,
		timeout: opts.Timeout, maxTokens: opts.MaxTokens, log: opts.Log}
	if b.base == "" {
		b.base = DefaultURL
	}
	if u, err := url.Parse(b.base); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, &InvalidURLError{URL: opts.URL}
	}
	if b.keyEnv != "" {
		b.key = strings.TrimSpace(os.Getenv(b.keyEnv))
	}
	if b.timeout <= 0 {
		b.timeout = DefaultTimeout
	}
	if b.maxTokens <= 0 {
		b.maxTokens = DefaultMaxTokens
	}
	if b.log == nil {
		b.log = slog.New(slog.DiscardHandler)
	}
	transport := http.DefaultTransport.(*http.Transport).Clone()
	transport.DialContext = (&net.Dialer{Timeout: 3 * time.Second, KeepAlive: 30 * time.Second}).DialContext
	b.http = &http.Client{Transport: transport}
	return b, nil
}

// Name implements models.Backend.
func (b *Backend) Name() string { return "openai" }

// Model is the configured model, or the one the server listed first once a request has found it.
func (b *Backend) Model() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.model
}

// Close implements models.Backend.
func (b *Backend) Close() error {
	b.http.CloseIdleConnections()
	return nil
}

// Health implements models.Backend: the server lists its models, and the configured one among them.
func (b *Backend) Health(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	ids, err := b.listModels(ctx)
	if err != nil {
		return err
	}
	if m := b.Model(); m != "" && len(ids) > 0 && !containsModel(ids, m) {
		return &ModelMissingError{Model: m, URL: b.base}
	}
	return nil
}

// Generate implements models.Backend. When the reply cannot be read as a command it asks once more,
// showing the model its reply and the form the answer must take.
func (b *Backend) Generate(ctx context.Context, req models.Request, onToken models.TokenFunc) (models.Response, error) {
	ctx, cancel := context.WithTimeoutCause(ctx, b.timeout,
		fmt.Errorf("the server at %s did not answer within %s", b.base, b.timeout))
	defer cancel()
	model, err := b.resolveModel(ctx)
	if err != nil {
		return models.Response{}, err
	}
	chat := func(ctx context.Context, msgs []prompt.Message, onToken models.TokenFunc) (string, error) {
		return b.complete(ctx, model, msgs, onToken)
	}
	cmd, expl, err := prompt.Ask(ctx, req, chat, onToken, b.log, model+" at "+b.base)
	if err != nil {
		return models.Response{}, err
	}
	return models.Response{Command: cmd, Explanation: expl, Confidence: 1, Backend: b.Name(), Model: model}, nil
}

// resolveModel returns the configured model or, without one, the first the server lists.
func (b *Backend) resolveModel(ctx context.Context) (string, error) {
	if m := b.Model(); m != "" {
		return m, nil
	}
	ids, err := b.listModels(ctx)
	if err != nil {
		return "", err
	}
	if len(ids) == 0 {
		return "", &ModelMissingError{URL: b.base}
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.model == "" {
		b.model = ids[0]
		b.log.Info("using the server's first model", "model", b.model, "url", b.base)
	}
	return b.model, nil
}

func containsModel(ids []string, m string) bool {
	for _, id := range ids {
		if id == m || strings.TrimSuffix(id, ":latest") == m || id == m+":latest" {
			return true
		}
	}
	return false
}

// explainTransport turns an error from the HTTP client into one that says what went wrong.
func (b *Backend) explainTransport(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		if cause := context.Cause(ctx); cause != nil && !errors.Is(cause, context.Canceled) && !errors.Is(cause, context.DeadlineExceeded) {
			return cause
		}
		return ctx.Err()
	}
	if isUnreachable(err) {
		return &UnreachableError{URL: b.base}
	}
	return fmt.Errorf("openai-compatible server at %s: %w", b.base, err)
}

// explainStatus turns an HTTP error reply into one that says what went wrong.
func (b *Backend) explainStatus(code int, msg, model string) error {
	switch {
	case code == http.StatusUnauthorized || code == http.StatusForbidden:
		return &UnauthorizedError{URL: b.base, Status: code, Message: msg, KeyEnv: b.keyEnv, KeySet: b.key != ""}
	case code == http.StatusNotFound && model != "" && strings.Contains(strings.ToLower(msg), "model"):
		return &ModelMissingError{Model: model, URL: b.base}
	case code == http.StatusNotFound:
		return fmt.Errorf("%s answered HTTP 404 (%s): openai.url must end in the API's base path, usually /v1", b.base, msg)
	}
	return fmt.Errorf("openai-compatible server at %s answered HTTP %d: %s", b.base, code, msg)
}

// isUnreachable reports whether err means that no server listens at the URL.
func isUnreachable(err error) bool {
	var dnsErr *net.DNSError
	var opErr *net.OpError
	switch {
	case errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, syscall.EHOSTUNREACH),
		errors.Is(err, syscall.ENETUNREACH), errors.As(err, &dnsErr):
		return true
	case errors.As(err, &opErr) && opErr.Op == "dial":
		return true
	}
	return false
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
