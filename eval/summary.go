package eval

import (
	"cmp"
	"slices"
	"time"
)

// TopUtilities is how many reference first-utilities the breakdown lists.
const TopUtilities = 25

// Summary condenses a suite's outcomes. Shares are in [0, 1].
type Summary struct {
	Set         string `json:"set"`
	Split       string `json:"split"`
	Invocations int    `json:"invocations"`
	Pairs       int    `json:"pairs"`
	// Score is the NLC2CMD score with δ = the backend's confidence, ScoreAt1 with δ = 1, Lenient with δ = 1
	// and lenient parsing (NLC2CMD-style).
	Score    float64 `json:"score"`
	ScoreAt1 float64 `json:"score_at_1"`
	Lenient  float64 `json:"lenient_score_at_1"`
	// Top5 is the competition protocol's score: up to five candidates, each with δ = its confidence.
	Top5 float64 `json:"top5"`
	// Positive is the share of invocations scoring > 0 at δ = 1, UtilityMatch the share whose utility names
	// equal a reference's, FullMatch the share scoring 1 at δ = 1.
	Positive     float64 `json:"positive"`
	UtilityMatch float64 `json:"utility_match"`
	FullMatch    float64 `json:"full_match"`
	// Coverage is the share answered at or above the threshold; AnsweredScoreAt1 is their mean score at δ = 1.
	Coverage         float64 `json:"coverage"`
	Answered         int     `json:"answered"`
	AnsweredScoreAt1 float64 `json:"answered_score_at_1"`
	// RefScorable is the share of invocations with a reference that the reference parser accepts.
	RefScorable float64 `json:"ref_scorable"`
	// HeldOut is the NLC2CMD-style score a person sees: answers score their lenient δ=1 score, abstentions
	// 0. Wrong is the share of requests answered with a score ≤ 0; WrongOfAnswers the share of answers.
	HeldOut        float64       `json:"nlc2cmd_abstain_zero"`
	Wrong          float64       `json:"wrong"`
	WrongOfAnswers float64       `json:"wrong_of_answers"`
	MeanMS         float64       `json:"mean_ms"`
	MedianMS       float64       `json:"median_ms"`
	Utilities      []UtilityStat `json:"utilities"`
}

// UtilityStat is how the backend did on invocations whose reference starts with one utility.
type UtilityStat struct {
	Name     string  `json:"name"`
	Count    int     `json:"count"`
	Score    float64 `json:"score"`
	ScoreAt1 float64 `json:"score_at_1"`
	Top5     float64 `json:"top5"`
	Positive float64 `json:"positive"`
}

// Summarize computes a suite's summary from its outcomes.
func Summarize(s Suite, out []Outcome) Summary {
	sum := Summary{Set: s.Set, Split: s.Split, Invocations: len(out), Pairs: s.Pairs()}
	if len(out) == 0 {
		return sum
	}
	n := float64(len(out))
	elapsed := make([]time.Duration, len(out))
	var answeredAt1 float64
	var total time.Duration
	for i, o := range out {
		sum.Score += o.Score / n
		sum.ScoreAt1 += o.ScoreAt1 / n
		sum.Lenient += o.Lenient / n
		sum.Top5 += o.Top5 / n
		sum.Positive += share(o.ScoreAt1 > 0, n)
		sum.UtilityMatch += share(o.UtilityMatch, n)
		sum.FullMatch += share(o.ScoreAt1 >= 1, n)
		sum.Coverage += share(o.Answered, n)
		sum.RefScorable += share(o.RefScorable, n)
		if o.Answered {
			sum.Answered++
			answeredAt1 += o.ScoreAt1
			sum.HeldOut += o.Lenient / n
			sum.Wrong += share(o.Lenient <= 0, n)
		}
		elapsed[i] = o.Elapsed
		total += o.Elapsed
	}
	if sum.Answered > 0 {
		sum.AnsweredScoreAt1 = answeredAt1 / float64(sum.Answered)
		sum.WrongOfAnswers = sum.Wrong * n / float64(sum.Answered)
	}
	slices.Sort(elapsed)
	sum.MeanMS = ms(total) / n
	sum.MedianMS = ms(elapsed[len(elapsed)/2])
	if len(elapsed)%2 == 0 {
		sum.MedianMS = (ms(elapsed[len(elapsed)/2-1]) + ms(elapsed[len(elapsed)/2])) / 2
	}
	sum.Utilities = utilityStats(out)
	return sum
}

func share(b bool, n float64) float64 {
	if b {
		return 1 / n
	}
	return 0
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// utilityStats groups outcomes by reference first-utility: the TopUtilities most frequent, ties by name.
func utilityStats(out []Outcome) []UtilityStat {
	by := map[string]*UtilityStat{}
	for _, o := range out {
		name := o.FirstUtility
		if name == "" {
			name = "(none)"
		}
		st := by[name]
		if st == nil {
			st = &UtilityStat{Name: name}
			by[name] = st
		}
		st.Count++
		st.Score += o.Score
		st.ScoreAt1 += o.ScoreAt1
		st.Top5 += o.Top5
		if o.ScoreAt1 > 0 {
			st.Positive++
		}
	}
	stats := make([]UtilityStat, 0, len(by))
	for _, st := range by {
		c := float64(st.Count)
		st.Score /= c
		st.ScoreAt1 /= c
		st.Top5 /= c
		st.Positive /= c
		stats = append(stats, *st)
	}
	slices.SortFunc(stats, func(a, b UtilityStat) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.Name, b.Name))
	})
	if len(stats) > TopUtilities {
		stats = stats[:TopUtilities]
	}
	return stats
}

// Worst returns the n outcomes with the lowest score at δ = 1; among equal scores the more confident
// answers come first, as they are the ones a person would see, then corpus order.
func Worst(out []Outcome, n int) []Outcome {
	w := slices.Clone(out)
	slices.SortStableFunc(w, func(a, b Outcome) int {
		return cmp.Or(cmp.Compare(a.ScoreAt1, b.ScoreAt1), cmp.Compare(b.Confidence, a.Confidence))
	})
	return w[:min(n, len(w))]
}
