// Package embeddedtest writes generated GGUF models (real format, random weights) for tests and
// benchmarks of the embedded backend that live outside the models tree, such as the CLI's and the
// end-to-end benchmark's.
package embeddedtest

import "github.com/cmdai/cmdai/models/internal/tinygguf"

// WriteSmall writes a model of about 1 MB to path: it loads in milliseconds, for tests.
func WriteSmall(path string) error { return tinygguf.Write(path, tinygguf.Small()) }

// WriteBench writes a model of about 100 MB (8 layers, 512 wide) to path, for benchmarks.
func WriteBench(path string) error { return tinygguf.Write(path, tinygguf.Bench()) }
