//go:build !llamacpp

package embedded

import (
	"context"
	"errors"
	"strings"
	"testing"
)

func TestOpenWithoutLlamaCpp(t *testing.T) {
	if Available() {
		t.Fatal("Available() = true in a build without the llamacpp tag")
	}
	b, err := Open(context.Background(), "model.gguf", Options{})
	if b != nil || !errors.Is(err, ErrNotBuilt) {
		t.Fatalf("Open = %v, %v; want ErrNotBuilt", b, err)
	}
	if !strings.Contains(err.Error(), "task build") {
		t.Errorf("error %q does not say how to get a build that has llama.cpp", err)
	}
}
