package explain

import (
	"strings"
	"testing"
)

// TestExplainUsesThePages: find ~ -exec rm {} \; says that rm removes what find finds, in the tldr
// pages' words, and options carry their long names.
func TestExplainUsesThePages(t *testing.T) {
	steps := Steps(`find ~ -exec rm -r {} \;`, "linux")
	var text []string
	for _, s := range steps {
		text = append(text, s.Program+": "+s.Description)
	}
	all := strings.Join(text, "\n")
	for _, want := range []string{"rm: deletes files", "-r (--recursive)", "-exec"} {
		if !strings.Contains(all, want) {
			t.Errorf("explanation lacks %q:\n%s", want, all)
		}
	}
}
