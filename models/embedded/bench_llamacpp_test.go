//go:build llamacpp

package embedded

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cmdai/cmdai/models/internal/ollamatest"
	"github.com/cmdai/cmdai/models/internal/tinygguf"
	"github.com/cmdai/cmdai/models/prompt"
)

// benchTokens is how many tokens each timed generation asks for.
const benchTokens = 128

// BenchmarkBackends compares the embedded backend with a real Ollama server on the same ~100 MB model file:
// time to load, and generation speed (tokens per second after the prompt, median of interleaved rounds,
// both unconstrained with the same sampling settings and thread count). Run it with -benchtime 1x (task
// bench:backends); it is slow and stays out of the test run.
func BenchmarkBackends(b *testing.B) {
	path := filepath.Join(b.TempDir(), "bench.gguf")
	if err := tinygguf.Write(path, tinygguf.Bench()); err != nil {
		b.Fatal(err)
	}
	threads := runtime.NumCPU()
	srv := ollamatest.StartModel(b, path)
	load0 := loadavg()

	segs := render(chatML, prompt.Messages(req))
	var raw strings.Builder
	for _, s := range segs {
		raw.WriteString(s.text)
	}
	options := map[string]any{
		"num_ctx": defaultContextSize, "num_thread": threads, "num_predict": benchTokens,
		"top_k": 40, "top_p": 0.9, "min_p": 0.05, "temperature": 0.1, "repeat_penalty": 1, "repeat_last_n": 64,
		"seed": 42,
	}

	// Load: Ollama's first request reports how long it took to start its runner and load the model.
	first := ollamaGenerate(b, srv, raw.String(), options)
	ollamaLoad := time.Duration(first.LoadDuration)
	start := time.Now()
	be, err := Open(context.Background(), path, Options{Threads: threads})
	if err != nil {
		b.Fatal(err)
	}
	embeddedLoad := time.Since(start)
	defer be.Close()
	eb := be.(*backend)

	var emb, oll []float64
	for range 5 {
		emb = append(emb, embeddedRate(b, eb, segs))
		r := ollamaGenerate(b, srv, raw.String(), options)
		if r.EvalCount < 2 || r.EvalDuration <= 0 {
			b.Fatalf("ollama generated %d tokens in %d ns", r.EvalCount, r.EvalDuration)
		}
		oll = append(oll, float64(r.EvalCount)/time.Duration(r.EvalDuration).Seconds())
	}
	e, o := median(emb), median(oll)
	b.ReportMetric(e, "embedded-tok/s")
	b.ReportMetric(o, "ollama-tok/s")
	b.ReportMetric(e/o, "embedded/ollama")
	b.ReportMetric(float64(embeddedLoad.Milliseconds()), "embedded-load-ms")
	b.ReportMetric(float64(ollamaLoad.Milliseconds()), "ollama-load-ms")
	b.ReportMetric((load0+loadavg())/2, "loadavg")
	b.Logf("tokens/s embedded %v, ollama %v; load embedded %v, ollama %v; threads %d",
		emb, oll, embeddedLoad, ollamaLoad, threads)
}

// embeddedRate generates benchTokens without a grammar and returns the tokens per second after the first
// one (the first token's time includes the prompt, as Ollama's eval_duration excludes it).
func embeddedRate(b *testing.B, eb *backend, segs []segment) float64 {
	b.Helper()
	var first, last time.Time
	n := 0
	if err := eb.acquire(context.Background()); err != nil {
		b.Fatal(err)
	}
	_, err := eb.complete(context.Background(), segs, "", benchTokens, func(string) {
		last = time.Now()
		if n == 0 {
			first = last
		}
		n++
	})
	eb.release()
	if err != nil {
		b.Fatal(err)
	}
	if n < 2 {
		b.Fatalf("embedded generated %d tokens", n)
	}
	return float64(n-1) / last.Sub(first).Seconds()
}

type ollamaResult struct {
	EvalCount    int   `json:"eval_count"`
	EvalDuration int64 `json:"eval_duration"`
	LoadDuration int64 `json:"load_duration"`
}

func ollamaGenerate(b *testing.B, srv *ollamatest.Server, raw string, options map[string]any) ollamaResult {
	b.Helper()
	body, _ := json.Marshal(map[string]any{
		"model": srv.Model, "prompt": raw, "raw": true, "stream": false, "options": options,
	})
	resp, err := http.Post(srv.URL+"/api/generate", "application/json", bytes.NewReader(body))
	if err != nil {
		b.Fatal(err)
	}
	defer resp.Body.Close()
	var r ollamaResult
	if resp.StatusCode != http.StatusOK {
		b.Fatalf("ollama generate: %s", resp.Status)
	}
	if err := json.NewDecoder(resp.Body).Decode(&r); err != nil {
		b.Fatal(err)
	}
	return r
}

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[len(s)/2]
}

// loadavg is the one-minute load average, to note how busy the machine was.
func loadavg() float64 {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return -1
	}
	var l float64
	if _, err := fmt.Sscan(string(b), &l); err != nil {
		return -1
	}
	return l
}
