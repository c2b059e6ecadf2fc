package safety

import (
	"bufio"
	"os"
	"slices"
	"strings"
	"testing"
	"time"
)

// corpusCommands reads the commands of the labelled corpus (this package cannot import safety/corpus,
// which imports it).
func corpusCommands(tb testing.TB) []string {
	tb.Helper()
	f, err := os.Open("testdata/corpus.tsv")
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var cmds []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if _, cmd, ok := strings.Cut(sc.Text(), "\t"); ok && !strings.HasPrefix(sc.Text(), "#") {
			cmds = append(cmds, cmd)
		}
	}
	return cmds
}

// BenchmarkCheckLatency times every corpus command on its own and reports the median and 99th
// percentile of Check, of a bare parse and walk of the same command (what every check must do), and
// their ratio: the cost of the rules over the walk.
func BenchmarkCheckLatency(b *testing.B) {
	cmds := corpusCommands(b)
	opts := Options{Home: "/home/u"}
	var check, walk []time.Duration
	for b.Loop() {
		for _, cmd := range cmds {
			t0 := time.Now()
			w := newWalker(opts)
			w.walkString(cmd, nil, nil)
			t1 := time.Now()
			Check(cmd, opts)
			t2 := time.Now()
			walk = append(walk, t1.Sub(t0))
			check = append(check, t2.Sub(t1))
		}
	}
	pct := func(d []time.Duration, p float64) float64 {
		slices.Sort(d)
		return float64(d[int(p*float64(len(d)-1))].Nanoseconds()) / 1e3
	}
	c50, c99, w50, w99 := pct(check, 0.5), pct(check, 0.99), pct(walk, 0.5), pct(walk, 0.99)
	b.ReportMetric(c50, "check-p50-µs")
	b.ReportMetric(c99, "check-p99-µs")
	b.ReportMetric(w50, "walk-p50-µs")
	b.ReportMetric(w99, "walk-p99-µs")
	b.ReportMetric(c50/w50, "p50-ratio")
	b.ReportMetric(c99/w99, "p99-ratio")
}
