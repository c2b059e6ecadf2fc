// Package nlc2cmd implements the NLC2CMD accuracy metric (NeurIPS 2020 competition; IBM/clai
// utils/metric/metric_utils.py) for scoring predicted shell commands against reference commands.
//
// A command is reduced to its shape (package models/offline/shape): its utilities in pre-order, each with
// a set of flags. A prediction scores by slot: the right utility earns up to its confidence δ depending on
// how well the flags agree, a wrong, missing or extra one costs δ. Reference (used for all reported
// scores) reads commands as the reference parser does, with its limits and quirks; Lenient scores any
// parseable command. See shared/data/NLC2CMD-METRIC.md for the specification and its test vectors.
package nlc2cmd

import (
	"math"

	"github.com/cmdai/cmdai/models/offline/shape"
)

// MaxPredictions is how many predictions of one invocation the official harness scores.
const MaxPredictions = 5

// Prediction is one candidate command and the predictor's confidence δ in it.
type Prediction struct {
	Command    string
	Confidence float64
}

// Metric scores predictions against references, reading commands in its Shapes mode.
type Metric struct {
	Shapes shape.Mode
}

var (
	// Reference is the competition's metric: commands read as its reference parser reads them.
	Reference = Metric{shape.Reference}
	// Lenient scores every command mvdan.cc/sh can parse; its scores are not comparable with published
	// NLC2CMD numbers.
	Lenient = Metric{shape.Lenient}
)

// String names the metric's mode as reports show it.
func (m Metric) String() string { return m.Shapes.String() }

// Score is S(pred, ref) of the Reference metric.
func Score(pred, ref string, confidence float64) float64 {
	return Reference.Score(pred, ref, confidence)
}

// Invocation is the score of one invocation by the Reference metric.
func Invocation(refs []string, preds []Prediction) float64 { return Reference.Invocation(refs, preds) }

// Score is S(pred, ref): the mean slot score, in [-1, 1]. A command that yields no utilities (empty,
// unparseable, or rejected by the mode) is scored as an empty sequence, so two such commands score 0.
func (m Metric) Score(pred, ref string, confidence float64) float64 {
	p, _ := m.Shapes.Utilities(pred)
	r, _ := m.Shapes.Utilities(ref)
	return shape.Score(p, r, confidence)
}

// Invocation scores one invocation: S for every (reference, prediction) pair, skipping empty commands and
// predictions after the first MaxPredictions; the max if any is > 0, else their mean, and -1 if no pair
// was scored.
func (m Metric) Invocation(refs []string, preds []Prediction) float64 {
	if len(preds) > MaxPredictions {
		preds = preds[:MaxPredictions]
	}
	var scores []float64
	for _, ref := range refs {
		if isBlank(ref) {
			continue
		}
		r, _ := m.Shapes.Utilities(ref)
		for _, p := range preds {
			if isBlank(p.Command) {
				continue
			}
			u, _ := m.Shapes.Utilities(p.Command)
			scores = append(scores, shape.Score(u, r, p.Confidence))
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

func isBlank(s string) bool {
	for _, r := range s {
		if r != ' ' && r != '\t' && r != '\n' && r != '\r' {
			return false
		}
	}
	return true
}
