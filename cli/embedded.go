package cli

import (
	"cmp"
	"context"
	"errors"
	"log/slog"
	"os"

	"github.com/cmdai/cmdai/config"
	"github.com/cmdai/cmdai/models"
	"github.com/cmdai/cmdai/models/backends"
	"github.com/cmdai/cmdai/models/modelcache"
)

// Embedded is the embedded llama.cpp backend as the binary links it. cmd/cmdai passes it in, so that
// this package never links llama.cpp itself; without it, --no-daemon --backend embedded says how to get
// a build that has it, and `auto` passes the embedded model over.
type Embedded struct {
	// Open loads model (empty: the catalogue's default) from the model cache in cacheDir with the
	// config's [embedded] settings, logging to log.
	Open func(ctx context.Context, cacheDir, model string, cfg config.Embedded, log *slog.Logger) (models.Backend, error)
	// Cached is the file Open would load, found without loading it; its error says why there is none.
	Cached func(cacheDir, model string) (string, error)
	// Built reports that this binary links llama.cpp: it runs the models 'cmdai model pull' downloads.
	Built bool
}

// Option is something the binary links that Main may use.
type Option struct {
	embedded Embedded
}

// WithEmbedded lets `--no-daemon` load the embedded model in this process, with --backend embedded or
// when `auto` finds one cached.
func WithEmbedded(e Embedded) Option { return Option{embedded: e} }

// errNoEmbedded is what a program that was given no embedded backend says, as a build without llama.cpp does.
var errNoEmbedded = errors.New("this cmdai was built without llama.cpp; build it with 'task build'")

// openEmbedded loads the configured model (or the --model one) in this process. llama.cpp's load-time
// detail is dropped; its warnings and errors go to stderr. The binding logs what it finds at start-up to
// the default logger, which this process has no other use for, so that one gets the same treatment.
func openEmbedded(ctx context.Context, cfg config.Config, emb Embedded, model string) (models.Backend, error) {
	if emb.Open == nil {
		return nil, errNoEmbedded
	}
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	slog.SetDefault(log)
	return emb.Open(ctx, modelcache.DefaultDir(), cmp.Or(model, backends.ModelFor(cfg, "embedded")), cfg.Embedded, log)
}
