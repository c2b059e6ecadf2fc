package store

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/oklog/ulid/v2"
)

// synthetic makes n history entries from command templates with random words, numbers and paths, so
// that nearly every command is distinct: the hard case for search, which groups entries by command.
func synthetic(n int) []Entry {
	r := rand.New(rand.NewPCG(1, 2))
	words := []string{"api", "web", "db", "cache", "auth", "billing", "search", "worker", "queue", "gateway",
		"frontend", "backend", "metrics", "logs", "report", "invoice", "user", "session", "token", "config",
		"deploy", "build", "release", "staging", "prod", "backup", "archive", "image", "video", "docs"}
	templates := []struct{ prompt, command string }{
		{"find %s files changed in the last %d days", "find . -name '*.%s' -mtime -%d"},
		{"commit the %s fix number %d", "git commit -m 'fix %s #%d'"},
		{"run the %s container on port %d", "docker run --rm -p %[2]d:80 %[1]s:latest"},
		{"show %s logs last %d lines", "kubectl logs -n prod deploy/%s --tail=%d"},
		{"copy %s to host %d", "rsync -avz ./%s/ host%d:/srv/"},
		{"search for %s in file %d", "grep -rn '%s' src/file%d.go"},
		{"archive %s as %d", "tar czf %s-%d.tar.gz ./%[1]s"},
		{"kill the %s process %d", "pkill -f %s-%d"},
		{"show disk usage of %s level %d", "du -h --max-depth=%[2]d ./%[1]s"},
		{"checkout the %s branch %d", "git checkout feature/%s-%d"},
	}
	start := time.Now().Add(-365 * 24 * time.Hour)
	step := 365 * 24 * time.Hour / time.Duration(n+1)
	out := make([]Entry, n)
	for i := range out {
		tp := templates[r.IntN(len(templates))]
		w, k := words[r.IntN(len(words))], r.IntN(5000)
		created := start.Add(step * time.Duration(i))
		out[i] = Entry{
			ID:      ulid.MustNew(ulid.Timestamp(created), ulid.DefaultEntropy()),
			Prompt:  fmt.Sprintf(tp.prompt, w, k),
			Command: fmt.Sprintf(tp.command, w, k),
			Risk:    "safe", Backend: "offline", Shell: "bash",
			Cwd:     fmt.Sprintf("/home/me/src/project%d", r.IntN(200)),
			Created: created,
		}
	}
	return out
}

// benchQueries mixes prefixes, several terms, prompt words, typos (fuzzy) and a miss.
var benchQueries = []string{"git", "docker run", "logs billing", "find mtime", "kubctl lgs", "tar gz backup", "fix auth", "zzqx"}

// bulkLoad writes entries straight into badger and indexes them, as Open would find them.
func bulkLoad(tb testing.TB, s *Store, entries []Entry) {
	wb := s.db.NewWriteBatch()
	for _, e := range entries {
		data, _ := json.Marshal(e)
		if err := wb.Set(historyKey(e.ID), data); err != nil {
			tb.Fatal(err)
		}
		s.History.index.add(e.ID, e.Prompt, e.Command, e.Cwd)
	}
	if err := wb.Flush(); err != nil {
		tb.Fatal(err)
	}
}

// searchLatency runs every query repeatedly and reports p50 and p99 in milliseconds.
func searchLatency(b *testing.B, search func(q string)) {
	var took []time.Duration
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		t0 := time.Now()
		search(benchQueries[i%len(benchQueries)])
		took = append(took, time.Since(t0))
	}
	b.StopTimer()
	slices.Sort(took)
	b.ReportMetric(float64(took[len(took)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(took[len(took)*99/100].Microseconds())/1000, "p99-ms")
}

// BenchmarkHistorySearch100k measures a search through the store: index ranking plus reading the
// top 20 entries from badger.
func BenchmarkHistorySearch100k(b *testing.B) {
	s := openTest(b, b.TempDir())
	bulkLoad(b, s, synthetic(100_000))
	ctx := context.Background()
	searchLatency(b, func(q string) {
		if _, err := s.History.List(ctx, Query{Search: q, Limit: 20}); err != nil {
			b.Fatal(err)
		}
	})
}

// BenchmarkHistorySearch1M measures ranking over a million entries in the index (loading a million
// entries into badger first would dominate the run; reading the top 20 adds the same as at 100k).
// Run it alone: go test ./store -run '^$' -bench Search1M
func BenchmarkHistorySearch1M(b *testing.B) {
	ix := newIndex()
	for _, e := range synthetic(1_000_000) {
		ix.add(e.ID, e.Prompt, e.Command, e.Cwd)
	}
	now := time.Now()
	searchLatency(b, func(q string) { ix.query(q, "", 20, now) })
}

// BenchmarkHistoryInsert measures acknowledged (fsynced) inserts, one writer and 32 at once: badger
// groups concurrent commits into one sync.
func BenchmarkHistoryInsert(b *testing.B) {
	for _, writers := range []int{1, 32} {
		b.Run(fmt.Sprintf("writers=%d", writers), func(b *testing.B) {
			s := openTest(b, b.TempDir())
			ctx := context.Background()
			entries := synthetic(1000)
			b.ResetTimer()
			var wg sync.WaitGroup
			next := make(chan int)
			for range writers {
				wg.Go(func() {
					for i := range next {
						e := entries[i%len(entries)]
						e.ID = ulid.ULID{}
						e.Created = time.Time{}
						if _, err := s.History.Add(ctx, e); err != nil {
							b.Error(err)
						}
					}
				})
			}
			for i := 0; b.Loop(); i++ {
				next <- i
			}
			close(next)
			wg.Wait()
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "inserts/s")
		})
	}
}
