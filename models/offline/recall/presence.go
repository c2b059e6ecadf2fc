package recall

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/cmdai/cmdai/models/offline/shape"
)

// presence says how likely a request's command is to run each utility the corpus knows, and, given the
// utility, each of its common flags: one logistic regression per label over the request's terms. The
// neighbours' votes carry what the requests most like this one were answered with, whole; presence
// carries what single words ask for across every example ("remove" runs rm, "count" wc, "case
// insensitive" adds -i), so that among the neighbours' shapes the ones that run what the words ask for
// gain. NL2Bash's test requests are answered by shapes that no train request was, so whole-example
// votes alone often pick a shape that lacks the step a word asks for.
type presence struct {
	// labels are sorted: a utility's name, or "name:flag" for one of its flags.
	labels []string
	bias   []float32
	// terms are sorted; the weights of terms[i] are entries start[i]:start[i+1].
	terms  []uint32
	start  []uint32
	label  []uint16
	weight []int8
	// scale turns a stored weight into a logit's share.
	scale float32
	// utility maps a utility's name to its label; flagsOf lists the labels of a utility's flags.
	utility map[string]int
	flagsOf map[string][]flagLabel
}

type flagLabel struct {
	flag  string
	label int
}

// minLabelExamples is how many examples a label needs for a regression of its own.
const minLabelExamples = 3

// presenceLabels are the labels an example answered by shapes teaches: each utility's name and each of
// its flags.
func (m *Model) presenceLabels(e int) []string {
	var out []string
	for _, t := range m.exTpl[m.exStart[e]:m.exStart[e+1]] {
		for _, u := range m.shapes[t] {
			if !slices.Contains(out, u.Name) {
				out = append(out, u.Name)
			}
			for _, f := range u.Flags {
				if l := u.Name + ":" + f; !slices.Contains(out, l) {
					out = append(out, l)
				}
			}
		}
	}
	return out
}

// trainPresence fits the regressions by stochastic gradient descent on the examples' term sets, in
// order, with a learning rate that falls by epoch, so that one corpus always gives the same model.
// Weights smaller than p.PresencePrune are dropped and the rest kept in 8 bits.
func trainPresence(reqs []map[uint32]float64, labelsOf func(int) []string, p Params) *presence {
	count := map[string]int{}
	exLabels := make([][]string, len(reqs))
	for e := range reqs {
		exLabels[e] = labelsOf(e)
		for _, l := range exLabels[e] {
			count[l]++
		}
	}
	pr := &presence{}
	for l, c := range count {
		if c >= minLabelExamples {
			pr.labels = append(pr.labels, l)
		}
	}
	slices.Sort(pr.labels)
	if len(pr.labels) > math.MaxUint16 {
		pr.labels = pr.labels[:math.MaxUint16]
	}
	labelIdx := make(map[string]int, len(pr.labels))
	for i, l := range pr.labels {
		labelIdx[l] = i
	}
	termIdx := map[uint32]int{}
	for _, r := range reqs {
		for t := range r {
			termIdx[t] = 0
		}
	}
	for t := range termIdx {
		pr.terms = append(pr.terms, t)
	}
	slices.Sort(pr.terms)
	for i, t := range pr.terms {
		termIdx[t] = i
	}
	nl := len(pr.labels)
	w := make([]float64, len(pr.terms)*nl)
	b := make([]float64, nl)
	for i, l := range pr.labels { // each regression starts at its label's share of the examples
		q := float64(count[l]) / float64(len(reqs))
		b[i] = math.Log(q / (1 - q))
	}
	feats := make([][]int, len(reqs))
	ys := make([][]int, len(reqs))
	for e, r := range reqs {
		for t := range r {
			feats[e] = append(feats[e], termIdx[t])
		}
		slices.Sort(feats[e])
		for _, l := range exLabels[e] {
			if i, ok := labelIdx[l]; ok {
				ys[e] = append(ys[e], i)
			}
		}
	}
	g := make([]float64, nl)
	for epoch := range p.PresenceEpochs {
		rate := p.PresenceRate / float64(1+epoch)
		for e := range reqs {
			copy(g, b)
			for _, f := range feats[e] {
				for l, x := range w[f*nl : (f+1)*nl] {
					g[l] += x
				}
			}
			for l := range g {
				g[l] = 1 / (1 + math.Exp(-g[l])) // the predicted probability; minus the label below
			}
			for _, l := range ys[e] {
				g[l]--
			}
			for l := range g {
				b[l] -= float64(rate * g[l]) // conversions keep every CPU from fusing the multiply-add
			}
			for _, f := range feats[e] {
				row := w[f*nl : (f+1)*nl]
				for l := range row {
					row[l] -= float64(rate * float64(g[l]+float64(p.PresenceL2*row[l])))
				}
			}
		}
	}
	pr.bias = make([]float32, nl)
	for i := range b {
		pr.bias[i] = float32(b[i])
	}
	biggest := 0.0
	for _, x := range w {
		biggest = max(biggest, math.Abs(x))
	}
	pr.scale = float32(max(biggest, 1e-9) / 127)
	pr.start = make([]uint32, 0, len(pr.terms)+1)
	for f := range pr.terms {
		pr.start = append(pr.start, uint32(len(pr.label)))
		for l, x := range w[f*nl : (f+1)*nl] {
			if math.Abs(x) < p.PresencePrune {
				continue
			}
			if q := int8(math.Round(x / float64(pr.scale))); q != 0 {
				pr.label = append(pr.label, uint16(l))
				pr.weight = append(pr.weight, q)
			}
		}
	}
	pr.start = append(pr.start, uint32(len(pr.label)))
	pr.index()
	return pr
}

