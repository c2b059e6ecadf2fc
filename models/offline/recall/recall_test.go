package recall

import (
	"bytes"
	"errors"
	"math"
	"strings"
	"testing"
)

// corpus is a small hand-written training set: a few ways to ask for each of a few commands.
var corpus = []Example{
	{"delete files older than 7 days in /tmp", []string{`find /tmp -mtime +7 -delete`}},
	{"remove all files in logs modified more than 30 days ago", []string{`find logs -type f -mtime +30 -exec rm {} \;`}},
	{"delete old backup files not touched for 10 days", []string{`find /backup -mtime +10 -delete`}},
	{"count the lines of every python file", []string{`find . -name "*.py" | xargs wc -l`}},
	{"how many lines are in all go files", []string{`find . -name "*.go" -exec wc -l {} +`}},
	{"search for the word error in all log files", []string{`grep -r "error" /var/log`}},
	{"find text TODO in the source tree", []string{`grep -rn "TODO" src`}},
	{"show disk usage of each directory here", []string{`du -sh *`}},
	{"list the biggest directories", []string{`du -h . | sort -rh | head -n 10`}},
	{"print the current date in seconds since epoch", []string{`date +%s`}},
	{"an example with no usable command", []string{`awk '{print $1}' f`}},
}

func build(t *testing.T) *Model {
	t.Helper()
	m, st, err := Build(corpus, DefaultParams)
	if err != nil {
		t.Fatal(err)
	}
	if st.Kept != len(corpus)-1 || st.Dropped != 1 {
		t.Errorf("Build kept %d and dropped %d commands, want %d and 1", st.Kept, st.Dropped, len(corpus)-1)
	}
	return m
}

func TestRecall(t *testing.T) {
	m := build(t)
	for _, tc := range []struct{ request, want string }{
		{"remove files older than 3 days from /var/cache", "find PATH -mtime +7 -delete"},
		{"count lines in all rust files", `find . -name 'PATTERN' -exec wc -l {} +`},
		{"look for the word fixme in the source", `grep -r 'TEXT' PATH`},
	} {
		got := m.Recall(tc.request, 3)
		if len(got) == 0 {
			t.Errorf("Recall(%q) = nothing, want %q first", tc.request, tc.want)
			continue
		}
		if got[0].Template.String() != tc.want {
			t.Errorf("Recall(%q)[0] = %q, want %q", tc.request, got[0].Template, tc.want)
		}
		for i, c := range got {
			if c.Similarity <= 0 || c.Similarity > 1 || c.Confidence < 0 || c.Confidence > 1 {
				t.Errorf("Recall(%q)[%d]: similarity %.3f, confidence %.3f out of range", tc.request, i, c.Similarity, c.Confidence)
			}
			for _, d := range got[:i] {
				if m.shapeOf[indexOf(m, d.Template)] == m.shapeOf[indexOf(m, c.Template)] {
					t.Errorf("Recall(%q) gives two templates of one shape: %q and %q", tc.request, d.Template, c.Template)
				}
			}
		}
	}
	if got := m.Recall("zyxxy quorble", 5); len(got) != 0 {
		t.Errorf("Recall of unknown words = %v, want nothing", got)
	}
	if got := m.Recall("delete old files", 0); got != nil {
		t.Errorf("Recall(k=0) = %v, want nil", got)
	}
}

// TestPickIsMinimumBayesRisk checks the choice of templates: the most voted shape (ls) loses to one
// that agrees in part with another (find -name -type and find -name -type -print), and the second pick
// covers what the first misses rather than repeating its shape.
func TestPickIsMinimumBayesRisk(t *testing.T) {
	m, _, err := Build([]Example{
		{"list", []string{`ls`}},
		{"find by name and type", []string{`find . -name x -type f`}},
		{"find by name and type and print", []string{`find . -name x -type f -print`}},
	}, DefaultParams)
	if err != nil {
		t.Fatal(err)
	}
	pool := []uint32{0, 1, 2}
	votes := map[uint32]float64{0: 0.4, 1: 0.35, 2: 0.35}
	got, _ := m.pick(pool, votes, 2)
	if len(got) != 2 || got[0] != 1 || got[1] != 0 {
		t.Errorf("pick = %v, want [1 0] (find -name -type, then ls)", got)
	}
}

// TestPickSingleAnswerCountsMisses checks that the first template is the one a single answer scores
// best with: the most voted shape (ls) would add the most where only positive scores count, but it
// scores −1 against the finds that hold more than half of the votes.
func TestPickSingleAnswerCountsMisses(t *testing.T) {
	m, _, err := Build([]Example{
		{"list", []string{`ls`}},
		{"find by name", []string{`find . -name x`}},
		{"find by name and type", []string{`find . -name x -type f`}},
	}, DefaultParams)
	if err != nil {
		t.Fatal(err)
	}
	pool := []uint32{0, 1, 2}
	votes := map[uint32]float64{0: 0.45, 1: 0.3, 2: 0.25}
	got, expected := m.pick(pool, votes, 3)
	if len(got) != 3 || got[0] != 1 {
		t.Fatalf("pick = %v, want find -name (1) first", got)
	}
	// find -name scores 1 against itself, 0.5 against find -name -type and −1 against ls.
	if want := 0.3 + 0.25*0.5 - 0.45; math.Abs(expected[0]-want) > 1e-9 {
		t.Errorf("expected score of the first pick = %.4f, want %.4f", expected[0], want)
	}
	for i := range got[1:] {
		if expected[i+1] > expected[0] {
			t.Errorf("pick %d (%d) is expected to score %.3f, more than the first's %.3f", i+1, got[i+1], expected[i+1], expected[0])
		}
	}
}

