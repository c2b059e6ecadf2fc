package store

import (
	"container/heap"
	"math"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/oklog/ulid/v2"
)

// hit is one result of an index query: an entry and, for searches, how many entries share its command.
type hit struct {
	id    ulid.ULID
	count int
	score float64
}

// Ranking weights. Match quality dominates: an exact substring always beats a scattered subsequence.
// Among similar matches, frequency (log-scaled) and recency (halving after a day) decide.
const (
	weightFrequency = 0.5
	weightRecency   = 2.0
)

// parallelDocs is the doc count above which a search splits across CPUs.
const parallelDocs = 32 << 10

// query answers a listing (search empty: newest entries first) or a search (distinct commands, best
// first). cwd, when set, keeps only entries generated there.
//
// A search runs in two tiers. First, docs where every term occurs as a substring; the pair filter
// skips most others without reading their text. Only when that finds fewer than limit does a second
// pass look for scattered (fuzzy) matches, which always rank below the first tier.
func (ix *index) query(search, cwd string, limit int, now time.Time) []hit {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	cwdID := int32(-1)
	if cwd != "" {
		c, ok := ix.cwdOf[cwd]
		if !ok {
			return nil
		}
		cwdID = c
	}
	terms := strings.Fields(strings.ToLower(search))
	if len(terms) == 0 {
		return ix.newest(cwdID, limit)
	}
	sc := scorer{ix: ix, terms: terms, cwd: cwdID, nowMS: ulid.Timestamp(now)}
	for _, t := range terms {
		sc.exact.add(t)
	}
	sc.fuzzy.mask = sc.exact.mask
	best := sc.run(limit, false)
	if len(best.hits) < limit {
		// Fuzzy hits rank below every exact hit: appending them needs no reordering.
		best.hits = append(best.hits, sc.run(limit-len(best.hits), true).hits...)
	}
	return best.sorted()
}

// run scores every doc, split across CPUs when there are many.
func (sc scorer) run(limit int, fuzzy bool) topK {
	n := len(sc.ix.docs)
	workers := 1
	if n > parallelDocs {
		workers = runtime.GOMAXPROCS(0)
	}
	if workers == 1 {
		return sc.top(0, n, limit, fuzzy)
	}
	parts := make([]topK, workers)
	var wg sync.WaitGroup
	chunk := (n + workers - 1) / workers
	for w := range workers {
		lo, hi := min(w*chunk, n), min((w+1)*chunk, n)
		wg.Go(func() { parts[w] = sc.top(lo, hi, limit, fuzzy) })
	}
	wg.Wait()
	all := topK{limit: limit}
	for _, p := range parts {
		for _, h := range p.hits {
			all.offer(h)
		}
	}
	return all
}

func (ix *index) newest(cwd int32, limit int) []hit {
	var hits []hit
	for i := len(ix.order) - 1; i >= 0 && len(hits) < limit; i-- {
		s := ix.slots[ix.order[i]]
		if cwd < 0 || s.cwd == cwd {
			hits = append(hits, hit{id: s.id})
		}
	}
	return hits
}

type scorer struct {
	ix           *index
	terms        []string
	exact, fuzzy filter
	cwd          int32
	nowMS        uint64
}

// exactTier lifts every first-tier score above any second-tier one.
const exactTier = 1000

// top scores docs[lo:hi] and keeps the best limit. The exact pass keeps docs where every term is a
// substring; the fuzzy pass keeps the others that match at all.
func (sc scorer) top(lo, hi, limit int, fuzzy bool) topK {
	k := topK{limit: limit}
	q := &sc.exact
	if fuzzy {
		q = &sc.fuzzy
	}
	filters := sc.ix.filters[lo:hi]
	for i := range filters {
		if !filters[i].covers(q) {
			continue
		}
		d := lo + i
		dc := &sc.ix.docs[d]
		quality, allExact := 0.0, true
		for _, t := range sc.terms {
			tq := termQuality(t, dc.command, dc.prompts, fuzzy)
			if tq == 0 {
				quality = 0
				break
			}
			allExact = allExact && tq >= minExactQuality
			quality += tq
		}
		if quality == 0 || fuzzy && allExact {
			continue
		}
		count, latest := len(dc.slots), dc.latest
		if sc.cwd >= 0 {
			count, latest = 0, -1
			for _, s := range dc.slots {
				if sl := &sc.ix.slots[s]; sl.cwd == sc.cwd {
					count++
					if latest < 0 || sl.id.Compare(sc.ix.slots[latest].id) > 0 {
						latest = s
					}
				}
			}
			if count == 0 {
				continue
			}
		}
		id := sc.ix.slots[latest].id
		ageDays := float64(sc.nowMS-min(sc.nowMS, id.Time())) / float64(24*time.Hour/time.Millisecond)
		score := quality/float64(len(sc.terms)) + weightFrequency*log2(1+count) + weightRecency/(1+ageDays)
		if !fuzzy {
			score += exactTier
		}
		k.offer(hit{id: id, count: count, score: score})
	}
	return k
}

