// Package integrations is the workflow engine's integration SDK: the Integration interface that a
// workflow's integration and aws steps call, a Registry of them by name, and the built-ins (http,
// webhook, slack, github, aws). Integrations get their settings (URLs, tokens) in Request.Config, which
// the caller opens from where it keeps them sealed; an integration never logs them.
package integrations

import (
	"context"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Request is one call of an integration by a workflow step.
type Request struct {
	// Operation is what to do, where an integration does several things: "update-service",
	// "create-issue", "chat.postMessage".
	Operation string
	// Service is the AWS service of an aws step ("ecs").
	Service string
	// Channel and Message are a notification's (slack, webhook).
	Channel, Message string
	// Parameters are the step's own settings, interpolated.
	Parameters map[string]any
	// Config is the integration's settings on this machine or organisation: endpoints and credentials.
	Config map[string]string
}

// Result is what an integration answers, for the steps after it.
type Result struct {
	Output     string            // a summary or the body answered
	Outputs    map[string]string // named values (an issue's number, a deployment's id)
	StatusCode int               // the HTTP status answered, where there is one
}

// Integration is one thing a workflow can call.
type Integration interface {
	Name() string
	Version() string
	// Execute performs the request; an error means the step failed (and may be retried).
	Execute(ctx context.Context, req Request) (Result, error)
	// ValidateConfig checks the integration's settings before they are stored or used.
	ValidateConfig(cfg map[string]string) error
}

// Registry holds integrations by name. It is safe for concurrent use.
type Registry struct {
	mu sync.RWMutex
	m  map[string]Integration
}

// NewRegistry returns a registry of the given integrations.
func NewRegistry(in ...Integration) *Registry {
	r := &Registry{m: map[string]Integration{}}
	for _, i := range in {
		r.Register(i)
	}
	return r
}

// Register adds or replaces an integration under its name.
func (r *Registry) Register(i Integration) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.m[i.Name()] = i
}

// Get returns the integration named name.
func (r *Registry) Get(name string) (Integration, bool) {
	if r == nil {
		return nil, false
	}
	r.mu.RLock()
	defer r.mu.RUnlock()
	i, ok := r.m[name]
	return i, ok
}

// Names lists the registered integrations, sorted.
func (r *Registry) Names() []string {
	if r == nil {
		return nil
	}
	r.mu.RLock()
	defer r.mu.RUnlock()
	names := make([]string, 0, len(r.m))
	for n := range r.m {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Builtins is a registry of the built-in integrations, calling out with client (nil: a client with a
// 30-second time-out).
func Builtins(client *http.Client) *Registry {
	if client == nil {
		client = &http.Client{Timeout: 30 * time.Second}
	}
	return NewRegistry(&HTTP{Client: client}, &Webhook{Client: client}, &Slack{Client: client},
		&GitHub{Client: client}, &AWS{Client: client})
}

// param reads a step parameter as text.
func param(p map[string]any, key string) string {
	v, ok := p[key]
	if !ok || v == nil {
		return ""
	}
	return fmt.Sprint(v)
}

func paramBool(p map[string]any, key string) bool {
	b, _ := strconv.ParseBool(param(p, key))
	return b
}

// require says which of keys cfg lacks.
func require(name string, cfg map[string]string, keys ...string) error {
	var missing []string
	for _, k := range keys {
		if cfg[k] == "" {
			missing = append(missing, k)
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("%s needs %s in its settings", name, joinAnd(missing))
	}
	return nil
}

func joinAnd(s []string) string {
	switch len(s) {
	case 0:
		return ""
	case 1:
		return s[0]
	}
	return strings.Join(s[:len(s)-1], ", ") + " and " + s[len(s)-1]
}
