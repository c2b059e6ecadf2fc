package nlc2cmd

import (
	"math"
	"testing"

	"github.com/cmdai/cmdai/models/offline/shape"
)

// specVectors are the test vectors of NLC2CMD-METRIC.md section 5, checked there against bashlint.
var specVectors = []struct {
	ref, pred  string
	confidence float64
	score      float64
	slots      []float64 // nil where the spec gives none
}{
	{"find . -type f -ctime -3 | tail -n 5", "find . -type f | tail -n 5", 1, 0.75, []float64{0.5, 1}},
	{"df | grep /dev/disk0s2", "df | grep diskpath", 1, 1, nil},
	{"find . -regextype posix-egrep -regex R -type f", "find . -type f -regextype posix-egrep -regex R", 1, 1, nil},
	{"mkdir directory", "touch directory", 1, -1, nil},
	{"df --total | tail -n 1", "tail -n 1 | df --total", 1, -1, []float64{-1, -1}},
	{"find / -name linux", "find / -EXdsx -name linux", 1, 1.0 / 6, nil},
	{"ls -la", "ls -al", 1, 1, nil},
	{"ls -la", "ls", 1, 0, nil},
	{"ls", "ls -la", 1, 0, nil},
	{"ls -a", "ls -b", 1, -0.5, nil},
	{"grep -r foo .", "grep -rn foo .", 1, 0.5, nil},
	{"tar -xzvf a.tgz", "tar xzf a.tgz", 1, 0.75, nil},
	{"ls | wc -l", "ls", 1, 0, []float64{1, -1}},
	{`find . -name '*.txt' -exec rm {} \;`, `find . -name '*.txt' -delete`, 1, -0.375, []float64{0.25, -1}},
	{`find . -name '*.txt' | xargs rm`, `find . -name '*.txt' -delete`, 1, -0.5, []float64{0.5, -1, -1}},
	{"cd /tmp && ls", "git status", 1, 0, []float64{}},
	{"ls -a", "ls -b", 0.5, -0.25, nil},
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func TestSpecVectors(t *testing.T) {
	for _, v := range specVectors {
		t.Run(v.ref+" vs "+v.pred, func(t *testing.T) {
			if got := Score(v.pred, v.ref, v.confidence); !near(got, v.score) {
				t.Errorf("Score = %v, want %v", got, v.score)
			}
			if v.slots == nil {
				return
			}
			p, _ := shape.Utilities(v.pred)
			r, _ := shape.Utilities(v.ref)
			got := shape.SlotScores(p, r, v.confidence)
			if len(got) != len(v.slots) {
				t.Fatalf("slots = %v, want %v", got, v.slots)
			}
			for i := range got {
				if !near(got[i], v.slots[i]) {
					t.Fatalf("slots = %v, want %v", got, v.slots)
				}
			}
		})
	}
}

func TestScoreEdges(t *testing.T) {
	tests := []struct {
		name, pred, ref string
		confidence      float64
		want            float64
	}{
		{"both empty", "", "", 1, 0},
		{"empty prediction", "", "ls", 1, -1},
		{"unparseable prediction", "ls 'unclosed", "ls", 1, -1},
		{"unparseable both", "ls (", "grep 'x", 1, 0},
		{"NaN confidence counts as 1", "ls -b", "ls -a", math.NaN(), -0.5},
		{"confidence above 1 is clamped", "ls", "ls", 7, 1},
		{"confidence below 0 is clamped", "ls", "mkdir", -3, 0},
		{"zero confidence", "ls", "ls", 0, 0},
		{"sudo is stripped", "sudo -u root ls -la", "ls -al", 1, 1},
		{"case-insensitive names", "LS -a", "ls -a", 1, 1},
		{"case-sensitive flags", "ls -A", "ls -a", 1, -0.5},
		{"disjoint equal-size flag sets", "ls -ab", "ls -cd", 1, -0.5},
		{"head -5 is the flag -", "head -5 f", "head -n 5 f", 1, -0.5},
		{"long option argument dropped", "ls --color=never", "ls --color=auto", 1, 1},
		{"attached argument dropped", "sort -k2 f", "sort -k 3 f", 1, 1},
		{"directory prefix removed", "/usr/bin/find . -name x", "find . -name y", 1, 1},
		{"order matters", "ls | sort", "sort | ls", 1, -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Score(tt.pred, tt.ref, tt.confidence); !near(got, tt.want) {
				t.Errorf("Score(%q, %q, %v) = %v, want %v", tt.pred, tt.ref, tt.confidence, got, tt.want)
			}
		})
	}
}

func TestInvocation(t *testing.T) {
	tests := []struct {
		name  string
		refs  []string
		preds []Prediction
		want  float64
	}{
		{"no predictions", []string{"ls"}, nil, -1},
		{"only empty predictions", []string{"ls"}, []Prediction{{" ", 1}, {"", 1}}, -1},
		{"no references", nil, []Prediction{{"ls", 1}}, -1},
		{"max when one is positive", []string{"ls -a"}, []Prediction{{"mkdir x", 1}, {"ls -a", 0.8}}, 0.8},
		{"mean when none is positive", []string{"ls -a"}, []Prediction{{"mkdir x", 1}, {"ls -b", 1}}, -0.75},
		{"best reference wins", []string{"mkdir d", "ls -a"}, []Prediction{{"ls -a", 1}}, 1},
		{"empty prediction skipped", []string{"ls"}, []Prediction{{"", 1}, {"ls", 0.5}}, 0.5},
		{"only the first five count", []string{"ls"},
			[]Prediction{{"cat", 1}, {"cat", 1}, {"cat", 1}, {"cat", 1}, {"cat", 1}, {"ls", 1}}, -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Invocation(tt.refs, tt.preds); !near(got, tt.want) {
				t.Errorf("Invocation = %v, want %v", got, tt.want)
			}
		})
	}
}

// The lenient metric scores what the reference parser rejects; the reference scores it as empty.
func TestLenient(t *testing.T) {
	if got := Reference.Score("cd /tmp && ls", "cd /tmp && ls", 1); got != 0 {
		t.Errorf("Reference scores a list %v, want 0 (no utilities)", got)
	}
	if got := Lenient.Score("cd /tmp && ls", "cd /tmp && ls", 1); got != 1 {
		t.Errorf("Lenient scores a list %v against itself, want 1", got)
	}
	if Reference.String() != "reference" || Lenient.String() != "lenient" {
		t.Errorf("names %q %q", Reference, Lenient)
	}
}
