package backends

import (
	"context"
	"errors"
	"testing"

	"github.com/cmdai/cmdai/models"
	"github.com/cmdai/cmdai/safety"
)

// says is a backend that answers every request with resp.
type says struct{ resp models.Response }

func (s says) Name() string { return "model" }
func (s says) Generate(context.Context, models.Request, models.TokenFunc) (models.Response, error) {
	return s.resp, nil
}

// Whatever a backend says about its answer, the safety engine rates it, and each alternative, up to as
// many as the request asked for.
func TestGenerateCheckedChecksEverything(t *testing.T) {
	g := says{models.Response{Command: "sudo rm -rf / --no-preserve-root", Confidence: 1, Alternatives: []models.Response{
		{Command: "ls -la"}, {Command: "rm -rf ~"}, {Command: "echo third"},
	}}}
	c, err := GenerateChecked(context.Background(), g, models.Request{Prompt: "p", Alternatives: 2}, nil, safety.Options{Shell: "bash"})
	if err != nil {
		t.Fatal(err)
	}
	if c.Response.Backend != "model" || c.Verdict.Risk != safety.Critical || len(c.Verdict.Findings) == 0 {
		t.Errorf("answer %+v, verdict %+v; want the backend named and a critical verdict with findings", c.Response, c.Verdict)
	}
	if len(c.Alternatives) != 2 || c.Response.Alternatives != nil {
		t.Fatalf("alternatives %+v (unchecked %+v); want the first two, checked, and no unchecked ones", c.Alternatives, c.Response.Alternatives)
	}
	if a := c.Alternatives[0]; a.Response.Command != "ls -la" || a.Verdict.Risk != safety.Safe {
		t.Errorf("first alternative %+v, want ls -la rated safe", a)
	}
	if a := c.Alternatives[1]; a.Response.Command != "rm -rf ~" || a.Verdict.Risk < safety.High || len(a.Verdict.Findings) == 0 {
		t.Errorf("second alternative %+v, want rm -rf ~ rated high or worse, with findings", a)
	}

	c, err = GenerateChecked(context.Background(), g, models.Request{Prompt: "p"}, nil, safety.Options{Shell: "bash"})
	if err != nil || c.Alternatives != nil {
		t.Errorf("no alternatives asked for: %+v, %v", c.Alternatives, err)
	}
}

// An alternative that does not parse is no way to write anything: it is left out, and the next one
// takes its place.
func TestGenerateCheckedDropsInvalidAlternatives(t *testing.T) {
	g := says{models.Response{Command: "ls -la", Confidence: 1, Alternatives: []models.Response{
		{Command: "ls -la 'unterminated"}, {Command: ""}, {Command: "ls -al"}, {Command: "find . -maxdepth 1 (("}, {Command: "ls -a -l"},
	}}}
	c, err := GenerateChecked(context.Background(), g, models.Request{Prompt: "p", Alternatives: 2}, nil, safety.Options{Shell: "bash"})
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Alternatives) != 2 || c.Alternatives[0].Response.Command != "ls -al" || c.Alternatives[1].Response.Command != "ls -a -l" {
		t.Errorf("alternatives %+v, want ls -al and ls -a -l", c.Alternatives)
	}
}

// The offline engine's refusal to guess comes back as the error, with the shapes it recalled for
// similar requests, each checked.
func TestGenerateCheckedRefusal(t *testing.T) {
	eng, err := Open("offline", Endpoint{})
	if err != nil {
		t.Fatal(err)
	}
	req := models.Request{Prompt: "print the mime type charset of photo.png", Shell: "bash", OS: "linux", Alternatives: 3}
	c, err := GenerateChecked(context.Background(), eng, req, nil, safety.Options{Shell: "bash"})
	if !errors.Is(err, models.ErrNoAnswer) {
		t.Fatalf("err = %v, want a refusal", err)
	}
	if len(c.Alternatives) == 0 || len(c.Alternatives) > 3 {
		t.Fatalf("shapes %+v, want one to three", c.Alternatives)
	}
	for _, a := range c.Alternatives {
		if a.Response.Command == "" || a.Verdict.Risk.String() == "" || a.Verdict.Risk != safety.Check(a.Response.Command, safety.Options{Shell: "bash"}).Risk {
			t.Errorf("shape %+v: want a command with its own verdict", a)
		}
	}
}
