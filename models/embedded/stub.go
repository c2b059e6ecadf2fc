//go:build !llamacpp

package embedded

import (
	"context"

	"github.com/cmdai/cmdai/models"
)

// Available reports whether this build can run models in-process.
func Available() bool { return false }

// Open loads the GGUF model at modelPath. This build has no llama.cpp: it always fails with ErrNotBuilt.
func Open(ctx context.Context, modelPath string, opts Options) (models.Backend, error) {
	return nil, ErrNotBuilt
}
