// Package ollama answers requests with a model served by a local Ollama server, through Ollama's own
// client (github.com/ollama/ollama/api). Output is constrained to the answer's JSON schema with the
// request's format field, streamed token by token, and read with models/prompt.
package ollama

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"syscall"
	"time"

	"github.com/ollama/ollama/api"

	"github.com/cmdai/cmdai/models"
	"github.com/cmdai/cmdai/models/prompt"
)

// Options locate the server and the model.
type Options struct {
	// URL is the server's base URL; empty means http://127.0.0.1:11434.
	URL string
	// Model is the model to ask; empty means DefaultModel.
	Model string
	// KeepAlive is how long Ollama keeps the model loaded after a request, as Ollama reads it ("30m",
	// "-1" forever, "0" unload at once); empty leaves Ollama's own default.
	KeepAlive string
	// Timeout bounds one generation, queueing on the server included; zero means DefaultTimeout.
	Timeout time.Duration
	// MaxTokens caps the tokens one reply may have; zero means DefaultMaxTokens.
	MaxTokens int
	// Log receives what a person does not need to see; nil discards it.
	Log *slog.Logger
}

// Defaults for Options.
const (
	DefaultURL       = "http://127.0.0.1:11434"
	DefaultModel     = "qwen2.5-coder:1.5b"
	DefaultTimeout   = 2 * time.Minute
	DefaultMaxTokens = 384
)

// Backend is the Ollama backend. It holds no connection of its own and is safe for concurrent use.
type Backend struct {
	client    *api.Client
	url       string
	model     string
	keepAlive *api.Duration
	timeout   time.Duration
	maxTokens int
	log       *slog.Logger
}

var _ models.Backend = (*Backend)(nil)