var log2Table = func() (t [1024]float64) {
	for i := range t {
		t[i] = math.Log2(float64(i))
	}
	return t
}()

func log2(n int) float64 {
	if n < len(log2Table) {
		return log2Table[n]
	}
	return math.Log2(float64(n))
}

// minExactQuality is the lowest quality of a substring match; scattered matches score below it.
const minExactQuality = 5

// termQuality rates how well one query term matches a command and its prompts; 0 means not at all.
// Substrings rate 5 to 10 (a command's prefix best); with fuzzy set, scattered matches within a short
// window rate 1 to 4 by how tight they are.
func termQuality(term, command, prompts string, fuzzy bool) float64 {
	if i := strings.Index(command, term); i >= 0 {
		switch {
		case i == 0:
			return 10
		case atBoundary(command, i) || strings.Contains(command[i+1:], " "+term):
			return 8
		}
		return 6
	}
	if i := strings.Index(prompts, term); i >= 0 {
		if atBoundary(prompts, i) {
			return 6
		}
		return 5
	}
	if !fuzzy {
		return 0
	}
	if span := subsequence(command, term); span > 0 {
		return 2 + 2*float64(len(term))/float64(span)
	}
	if span := subsequence(prompts, term); span > 0 {
		return 1 + 2*float64(len(term))/float64(span)
	}
	return 0
}

func atBoundary(s string, i int) bool {
	if i == 0 {
		return true
	}
	b := s[i-1]
	return !(b >= 'a' && b <= 'z' || b >= '0' && b <= '9' || b >= 0x80)
}

// subsequence returns the length of the shortest window of s found to hold term's bytes in order, or
// 0 when there is none no wider than three times the term: letters scattered over a whole sentence are
// not a match anyone means.
func subsequence(s, term string) int {
	if len(term) == 0 {
		return 0
	}
	maxSpan := 3 * len(term)
	for from := 0; ; {
		i := strings.IndexByte(s[from:], term[0])
		if i < 0 {
			return 0
		}
		start := from + i
		end, j := start, 1
		for ; j < len(term); j++ {
			k := strings.IndexByte(s[end+1:], term[j])
			if k < 0 {
				return 0
			}
			end += 1 + k
		}
		// Tighten from the end backwards: the last possible start for this end.
		j = len(term) - 1
		for p := end; p >= start; p-- {
			if s[p] == term[j] {
				if j == 0 {
					start = p
					break
				}
				j--
			}
		}
		if span := end - start + 1; span <= maxSpan {
			return span
		}
		from = start + 1
	}
}

// topK keeps the best hits seen so far in a min-heap of at most limit.
type topK struct {
	limit int
	hits  []hit
}

func (k *topK) Len() int           { return len(k.hits) }
func (k *topK) Less(i, j int) bool { return worse(k.hits[i], k.hits[j]) }
func (k *topK) Swap(i, j int)      { k.hits[i], k.hits[j] = k.hits[j], k.hits[i] }
func (k *topK) Push(x any)         { k.hits = append(k.hits, x.(hit)) }
func (k *topK) Pop() any {
	h := k.hits[len(k.hits)-1]
	k.hits = k.hits[:len(k.hits)-1]
	return h
}

// worse orders hits by score, then by age so that ties go to the newer entry.
func worse(a, b hit) bool {
	if a.score != b.score {
		return a.score < b.score
	}
	return a.id.Compare(b.id) < 0
}

func (k *topK) offer(h hit) {
	if len(k.hits) < k.limit {
		heap.Push(k, h)
		return
	}
	if worse(k.hits[0], h) {
		k.hits[0] = h
		heap.Fix(k, 0)
	}
}

// sorted empties the heap, best first.
func (k topK) sorted() []hit {
	out := make([]hit, len(k.hits))
	for i := len(out) - 1; i >= 0; i-- {
		out[i] = heap.Pop(&k).(hit)
	}
	return out
}
