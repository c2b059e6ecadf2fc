// Package backends opens a backend by its name and where its server listens, for the programs that pick
// one from a flag or the environment rather than from cmdai's config file: cmdai-eval and cmdai-server.
package backends

import (
	"fmt"
	"slices"
	"strings"

	"github.com/cmdai/cmdai/models"
	"github.com/cmdai/cmdai/models/offline"
	"github.com/cmdai/cmdai/models/ollama"
	"github.com/cmdai/cmdai/models/openai"
)

// Names are the backends Open knows. The embedded model is absent: it lives in the daemon.
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
}

// Open opens the named backend ("" means offline).
func Open(name string, ep Endpoint) (models.Backend, error) {
	switch name {
	case "", "offline":
		e, err := offline.New()
		if err != nil {
			return nil, fmt.Errorf("open the offline engine: %w", err)
		}
		return e, nil
	case "ollama":
		return ollama.New(ollama.Options{URL: ep.URL, Model: ep.Model, KeepAlive: ep.KeepAlive})
	case "openai":
		return openai.New(openai.Options{URL: ep.URL, Model: ep.Model, APIKeyEnv: ep.APIKeyEnv})
	}
	return nil, fmt.Errorf("unknown backend %q (want one of %s)", name, strings.Join(Names, ", "))
}

// Known reports whether Open knows name.
func Known(name string) bool { return name == "" || slices.Contains(Names, name) }
