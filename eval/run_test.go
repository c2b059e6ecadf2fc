package eval

import (
	"bytes"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cmdai/cmdai/models"
)

// fakeAnswerer answers from a table of prompts.
type fakeAnswerer map[string]models.Response

func (f fakeAnswerer) Answer(req models.Request) models.Response { return f[req.Prompt] }

// writeCorpus writes a tiny corpus in the shared data layout and returns its directory.
func writeCorpus(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"nl2bash/pairs.tsv": "id\tnl\tcmd\n" +
			"1\tlist files\tls\n" +
			"2\tlist files\tls -la\n" +
			"3\tcount lines\twc -l f\n" +
			"4\tfind logs\tfind . -name '*.log'\n" +
			"5\tlist files\tls -1\n",
		"nl2bash/split.tsv": "id\tsplit\n1\tdev\n2\tdev\n3\tdev\n4\ttest\n5\ttrain\n",
		"nl2sh/pairs_full.tsv": "id\tnl\tcmd\tcmd2\tdifficulty\tenv\n" +
			"0\tlist files\tls\tls -l\t0\tfs_1\n" +
			"1\tshow status\tgit status\tgit status -s\t1\tfs_1\n",
	}
	for name, body := range files {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestLoadGroupsByDescription(t *testing.T) {
	dir := writeCorpus(t)
	suites, err := Load(dir, SetAll, "dev")
	if err != nil {
		t.Fatal(err)
	}
	if len(suites) != 1 || suites[0].Set != SetNL2Bash {
		t.Fatalf("dev suites = %+v, want nl2bash only (NL2SH-ALFA is a test set)", suites)
	}
	invs := suites[0].Invocations
	if len(invs) != 2 || strings.Join(invs[0].Refs, "|") != "ls|ls -la" || invs[1].NL != "count lines" {
		t.Errorf("invocations = %+v, want [list files: ls, ls -la] [count lines]", invs)
	}
	if got := suites[0].Pairs(); got != 3 {
		t.Errorf("pairs = %d, want 3", got)
	}
	suites, err = Load(dir, SetAll, "test")
	if err != nil {
		t.Fatal(err)
	}
	if len(suites) != 2 || suites[1].Set != SetNL2SH || len(suites[1].Invocations[0].Refs) != 2 {
		t.Errorf("test suites = %+v, want nl2bash test and nl2sh with two refs each", suites)
	}
	suites, err = Load(dir, SetNL2Bash, SplitAll)
	if err != nil || len(suites) != 3 {
		t.Errorf("all splits = %d suites, %v; want train, dev, test", len(suites), err)
	}
}

func TestLoadErrors(t *testing.T) {
	dir := writeCorpus(t)
	for _, c := range []struct{ set, split string }{{"nl2bash", "valid"}, {"spider", "test"}, {"nl2sh", "dev"}} {
		if _, err := Load(dir, c.set, c.split); err == nil {
			t.Errorf("Load(%q, %q) succeeded, want an error", c.set, c.split)
		}
	}
	if _, err := Load(t.TempDir(), SetNL2Bash, "dev"); err == nil {
		t.Error("Load of an empty directory succeeded, want an error")
	}
}

func TestEvaluate(t *testing.T) {
	suite := Suite{Set: "x", Split: "dev", Invocations: []Invocation{
		{ID: "1", NL: "list files", Refs: []string{"ls", "ls -la"}},
		{ID: "2", NL: "count lines", Refs: []string{"wc -l f"}},
		{ID: "3", NL: "unknown", Refs: []string{"find . -name x"}},
	}}
	a := fakeAnswerer{
		"list files":  {Command: "ls -al", Confidence: 0.9},
		"count lines": {Command: "wc -c f", Confidence: 0.4},
	}
	r := Evaluate(a, suite, Options{Threshold: 0.5})
	o := r.Outcomes
	if !near(o[0].Score, 0.9) || !near(o[0].ScoreAt1, 1) || !o[0].UtilityMatch || !o[0].Answered {
		t.Errorf("outcome 1 = %+v, want score 0.9, δ=1 1, utility match, answered", o[0])
	}
	if !near(o[1].Score, -0.2) || !near(o[1].ScoreAt1, -0.5) || !o[1].UtilityMatch || o[1].Answered {
		t.Errorf("outcome 2 = %+v, want score -0.2, δ=1 -0.5, utility match, not answered", o[1])
	}
	if o[2].Score != -1 || o[2].ScoreAt1 != -1 || o[2].UtilityMatch || o[2].FirstUtility != "find" {
		t.Errorf("outcome 3 = %+v, want -1 for no answer", o[2])
	}
	s := r.Summary
	if s.Invocations != 3 || s.Pairs != 4 || !near(s.Score, (0.9-0.2-1)/3) || !near(s.ScoreAt1, (1-0.5-1)/3) {
		t.Errorf("summary = %+v", s)
	}
	if !near(s.Positive, 1.0/3) || !near(s.UtilityMatch, 2.0/3) || !near(s.Coverage, 1.0/3) || s.Answered != 1 {
		t.Errorf("summary shares = %+v", s)
	}
	if len(s.Utilities) != 3 || s.Utilities[0].Name != "find" || s.Utilities[0].Count != 1 {
		t.Errorf("utilities = %+v, want find, ls, wc (ties by name)", s.Utilities)
	}
	if w := Worst(r.Outcomes, 2); len(w) != 2 || w[0].ID != "3" || w[1].ID != "2" {
		t.Errorf("worst = %v, want 3 then 2", w)
	}
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func TestCLI(t *testing.T) {
	dir := writeCorpus(t)
	out := filepath.Join(t.TempDir(), "docs", "eval.md")
	a := fakeAnswerer{"list files": {Command: "ls", Confidence: 1}, "find logs": {Command: "find . -name x", Confidence: 0.7}}
	var stdout, stderr bytes.Buffer
	err := CLI([]string{"-data", dir, "-split", "test", "-out", out, "-json", "-v"}, &stdout, &stderr,
		fixed(Backend{Name: "fake", Answerer: a, Threshold: 0.5}))
	if err != nil {
		t.Fatal(err)
	}
	var js struct {
		Backend string    `json:"backend"`
		Suites  []Summary `json:"suites"`
	}
	if err := json.Unmarshal(stdout.Bytes(), &js); err != nil {
		t.Fatalf("-json output: %v\n%s", err, stdout.String())
	}
	if js.Backend != "fake" || len(js.Suites) != 2 || js.Suites[0].Invocations != 1 {
		t.Errorf("json summary = %+v", js)
	}
	if !strings.Contains(stderr.String(), "worst of nl2sh test") {
		t.Errorf("-v -json wrote no worst cases to stderr: %q", stderr.String())
	}
	md, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"go run ./cmd/cmdai-eval -split test -set all -out " + out, "| nl2bash | test | 1 | 1 |",
		"| nl2sh | test | 2 | 4 |", "## nl2sh test: by reference first utility", "NL2Bash", "arXiv:2502.06858"} {
		if !strings.Contains(string(md), want) {
			t.Errorf("report lacks %q:\n%s", want, md)
		}
	}
	if err := CLI([]string{"-data", filepath.Join(dir, "missing")}, &stdout, &stderr, fixed(Backend{Answerer: a})); err == nil {
		t.Error("a missing data directory must be an error")
	}
}

func TestMarkdownIsDeterministic(t *testing.T) {
	dir := writeCorpus(t)
	suites, err := Load(dir, SetAll, SplitAll)
	if err != nil {
		t.Fatal(err)
	}
	render := func() string {
		r := Report{Date: "2026-01-02", Backend: "fake", Command: "go run ./cmd/cmdai-eval"}
		for _, s := range suites {
			res := Evaluate(fakeAnswerer{"list files": {Command: "ls -l", Confidence: 0.8}}, s, Options{})
			for i := range res.Outcomes {
				res.Outcomes[i].Elapsed = 0 // timings are the one part that varies
			}
			res.Summary = Summarize(s, res.Outcomes)
			r.Results = append(r.Results, res)
		}
		var b bytes.Buffer
		if err := r.WriteMarkdown(&b); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	if a, b := render(), render(); a != b {
		t.Errorf("two renderings differ:\n%s\n---\n%s", a, b)
	}
}

func TestMarkdownNotes(t *testing.T) {
	render := func(notes string) string {
		var b bytes.Buffer
		if err := (Report{Date: "2026-01-02", Backend: "fake", Command: "go run ./cmd/cmdai-eval", Notes: notes}).WriteMarkdown(&b); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	with := render("\nScores rose.\n\n")
	i, j := strings.Index(with, "\n## Notes\n\nScores rose.\n"), strings.Index(with, "## Data sources")
	if i < 0 || j < i {
		t.Errorf("the notes are not under their heading before the data sources:\n%s", with)
	}
	if without := render(""); strings.Contains(without, "## Notes") {
		t.Errorf("a report without notes has a Notes heading:\n%s", without)
	}
	if offlineNotes == "" {
		t.Error("the offline engine's notes are empty")
	}
}

// fixed opens b whatever the -backend flag says.
func fixed(b Backend) Opener {
	return func(string, Endpoint) (Backend, error) { return b, nil }
}

// -requests scores a file of one's own requests as the everyday set is scored, with no corpus needed, and
// lists its wrong answers and abstentions in the report.
func TestCLIRequests(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "mine.tsv")
	tsv := "id\tnl\tcmd\tcmd2\nm1\tlist files\tls\tls -l\nm2\tfind logs\tfind . -name '*.log'\t\nm3\tsing a song\techo la\t\n"
	if err := os.WriteFile(path, []byte(tsv), 0o644); err != nil {
		t.Fatal(err)
	}
	a := fakeAnswerer{"list files": {Command: "ls", Confidence: 1}, "find logs": {Command: "rm -rf .", Confidence: 0.9}}
	out := filepath.Join(dir, "report.md")
	var stdout, stderr bytes.Buffer
	err := CLI([]string{"-data", filepath.Join(dir, "no-corpus"), "-requests", path, "-out", out, "-json"}, &stdout, &stderr,
		fixed(Backend{Name: "fake", Answerer: a, Threshold: 0.5}))
	if err != nil {
		t.Fatal(err)
	}
	var js struct {
		Suites []Summary `json:"suites"`
	}
	if err := json.Unmarshal(stdout.Bytes(), &js); err != nil {
		t.Fatalf("-json output: %v\n%s", err, stdout.String())
	}
	if len(js.Suites) != 1 || js.Suites[0].Set != "mine" || js.Suites[0].Invocations != 3 {
		t.Fatalf("suites = %+v, want the one file of three requests", js.Suites)
	}
	if s := js.Suites[0]; s.HeldOut < 0 || s.HeldOut > 1.0/3+1e-9 || s.Wrong < 1.0/3-1e-9 {
		t.Errorf("held-out %.3f, wrong %.3f: want one right (1/3 at most), one wrong, one abstention", s.HeldOut, s.Wrong)
	}
	md, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"go run ./cmd/cmdai-eval -requests " + path, "## mine: wrong answers", "m2 `find logs`: answered `rm -rf .`", "## mine: abstentions", "m3 `sing a song`"} {
		if !strings.Contains(string(md), want) {
			t.Errorf("report lacks %q:\n%s", want, md)
		}
	}
	if err := CLI([]string{"-requests", path, "-bogus"}, &stdout, &stderr, fixed(Backend{Answerer: a})); err == nil {
		t.Error("an unknown flag after -requests must be an error")
	}
	if err := os.WriteFile(path, []byte("id\tnl\tcmd\nbad line\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := CLI([]string{"-requests", path}, &stdout, &stderr, fixed(Backend{Answerer: a})); err == nil || !strings.Contains(err.Error(), "mine.tsv:2") {
		t.Errorf("a malformed line: err = %v, want its file and line", err)
	}
}
