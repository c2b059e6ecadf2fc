package daemon

import (
	"cmp"
	"context"
	"fmt"
	"log/slog"
	"path/filepath"

	"github.com/cmdai/cmdai/config"
	"github.com/cmdai/cmdai/models"
	"github.com/cmdai/cmdai/models/embedded"
	"github.com/cmdai/cmdai/models/modelcache"
)

// embeddedFactory is the embedded llama.cpp backend: a model from the cache under dataDir, loaded in
// the daemon. In a build without llama.cpp it is still listed, so that --backend embedded says how to
// get it, and `auto` passes it over.
func embeddedFactory(cfg func() config.Config, dataDir string, log *slog.Logger) (Factory, bool) {
	modelPath := func(model string) (string, error) {
		if !embedded.Available() {
			return "", embedded.ErrNotBuilt
		}
		c, err := modelcache.Open(filepath.Join(dataDir, "models"))
		if err != nil {
			return "", err
		}
		return c.Path(cmp.Or(model, modelcache.DefaultModel().ID))
	}
	return Factory{
		Open: func(ctx context.Context, model string) (models.Backend, error) {
			path, err := modelPath(model)
			if err != nil {
				return nil, err
			}
			e := cfg().Embedded
			llog := log.With("backend", "embedded", "model", filepath.Base(path))
			last := float32(-1)
			b, err := embedded.Open(ctx, path, embedded.Options{ContextSize: e.ContextSize, Threads: e.Threads,
				GPULayers: e.GPULayers, Log: llog,
				Progress: func(f float32) {
					if f >= 1 || f-last >= 0.25 {
						last = f
						llog.Info("loading model", "progress", fmt.Sprintf("%.0f%%", f*100))
					}
				}})
			if err != nil {
				return nil, fmt.Errorf("load %s: %w", filepath.Base(path), err)
			}
			return b, nil
		},
		// One llama.cpp context: generations take turns.
		Concurrency: 1,
		// Ready only looks in the cache: loading is what Open does, once.
		Ready: func(_ context.Context, model string) error {
			_, err := modelPath(model)
			return err
		},
	}, true
}
