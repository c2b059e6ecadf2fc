package tldr

import (
	"math"
	"slices"
	"strings"
	"sync"
)

// Index is the searchable form of the pages. It is immutable once built and safe for concurrent use.
type Index struct {
	Pages []Page
	docs  []doc
	post  map[string][]posting
	// names maps a program's name to the pages about it and its subcommands ("git" to git,
	// git-commit, ...).
	names map[string][]int32
	// vocab counts the words of descriptions and names, for correcting typos.
	vocab map[string]int
	// termID numbers the terms; termOf maps the numbers back.
	termID map[string]int32
	termOf []string
	avgLen float64
}

// doc is one example as the index scores it.
type doc struct {
	page, ex int32
	length   float32
	terms    []int32 // every term of the example's document, sorted
	platform uint8   // platformCommon, platformLinux or platformOSX
}

const (
	platformCommon uint8 = iota
	platformLinux
	platformOSX
)

type posting struct {
	doc int32
	tf  float32
}

// Weights of where a term occurs in an example's document.
const (
	weightDescription = 1.0
	weightName        = 1.5
	weightPage        = 0.3
	weightCommand     = 0.5
)

// NewIndex indexes pages.
func NewIndex(pages []Page) *Index {
	x := &Index{Pages: pages, post: map[string][]posting{}, names: map[string][]int32{}, vocab: map[string]int{},
		termID: map[string]int32{}}
	var total float64
	for pi, p := range pages {
		name := strings.Split(p.Name, "-")
		x.names[p.Name] = append(x.names[p.Name], int32(pi))
		if len(name) > 1 && strings.HasPrefix(p.Examples[0].Command, name[0]+" ") {
			// A subcommand's page (git-commit runs "git commit"), not a program of its own (ss-local).
			x.names[name[0]] = append(x.names[name[0]], int32(pi))
		}
		for _, w := range words(p.Name) {
			x.vocab[w]++
		}
		pageTerms := Terms(p.Description)
		for ei, e := range p.Examples {
			tf := map[string]float32{}
			for _, w := range words(e.Description) {
				x.vocab[w]++
				if t := Term(w); t != "" {
					tf[t] += weightDescription
				}
			}
			for _, w := range name {
				if t := Term(w); t != "" {
					tf[t] += weightName
				}
			}
			for _, t := range pageTerms {
				tf[t] += weightPage
			}
			for _, t := range Terms(Parse(e.Command).Literal()) {
				tf[t] += weightCommand
			}
			var length float32
			for _, v := range tf {
				length += v
			}
			d := int32(len(x.docs))
			plat := platformCommon
			switch p.Platform {
			case Linux:
				plat = platformLinux
			case OSX:
				plat = platformOSX
			}
			ids := make([]int32, 0, len(tf))
			for t := range tf {
				id, ok := x.termID[t]
				if !ok {
					id = int32(len(x.termOf))
					x.termID[t] = id
					x.termOf = append(x.termOf, t)
				}
				ids = append(ids, id)
			}
			slices.Sort(ids)
			x.docs = append(x.docs, doc{page: int32(pi), ex: int32(ei), length: length, platform: plat, terms: ids})
			total += float64(length)
			for t, v := range tf {
				x.post[t] = append(x.post[t], posting{doc: d, tf: v})
			}
		}
	}
	if len(x.docs) > 0 {
		x.avgLen = total / float64(len(x.docs))
	}
	return x
}

// Hit is an example that matches a query.
type Hit struct {
	Page    *Page
	Example *Example
	// Score is the example's BM25 score; Matched is the share of the query's weight (IDF) that the
	// example's own words, description and name, account for.
	Score, Matched float64
	// Missed are the query terms the example does not have; Terms are all the example's own terms (its
	// description, its page's name and summary, its command's fixed words).
	Missed, Terms []string
}

// scoresPool holds score arrays between searches.
var scoresPool = sync.Pool{New: func() any { return new([]float64) }}

// Query is what to look for.
type Query struct {
	Terms []string
	// Platform is linux or osx: pages of the other platform are left out.
	Platform string
	// Programs, when set, keeps only the pages of these programs and their subcommands.
	Programs []string
}

