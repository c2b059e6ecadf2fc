package daemon

import (
	"context"
	"log/slog"
	"runtime"

	"github.com/cmdai/cmdai/config"
	"github.com/cmdai/cmdai/models"
	"github.com/cmdai/cmdai/models/offline"
	"github.com/cmdai/cmdai/models/ollama"
	"github.com/cmdai/cmdai/models/openai"
)

// configuredFactories are the backends this build runs, reading their settings from cfg when they open,
// so that a reloaded config applies to the next backend opened.
// dataDir holds the model cache (dataDir/models) the embedded backend loads from.
func configuredFactories(cfg func() config.Config, dataDir string, log *slog.Logger) map[string]Factory {
	fs := map[string]Factory{
		"offline": {
			Open: func(context.Context, string) (models.Backend, error) {
				e, err := offline.New()
				if err != nil {
					return nil, err
				}
				return e, nil
			},
			Concurrency: runtime.GOMAXPROCS(0),
		},
		"ollama": {
			Open: func(_ context.Context, model string) (models.Backend, error) {
				return openOllama(cfg(), model, log)
			},
			// One request at a time per model, as a local server answers; Ollama queues the rest anyway.
			Concurrency: 1,
			Ready: func(ctx context.Context, model string) error {
				b, err := openOllama(cfg(), model, log)
				if err != nil {
					return err
				}
				return b.Health(ctx)
			},
		},
		"openai": {
			Open: func(_ context.Context, model string) (models.Backend, error) {
				c := cfg()
				return openai.New(openai.Options{URL: c.OpenAI.URL, Model: model, APIKeyEnv: c.OpenAI.APIKeyEnv,
					Log: log.With("backend", "openai")})
			},
			// Servers such as vLLM batch concurrent requests.
			Concurrency: 4,
		},
		"embedded": embeddedFactory(cfg, dataDir, log),
	}
	return fs
}

func openOllama(c config.Config, model string, log *slog.Logger) (*ollama.Backend, error) {
	return ollama.New(ollama.Options{URL: c.Ollama.URL, Model: model, KeepAlive: c.Ollama.KeepAlive,
		Log: log.With("backend", "ollama")})
}
