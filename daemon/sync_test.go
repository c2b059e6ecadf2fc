package daemon

import (
	"testing"
	"time"
)

func TestBackoffGrowsCappedWithJitter(t *testing.T) {
	ceiling := 5 * time.Minute
	for n := 1; n <= 40; n++ {
		want := min(ceiling, time.Second<<min(n, 20))
		seen := map[time.Duration]bool{}
		for range 50 {
			d := backoff(n, ceiling)
			if d < want/2 || d > want {
				t.Fatalf("backoff(%d) = %s, want within [%s, %s]", n, d, want/2, want)
			}
			seen[d] = true
		}
		if len(seen) < 10 {
			t.Fatalf("backoff(%d) has no jitter: %v", n, seen)
		}
	}
}
