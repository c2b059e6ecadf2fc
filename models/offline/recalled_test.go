package offline

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/cmdai/cmdai/models"
	"github.com/cmdai/cmdai/models/offline/recall"
)

func request(prompt string) models.Request {
	return models.Request{Prompt: prompt, OS: "linux", Shell: "bash"}
}

// TestRecallJoinsTheCandidates checks the order of Candidates: a sure catalogue answer leads with its
// first alternative and the recall model's templates follow; an unsure one comes after them.
func TestRecallJoinsTheCandidates(t *testing.T) {
	e := fullEngine(t)
	sure := e.Candidates(request("delete all *.zip files under /srv older than 2 days"), 5)
	if len(sure) != 5 {
		t.Fatalf("got %d candidates, want 5: %v", len(sure), sure)
	}
	if sure[0].Model != "" || sure[0].Confidence < Threshold || sure[0].Command != `find /srv -name '*.zip' -mtime +2 -exec rm {} \;` {
		t.Errorf("first = %+v, want the catalogue's sure answer", sure[0])
	}
	recalled := 0
	for _, c := range sure[2:] {
		if c.Model == RecallModel {
			recalled++
		}
	}
	if recalled == 0 {
		t.Errorf("no recalled alternative after a sure answer: %v", sure)
	}
	// The prompt's arguments fill the recalled templates.
	if !strings.Contains(sure[2].Command, "/srv") && !strings.Contains(sure[2].Command, "'*.zip'") {
		t.Errorf("first recalled alternative %q has none of the prompt's arguments", sure[2].Command)
	}

	unsure := e.Candidates(request("answer y to every prompt of cp * /tmp"), 5)
	if len(unsure) == 0 || unsure[0].Model != RecallModel ||
		!slices.ContainsFunc(unsure, func(c models.Response) bool { return strings.HasPrefix(c.Command, "yes | cp") }) {
		t.Errorf("candidates = %v, want recalled ones first, yes | cp among them", unsure)
	}
	if a := e.Answer(request("answer y to every prompt of cp * /tmp")); a.Command != unsure[0].Command || a.Confidence != unsure[0].Confidence {
		t.Errorf("Answer = %+v, want the first candidate %+v", a, unsure[0])
	}
}

// TestGenerateNeverOffersRecall: a recalled answer has the shape of what people wrote for similar
// requests and placeholders or guesses for arguments, so it is never offered to run, however similar.
func TestGenerateNeverOffersRecall(t *testing.T) {
	e := fullEngine(t)
	req := request("print the mail file of the current user")
	if a := e.Answer(req); a.Model != RecallModel || a.Confidence < Threshold {
		t.Fatalf("Answer = %+v, want a recalled answer above the threshold", a)
	}
	if Offered(e.Answer(req)) {
		t.Error("Offered accepts a recalled answer")
	}
	_, err := e.Generate(context.Background(), req, nil)
	if !errors.Is(err, models.ErrNoAnswer) {
		t.Errorf("Generate = %v, want ErrNoAnswer", err)
	}
	if err != nil && strings.Contains(err.Error(), "whoami") {
		t.Errorf("the refusal shows the guess: %v", err)
	}
}

// TestGenerateLeavesRecallAlone: Generate offers the catalogue's answers only, so it never needs (nor
// loads) the recall model; one-shot start-up does not pay for decoding it.
func TestGenerateLeavesRecallAlone(t *testing.T) {
	calls := 0
	e := testEngine(t)
	e.recall = func() (*recall.Model, error) { calls++; return nil, nil }
	for _, p := range []string{"find python files modified in the last 3 days", "answer y to every prompt of cp * /tmp", "zyxxy"} {
		e.Generate(context.Background(), request(p), nil)
	}
	if calls != 0 {
		t.Errorf("Generate consulted the recall model %d times", calls)
	}
	e.Candidates(request("zyxxy"), 5)
	if calls != 1 {
		t.Errorf("Candidates consulted the recall model %d times, want 1", calls)
	}
}