// New returns a backend for the server and model in opts. It does not contact the server: Health and
// Warm do.
func New(opts Options) (*Backend, error) {
	b := &Backend{url: opts.URL, model: opts.Model, timeout: opts.Timeout, maxTokens: opts.MaxTokens, log: opts.Log}
	if b.url == "" {
		b.url = DefaultURL
	}
	b.url = strings.TrimRight(b.url, "/")
	if b.model == "" {
		b.model = DefaultModel
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
	u, err := url.Parse(b.url)
	if err != nil || u.Scheme == "" || u.Host == "" {
		return nil, &InvalidURLError{URL: opts.URL}
	}
	if opts.KeepAlive != "" {
		d, err := parseKeepAlive(opts.KeepAlive)
		if err != nil {
			return nil, err
		}
		b.keepAlive = &api.Duration{Duration: d}
	}
	transport := http.DefaultTransport.(*http.Transport).Clone()
	// A server that is not there should say so at once; a model load may still take long after that.
	transport.DialContext = (&net.Dialer{Timeout: 3 * time.Second, KeepAlive: 30 * time.Second}).DialContext
	b.client = api.NewClient(u, &http.Client{Transport: transport})
	return b, nil
}

// parseKeepAlive reads keep_alive as Ollama does: a Go duration, or a number of seconds (negative: forever).
func parseKeepAlive(s string) (time.Duration, error) {
	if d, err := time.ParseDuration(s); err == nil {
		return d, nil
	}
	var secs float64
	if _, err := fmt.Sscanf(s, "%g", &secs); err == nil {
		if secs < 0 {
			return -1, nil
		}
		return time.Duration(secs * float64(time.Second)), nil
	}
	return 0, fmt.Errorf("ollama.keep_alive %q is not a duration such as \"30m\" (or -1 to keep the model loaded)", s)
}

// Name implements models.Backend.
func (b *Backend) Name() string { return "ollama" }

// Model is the model the backend asks.
func (b *Backend) Model() string { return b.model }

// Close implements models.Backend. The model stays loaded in Ollama for keep_alive, which is the point.
func (b *Backend) Close() error { return nil }

// Health implements models.Backend: the server answers and has the model.
func (b *Backend) Health(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if _, err := b.client.Show(ctx, &api.ShowRequest{Model: b.model}); err != nil {
		return b.explain(ctx, err)
	}
	return nil
}

// Warm loads the model into the server's memory now, so that the first request does not wait for it.
// The daemon calls it at start when Ollama is the backend.
func (b *Backend) Warm(ctx context.Context) error {
	stream := false
	err := b.client.Generate(ctx, &api.GenerateRequest{Model: b.model, KeepAlive: b.keepAlive, Stream: &stream},
		func(api.GenerateResponse) error { return nil })
	if err != nil {
		return b.explain(ctx, err)
	}
	return nil
}

// Generate implements models.Backend. When the reply cannot be read as a command it asks once more,
// showing the model its reply and the form the answer must take.
func (b *Backend) Generate(ctx context.Context, req models.Request, onToken models.TokenFunc) (models.Response, error) {
	ctx, cancel := context.WithTimeoutCause(ctx, b.timeout,
		fmt.Errorf("ollama did not answer within %s: the model may be too large for this machine", b.timeout))
	defer cancel()
	cmd, expl, err := prompt.Ask(ctx, req, b.chat, onToken, b.log, b.model+" on ollama")
	if err != nil {
		return models.Response{}, err
	}
	return models.Response{Command: cmd, Explanation: expl, Confidence: 1, Backend: b.Name(), Model: b.model}, nil
}

// chat sends one conversation and returns the whole reply, streaming its pieces to onToken.
func (b *Backend) chat(ctx context.Context, msgs []prompt.Message, onToken models.TokenFunc) (string, error) {
	wire := make([]api.Message, len(msgs))
	for i, m := range msgs {
		wire[i] = api.Message{Role: m.Role, Content: m.Content}
	}
	stream := true
	req := &api.ChatRequest{
		Model: b.model, Messages: wire, Stream: &stream, Format: prompt.Schema, KeepAlive: b.keepAlive,
		Options: map[string]any{"temperature": 0, "num_predict": b.maxTokens},
	}
	var out strings.Builder
	err := b.client.Chat(ctx, req, func(r api.ChatResponse) error {
		if tok := r.Message.Content; tok != "" {
			out.WriteString(tok)
			if onToken != nil {
				onToken(tok)
			}
		}
		if r.Done && r.DoneReason == "length" {
			b.log.Info("reply cut at the token limit", "model", b.model, "max_tokens", b.maxTokens)
		}
		// A caller gone while chunks are still buffered stops here, not after the rest of the reply.
		return ctx.Err()
	})
	if err != nil {
		return "", b.explain(ctx, err)
	}
	return out.String(), nil
}

// explain turns a client error into one that says what went wrong, typed where a caller can do something
// about it.
func (b *Backend) explain(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		if cause := context.Cause(ctx); cause != nil && !errors.Is(cause, context.Canceled) && !errors.Is(cause, context.DeadlineExceeded) {
			return cause
		}
		return ctx.Err()
	}
	var status api.StatusError
	if errors.As(err, &status) {
		if status.StatusCode == http.StatusNotFound {
			return &ModelMissingError{Model: b.model, URL: b.url}
		}
		return fmt.Errorf("ollama at %s: %s", b.url, strings.TrimSpace(status.Error()))
	}
	var authErr api.AuthorizationError
	if errors.As(err, &authErr) {
		return fmt.Errorf("ollama at %s refused the request (%s): check ollama.url", b.url, authErr.Error())
	}
	if isUnreachable(err) {
		return &NotRunningError{URL: b.url}
	}
	return fmt.Errorf("ollama at %s: %w", b.url, err)
}

// isUnreachable reports whether err means that no server listens at the URL.
func isUnreachable(err error) bool {
	var dnsErr *net.DNSError
	var opErr *net.OpError
	switch {
	case errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EHOSTUNREACH),
		errors.Is(err, syscall.ENETUNREACH), errors.As(err, &dnsErr):
		return true
	case errors.As(err, &opErr) && opErr.Op == "dial":
		return true
	}
	return false
}
