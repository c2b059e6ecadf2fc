package embedded

import (
	"cmp"
	"context"
	"fmt"
	"log/slog"
	"path/filepath"

	"github.com/cmdai/cmdai/config"
	"github.com/cmdai/cmdai/models"
	"github.com/cmdai/cmdai/models/modelcache"
)

// CachedPath is the file OpenCached would load for model (empty: the catalogue's default) from the model
// cache in cacheDir, found without loading it. A build without llama.cpp fails with ErrNotBuilt, and a
// model missing from the cache with a *modelcache.NotFoundError that says how to pull it.
func CachedPath(cacheDir, model string) (string, error) {
	if !Available() {
		return "", ErrNotBuilt
	}
	c, err := modelcache.Open(cacheDir)
	if err != nil {
		return "", err
	}
	return c.Path(cmp.Or(model, modelcache.DefaultModel().ID))
}

// OpenCached loads model (empty: the catalogue's default) from the model cache in cacheDir with the
// config's [embedded] settings. It is how both the daemon and `cmdai --no-daemon` open the embedded
// backend. log receives llama.cpp's lines and the load progress, in quarters.
func OpenCached(ctx context.Context, cacheDir, model string, cfg config.Embedded, log *slog.Logger) (models.Backend, error) {
	path, err := CachedPath(cacheDir, model)
	if err != nil {
		return nil, err
	}
	if log == nil {
		log = slog.Default()
	}
	log = log.With("backend", Name, "model", filepath.Base(path))
	last := float32(-1)
	b, err := Open(ctx, path, Options{
		ContextSize: cfg.ContextSize, Threads: cfg.Threads, GPULayers: cfg.GPULayers, MaxTokens: cfg.MaxTokens,
		Log: log,
		Progress: func(f float32) {
			if f >= 1 || f-last >= 0.25 {
				last = f
				log.Info("loading model", "progress", fmt.Sprintf("%.0f%%", f*100))
			}
		},
	})
	if err != nil {
		return nil, fmt.Errorf("load %s: %w", filepath.Base(path), err)
	}
	return b, nil
}
