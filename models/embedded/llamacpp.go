//go:build llamacpp

package embedded

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"unsafe"

	"github.com/ollama/ollama/llama"
	"github.com/ollama/ollama/ml"

	"github.com/cmdai/cmdai/models"
	"github.com/cmdai/cmdai/models/prompt"
)

const (
	// batchSize is how many prompt tokens one decode call takes.
	batchSize          = 512
	defaultContextSize = 4096
	// defaultMaxTokens bounds one answer; the grammar ends every answer well before it.
	defaultMaxTokens = 1024
)

var backendInit sync.Once

// Available reports whether this build can run models in-process.
func Available() bool { return true }

// Open loads the GGUF model at modelPath and readies one llama.cpp context for it. Generate calls share
// that context one at a time; the prompt prefix they have in common (system prompt, examples) stays in the
// KV cache between calls.
func Open(ctx context.Context, modelPath string, opts Options) (models.Backend, error) {
	if _, err := os.Stat(modelPath); err != nil {
		return nil, fmt.Errorf("open model: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("open model: %w", err)
	}
	if opts.ContextSize <= 0 {
		opts.ContextSize = defaultContextSize
	}
	if opts.MaxTokens <= 0 {
		opts.MaxTokens = defaultMaxTokens
	}
	if opts.Threads <= 0 {
		opts.Threads = runtime.NumCPU()
	}
	gpuLayers := opts.GPULayers
	if gpuLayers < 0 {
		gpuLayers = 999
	}
	backendInit.Do(llama.BackendInit)
	routeLogs(opts.Log) // after BackendInit, which points ggml's log at its own sink

	model, err := llama.LoadModelFromFile(modelPath, llama.ModelParams{
		NumGpuLayers: gpuLayers,
		UseMmap:      true,
		Progress:     opts.Progress,
	})
	if err != nil {
		return nil, fmt.Errorf("load model %s (see the log for llama.cpp's reason): %w", modelPath, err)
	}
	lctx, err := llama.NewContextWithModel(model, llama.NewContextParams(
		opts.ContextSize, batchSize, 1, opts.Threads, ml.FlashAttentionAuto, ""))
	if err != nil {
		llama.FreeModel(model)
		return nil, fmt.Errorf("create a llama.cpp context for %s: %w", modelPath, err)
	}
	batch, err := llama.NewBatch(batchSize, 1, 0)
	if err != nil {
		llama.FreeModel(model)
		return nil, fmt.Errorf("allocate a llama.cpp batch: %w", err)
	}
	b := &backend{
		model:     model,
		lctx:      lctx,
		batch:     batch,
		numCtx:    opts.ContextSize,
		maxTokens: opts.MaxTokens,
		name:      strings.TrimSuffix(filepath.Base(modelPath), filepath.Ext(modelPath)),
		sem:       make(chan struct{}, 1),
	}
	b.format = b.detectFormat()
	return b, nil
}

type backend struct {
	model     *llama.Model
	lctx      *llama.Context
	batch     *llama.Batch
	format    chatFormat
	numCtx    int
	maxTokens int
	name      string

	// sem holds the one llama context; waiting for it honours the caller's context.
	sem    chan struct{}
	closed atomic.Bool // set under sem; read without it by Health
	cached []int       // tokens whose keys and values are in the context's cache; guarded by sem
}

func (b *backend) Name() string { return Name }

// detectFormat picks the chat layout from the model's vocabulary: Llama 3 markers when the model has them
// as single control tokens and no ChatML markers, ChatML otherwise.
func (b *backend) detectFormat() chatFormat {
	single := func(marker string) bool {
		toks, err := b.model.Tokenize(marker, false, true)
		return err == nil && len(toks) == 1
	}
	if !single("<|im_start|>") && single("<|start_header_id|>") {
		return llama3
	}
	return chatML
}

func (b *backend) acquire(ctx context.Context) error {
	select {
	case b.sem <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	if b.closed.Load() {
		<-b.sem
		return errors.New("the embedded model is closed")
	}
	return nil
}

func (b *backend) release() { <-b.sem }

// Generate answers req with the model, streaming each piece of the JSON answer to onToken.
func (b *backend) Generate(ctx context.Context, req models.Request, onToken models.TokenFunc) (models.Response, error) {
	if err := b.acquire(ctx); err != nil {
		return models.Response{}, fmt.Errorf("embedded model: %w", err)
	}
	text, err := b.complete(ctx, render(b.format, prompt.Messages(req)), answerGrammar, b.maxTokens, onToken)
	b.release()
	if err != nil {
		return models.Response{}, err
	}
	cmd, expl, err := prompt.Parse(text)
	if err != nil {
		return models.Response{}, fmt.Errorf("embedded model %s: %w", b.name, err)
	}
	return models.Response{Command: cmd, Explanation: expl, Confidence: 1, Backend: Name, Model: b.name}, nil
}

// tokenize turns rendered segments into tokens, parsing control tokens only in the format's markers.
func (b *backend) tokenize(segs []segment) ([]int, error) {
	var toks []int
	if b.model.AddBOSToken() {
		bos, err := b.model.Tokenize("", true, true)
		if err != nil {
			return nil, fmt.Errorf("tokenize: %w", err)
		}
		toks = append(toks, bos...)
	}
	for _, s := range segs {
		t, err := b.model.Tokenize(s.text, false, s.special)
		if err != nil {
			return nil, fmt.Errorf("tokenize: %w", err)
		}
		toks = append(toks, t...)
	}
	return toks, nil
}

// complete runs the model on segs and samples at most maxTokens under grammar (none when empty). The
// caller holds sem.
func (b *backend) complete(ctx context.Context, segs []segment, grammar string, maxTokens int, onToken models.TokenFunc) (string, error) {
	toks, err := b.tokenize(segs)
	if err != nil {
		return "", fmt.Errorf("embedded model: %w", err)
	}
	if room := b.numCtx - len(toks); room < maxTokens {
		if room < 64 {
			return "", fmt.Errorf("embedded model: the request takes %d tokens, too many for the model's %d-token context; shorten it or raise the context size", len(toks), b.numCtx)
		}
		maxTokens = room
	}
	sampler, err := llama.NewSamplingContext(b.model, llama.SamplingParams{
		TopK: 40, TopP: 0.9, MinP: 0.05, Temp: 0.1,
		RepeatLastN: 64, PenaltyRepeat: 1,
		Seed:    42,
		Grammar: grammar,
	})
	if err != nil {
		return "", fmt.Errorf("embedded model: sampler: %w", err)
	}

	if err := b.prefill(ctx, toks); err != nil {
		return "", err
	}
	var out strings.Builder
	for range maxTokens {
		if err := ctx.Err(); err != nil {
			return "", fmt.Errorf("embedded model: %w", err)
		}
		id := sampler.Sample(b.lctx, b.batch.NumTokens()-1)
		sampler.Accept(id, true)
		if b.model.TokenIsEog(id) {
			break
		}
		piece := b.model.TokenToPiece(id)
		out.WriteString(piece)
		if onToken != nil && piece != "" {
			onToken(piece)
		}
		if err := b.decode([]int{id}); err != nil {
			return "", err
		}
	}
	return out.String(), nil
}

// prefill puts toks into the cache, reusing the prefix it shares with what is cached already. The last
// token is always decoded again so that its logits are there to sample from.
func (b *backend) prefill(ctx context.Context, toks []int) error {
	n := 0
	for n < len(b.cached) && n < len(toks) && b.cached[n] == toks[n] {
		n++
	}
	n = min(n, len(toks)-1)
	if n < len(b.cached) && !b.lctx.KvCacheSeqRm(0, n, -1) {
		b.lctx.KvCacheClear()
		n = 0
	}
	b.cached = b.cached[:n]
	for start := n; start < len(toks); start += batchSize {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("embedded model: %w", err)
		}
		if err := b.decode(toks[start:min(start+batchSize, len(toks))]); err != nil {
			return err
		}
	}
	return nil
}

// decode runs toks through the model after what is cached, asking for logits of the last one only.
func (b *backend) decode(toks []int) error {
	b.batch.Clear()
	for i, t := range toks {
		b.batch.Add(t, nil, len(b.cached)+i, i == len(toks)-1, 0)
	}
	if err := b.lctx.Decode(b.batch); err != nil {
		// The cache may hold part of the batch: start afresh next time.
		b.lctx.KvCacheClear()
		b.cached = b.cached[:0]
		return fmt.Errorf("embedded model: decode: %w", err)
	}
	b.cached = append(b.cached, toks...)
	return nil
}

// Health reports whether the model is loaded. It does not wait for a generation in progress.
func (b *backend) Health(ctx context.Context) error {
	if b.closed.Load() {
		return errors.New("embedded model: closed")
	}
	return ctx.Err()
}

// Close frees the model and its context. Generate calls in flight finish first.
func (b *backend) Close() error {
	b.sem <- struct{}{}
	defer b.release()
	if b.closed.Load() {
		return nil
	}
	b.closed.Store(true)
	b.batch.Free()
	// See freeContext: both binding types keep their C pointer as the first field.
	cctx := *(*unsafe.Pointer)(unsafe.Pointer(b.lctx))
	cmodel := *(*unsafe.Pointer)(unsafe.Pointer(b.model))
	freeContext(cctx, cmodel)
	llama.FreeModel(b.model)
	b.model, b.lctx, b.batch = nil, nil, nil
	return nil
}
