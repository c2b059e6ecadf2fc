// Package nlc2cmd implements the NLC2CMD accuracy metric (NeurIPS 2020 competition; IBM/clai
// utils/metric/metric_utils.py) for scoring predicted shell commands against reference commands.
//
// A command is reduced to its utilities in pre-order, each with a set of flags; a prediction scores by slot:
// the right utility earns up to its confidence δ depending on how well the flags agree, a wrong, missing or
// extra one costs δ. Reference mode (the default, used for all reported scores) mimics the reference
// parser's limits and quirks; Lenient mode scores any parseable command. See
// shared/data/NLC2CMD-METRIC.md for the specification and its test vectors.
package nlc2cmd

import "math"

// MaxPredictions is how many predictions of one invocation the official harness scores.
const MaxPredictions = 5

// Prediction is one candidate command and the predictor's confidence δ in it.
type Prediction struct {
	Command    string
	Confidence float64
}

// Score is S(pred, ref) in Reference mode.
func Score(pred, ref string, confidence float64) float64 {
	return Reference.Score(pred, ref, confidence)
}

// Invocation is the score of one invocation in Reference mode.
func Invocation(refs []string, preds []Prediction) float64 { return Reference.Invocation(refs, preds) }

// Score is S(pred, ref): the mean slot score, in [-1, 1]. A command that yields no utilities (empty,
// unparseable, or rejected by the mode) is scored as an empty sequence, so two such commands score 0.
func (m Mode) Score(pred, ref string, confidence float64) float64 {
	p, _ := m.Utilities(pred)
	r, _ := m.Utilities(ref)
	return ScoreUtilities(p, r, confidence)
}

// Invocation scores one invocation: S for every (reference, prediction) pair, skipping empty commands and
// predictions after the first MaxPredictions; the max if any is > 0, else their mean, and -1 if no pair
// was scored.
func (m Mode) Invocation(refs []string, preds []Prediction) float64 {
	if len(preds) > MaxPredictions {
		preds = preds[:MaxPredictions]
	}
	var scores []float64
	for _, ref := range refs {
		if isBlank(ref) {
			continue
		}
		r, _ := m.Utilities(ref)
		for _, p := range preds {
			if isBlank(p.Command) {
				continue
			}
			u, _ := m.Utilities(p.Command)
			scores = append(scores, ScoreUtilities(u, r, p.Confidence))
		}
	}
	return Combine(scores)
}

// Combine folds the pair scores of one invocation: the max if any is > 0, else the mean, -1 if there are none.
func Combine(scores []float64) float64 {
	if len(scores) == 0 {
		return -1
	}
	best, sum := math.Inf(-1), 0.0
	for _, s := range scores {
		best = math.Max(best, s)
		sum += s
	}
	if best > 0 {
		return best
	}
	return sum / float64(len(scores))
}

// ScoreUtilities is S for utilities already extracted: the mean of SlotScores, or 0 when both are empty.
func ScoreUtilities(pred, ref []Utility, confidence float64) float64 {
	slots := SlotScores(pred, ref, confidence)
	if len(slots) == 0 {
		return 0
	}
	sum := 0.0
	for _, s := range slots {
		sum += s
	}
	return sum / float64(len(slots))
}

// SlotScores pairs pred and ref by position, padding the shorter, and scores each slot:
// δ·(u·(1+f)/2 − (1−u)) where u is 1 for equal utility names and f is FlagScore. confidence is clamped to
// [0, 1]; NaN counts as 1, as the reference does for a missing confidence.
func SlotScores(pred, ref []Utility, confidence float64) []float64 {
	delta := confidence
	switch {
	case math.IsNaN(delta):
		delta = 1
	case delta < 0:
		delta = 0
	case delta > 1:
		delta = 1
	}
	slots := make([]float64, max(len(pred), len(ref)))
	for i := range slots {
		if i >= len(pred) || i >= len(ref) || pred[i].Name != ref[i].Name {
			slots[i] = -delta
			continue
		}
		slots[i] = delta * (1 + FlagScore(pred[i].Flags, ref[i].Flags)) / 2
	}
	return slots
}

// FlagScore compares two flag sets: 1 if both are empty, else (2|A∩B| − |A∪B|) / max(1, |A|, |B|), in
// [-2, 1]. Repeats in either list are ignored.
func FlagScore(a, b []string) float64 {
	as, bs := map[string]bool{}, map[string]bool{}
	for _, f := range a {
		as[f] = true
	}
	for _, f := range b {
		bs[f] = true
	}
	if len(as) == 0 && len(bs) == 0 {
		return 1
	}
	inter := 0
	for f := range as {
		if bs[f] {
			inter++
		}
	}
	union := len(as) + len(bs) - inter
	return float64(2*inter-union) / float64(max(1, len(as), len(bs)))
}

func isBlank(s string) bool {
	for _, r := range s {
		if r != ' ' && r != '\t' && r != '\n' && r != '\r' {
			return false
		}
	}
	return true
}