// TestGenerateAlternatives: asked for alternatives, Generate gives the other candidates after its
// answer that pass the floors of relevance.go, in the candidates' order; the recall model is consulted
// then and only then.
func TestGenerateAlternatives(t *testing.T) {
	e := fullEngine(t)
	req := request("count lines in all python files")
	plain, err := e.Generate(context.Background(), req, nil)
	if err != nil || len(plain.Alternatives) != 0 {
		t.Fatalf("Generate = %+v, %v; want an answer without alternatives", plain, err)
	}
	req.Alternatives = 3
	resp, err := e.Generate(context.Background(), req, nil)
	if err != nil {
		t.Fatal(err)
	}
	if resp.Command != plain.Command || len(resp.Alternatives) != 3 {
		t.Fatalf("Generate = %q with %d alternatives, want %q with 3", resp.Command, len(resp.Alternatives), plain.Command)
	}
	cands := e.Candidates(req, candidatePool(req.Alternatives))
	recalled, at := 0, 0
	for i, alt := range resp.Alternatives {
		j := slices.IndexFunc(cands[at:], func(c models.Response) bool { return c.Command == alt.Command })
		if alt.Command == resp.Command || j < 0 {
			t.Errorf("alternative %d = %q: not a candidate after the one before it (or the answer)", i, alt.Command)
			continue
		}
		at += j + 1
		if alt.Model == RecallModel {
			recalled++
		}
	}
	if recalled == 0 {
		t.Errorf("no recalled alternative: %+v", resp.Alternatives)
	}
	// Of a destructive answer, only ways that delete the same files: none of the recalled shapes for it
	// selects the same files without a placeholder.
	req = request("delete all *.zip files under /srv older than 2 days")
	req.Alternatives = 4
	resp, err = e.Generate(context.Background(), req, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, alt := range resp.Alternatives {
		if !strings.Contains(alt.Command, "'*.zip'") || !strings.Contains(alt.Command, "/srv") || !strings.Contains(alt.Command, "+2") {
			t.Errorf("alternative %q of %q deletes other files", alt.Command, resp.Command)
		}
	}
	// An unsure request still gets no answer, so no alternatives either.
	req.Prompt = "answer y to every prompt of cp * /tmp"
	if _, err := e.Generate(context.Background(), req, nil); !errors.Is(err, models.ErrNoAnswer) {
		t.Errorf("unsure request with alternatives asked: %v, want ErrNoAnswer", err)
	}
}

func TestRecallOffAndBroken(t *testing.T) {
	e := testEngine(t)
	for _, c := range e.Candidates(request("answer y to every prompt of cp * /tmp"), 5) {
		if c.Model == RecallModel {
			t.Errorf("an engine without recall recalled %q", c.Command)
		}
	}
	e.recall = func() (*recall.Model, error) { return nil, errors.New("damaged") }
	if got := e.Candidates(request("find python files modified in the last 3 days"), 5); len(got) == 0 || got[0].Command != "find . -name '*.py' -mtime -3" {
		t.Errorf("with a broken recall model: %v, want the catalogue's answers", got)
	}
}

func TestEmbeddedRecallModelLoads(t *testing.T) {
	m, err := loadRecall()
	if err != nil {
		t.Fatal(err)
	}
	if ex, tpls := m.Size(); ex < 7000 || tpls < 4000 {
		t.Errorf("embedded model has %d examples and %d templates, want the NL2Bash train and dev splits", ex, tpls)
	}
}

func TestOffered(t *testing.T) {
	for _, tc := range []struct {
		r    models.Response
		want bool
	}{
		{models.Response{Command: "ls", Confidence: Threshold}, true},
		{models.Response{Command: "ls", Confidence: Threshold - 0.01}, false},
		{models.Response{Command: "", Confidence: 1}, false},
		{models.Response{Command: "ls", Confidence: 1, Model: RecallModel}, false},
	} {
		if got := Offered(tc.r); got != tc.want {
			t.Errorf("Offered(%+v) = %v, want %v", tc.r, got, tc.want)
		}
	}
}

// TestRecalledFillsByContext: a hole after chown, -user, ssh or kill takes the prompt's user, host or
// PID; elsewhere the prompt's paths and patterns fill in order.
func TestRecalledFillsByContext(t *testing.T) {
	s := &slots{user: "www-data", hosts: []string{"example.com"}, pids: []string{"4242"}, paths: []string{"www"}}
	fill := func(before string, h recall.Hole) string {
		v, _ := fillFrom(s, "", recall.Template{})(h, 0, before)
		return v
	}
	for _, tc := range []struct {
		before string
		want   string
	}{
		{"sudo chown -R ", "www-data"},
		{"find / -user ", "www-data"},
		{"ssh ", "example.com"},
		{"kill -9 ", "4242"},
		{"ssh -o ", ""}, // an option's value is not the host
		{"ls -l ", ""},  // a word hole with no cue stays open
	} {
		if got := fill(tc.before, recall.HoleWord); got != tc.want {
			t.Errorf("hole after %q = %q, want %q", tc.before, got, tc.want)
		}
	}
	if got := fill("ls -l ", recall.HolePath); got != "www" {
		t.Errorf("a path hole = %q, want the prompt's path www", got)
	}
	// A hole the cue filled leaves the prompt's first path for the next one.
	f := fillFrom(s, "", recall.Template{})
	if v, _ := f(recall.HolePath, 0, "chown "); v != "www-data" {
		t.Errorf("chown's hole = %q", v)
	}
	if v, _ := f(recall.HolePath, 1, "chown www-data "); v != "www" {
		t.Errorf("the file after chown's user = %q, want www", v)
	}
}

// TestMergeOrderAndAgreement pins merge: a sure catalogue answer and its variant lead; an unsure one
// follows the recalled templates; a command both give is one candidate with the higher confidence.
func TestMergeOrderAndAgreement(t *testing.T) {
	cat := []models.Response{{Command: "a", Confidence: 0.6}, {Command: "a2", Confidence: 0.5}, {Command: "a3", Confidence: 0.4}}
	rec := []models.Response{{Command: "r1", Confidence: 1, Model: RecallModel}, {Command: "a", Confidence: 0.9, Model: RecallModel},
		{Command: "r3", Confidence: 0.7, Model: RecallModel}}
	commands := func(rs []models.Response) string {
		var s []string
		for _, r := range rs {
			s = append(s, fmt.Sprintf("%s:%.1f", r.Command, r.Confidence))
		}
		return strings.Join(s, " ")
	}
	if got, want := commands(merge(cat, rec, 5)), "a:0.9 a2:0.5 r1:1.0 r3:0.7 a3:0.4"; got != want {
		t.Errorf("sure: %s, want %s", got, want)
	}
	cat[0].Confidence = 0.3
	if got, want := commands(merge(cat, rec, 5)), "r1:1.0 a:0.9 r3:0.7 a2:0.5 a3:0.4"; got != want {
		t.Errorf("unsure: %s, want %s", got, want)
	}
	if got, want := commands(merge(cat, rec, 1)), "r1:1.0"; got != want {
		t.Errorf("unsure, one: %s, want %s", got, want)
	}
	if got, want := commands(merge(nil, rec, 2)), "r1:1.0 a:0.9"; got != want {
		t.Errorf("no catalogue answer: %s, want %s", got, want)
	}
}

func TestGNUOnly(t *testing.T) {
	for cmd, want := range map[string]bool{
		`find . -printf '%s %p\n' | sort -n`: true,
		`du -b file.iso`:                     true,
		`md5sum a.iso`:                       true,
		`cat list | xargs -r rm`:             true,
		`find . -name '*.go' | xargs wc -l`:  false,
		`du -sh *`:                           false,
		`ps -o pid=`:                         false, // BSD ps has -o too
		`ps aux --sort=-%mem`:                true,
	} {
		if got := gnuOnly(cmd); got != want {
			t.Errorf("gnuOnly(%q) = %v, want %v", cmd, got, want)
		}
	}
	// On a Mac, the recalled alternatives leave out what macOS lacks.
	e := fullEngine(t)
	for _, c := range e.Candidates(models.Request{Prompt: "size of file.iso in bytes", OS: "darwin", Shell: "zsh"}, 5) {
		if c.Model == RecallModel && gnuOnly(c.Command) {
			t.Errorf("darwin alternative %q needs GNU tools", c.Command)
		}
	}
}

// TestRefusalCarriesShapesWhenAsked: an unsure request asked for alternatives is still refused, with
// the recalled shapes (never the catalogue's unsure guess) in a models.NoAnswerError.
func TestRefusalCarriesShapesWhenAsked(t *testing.T) {
	e := fullEngine(t)
	req := request("print the md5 of every png under images")
	_, err := e.Generate(context.Background(), req, nil)
	if !errors.Is(err, models.ErrNoAnswer) || models.NoAnswerAlternatives(err) != nil {
		t.Fatalf("plain refusal = %v with %v", err, models.NoAnswerAlternatives(err))
	}
	req.Alternatives = 3
	_, err = e.Generate(context.Background(), req, nil)
	shapes := models.NoAnswerAlternatives(err)
	if !errors.Is(err, models.ErrNoAnswer) || len(shapes) == 0 || len(shapes) > 3 {
		t.Fatalf("refusal with alternatives = %v with %+v", err, shapes)
	}
	for _, s := range shapes {
		if s.Model != RecallModel {
			t.Errorf("shape %+v is not a recalled one", s)
		}
	}
}
