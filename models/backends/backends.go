// Package backends decides which backend answers a request and checks what it says. It opens a backend
// by name, from a flag, the environment or cmdai's config; runs `auto`, with its order and its
// confidence bar; and has the safety engine check every answer and alternative. The CLI (answering
// without the daemon), the daemon and cmdai-server all go through it, so they choose and check alike.
package backends

import (
	"cmp"
	"fmt"
	"log/slog"
	"slices"
	"strings"

	"github.com/cmdai/cmdai/config"
	"github.com/cmdai/cmdai/models"
	"github.com/cmdai/cmdai/models/offline"
	"github.com/cmdai/cmdai/models/ollama"
	"github.com/cmdai/cmdai/models/openai"
)

// Names are the backends Open knows. The embedded model is absent: it links llama.cpp, which only
// cmd/cmdai does, so the daemon and the CLI open it themselves.
var Names = []string{"offline", "ollama", "openai"}

// Endpoint says where a model backend listens and which model it asks; empty fields take the backend's
// own defaults. The offline engine ignores it.
type Endpoint struct {
	URL   string
	Model string
	// APIKeyEnv names the environment variable that holds an OpenAI-compatible server's key.
	APIKeyEnv string
	// KeepAlive is how long Ollama keeps the model loaded ("30m").
	KeepAlive string
	// Log receives what a person does not need to see; nil discards it.
	Log *slog.Logger
}

// FromConfig is where cfg says the named backend listens, asking model (empty: ModelFor's).
func FromConfig(cfg config.Config, name, model string) Endpoint {
	ep := Endpoint{Model: cmp.Or(model, ModelFor(cfg, name))}
	switch name {
	case "ollama":
		ep.URL, ep.KeepAlive = cfg.Ollama.URL, cfg.Ollama.KeepAlive
	case "openai":
		ep.URL, ep.APIKeyEnv = cfg.OpenAI.URL, cfg.OpenAI.APIKeyEnv
	}
	return ep
}

// ModelFor is the model a backend asks when the request names none: the backend's own section of the
// config ([ollama] model, [openai] model) first, then the top-level model, which is also the embedded
// backend's. The offline engine has none.
func ModelFor(cfg config.Config, name string) string {
	switch name {
	case "ollama":
		return cmp.Or(cfg.Ollama.Model, cfg.Model)
	case "openai":
		return cmp.Or(cfg.OpenAI.Model, cfg.Model)
	case "embedded":
		return cfg.Model
	}
	return ""
}

// Open opens the named backend ("" means offline).
func Open(name string, ep Endpoint) (models.Backend, error) {
	log := ep.Log
	if log != nil {
		log = log.With("backend", name)
	}
	switch name {
	case "", "offline":
		e, err := offline.New()
		if err != nil {
			return nil, fmt.Errorf("open the offline engine: %w", err)
		}
		return e, nil
	case "ollama":
		return opened(ollama.New(ollama.Options{URL: ep.URL, Model: ep.Model, KeepAlive: ep.KeepAlive, Log: log}))
	case "openai":
		return opened(openai.New(openai.Options{URL: ep.URL, Model: ep.Model, APIKeyEnv: ep.APIKeyEnv, Log: log}))
	}
	return nil, fmt.Errorf("unknown backend %q (want one of %s)", name, strings.Join(Names, ", "))
}

// opened returns b as a models.Backend, or no backend at all (not a nil *B in one) when err is set.
func opened[B models.Backend](b B, err error) (models.Backend, error) {
	if err != nil {
		return nil, err
	}
	return b, nil
}

// Known reports whether Open knows name.
func Known(name string) bool { return name == "" || slices.Contains(Names, name) }
