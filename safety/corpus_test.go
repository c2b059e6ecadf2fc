package safety_test

import (
	"strings"
	"testing"

	"github.com/cmdai/cmdai/safety"
	"github.com/cmdai/cmdai/safety/corpus"
)

// TestCorpusFile keeps the corpus big enough and balanced enough for the bar to mean something.
func TestCorpusFile(t *testing.T) {
	cases := loadCorpus(t)
	if len(cases) < 450 {
		t.Errorf("corpus has %d cases, want at least 450", len(cases))
	}
	var n [safety.Critical + 1]int
	for _, c := range cases {
		n[c.Label]++
	}
	for r, count := range n {
		if count < 40 {
			t.Errorf("corpus has %d %s cases, want at least 40", count, safety.Risk(r))
		}
	}
}

// TestCorpus runs every labelled command through Check. Safe and critical labels demand that exact risk,
// moderate accepts moderate or high, and high accepts high or critical. After the cases it holds the engine to
// the quality bar, which makes the contract explicit even where individual cases already failed.
func TestCorpus(t *testing.T) {
	cases := loadCorpus(t)
	var score corpus.Score
	for _, c := range cases {
		t.Run(caseName(c), func(t *testing.T) {
			v := safety.Check(c.Command, safety.Options{})
			score.Add(c.Label, v.Risk)
			if !corpus.Agrees(c.Label, v.Risk) {
				t.Errorf("%s:%d: %s\n\tgot %s, labelled %s; findings: %s",
					corpusPath, c.Line, c.Command, v.Risk, c.Label, findings(v))
			}
		})
	}
	t.Logf("quality bar over %d cases:\n%s", score.Total, corpus.Table([]string{"safety.Check"}, []corpus.Score{score}))
	if score.Total != len(cases) {
		t.Logf("only %d of %d cases ran (-run filter): bar not asserted", score.Total, len(cases))
		return
	}
	for _, m := range score.Measures() {
		if !m.Pass() {
			t.Errorf("quality bar missed: %s", m)
		}
	}
}

func findings(v safety.Verdict) string {
	if len(v.Findings) == 0 {
		return "none"
	}
	var parts []string
	for _, f := range v.Findings {
		parts = append(parts, f.Rule+"="+f.Risk.String())
	}
	return strings.Join(parts, ", ")
}
