package eval_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/cmdai/cmdai/eval"
	"github.com/cmdai/cmdai/models"
	"github.com/cmdai/cmdai/models/offline"
)

// BenchmarkGenerateEveryday answers cmdai's own everyday set in process, as the one-shot and the daemon
// do, and reports the median and 90th percentile per request (docs/perf.md compares it with the engine
// before the tldr index, the same file run on the older tree).
func BenchmarkGenerateEveryday(b *testing.B) {
	s, err := eval.LoadEveryday()
	if err != nil {
		b.Fatal(err)
	}
	e, err := offline.New()
	if err != nil {
		b.Fatal(err)
	}
	for _, inv := range s.Invocations { // load what first use loads outside the timing
		_, _ = e.Generate(context.Background(), models.Request{Prompt: inv.NL, Shell: "bash", OS: "linux"}, nil)
	}
	var times []time.Duration
	for b.Loop() {
		for _, inv := range s.Invocations {
			start := time.Now()
			_, _ = e.Generate(context.Background(), models.Request{Prompt: inv.NL, Shell: "bash", OS: "linux"}, nil)
			times = append(times, time.Since(start))
		}
	}
	slices.Sort(times)
	b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "median-ms")
	b.ReportMetric(float64(times[len(times)*9/10].Microseconds())/1000, "p90-ms")
}
