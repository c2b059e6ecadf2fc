package safety_test

import (
	"testing"

	"github.com/cmdai/cmdai/safety"
	"github.com/cmdai/cmdai/safety/corpus"
)

// sink keeps the compiler from discarding the checks being measured.
var sink safety.Risk

// BenchmarkCheckCorpus runs every corpus command through the engine once per iteration.
func BenchmarkCheckCorpus(b *testing.B) {
	cases := loadCorpus(b)
	opts := safety.Options{}
	for b.Loop() {
		for _, c := range cases {
			sink = safety.Check(c.Command, opts).Risk
		}
	}
	reportPerCommand(b, len(cases))
}

// BenchmarkRegexBaselineCorpus runs every corpus command through the regex baseline once per iteration: the
// cost of the approach the engine replaces, for the ratio in docs/perf.md.
func BenchmarkRegexBaselineCorpus(b *testing.B) {
	cases := loadCorpus(b)
	for b.Loop() {
		for _, c := range cases {
			sink = corpus.RegexCheck(c.Command)
		}
	}
	reportPerCommand(b, len(cases))
}

// reportPerCommand adds ns/cmd, the figure that compares across corpus sizes.
func reportPerCommand(b *testing.B, n int) {
	if b.N > 0 && n > 0 {
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/cmd")
	}
}
