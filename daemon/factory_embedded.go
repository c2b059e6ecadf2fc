package daemon

import (
	"log/slog"

	"github.com/cmdai/cmdai/config"
)

// embeddedFactory is the embedded llama.cpp backend: a model from the model cache, loaded in the
// daemon. It reports false while this build has no embedded backend to offer, and `auto` then goes
// straight to Ollama.
func embeddedFactory(cfg func() config.Config, log *slog.Logger) (Factory, bool) {
	_, _ = cfg, log
	return Factory{}, false
}
