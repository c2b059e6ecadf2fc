// Package embedded runs a GGUF model in-process with llama.cpp (through the binding in the ollama module),
// constrained by a grammar to the JSON answer {"command","explanation"}. Builds without the llamacpp tag
// keep the same API and report that the binary has no llama.cpp, so the default build stays pure Go.
package embedded

import (
	"errors"
	"log/slog"
)

// Name is the backend's name as --backend spells it.
const Name = "embedded"

// Options configure Open. Zero values pick defaults.
type Options struct {
	// ContextSize is the context window in tokens (default 4096).
	ContextSize int
	// Threads is how many CPU threads generation uses (default: every CPU).
	Threads int
	// GPULayers is how many layers to offload to a GPU in builds that have one; negative offloads all.
	GPULayers int
	// MaxTokens bounds the tokens of one answer (default 1024); the answer ends there, finished or not.
	MaxTokens int
	// Log receives llama.cpp's own log lines (default slog.Default()).
	Log *slog.Logger
	// Progress, when set, is called with the fraction of the model loaded, from 0 to 1.
	Progress func(fraction float32)
}

// ErrNotBuilt is what Open returns in a build without llama.cpp.
var ErrNotBuilt = errors.New("this cmdai was built without llama.cpp; build it with 'task build'")
