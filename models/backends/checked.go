package backends

import (
	"cmp"
	"context"
	"slices"
	"strings"

	"github.com/cmdai/cmdai/models"
	"github.com/cmdai/cmdai/safety"
)

// Generator is what GenerateChecked asks for an answer: a models.Backend, or the daemon's queue in
// front of one.
type Generator interface {
	// Name names the backend in an answer that does not name its own.
	Name() string
	Generate(ctx context.Context, req models.Request, onToken models.TokenFunc) (models.Response, error)
}

// Checked is a backend's answer with the safety engine's verdict on it, and on each alternative.
type Checked struct {
	// Response is the answer. Its Alternatives are left out: they are in Alternatives, checked.
	Response     models.Response
	Verdict      safety.Verdict
	Alternatives []Alternative
}

// Alternative is another way to write the answer, or a shape recalled for a request the backend would
// not answer, with its own verdict.
type Alternative struct {
	Response models.Response
	Verdict  safety.Verdict
}

// GenerateChecked asks g to answer req and has the safety engine check the command, and each of up to
// req.Alternatives alternatives, with opts: a backend's own opinion of its output is never trusted, and
// nothing it says reaches a person unchecked. When g refuses to guess (models.ErrNoAnswer), the error
// comes back with the shapes recalled for similar requests, checked, in Alternatives.
func GenerateChecked(ctx context.Context, g Generator, req models.Request, onToken models.TokenFunc, opts safety.Options) (Checked, error) {
	resp, err := g.Generate(ctx, req, onToken)
	if err != nil {
		return Checked{Alternatives: checkAlternatives(models.NoAnswerAlternatives(err), req.Alternatives, opts)}, err
	}
	resp.Backend = cmp.Or(resp.Backend, g.Name())
	alts := checkAlternatives(resp.Alternatives, req.Alternatives, opts)
	resp.Alternatives = nil
	return Checked{Response: resp, Verdict: safety.Check(resp.Command, opts), Alternatives: alts}, nil
}

// checkAlternatives checks up to n of alts. One that the safety engine cannot parse is no way to write
// anything, whatever the backend thought of it, and is left out.
func checkAlternatives(alts []models.Response, n int, opts safety.Options) []Alternative {
	var out []Alternative
	for _, a := range alts {
		if len(out) == n {
			break
		}
		v := safety.Check(a.Command, opts)
		if strings.TrimSpace(a.Command) == "" || unparsed(v) {
			continue
		}
		out = append(out, Alternative{Response: a, Verdict: v})
	}
	return out
}

// unparsed reports whether the safety engine could not parse the command it gave v for.
func unparsed(v safety.Verdict) bool {
	return slices.ContainsFunc(v.Findings, func(f safety.Finding) bool { return f.Rule == "parse-error" })
}
