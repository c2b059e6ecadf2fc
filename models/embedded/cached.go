package embedded

import (
	"cmp"
	"context"
	"fmt"
	"log/slog"
	"path/filepath"

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

// OpenCached loads model (empty: the catalogue's default) from the model cache in cacheDir with opts.
// It is how both the daemon and `cmdai --no-daemon` open the embedded backend. opts.Log (default
// slog.Default()) receives llama.cpp's lines and, unless opts.Progress is set, the load progress in
// quarters.
func OpenCached(ctx context.Context, cacheDir, model string, opts Options) (models.Backend, error) {
	path, err := CachedPath(cacheDir, model)
	if err != nil {
		return nil, err
	}
	log := cmp.Or(opts.Log, slog.Default()).With("backend", Name, "model", filepath.Base(path))
	opts.Log = log
	if opts.Progress == nil {
		last := float32(-1)
		opts.Progress = func(f float32) {
			if f >= 1 || f-last >= 0.25 {
				last = f
				log.Info("loading model", "progress", fmt.Sprintf("%.0f%%", f*100))
			}
		}
	}
	b, err := Open(ctx, path, opts)
	if err != nil {
		return nil, fmt.Errorf("load %s: %w", filepath.Base(path), err)
	}
	return b, nil
}
