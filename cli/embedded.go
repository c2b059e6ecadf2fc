package cli

import (
	"cmp"
	"context"
	"errors"
	"log/slog"
	"os"

	"github.com/cmdai/cmdai/config"
	"github.com/cmdai/cmdai/models"
	"github.com/cmdai/cmdai/models/modelcache"
)

// EmbeddedOpener loads a model from the model cache in cacheDir (empty model: the catalogue's default)
// into this process with the config's [embedded] settings; embedded.OpenCached is one.
type EmbeddedOpener func(ctx context.Context, cacheDir, model string, cfg config.Embedded, log *slog.Logger) (models.Backend, error)

// Option is something the binary links that Main may use.
type Option struct {
	embedded EmbeddedOpener
}

// WithEmbedded lets `--no-daemon --backend embedded` load the model in this process with open. The
// binary's main passes it, so that this package never links llama.cpp itself (see cmd/cmdai).
func WithEmbedded(open EmbeddedOpener) Option { return Option{embedded: open} }

// embeddedOpener is set once, from Main's options, before any command runs.
var embeddedOpener EmbeddedOpener

func applyOptions(opts []Option) {
	for _, o := range opts {
		if o.embedded != nil {
			embeddedOpener = o.embedded
		}
	}
}

// errNoEmbedded is what a program that was given no EmbeddedOpener says, as a build without llama.cpp does.
var errNoEmbedded = errors.New("this cmdai was built without llama.cpp; build it with 'task build'")

// openEmbedded loads the configured model (or the --model one) in this process. llama.cpp's load-time
// detail is dropped; its warnings and errors go to stderr. The binding logs what it finds at start-up to
// the default logger, which this process has no other use for, so that one gets the same treatment.
func openEmbedded(ctx context.Context, cfg config.Config, model string) (models.Backend, error) {
	if embeddedOpener == nil {
		return nil, errNoEmbedded
	}
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	slog.SetDefault(log)
	return embeddedOpener(ctx, modelcache.DefaultDir(), cmp.Or(model, cfg.Model), cfg.Embedded, log)
}