// Search returns up to k examples for q, best first.
func (x *Index) Search(q Query, k int) []Hit {
	if len(q.Terms) == 0 || k <= 0 {
		return nil
	}
	var allow map[int32]bool
	if len(q.Programs) > 0 {
		allow = map[int32]bool{}
		for _, p := range q.Programs {
			for _, pi := range x.names[p] {
				allow[pi] = true
			}
		}
	}
	const k1, b = 1.2, 0.5
	n := float64(len(x.docs))
	// Scores live in a dense array (one slot per example) with the list of those touched: far cheaper
	// than a map when a common word reaches a third of the examples.
	buf := scoresPool.Get().(*[]float64)
	if len(*buf) < len(x.docs) {
		*buf = make([]float64, len(x.docs))
	}
	scores := *buf
	defer func() {
		scoresPool.Put(buf)
	}()
	touched := make([]int32, 0, 1024)
	other := platformOSX // the platform whose pages are left out
	if q.Platform == OSX {
		other = platformLinux
	}
	var totalIDF float64
	idfs := make(map[string]float64, len(q.Terms))
	for _, t := range slices.Compact(slices.Sorted(slices.Values(q.Terms))) {
		ps := x.post[t]
		idf := math.Log(1 + (n-float64(len(ps))+0.5)/(float64(len(ps))+0.5))
		idfs[t] = idf
		totalIDF += idf
		for _, p := range ps {
			d := x.docs[p.doc]
			if d.platform == other || allow != nil && !allow[d.page] {
				continue
			}
			tf := float64(p.tf)
			if scores[p.doc] == 0 {
				touched = append(touched, p.doc)
			}
			scores[p.doc] += idf * tf * (k1 + 1) / (tf + k1*(1-b+b*float64(d.length)/x.avgLen))
		}
	}
	type scored struct {
		doc   int32
		score float64
	}
	// Keep the k best in a small sorted slice: k is tens, the touched examples thousands.
	better := func(a, b scored) bool { return a.score > b.score || a.score == b.score && a.doc < b.doc }
	ranked := make([]scored, 0, k+1)
	for _, d := range touched {
		c := scored{d, scores[d]}
		scores[d] = 0
		if len(ranked) == k && !better(c, ranked[k-1]) {
			continue
		}
		i := len(ranked)
		for i > 0 && better(c, ranked[i-1]) {
			i--
		}
		ranked = slices.Insert(ranked, i, c)
		if len(ranked) > k {
			ranked = ranked[:k]
		}
	}
	var hits []Hit
	for _, r := range ranked {
		d := x.docs[r.doc]
		p := &x.Pages[d.page]
		e := &p.Examples[d.ex]
		h := Hit{Page: p, Example: e, Score: r.score}
		for _, id := range d.terms {
			h.Terms = append(h.Terms, x.termOf[id])
		}
		for t, idf := range idfs {
			id, ok := x.termID[t]
			if _, found := slices.BinarySearch(d.terms, id); ok && found {
				h.Matched += idf
			} else {
				h.Missed = append(h.Missed, t)
			}
		}
		if totalIDF > 0 {
			h.Matched /= totalIDF
		}
		slices.Sort(h.Missed)
		hits = append(hits, h)
	}
	return hits
}

func (x *Index) onPlatform(page int32, platform string) bool {
	switch x.Pages[page].Platform {
	case Common:
		return true
	case Linux:
		return platform != OSX
	case OSX:
		return platform == OSX
	}
	return false
}

// IsProgram reports whether a page is about the program name.
func (x *Index) IsProgram(name string) bool {
	for _, pi := range x.names[name] {
		if x.Pages[pi].Name == name {
			return true
		}
	}
	return false
}

// AliasOf is the program an alias page points to ("nc" for netcat, whose one example is `tldr nc`),
// or "" when name has no such page.
func (x *Index) AliasOf(name string) string {
	for _, pi := range x.names[name] {
		p := x.Pages[pi]
		if p.Name != name || len(p.Examples) != 1 {
			continue
		}
		if to, ok := strings.CutPrefix(p.Examples[0].Command, "tldr "); ok && to != name && !strings.ContainsAny(to, " {") {
			return to
		}
	}
	return ""
}

// Subcommands is how many pages are about subcommands of the program name ("git-commit" for git):
// the pages' own measure of how big a program is.
func (x *Index) Subcommands(name string) int {
	n := 0
	for _, pi := range x.names[name] {
		if x.Pages[pi].Name != name {
			n++
		}
	}
	return n
}

// PageOf returns the page about name for platform, preferring the platform's own over the common one.
func (x *Index) PageOf(name, platform string) *Page {
	var found *Page
	for _, pi := range x.names[name] {
		p := &x.Pages[pi]
		if p.Name != name || !x.onPlatform(pi, platform) {
			continue
		}
		if found == nil || p.Platform != Common {
			found = p
		}
	}
	return found
}

// Known reports how often a word occurs in the pages' descriptions and names.
func (x *Index) Known(word string) int { return x.vocab[word] }

// Vocabulary calls f for every word of the pages' descriptions and names with its count.
func (x *Index) Vocabulary(f func(word string, count int)) {
	for w, c := range x.vocab {
		f(w, c)
	}
}

// IDF is how rare a term is among the examples (BM25's inverse document frequency).
func (x *Index) IDF(term string) float64 {
	n, df := float64(len(x.docs)), float64(len(x.post[term]))
	return math.Log(1 + (n-df+0.5)/(df+0.5))
}
