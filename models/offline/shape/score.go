package shape

import "math"

// Score is the NLC2CMD score of a predicted shape against a reference one: the mean of SlotScores, in
// [-1, 1], or 0 when both are empty.
func Score(pred, ref []Utility, confidence float64) float64 {
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