// index fills the lookups from labels.
func (pr *presence) index() {
	pr.utility = map[string]int{}
	pr.flagsOf = map[string][]flagLabel{}
	for i, l := range pr.labels {
		if u, f, ok := strings.Cut(l, ":"); ok {
			pr.flagsOf[u] = append(pr.flagsOf[u], flagLabel{f, i})
		} else {
			pr.utility[l] = i
		}
	}
}

// logits returns each label's log-odds for a request's terms, summed in the terms' order so that a
// request always gets the same figures.
func (pr *presence) logits(terms []uint32) []float64 {
	z := make([]float64, len(pr.labels))
	for i, b := range pr.bias {
		z[i] = float64(b)
	}
	for _, t := range terms {
		i, ok := slices.BinarySearch(pr.terms, t)
		if !ok {
			continue
		}
		for j := pr.start[i]; j < pr.start[i+1]; j++ {
			z[pr.label[j]] += float64(pr.weight[j]) * float64(pr.scale)
		}
	}
	return z
}

// sureness bounds the probabilities presence weighs with, so that no word rules a shape in or out alone;
// maxLogOdds is the same bound on log-odds.
const (
	sureness   = 0.99
	maxLogOdds = 4.6
)

// likelihood is the log-likelihood presence gives a shape's utilities (uw: the sum of their log-odds,
// where only the share prior of each utility's log-odds before any word counts, since the neighbours'
// votes already say how common a utility is) and their flags (fw: the log-probability of each known flag
// of each utility being there or not, given the utility), weighted and summed. Utilities presence does
// not know weigh nothing.
func (pr *presence) likelihood(z []float64, sh []shape.Utility, uw, fw, prior float64) float64 {
	clamp := func(p float64) float64 { return min(max(p, 1-sureness), sureness) }
	x := 0.0
	for i, u := range sh {
		if slices.ContainsFunc(sh[:i], func(o shape.Utility) bool { return o.Name == u.Name }) {
			continue
		}
		l, ok := pr.utility[u.Name]
		if !ok {
			continue
		}
		pu := clamp(sigmoid(z[l]))
		x += uw * min(max(z[l]-(1-prior)*float64(pr.bias[l]), -maxLogOdds), maxLogOdds)
		if fw == 0 {
			continue
		}
		for _, f := range pr.flagsOf[u.Name] {
			pf := clamp(sigmoid(z[f.label]) / pu)
			if slices.Contains(u.Flags, f.flag) {
				x += fw * math.Log(pf)
			} else {
				x += fw * math.Log(1-pf)
			}
		}
	}
	return min(max(x, -maxLikelihood), maxLikelihood)
}

// maxLikelihood bounds a shape's log-likelihood, so that a vote stays a finite number.
const maxLikelihood = 50

func sigmoid(x float64) float64 { return 1 / (1 + math.Exp(-x)) }

