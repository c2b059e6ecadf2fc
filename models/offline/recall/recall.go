// Package recall is the offline engine's learned half: it answers a request with the command shapes
// that the most similar requests of a public NL-to-bash corpus were answered with. It is a
// nearest-neighbour model over hashed TF-IDF word features whose answers are templates, commands with
// every argument opened as a hole, so that it stores neither the corpus's requests nor its arguments.
// The neighbours vote for their templates' shapes, each vote weighed by how likely a presence model,
// a regression per utility and flag over the request's words, finds the shape's utilities and flags.
// Among the most voted shapes it picks the one with the best expected NLC2CMD score against all of
// them (minimum Bayes risk), then a few more, each for what the ones before it miss.
package recall

import (
	"cmp"
	"math"
	"slices"

	"github.com/cmdai/cmdai/models/offline/shape"
)

// Params are the model's settings, chosen on the NL2Bash dev split.
type Params struct {
	// Neighbours is how many of the most similar examples vote.
	Neighbours int
	// Power sharpens the votes: an example votes with similarity^Power.
	Power float64
	// Scale and Base map a template's best similarity s to a confidence, Scale·s + Base clamped to
	// [0, 1].
	Scale, Base float64
	// ExpectScale and ExpectBase map a template's expected score x to a second confidence,
	// ExpectScale·x + ExpectBase clamped to [0, 1]; a candidate is as sure as the lower of the two.
	ExpectScale, ExpectBase float64
	// Presence weighs each neighbour's vote for a shape by how likely the shape's utilities are given
	// the request's words, exp(Presence · the sum of their log-odds), and PresenceFlags by how likely
	// their flags are, exp(PresenceFlags · their log-likelihood); 0 and 0 build no presence model.
	Presence, PresenceFlags float64
	// PresencePrior is the share of a utility's log-odds before any word that its presence weight
	// keeps: 1 weighs rare utilities down by all their rarity, 0 by none of it.
	PresencePrior float64
	// PresenceEpochs, PresenceRate and PresenceL2 train the presence model; weights smaller than
	// PresencePrune are dropped.
	PresenceEpochs                          int
	PresenceRate, PresenceL2, PresencePrune float64
}

// DefaultParams are the settings the shipped model is built with, chosen on NL2Bash dev with a model
// trained on train alone. The similarity's confidence rises from 0 at similarity 0.16 to 1 at 0.26: for
// the tenth of dev requests least like any train request (similarity below 0.23) the best of five
// recalled shapes scores −0.21 on average, from 0.31 up +0.29 and more, and above 0.9, +0.77; NLC2CMD
// weighs a candidate's slots by its confidence and the best of five counts, so a steep rise scores
// best for five (top-5 0.448 with a rise to 0.36, 0.469 to 0.26, 0.473 to 0.23) and costs the single
// answer little (top-1 at δ = confidence 0.199, 0.194, 0.192). The expected score is
// calibrated (shapes expected to score x scored x ± 0.1 on average), so the expectation's confidence is
// 1 down to x = −0.25, where a shape still often scores above 0, and 0 from x = −0.75, where it nearly
// never does. Presence weights (see presence) took top-1 at δ = 1 from 0.143 to 0.191 on dev; with
// them, 80 neighbours score a little better than 40 (0.187).
var DefaultParams = Params{Neighbours: 80, Power: 4, Scale: 10, Base: -1.6, ExpectScale: 2, ExpectBase: 1.5,
	Presence: 1, PresenceFlags: 0.3, PresencePrior: 0.7, PresenceEpochs: 10, PresenceRate: 0.3, PresenceL2: 1e-4, PresencePrune: 0.1}

// Model is a trained recall model. It is immutable and safe for concurrent use.
type Model struct {
	params Params
	index
	// exStart[e]:exStart[e+1] indexes exTpl, the templates of example e.
	exStart []uint32
	exTpl   []uint32
	tpls    []Template
	shapes  [][]shape.Utility
	// shapeOf[t] numbers template t's shape: templates of one shape vote together.
	shapeOf []uint32
	// presence weighs the votes by what single words ask for; nil when the model was built without it.
	presence *presence
}

// Candidate is one template the model recalls for a request.
type Candidate struct {
	Template Template
	// Similarity is the cosine similarity of the request to the closest example answered with this
	// template, in [0, 1].
	Similarity float64
	// Expected is the template's expected NLC2CMD score (δ = 1) against the neighbours' templates,
	// weighted by their votes, in [-1, 1].
	Expected float64
	// Confidence is the lower of Scale·Similarity + Base and ExpectScale·Expected + ExpectBase, clamped
	// to [0, 1].
	Confidence float64
}

// indexShapes numbers the templates' shapes.
func (m *Model) indexShapes() {
	ids := map[string]uint32{}
	m.shapeOf = make([]uint32, len(m.shapes))
	var key []byte
	for i, sh := range m.shapes {
		key = key[:0]
		for _, u := range sh {
			key = append(key, u.Name...)
			for _, f := range u.Flags {
				key = append(append(key, ' '), f...)
			}
			key = append(key, '|')
		}
		id, ok := ids[string(key)] // no allocation for the lookup
		if !ok {
			id = uint32(len(ids))
			ids[string(key)] = id
		}
		m.shapeOf[i] = id
	}
}

