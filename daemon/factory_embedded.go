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
			return embedded.OpenCached(ctx, cacheDir, model, cfg().Embedded, log)
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
