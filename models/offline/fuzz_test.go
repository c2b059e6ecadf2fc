package offline

import (
	"strings"
	"testing"

	"mvdan.cc/sh/v3/syntax"

	"github.com/cmdai/cmdai/models"
)

// FuzzAnswer checks that no prompt panics the engine and that every command it produces parses.
func FuzzAnswer(f *testing.F) {
	for _, s := range []string{
		"show the 10 largest files under this directory",
		`search for "it's" in 'weird dir'/*.txt`,
		"delete files named `x' older than 1.5 weeks bigger than 3.7 GB",
		"kill $(whoami) on port :80",
		"replace a/b with c'd in \"x y.txt\"",
		"find files owned by ' in group \"",
	} {
		f.Add(s)
	}
	e, err := New()
	if err != nil {
		f.Fatal(err)
	}
	parser := syntax.NewParser()
	f.Fuzz(func(t *testing.T, prompt string) {
		for _, goos := range []string{"linux", "darwin"} {
			r := e.Answer(models.Request{Prompt: prompt, OS: goos, Shell: "bash"})
			if r.Confidence < 0 || r.Confidence > 1 {
				t.Fatalf("confidence %v", r.Confidence)
			}
			if r.Command == "" {
				continue
			}
			if _, err := parser.Parse(strings.NewReader(r.Command), ""); err != nil {
				t.Fatalf("%q gave %q, which does not parse: %v", prompt, r.Command, err)
			}
		}
	})
}