// Size is the number of examples and templates in the model.
func (m *Model) Size() (examples, templates int) { return len(m.exStart) - 1, len(m.tpls) }

// Recall returns up to k templates for request, best first. It returns nothing when no word of the
// request is known to the model.
func (m *Model) Recall(request string, k int) []Candidate {
	if k <= 0 || m == nil {
		return nil
	}
	sims, keys := m.similarities(request)
	near := nearest(sims, m.params.Neighbours)
	weigh := m.presenceWeights(keys)
	// Each neighbour votes for its templates with similarity^Power, split between them. Templates of
	// one shape pool their votes; the shape is written as its most voted template.
	tplVotes := map[uint32]float64{}
	votes := map[uint32]float64{} // by shape's first template in pool order
	best := map[uint32]float64{}
	byShape := map[uint32]uint32{}
	var pool []uint32
	for _, e := range near {
		s := float64(sims[e])
		tpls := m.exTpl[m.exStart[e]:m.exStart[e+1]]
		for _, t := range tpls {
			v := math.Pow(s, m.params.Power) / float64(len(tpls)) * weigh(t)
			tplVotes[t] += v
			rep, ok := byShape[m.shapeOf[t]]
			if !ok {
				rep = t
				byShape[m.shapeOf[t]] = t
				pool = append(pool, t)
			}
			votes[rep] += v
			best[rep] = max(best[rep], s)
		}
	}
	if len(pool) > maxPool {
		slices.SortStableFunc(pool, func(a, b uint32) int { return cmp.Compare(votes[b], votes[a]) })
		pool = pool[:maxPool]
	}
	picked, expected := m.pick(pool, votes, k)
	// Write each picked shape as its most voted template; ties go to the lower template id.
	written := map[uint32]uint32{}
	for t, v := range tplVotes {
		rep := byShape[m.shapeOf[t]]
		w, ok := written[rep]
		if !ok || v > tplVotes[w] || v == tplVotes[w] && t < w {
			written[rep] = t
		}
	}
	out := make([]Candidate, len(picked))
	for i, t := range picked {
		s := min(best[t], 1)
		conf := min(m.params.Scale*s+m.params.Base, m.params.ExpectScale*expected[i]+m.params.ExpectBase)
		out[i] = Candidate{Template: m.tpls[written[t]], Similarity: s, Expected: expected[i], Confidence: max(0, min(1, conf))}
	}
	return out
}

// maxPool is how many of the most voted shapes the pick weighs. It costs the square of their number;
// on NL2Bash dev, the picks from the best 32 and from all (up to 200) score the same to three decimals.
const maxPool = 32

// presenceWeights returns what a neighbour's vote for template t is multiplied by for the request whose
// terms are keys (sorted): the presence model's likelihood of t's shape, computed once per shape.
func (m *Model) presenceWeights(keys []uint32) func(t uint32) float64 {
	pr := m.presence
	if pr == nil || m.params.Presence == 0 && m.params.PresenceFlags == 0 {
		return func(uint32) float64 { return 1 }
	}
	z := pr.logits(keys)
	seen := map[uint32]float64{}
	return func(t uint32) float64 {
		sh := m.shapeOf[t]
		w, ok := seen[sh]
		if !ok {
			w = math.Exp(pr.likelihood(z, m.shapes[t], m.params.Presence, m.params.PresenceFlags, m.params.PresencePrior))
			seen[sh] = w
		}
		return w
	}
}

// pick chooses up to k templates from pool and returns them with their expected scores (the
// votes-weighted NLC2CMD score against every template in the pool). The first is the pool's
// minimum-Bayes-risk answer, the template with the best expected score, as a single answer is scored;
// each next one adds the most to the expected best-of-k score, where only positive scores count, over
// the ones already chosen. Ties go to the earlier template.
func (m *Model) pick(pool []uint32, votes map[uint32]float64, k int) ([]uint32, []float64) {
	n := len(pool)
	total := 0.0
	for _, t := range pool {
		total += votes[t]
	}
	score := make([][]float64, n) // score[a][b]: template a's score against template b
	for a := range pool {
		score[a] = make([]float64, n)
		for b := range pool {
			score[a][b] = shape.Score(m.shapes[pool[a]], m.shapes[pool[b]], 1)
		}
	}
	// covered[b] is the best score of the chosen templates against template b; only positive scores
	// count, as in NLC2CMD's best-of-k.
	covered := make([]float64, n)
	chosen := make([]bool, n)
	var out []uint32
	var expected []float64
	for len(out) < min(k, n) {
		bestA, bestGain := -1, math.Inf(-1)
		for a := range pool {
			if chosen[a] {
				continue
			}
			gain := 0.0
			for b := range pool {
				if len(out) == 0 {
					gain += votes[pool[b]] * score[a][b] // a single answer's misses cost what they score
				} else if d := score[a][b] - covered[b]; d > 0 {
					gain += votes[pool[b]] * d
				}
			}
			if gain > bestGain {
				bestA, bestGain = a, gain
			}
		}
		chosen[bestA] = true
		out = append(out, pool[bestA])
		x := 0.0
		for b := range pool {
			x += votes[pool[b]] * score[bestA][b]
		}
		expected = append(expected, x/total)
		for b := range pool {
			covered[b] = max(covered[b], score[bestA][b])
		}
	}
	return out, expected
}
