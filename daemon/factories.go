package daemon

import (
	"context"
	"log/slog"
	"runtime"

	"github.com/cmdai/cmdai/config"
	"github.com/cmdai/cmdai/models"
	"github.com/cmdai/cmdai/models/backends"
)

// configuredFactories are the backends this build runs, reading their settings from cfg when they open,
// so that a reloaded config applies to the next backend opened.
// dataDir holds the model cache (dataDir/models) the embedded backend loads from.
func configuredFactories(cfg func() config.Config, dataDir string, log *slog.Logger) map[string]Factory {
	open := func(name, model string) (models.Backend, error) {
		ep := backends.FromConfig(cfg(), name, model)
		ep.Log = log
		return backends.Open(name, ep)
	}
	fs := map[string]Factory{
		"offline": {
			Open:        func(context.Context, string) (models.Backend, error) { return open("offline", "") },
			Concurrency: runtime.GOMAXPROCS(0),
		},
		"ollama": {
			Open: func(_ context.Context, model string) (models.Backend, error) { return open("ollama", model) },
			// One request at a time per model, as a local server answers; Ollama queues the rest anyway.
			Concurrency: 1,
			Ready: func(ctx context.Context, model string) error {
				b, err := open("ollama", model)
				if err != nil {
					return err
				}
				return b.Health(ctx)
			},
		},
		"openai": {
			Open: func(_ context.Context, model string) (models.Backend, error) { return open("openai", model) },
			// Servers such as vLLM batch concurrent requests.
			Concurrency: 4,
		},
		"embedded": embeddedFactory(cfg, dataDir, log),
	}
	return fs
}
