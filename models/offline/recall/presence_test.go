package recall

import (
	"maps"
	"slices"
	"testing"
)

// wordsCorpus teaches that "remove" runs rm and "count" wc, whatever else a request says, while the
// requests most like the ones asked below were answered without them.
var wordsCorpus = []Example{
	{"show the python files under src", []string{`find src -name "*.py"`}},
	{"show the python files under lib", []string{`find lib -name "*.py"`}},
	{"list python files under src", []string{`find src -name "*.py"`}},
	{"remove the backup files under build", []string{`find build -name "*.bak" | xargs rm`}},
	{"remove old log files", []string{`find . -name "*.log" | xargs rm`}},
	{"remove a.txt", []string{`rm a.txt`}},
	{"remove the file old.log", []string{`rm old.log`}},
	{"count words in a.txt", []string{`wc -w a.txt`}},
	{"count the lines of b.txt", []string{`wc -l b.txt`}},
	{"count files here", []string{`ls | wc -l`}},
}

// TestPresenceWeighsVotes checks that a word presence ties to a utility wins over the shape the most
// similar requests were answered with: the presence model is written by hand, so that the test is about
// the votes and not about what ten examples can teach.
func TestPresenceWeighsVotes(t *testing.T) {
	p := DefaultParams
	p.Presence, p.PresenceFlags = 0, 0
	m, _, err := Build(wordsCorpus, p)
	if err != nil {
		t.Fatal(err)
	}
	if m.presence != nil {
		t.Fatal("a model built without presence weights has a presence model")
	}
	const request = "remove the python files under src"
	if got := m.Recall(request, 1); len(got) == 0 || got[0].Template.String() != `find NAME -name 'PATTERN'` {
		t.Fatalf("without presence, Recall(%q) = %v, want the find its nearest neighbours were answered with", request, got)
	}
	remove := sortedTerms("remove")
	m.presence = &presence{
		labels: []string{"find", "rm", "xargs"},
		bias:   []float32{2, -1, 0},
		terms:  remove,
		scale:  0.05,
	}
	for range remove { // every term of "remove" (the word and its stem) says rm, through xargs
		m.presence.start = append(m.presence.start, uint32(len(m.presence.label)))
		m.presence.label = append(m.presence.label, 1, 2)
		m.presence.weight = append(m.presence.weight, 100, 40)
	}
	m.presence.start = append(m.presence.start, uint32(len(m.presence.label)))
	m.presence.index()
	m.params.Presence = 1
	if got := m.Recall(request, 1); len(got) == 0 || got[0].Template.String() != `find NAME -name 'PATTERN' | xargs rm` {
		t.Errorf("with presence, Recall(%q) = %v, want the find that removes", request, got)
	}
	if got := m.Recall("show the python files under src", 1); len(got) == 0 || got[0].Template.String() != `find NAME -name 'PATTERN'` {
		t.Errorf("with presence, a request without its words recalls %v, want the plain find", got)
	}
}

// TestPresenceLearnsWords checks what training learns from a few examples, seen more often and faster
// than a real corpus's: the words that come with a utility and those that never do.
func TestPresenceLearnsWords(t *testing.T) {
	p := DefaultParams
	p.PresenceEpochs, p.PresenceRate = 50, 0.5
	m, _, err := Build(wordsCorpus, p)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		request, utility string
		likely           bool
	}{
		{"remove it", "rm", true},
		{"remove it", "wc", false},
		{"count it", "wc", true},
		{"count it", "rm", false},
	} {
		z := m.presence.logits(sortedTerms(tc.request))
		if p := sigmoid(z[m.presence.utility[tc.utility]]); p > 0.5 != tc.likely {
			t.Errorf("P(%s | %q) = %.2f, want it likely: %v", tc.utility, tc.request, p, tc.likely)
		}
	}
}

func TestPresenceDiff(t *testing.T) {
	m, _, err := Build(wordsCorpus, DefaultParams)
	if err != nil {
		t.Fatal(err)
	}
	d, err := Decode(m.Encode())
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Diff(d); err != nil {
		t.Fatalf("a model differs from its own encoding: %v", err)
	}
	d.presence.weight[0] += 2 // rounding on another CPU
	if err := m.Diff(d); err != nil {
		t.Errorf("a presence weight two steps apart: %v", err)
	}
	d.presence.weight[0] += 40
	if err := m.Diff(d); err == nil {
		t.Error("a presence weight far apart passes")
	}
	d, _ = Decode(m.Encode())
	d.presence = nil
	if err := m.Diff(d); err == nil {
		t.Error("a model without presence passes")
	}
}

// sortedTerms are the hashed terms of text in order, as Recall hands them to the presence model.
func sortedTerms(text string) []uint32 { return slices.Sorted(maps.Keys(terms(text))) }
