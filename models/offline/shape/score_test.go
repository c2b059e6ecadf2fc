package shape

import (
	"math"
	"testing"
)

func TestFlagScoreRange(t *testing.T) {
	if got := FlagScore([]string{"-a", "-b"}, []string{"-c", "-d"}); got != -2 {
		t.Errorf("disjoint sets of equal size = %v, want -2", got)
	}
	if got := FlagScore(nil, nil); got != 1 {
		t.Errorf("both empty = %v, want 1", got)
	}
	if got := FlagScore([]string{"-a", "-a"}, []string{"-a"}); got != 1 {
		t.Errorf("repeats = %v, want 1", got)
	}
}

func TestScore(t *testing.T) {
	ls := []Utility{{Name: "ls", Flags: []string{"-a"}}}
	lsb := []Utility{{Name: "ls", Flags: []string{"-b"}}}
	mkdir := []Utility{{Name: "mkdir"}}
	tests := []struct {
		name       string
		pred, ref  []Utility
		confidence float64
		want       float64
	}{
		{"both empty", nil, nil, 1, 0},
		{"equal", ls, ls, 1, 1},
		{"missing", nil, ls, 1, -1},
		{"other utility", mkdir, ls, 1, -1},
		{"other flags", lsb, ls, 1, -0.5},
		{"NaN confidence counts as 1", lsb, ls, math.NaN(), -0.5},
		{"confidence clamped above", ls, ls, 7, 1},
		{"confidence clamped below", mkdir, ls, -3, 0},
		{"extra utility", append(ls, mkdir...), ls, 1, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Score(tt.pred, tt.ref, tt.confidence); math.Abs(got-tt.want) > 1e-9 {
				t.Errorf("Score = %v, want %v", got, tt.want)
			}
		})
	}
}
