package daemon

import (
	"context"
	"log/slog"
	"path/filepath"

	"github.com/cmdai/cmdai/config"
	"github.com/cmdai/cmdai/models"
	"github.com/cmdai/cmdai/models/embedded"
)

// embeddedFactory is the embedded llama.cpp backend: a model from the cache under dataDir, loaded in
// the daemon. In a build without llama.cpp it is still listed, so that --backend embedded says how to
// get it, and `auto` passes it over.
func embeddedFactory(cfg func() config.Config, dataDir string, log *slog.Logger) Factory {
	cacheDir := filepath.Join(dataDir, "models")
	return Factory{
		Open: func(ctx context.Context, model string) (models.Backend, error) {
			return OpenEmbedded(ctx, cacheDir, model, cfg().Embedded, log)
		},
		// One llama.cpp context: generations take turns.
		Concurrency: 1,
		// Ready only looks in the cache: loading is what Open does, once.
		Ready: func(_ context.Context, model string) error {
			_, err := embedded.CachedPath(cacheDir, model)
			return err
		},
	}
}

// OpenEmbedded loads model (empty: the catalogue's default) from the model cache in cacheDir with the
// config's [embedded] settings, logging to log. The daemon's embedded backend opens with it, and so does
// `cmdai --no-daemon`, which cmd/cmdai hands it to: one model, the same settings, in either process.
func OpenEmbedded(ctx context.Context, cacheDir, model string, c config.Embedded, log *slog.Logger) (models.Backend, error) {
	return embedded.OpenCached(ctx, cacheDir, model, embedded.Options{
		ContextSize: c.ContextSize, Threads: c.Threads, GPULayers: c.GPULayers, MaxTokens: c.MaxTokens, Log: log,
	})
}
