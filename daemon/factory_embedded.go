package daemon

import (
	"log/slog"

	"github.com/cmdai/cmdai/config"
)

// embeddedFactory is the embedded llama.cpp backend: a model from the cache under dataDir, loaded in
// the daemon. It reports false while this build has no embedded backend to offer, and `auto` then goes
// straight to Ollama.
func embeddedFactory(cfg func() config.Config, dataDir string, log *slog.Logger) (Factory, bool) {
	_, _, _ = cfg, dataDir, log
	return Factory{}, false
}