// TestRecallConfidence checks that a candidate is as sure as the lower of its similarity's and its
// expected score's confidences, and that the first candidate has the best expected score.
func TestRecallConfidence(t *testing.T) {
	m := build(t)
	p := DefaultParams
	clamp := func(x float64) float64 { return max(0, min(1, x)) }
	for _, req := range []string{"remove files older than 3 days", "count lines in all rust files", "size of directories", "search the date"} {
		got := m.Recall(req, 5)
		if len(got) == 0 {
			t.Fatalf("Recall(%q) = nothing", req)
		}
		for i, c := range got {
			if c.Expected < -1 || c.Expected > 1 {
				t.Errorf("%q [%d]: expected score %.3f out of [-1, 1]", req, i, c.Expected)
			}
			want := min(clamp(p.Scale*c.Similarity+p.Base), clamp(p.ExpectScale*c.Expected+p.ExpectBase))
			if math.Abs(c.Confidence-want) > 1e-9 {
				t.Errorf("%q [%d]: confidence %.3f, want %.3f (similarity %.3f, expected %.3f)", req, i, c.Confidence, want, c.Similarity, c.Expected)
			}
			if c.Expected > got[0].Expected+1e-9 {
				t.Errorf("%q [%d]: expected score %.3f beats the first's %.3f", req, i, c.Expected, got[0].Expected)
			}
		}
	}
}

func indexOf(m *Model, t Template) int {
	for i, u := range m.tpls {
		if u == t {
			return i
		}
	}
	return -1
}

func TestBuildIsDeterministic(t *testing.T) {
	a, b := build(t).Encode(), build(t).Encode()
	if !bytes.Equal(a, b) {
		t.Error("two builds of one corpus encode differently")
	}
}

func TestBuildErrors(t *testing.T) {
	if _, _, err := Build(corpus, Params{}); err == nil {
		t.Error("Build with zero params succeeded")
	}
	if _, _, err := Build([]Example{{"x", []string{"awk 1"}}}, DefaultParams); err == nil {
		t.Error("Build with no usable command succeeded")
	}
}

func TestCodecRoundTrip(t *testing.T) {
	m := build(t)
	b := m.Encode()
	d, err := Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(d.Encode(), b) {
		t.Error("decode then encode changes the bytes")
	}
	for _, req := range []string{"remove files older than 3 days", "count lines in all rust files", "size of directories"} {
		want, got := m.Recall(req, 5), d.Recall(req, 5)
		if len(want) != len(got) {
			t.Fatalf("%q: decoded model recalls %d, built one %d", req, len(got), len(want))
		}
		for i := range want {
			if want[i] != got[i] {
				t.Errorf("%q [%d]: decoded %+v, built %+v", req, i, got[i], want[i])
			}
		}
	}
	ex, tpls := d.Size()
	if ex != len(corpus)-1 || tpls != len(corpus)-1 {
		t.Errorf("Size = %d, %d", ex, tpls)
	}
}

func TestDecodeRejectsDamage(t *testing.T) {
	b := build(t).Encode()
	for n := 0; n < len(b); n++ {
		if _, err := Decode(b[:n]); !errors.Is(err, ErrCorrupt) {
			t.Fatalf("Decode of the first %d of %d bytes: %v, want ErrCorrupt", n, len(b), err)
		}
	}
	if _, err := Decode(append(bytes.Clone(b), 0)); !errors.Is(err, ErrCorrupt) {
		t.Errorf("Decode with a trailing byte: %v, want ErrCorrupt", err)
	}
	bad := bytes.Clone(b)
	copy(bad, "cmdai-recall\x09")
	if _, err := Decode(bad); err == nil || !strings.Contains(err.Error(), "header") {
		t.Errorf("Decode of another version: %v, want a header error", err)
	}
}

// FuzzDecode checks that no input makes Decode panic, and that what it accepts can answer.
func FuzzDecode(f *testing.F) {
	m, _, err := Build(corpus, DefaultParams)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(m.Encode())
	f.Add([]byte(magic))
	f.Fuzz(func(t *testing.T, b []byte) {
		d, err := Decode(b)
		if err != nil {
			return
		}
		for _, c := range d.Recall("delete old files in tmp", 5) {
			_ = c.Template.String() // a template's holes may be malformed: reading one must not panic
			c.Template.Holes()
		}
	})
}

func TestDiff(t *testing.T) {
	m := build(t)
	d, err := Decode(m.Encode())
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Diff(d); err != nil {
		t.Fatalf("a model differs from its own encoding: %v", err)
	}
	d.postW[0]++ // rounding on another CPU
	if err := m.Diff(d); err != nil {
		t.Errorf("a weight one 255th apart: %v", err)
	}
	d.postW[0]++
	if err := m.Diff(d); err == nil {
		t.Error("a weight two 255ths apart passes")
	}
	d, _ = Decode(m.Encode())
	d.tpls[0] = Template{text: "ls"}
	if err := m.Diff(d); err == nil {
		t.Error("another template passes")
	}
}
