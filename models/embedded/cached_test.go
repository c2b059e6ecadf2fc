//go:build !llamacpp

package embedded

import (
	"context"
	"errors"
	"testing"
)

// Without llama.cpp, a missing cache or model does not matter: what the person needs is another build.
func TestOpenCachedWithoutLlamaCpp(t *testing.T) {
	dir := t.TempDir()
	if _, err := CachedPath(dir, ""); !errors.Is(err, ErrNotBuilt) {
		t.Errorf("CachedPath: %v; want ErrNotBuilt", err)
	}
	if b, err := OpenCached(context.Background(), dir, "tiny", Options{}); b != nil || !errors.Is(err, ErrNotBuilt) {
		t.Errorf("OpenCached = %v, %v; want ErrNotBuilt", b, err)
	}
}
