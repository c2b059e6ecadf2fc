package tinygguf

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/ollama/ollama/fs/ggml"
)

func TestWriteSmall(t *testing.T) {
	path := filepath.Join(t.TempDir(), "tiny.gguf")
	if err := Write(path, Small()); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if st.Size() < 500<<10 || st.Size() > 2<<20 {
		t.Errorf("size = %d bytes, want about 1 MB", st.Size())
	}

	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	m, err := ggml.Decode(f, -1)
	if err != nil {
		t.Fatalf("decode: %v", err)
	}
	kv := m.KV()
	if got := kv.Architecture(); got != "llama" {
		t.Errorf("architecture = %q", got)
	}
	if got := kv.BlockCount(); got != 2 {
		t.Errorf("block count = %d", got)
	}
	tokens := kv.Strings("tokenizer.ggml.tokens")
	if len(tokens) != vocabSize+len(controlTokens) {
		t.Errorf("%d tokens, want %d", len(tokens), vocabSize+len(controlTokens))
	}
	for _, want := range []string{"!", "Ġ", "Ċ", "<|im_start|>", "<|im_end|>"} {
		if !slices.Contains(tokens, want) {
			t.Errorf("vocabulary lacks %q", want)
		}
	}
	merges := kv.Strings("tokenizer.ggml.merges")
	if len(merges) < vocabSize/2 {
		t.Errorf("%d merges, want most of the kept tokens to come from one", len(merges))
	}
	if got := tokens[kv.Uint("tokenizer.ggml.eos_token_id")]; got != "<|im_end|>" {
		t.Errorf("eos token = %q", got)
	}
	if got := len(m.Tensors().Items()); got != 3+9*2 {
		t.Errorf("%d tensors, want %d", got, 3+9*2)
	}
}

func TestWriteRejectsBadShapes(t *testing.T) {
	o := Small()
	o.Heads = 3
	if err := Write(filepath.Join(t.TempDir(), "bad.gguf"), o); err == nil {
		t.Fatal("Write accepted an embed size that the head count does not divide")
	}
}

func TestWriteIsDeterministic(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.gguf"), filepath.Join(dir, "b.gguf")
	for _, p := range []string{a, b} {
		if err := Write(p, Small()); err != nil {
			t.Fatal(err)
		}
	}
	da, _ := os.ReadFile(a)
	db, _ := os.ReadFile(b)
	if !slices.Equal(da, db) {
		t.Error("two writes with the same options differ")
	}
}
