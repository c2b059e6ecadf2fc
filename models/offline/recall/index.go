package recall

import (
	"encoding/binary"
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
)

// index finds the examples most like a request: an inverted index of the examples' unit-length TF-IDF
// vectors over hashed terms. The recall model and the agreement index both stand on one.
type index struct {
	// terms is sorted; idf[i] and the postings postStart[i]:postStart[i+1] belong to terms[i].
	terms     []uint32
	idf       []float32
	postStart []uint32
	postEx    []uint32
	postW     []uint8 // the example's TF-IDF weight of the term, in 255ths
	// examples is how many examples the postings number.
	examples int
}

// newIndex indexes the examples whose term counts are tfs, in their order.
func newIndex(tfs []map[uint32]float64) index {
	x := index{examples: len(tfs)}
	df := map[uint32]float64{}
	for _, tf := range tfs {
		for t := range tf {
			df[t]++
		}
	}
	n := float64(len(tfs))
	x.terms = slices.Sorted(maps.Keys(df))
	x.idf = make([]float32, len(x.terms))
	at := make(map[uint32]int, len(x.terms))
	for i, t := range x.terms {
		x.idf[i] = float32(math.Log((n + 1) / (df[t] + 1)))
		at[t] = i
	}
	type posting struct {
		ex uint32
		w  uint8
	}
	postings := make([][]posting, len(x.terms))
	for e, tf := range tfs {
		for t, w := range weigh(tf, x.idfOf) {
			q := uint8(max(1, math.Round(w*255)))
			postings[at[t]] = append(postings[at[t]], posting{uint32(e), q})
		}
	}
	x.postStart = make([]uint32, 0, len(x.terms)+1)
	for _, ps := range postings {
		x.postStart = append(x.postStart, uint32(len(x.postEx)))
		for _, p := range ps { // examples were visited in order, so each list is sorted
			x.postEx = append(x.postEx, p.ex)
			x.postW = append(x.postW, p.w)
		}
	}
	x.postStart = append(x.postStart, uint32(len(x.postEx)))
	return x
}

// idfOf is the inverse document frequency of term t, ln((n+1)/(df+1)) for n examples. A term no
// example has weighs the most: a request full of words the index never saw is like none of its examples.
func (x *index) idfOf(t uint32) float64 {
	if i, ok := slices.BinarySearch(x.terms, t); ok {
		return float64(x.idf[i])
	}
	return math.Log(float64(x.examples + 1))
}

// similarities returns the cosine similarity of request to every example, with the request's terms
// sorted (so that sums over them are the same every time).
func (x *index) similarities(request string) ([]float32, []uint32) {
	q := weigh(terms(request), x.idfOf)
	sims := make([]float32, x.examples)
	keys := slices.Sorted(maps.Keys(q))
	for _, t := range keys {
		w := q[t]
		i, ok := slices.BinarySearch(x.terms, t)
		if !ok {
			continue
		}
		for p := x.postStart[i]; p < x.postStart[i+1]; p++ {
			sims[x.postEx[p]] += float32(w) * float32(x.postW[p]) / 255
		}
	}
	return sims, keys
}

// nearest returns the examples with the highest positive similarity, at most k of them, most similar
// first; ties go to the earlier example. It keeps a sorted list of the best so far, so most examples
// cost one comparison.
func nearest(sims []float32, k int) []uint32 {
	near := make([]uint32, 0, k+1)
	for e, s := range sims {
		if s <= 0 || len(near) == k && s <= sims[near[k-1]] {
			continue
		}
		i, _ := slices.BinarySearchFunc(near, s, func(n uint32, s float32) int {
			if sims[n] >= s { // equal ones stay ahead: they came first
				return -1
			}
			return 1
		})
		near = slices.Insert(near, i, uint32(e))
		if len(near) > k {
			near = near[:k]
		}
	}
	return near
}

// append writes the index's terms and postings: term hashes and example ids as deltas, weights in one
// byte. The number of examples is the owner's to write.
func (x *index) append(b []byte) []byte {
	b = binary.AppendUvarint(b, uint64(len(x.terms)))
	b = binary.AppendUvarint(b, uint64(len(x.postEx))) // so that readIndex allocates once
	prev := uint32(0)
	for i, t := range x.terms {
		b = binary.AppendUvarint(b, uint64(t-prev))
		prev = t
		b = binary.LittleEndian.AppendUint32(b, math.Float32bits(x.idf[i]))
		from, to := x.postStart[i], x.postStart[i+1]
		b = binary.AppendUvarint(b, uint64(to-from))
		last := uint32(0)
		for p := from; p < to; p++ {
			b = binary.AppendUvarint(b, uint64(x.postEx[p]-last))
			last = x.postEx[p]
			b = append(b, x.postW[p])
		}
	}
	return b
}

// readIndex reads what append wrote; the caller sets examples and checks the index.
func readIndex(r *reader) index {
	var x index
	nTerms, nPost := r.count(len(r.b)), r.count(len(r.b))
	x.terms, x.idf = make([]uint32, 0, nTerms), make([]float32, 0, nTerms)
	x.postStart = make([]uint32, 0, nTerms+1)
	x.postEx, x.postW = make([]uint32, 0, nPost), make([]uint8, 0, nPost)
	prev := uint32(0)
	for range nTerms {
		prev += uint32(r.uvarint())
		x.terms = append(x.terms, prev)
		x.idf = append(x.idf, math.Float32frombits(r.uint32()))
		x.postStart = append(x.postStart, uint32(len(x.postEx)))
		n, last := r.count(len(r.b)), uint32(0)
		for range n {
			last += uint32(r.uvarint())
			x.postEx = append(x.postEx, last)
			x.postW = append(x.postW, r.byte())
		}
	}
	x.postStart = append(x.postStart, uint32(len(x.postEx)))
	return x
}

// check verifies what similarities relies on: sorted terms and example ids in range.
func (x *index) check() error {
	if !slices.IsSorted(x.terms) {
		return errors.New("terms out of order")
	}
	for _, e := range x.postEx {
		if int(e) >= x.examples {
			return fmt.Errorf("posting for example %d of %d", e, x.examples)
		}
	}
	return nil
}

// diff reports the first way o differs from x beyond floating-point rounding, or nil. Builds on
// different CPUs may round a TF-IDF weight differently (arm64 fuses multiply-adds, amd64 does not), so a
// weight may be one 255th apart and an idf a few ulps; everything else must be equal.
func (x *index) diff(o *index) error {
	switch {
	case x.examples != o.examples:
		return fmt.Errorf("%d examples, other %d", x.examples, o.examples)
	case !slices.Equal(x.terms, o.terms):
		return errors.New("the terms differ")
	case !slices.Equal(x.postStart, o.postStart) || !slices.Equal(x.postEx, o.postEx):
		return errors.New("the postings differ")
	}
	for i := range x.idf {
		if math.Abs(float64(x.idf[i]-o.idf[i])) > 1e-5*math.Abs(float64(x.idf[i])) {
			return fmt.Errorf("idf of term %d: %g, other %g", i, x.idf[i], o.idf[i])
		}
	}
	for i := range x.postW {
		if d := int(x.postW[i]) - int(o.postW[i]); d < -1 || d > 1 {
			return fmt.Errorf("weight of posting %d: %d/255, other %d/255", i, x.postW[i], o.postW[i])
		}
	}
	return nil
}
