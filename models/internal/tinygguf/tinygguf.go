// Package tinygguf writes small but real GGUF models (llama architecture, random weights, a byte-level BPE
// vocabulary) that llama.cpp and Ollama load like any other model. Tests use them to drive the model
// backends end to end without downloading gigabytes; benchmarks use the larger size to measure speed.
package tinygguf

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"math"
	"math/rand/v2"
	"os"

	"github.com/ollama/ollama/fs/ggml"
)

// Options shape the model. The zero value is not useful: start from Small or Bench.
type Options struct {
	Layers   int // transformer blocks
	Embed    int // hidden size
	FF       int // feed-forward size
	Heads    int // attention heads
	KVHeads  int // key/value heads (grouped-query attention when below Heads)
	Context  int // trained context length written to the metadata
	Seed     uint64
	Template string // tokenizer.chat_template; ChatML when empty
}

// Small is the size tests use: about 1 MB, loads in milliseconds.
func Small() Options {
	return Options{Layers: 2, Embed: 64, FF: 128, Heads: 4, KVHeads: 2, Context: 4096, Seed: 1}
}

// Bench is the size benchmarks use: about 100 MB (8 layers, 512 wide), big enough that generation speed
// reflects the compute path rather than per-token overhead.
func Bench() Options {
	return Options{Layers: 8, Embed: 512, FF: 1408, Heads: 8, KVHeads: 8, Context: 4096, Seed: 1}
}

// ChatMLTemplate is the Jinja chat template written when Options.Template is empty: the ChatML format
// (Qwen2.5-Coder's), which Ollama recognises when it imports the file.
const ChatMLTemplate = `{% for message in messages %}{{'<|im_start|>' + message['role'] + '\n' + message['content'] + '<|im_end|>' + '\n'}}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{% endif %}`

func (o Options) validate() error {
	switch {
	case o.Layers < 1 || o.Embed < 1 || o.FF < 1 || o.Heads < 1 || o.KVHeads < 1 || o.Context < 1:
		return errors.New("every size must be positive")
	case o.Embed%o.Heads != 0:
		return fmt.Errorf("embed %d is not a multiple of heads %d", o.Embed, o.Heads)
	case o.Heads%o.KVHeads != 0:
		return fmt.Errorf("heads %d is not a multiple of kv heads %d", o.Heads, o.KVHeads)
	case (o.Embed/o.Heads)%2 != 0:
		return fmt.Errorf("head size %d must be even for rotary embeddings", o.Embed/o.Heads)
	}
	return nil
}

// Write creates the model file at path.
func Write(path string, opts Options) error {
	if err := opts.validate(); err != nil {
		return fmt.Errorf("tiny gguf options: %w", err)
	}
	v, err := loadVocab()
	if err != nil {
		return err
	}
	tmpl := opts.Template
	if tmpl == "" {
		tmpl = ChatMLTemplate
	}
	headDim := opts.Embed / opts.Heads
	kv := ggml.KV{
		"general.architecture":                   "llama",
		"general.name":                           "tiny",
		"general.file_type":                      uint32(0), // all F32
		"general.alignment":                      uint32(32),
		"llama.block_count":                      uint32(opts.Layers),
		"llama.context_length":                   uint32(opts.Context),
		"llama.embedding_length":                 uint32(opts.Embed),
		"llama.feed_forward_length":              uint32(opts.FF),
		"llama.attention.head_count":             uint32(opts.Heads),
		"llama.attention.head_count_kv":          uint32(opts.KVHeads),
		"llama.attention.key_length":             uint32(headDim),
		"llama.attention.value_length":           uint32(headDim),
		"llama.attention.layer_norm_rms_epsilon": float32(1e-5),
		"llama.rope.dimension_count":             uint32(headDim),
		"llama.rope.freq_base":                   float32(500000),
		"llama.vocab_size":                       uint32(len(v.tokens)),
		"tokenizer.ggml.model":                   "gpt2",
		"tokenizer.ggml.pre":                     "llama-bpe",
		"tokenizer.ggml.tokens":                  v.tokens,
		"tokenizer.ggml.token_type":              v.types,
		"tokenizer.ggml.merges":                  v.merges,
		"tokenizer.ggml.bos_token_id":            uint32(v.bos),
		"tokenizer.ggml.eos_token_id":            uint32(v.eos),
		"tokenizer.ggml.padding_token_id":        uint32(v.eos),
		"tokenizer.ggml.add_bos_token":           false,
		"tokenizer.ggml.add_eos_token":           false,
		"tokenizer.chat_template":                tmpl,
	}

	vocab := uint64(len(v.tokens))
	embed, ff, kvDim := uint64(opts.Embed), uint64(opts.FF), uint64(opts.KVHeads*headDim)
	var ts []*ggml.Tensor
	add := func(name string, scale float32, shape ...uint64) {
		ts = append(ts, &ggml.Tensor{Name: name, Kind: 0, Shape: shape, WriterTo: randomF32{
			n: product(shape), scale: scale, seed: seedFor(opts.Seed, name),
		}})
	}
	// Scales keep activations in a sane range so logits vary between tokens instead of saturating.
	add("token_embd.weight", 1, embed, vocab)
	add("output_norm.weight", 0, embed)
	add("output.weight", float32(1/math.Sqrt(float64(embed))), embed, vocab)
	for i := range opts.Layers {
		p := fmt.Sprintf("blk.%d.", i)
		in := float32(1 / math.Sqrt(float64(embed)))
		add(p+"attn_norm.weight", 0, embed)
		add(p+"attn_q.weight", in, embed, embed)
		add(p+"attn_k.weight", in, embed, kvDim)
		add(p+"attn_v.weight", in, embed, kvDim)
		add(p+"attn_output.weight", in, embed, embed)
		add(p+"ffn_norm.weight", 0, embed)
		add(p+"ffn_gate.weight", in, embed, ff)
		add(p+"ffn_up.weight", in, embed, ff)
		add(p+"ffn_down.weight", float32(1/math.Sqrt(float64(ff))), ff, embed)
	}

	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("create tiny gguf: %w", err)
	}
	if err := ggml.WriteGGUF(f, kv, ts); err != nil {
		f.Close()
		return fmt.Errorf("write tiny gguf %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write tiny gguf %s: %w", path, err)
	}
	return nil
}

func product(shape []uint64) uint64 {
	n := uint64(1)
	for _, d := range shape {
		n *= d
	}
	return n
}

func seedFor(seed uint64, name string) uint64 {
	h := fnv.New64a()
	io.WriteString(h, name)
	return seed ^ h.Sum64()
}

// randomF32 writes n little-endian float32 values. A zero scale writes ones (norm weights); otherwise values
// are normally distributed with that standard deviation, the same for a given seed.
type randomF32 struct {
	n     uint64
	scale float32
	seed  uint64
}

func (r randomF32) WriteTo(w io.Writer) (int64, error) {
	rng := rand.New(rand.NewPCG(r.seed, r.seed>>1|1))
	buf := make([]byte, 0, 64<<10)
	var written int64
	for i := uint64(0); i < r.n; i++ {
		x := float32(1)
		if r.scale != 0 {
			x = float32(rng.NormFloat64()) * r.scale
		}
		buf = binary.LittleEndian.AppendUint32(buf, math.Float32bits(x))
		if len(buf) == cap(buf) || i == r.n-1 {
			n, err := w.Write(buf)
			written += int64(n)
			if err != nil {
				return written, err
			}
			buf = buf[:0]
		}
	}
	return written, nil
}
