package store

import (
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/oklog/ulid/v2"
)

// index is the in-memory view of history that search and listing read, so that neither touches the
// disk until it knows which few entries to return. Entries sharing a command form one doc: search
// ranks docs and answers with each doc's newest entry.
type index struct {
	mu    sync.RWMutex
	slots []slot  // append-only; a slot number names an entry for the life of the index
	order []int32 // live slots sorted by ID, oldest first
	docs  []doc
	// filters parallel docs in one compact array, so a search skips most docs without touching them.
	filters []filter
	docOf   map[string]int32 // command -> doc
	cwds    []string
	cwdOf   map[string]int32
}

type slot struct {
	id     ulid.ULID
	doc    int32
	cwd    int32
	prompt string // lowered
	dead   bool
}

type doc struct {
	key     string // the command as written, its key in docOf
	command string // lowered
	prompts string // the entries' distinct lowered prompts, newline-joined, capped
	slots   []int32
	latest  int32 // the newest of slots
}

// maxPromptText caps how much prompt text one command is searched by.
const maxPromptText = 1 << 10

func newIndex() *index {
	return &index{docOf: map[string]int32{}, cwdOf: map[string]int32{}}
}

func (ix *index) len() int {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return len(ix.order)
}

func (ix *index) add(id ulid.ULID, prompt, command, cwd string) {
	lprompt, lcommand := strings.ToLower(prompt), strings.ToLower(command)
	ix.mu.Lock()
	defer ix.mu.Unlock()
	c, ok := ix.cwdOf[cwd]
	if !ok {
		c = int32(len(ix.cwds))
		ix.cwds = append(ix.cwds, cwd)
		ix.cwdOf[cwd] = c
	}
	d, ok := ix.docOf[command]
	if !ok {
		d = int32(len(ix.docs))
		ix.docs = append(ix.docs, doc{key: command, command: lcommand, latest: -1})
		ix.filters = append(ix.filters, filterOf(lcommand))
		ix.docOf[command] = d
	}
	s := int32(len(ix.slots))
	ix.slots = append(ix.slots, slot{id: id, doc: d, cwd: c, prompt: lprompt})
	// Writers finish out of order by a little; insert from the end.
	i := len(ix.order)
	for i > 0 && ix.slots[ix.order[i-1]].id.Compare(id) > 0 {
		i--
	}
	ix.order = slices.Insert(ix.order, i, s)

	dc := &ix.docs[d]
	dc.slots = append(dc.slots, s)
	if dc.latest < 0 || ix.slots[dc.latest].id.Compare(id) < 0 {
		dc.latest = s
	}
	if !containsLine(dc.prompts, lprompt) && len(dc.prompts) < maxPromptText {
		if dc.prompts != "" {
			dc.prompts += "\n"
		}
		dc.prompts += lprompt
		ix.filters[d].add(lprompt)
	}
}

func (ix *index) remove(id ulid.ULID) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	i, ok := ix.find(id)
	if !ok {
		return
	}
	s := ix.order[i]
	ix.order = slices.Delete(ix.order, i, i+1)
	ix.kill(s)
}

// removeAll drops entries in one pass over the order; prune uses it for the oldest entries.
func (ix *index) removeAll(ids []ulid.ULID) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	for _, id := range ids {
		if i, ok := ix.find(id); ok {
			ix.kill(ix.order[i])
		}
	}
	ix.order = slices.DeleteFunc(ix.order, func(s int32) bool { return ix.slots[s].dead })
}

// find locates id in the order; callers hold the lock.
func (ix *index) find(id ulid.ULID) (int, bool) {
	return slices.BinarySearchFunc(ix.order, id, func(s int32, id ulid.ULID) int {
		return ix.slots[s].id.Compare(id)
	})
}

// kill marks slot s dead and takes it out of its doc; callers hold the lock and fix the order.
func (ix *index) kill(s int32) {
	sl := &ix.slots[s]
	if sl.dead {
		return
	}
	sl.dead = true
	dc := &ix.docs[sl.doc]
	dc.slots = slices.DeleteFunc(dc.slots, func(x int32) bool { return x == s })
	if len(dc.slots) == 0 {
		delete(ix.docOf, dc.key)
		*dc = doc{latest: -1}
		ix.filters[sl.doc] = filter{}
		return
	}
	// Rebuild what the doc is searched by, so a deleted prompt no longer matches.
	dc.latest, dc.prompts = dc.slots[0], ""
	f := filterOf(dc.command)
	for _, x := range dc.slots {
		if ix.slots[x].id.Compare(ix.slots[dc.latest].id) > 0 {
			dc.latest = x
		}
		p := ix.slots[x].prompt
		if !containsLine(dc.prompts, p) && len(dc.prompts) < maxPromptText {
			if dc.prompts != "" {
				dc.prompts += "\n"
			}
			dc.prompts += p
			f.add(p)
		}
	}
	ix.filters[sl.doc] = f
}

// olderThan lists the IDs of entries created before cutoff, oldest first.
func (ix *index) olderThan(cutoff time.Time) []ulid.ULID {
	ms := ulid.Timestamp(cutoff)
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	var ids []ulid.ULID
	for _, s := range ix.order {
		id := ix.slots[s].id
		if id.Time() >= ms {
			break
		}
		ids = append(ids, id)
	}
	return ids
}

func containsLine(lines, line string) bool {
	for lines != "" {
		var l string
		l, lines, _ = strings.Cut(lines, "\n")
		if l == line {
			return true
		}
	}
	return false
}

// filter summarises a doc's text: which byte classes occur in it (a subsequence needs all of the
// term's) and which adjacent byte pairs (a substring needs all of the term's pairs). A doc with no
// entries has an empty filter, which no query passes.
type filter struct {
	mask  uint64
	pairs pairBits
}

func filterOf(s string) filter {
	var f filter
	f.add(s)
	return f
}

func (f *filter) add(s string) {
	f.mask |= byteMask(s)
	for i := 1; i < len(s); i++ {
		f.pairs.set(s[i-1], s[i])
	}
}

// covers reports whether every class and pair of q occurs in f.
func (f *filter) covers(q *filter) bool {
	return f.mask&q.mask == q.mask && f.pairs[0]&q.pairs[0] == q.pairs[0] && f.pairs[1]&q.pairs[1] == q.pairs[1]
}

type pairBits [2]uint64

func (p *pairBits) set(a, b byte) {
	h := (uint32(a)<<8 | uint32(b)) * 0x9E3779B1 >> 25 // 7 bits
	p[h>>6] |= 1 << (h & 63)
}

// byteMask sets one bit per class of byte in s: letters and digits get a bit each, the rest share the
// remaining bits. A doc can only match a query whose mask is a subset of its own.
func byteMask(s string) uint64 {
	var m uint64
	for i := 0; i < len(s); i++ {
		m |= 1 << byteClass(s[i])
	}
	return m
}

func byteClass(b byte) uint {
	switch {
	case b >= 'a' && b <= 'z':
		return uint(b - 'a')
	case b >= '0' && b <= '9':
		return 26 + uint(b-'0')
	case b >= 0x80:
		return 63
	}
	return 36 + uint(b)%27
}
