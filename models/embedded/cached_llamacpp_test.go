//go:build llamacpp

package embedded

import (
	"context"
	"errors"
	"log/slog"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/cmdai/cmdai/models/modelcache"
)

func TestOpenCached(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "models")
	_, err := OpenCached(ctx, dir, "", Options{})
	var nf *modelcache.NotFoundError
	if !errors.As(err, &nf) || !strings.Contains(err.Error(), "cmdai model pull "+modelcache.DefaultModel().ID) {
		t.Fatalf("empty cache, default model: %v; want a NotFoundError that says how to pull it", err)
	}

	c, err := modelcache.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Pull(ctx, tinyModel(t), modelcache.PullOptions{}); err != nil {
		t.Fatal(err)
	}
	path, err := CachedPath(dir, "tiny")
	if err != nil || path != filepath.Join(dir, "tiny.gguf") {
		t.Fatalf("CachedPath = %q, %v", path, err)
	}

	rec := &recorder{}
	b, err := OpenCached(ctx, dir, "tiny", Options{Threads: 1, MaxTokens: 5, Log: slog.New(rec)})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	rec.mu.Lock()
	loaded := slices.Contains(rec.msgs, "loading model")
	rec.mu.Unlock()
	if !loaded {
		t.Error("OpenCached logged no load progress")
	}
	tokens := 0
	resp, err := b.Generate(ctx, req, func(string) { tokens++ })
	if tokens == 0 || tokens > 5 {
		t.Errorf("max_tokens 5: %d tokens streamed (answer %+v, %v)", tokens, resp, err)
	}
}
