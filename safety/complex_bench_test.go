package safety

import (
	"context"
	"testing"
)

// BenchmarkPathological checks one 64 KiB hostile command of each shape per iteration and reports the
// highest peak heap it reached (peak-MB, sampled every 100 µs) and what it allocated in all. The bound
// for every shape is 64 MB of peak heap; Impact, which walks the same calls, is measured beside Check.
func BenchmarkPathological(b *testing.B) {
	smallImpactLimits(b)
	cwd := b.TempDir()
	opts := Options{Home: "/home/u"}
	run := func(b *testing.B, f func()) {
		var peak, total uint64
		for b.Loop() {
			p, t := heapPeak(f)
			peak, total = max(peak, p), total+t
		}
		b.ReportMetric(float64(peak)/1e6, "peak-MB")
		b.ReportMetric(float64(total)/float64(b.N)/1e6, "alloc-MB/op")
	}
	for _, s := range append(append([]shape(nil), pathological...), heavy...) {
		cmd := s.gen(pathologicalSize)
		b.Run("check/"+s.name, func(b *testing.B) { run(b, func() { Check(cmd, opts) }) })
		b.Run("impact/"+s.name, func(b *testing.B) {
			run(b, func() { _, _ = Impact(context.Background(), cmd, cwd, opts) })
		})
	}
}