// encode appends the presence model to b; a nil model is written as no labels.
func (pr *presence) encode(b []byte) []byte {
	if pr == nil {
		return binary.AppendUvarint(b, 0)
	}
	b = binary.AppendUvarint(b, uint64(len(pr.labels)))
	for i, l := range pr.labels {
		b = appendString(b, l)
		b = binary.LittleEndian.AppendUint32(b, math.Float32bits(pr.bias[i]))
	}
	b = binary.LittleEndian.AppendUint32(b, math.Float32bits(pr.scale))
	b = binary.AppendUvarint(b, uint64(len(pr.terms)))
	b = binary.AppendUvarint(b, uint64(len(pr.label)))
	prev := uint32(0)
	for i, t := range pr.terms {
		b = binary.AppendUvarint(b, uint64(t-prev))
		prev = t
		b = binary.AppendUvarint(b, uint64(pr.start[i+1]-pr.start[i]))
		last := uint16(0)
		for j := pr.start[i]; j < pr.start[i+1]; j++ {
			b = binary.AppendUvarint(b, uint64(pr.label[j]-last)) // labels rise within a term
			last = pr.label[j]
			b = append(b, byte(pr.weight[j]))
		}
	}
	return b
}

// decodePresence reads what encode wrote; no labels is no model.
func decodePresence(r *reader) *presence {
	n := r.count(math.MaxUint16)
	if n == 0 || r.err != nil {
		return nil
	}
	pr := &presence{labels: make([]string, n), bias: make([]float32, n)}
	for i := range n {
		pr.labels[i] = r.string()
		pr.bias[i] = math.Float32frombits(r.uint32())
	}
	pr.scale = math.Float32frombits(r.uint32())
	nTerms, nEntries := r.count(len(r.b)), r.count(len(r.b))
	pr.terms = make([]uint32, 0, nTerms)
	pr.start = make([]uint32, 0, nTerms+1)
	pr.label, pr.weight = make([]uint16, 0, nEntries), make([]int8, 0, nEntries)
	prev := uint32(0)
	for range nTerms {
		prev += uint32(r.uvarint())
		pr.terms = append(pr.terms, prev)
		pr.start = append(pr.start, uint32(len(pr.label)))
		last := 0
		for range r.count(len(r.b)) {
			last += r.count(n - 1 - last)
			pr.label = append(pr.label, uint16(last))
			pr.weight = append(pr.weight, int8(r.byte()))
		}
	}
	pr.start = append(pr.start, uint32(len(pr.label)))
	if r.err == nil {
		r.err = pr.check()
	}
	pr.index()
	return pr
}

// maxPresenceWeight bounds a stored bias or weight: larger ones are damage, not learning.
const maxPresenceWeight = 100

// check verifies what logits relies on.
func (pr *presence) check() error {
	switch {
	case !slices.IsSorted(pr.labels):
		return errors.New("presence labels out of order")
	case !slices.IsSorted(pr.terms):
		return errors.New("presence terms out of order")
	case !(pr.scale >= 0 && pr.scale <= maxPresenceWeight/127.0):
		return fmt.Errorf("presence scale %g out of range", pr.scale)
	}
	for i, b := range pr.bias {
		if !(b >= -maxPresenceWeight && b <= maxPresenceWeight) {
			return fmt.Errorf("presence bias of %s is %g", pr.labels[i], b)
		}
	}
	return nil
}

// diff reports how o's presence differs from pr's beyond what different CPUs' rounding explains: a
// weight may move by a few steps, or cross the pruning threshold.
func (pr *presence) diff(o *presence, prune float64) error {
	if pr == nil || o == nil {
		if pr != o {
			return errors.New("one model has presence, the other not")
		}
		return nil
	}
	if !slices.Equal(pr.labels, o.labels) || !slices.Equal(pr.terms, o.terms) {
		return errors.New("the presence labels or terms differ")
	}
	tol := prune + 3*float64(max(pr.scale, o.scale))
	for i := range pr.bias {
		if math.Abs(float64(pr.bias[i]-o.bias[i])) > tol {
			return fmt.Errorf("presence bias of %s: %g, other %g", pr.labels[i], pr.bias[i], o.bias[i])
		}
	}
	for i := range pr.terms {
		a, b := pr.row(i), o.row(i)
		for l := range a {
			if math.Abs(a[l]-b[l]) > tol {
				return fmt.Errorf("presence weight of term %d for %s: %g, other %g", i, pr.labels[l], a[l], b[l])
			}
		}
		for l := range b {
			if _, ok := a[l]; !ok && math.Abs(b[l]) > tol {
				return fmt.Errorf("presence weight of term %d for %s: 0, other %g", i, pr.labels[l], b[l])
			}
		}
	}
	return nil
}

// row is term i's weights by label.
func (pr *presence) row(i int) map[int]float64 {
	out := map[int]float64{}
	for j := pr.start[i]; j < pr.start[i+1]; j++ {
		out[int(pr.label[j])] = float64(pr.weight[j]) * float64(pr.scale)
	}
	return out
}
