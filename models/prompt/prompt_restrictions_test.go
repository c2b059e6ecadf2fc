package prompt

import (
	"strings"
	"testing"

	"github.com/cmdai/cmdai/models"
)

// The organisation's rules reach the model's system prompt, bounded and one per line.
func TestSystemCarriesRestrictions(t *testing.T) {
	req := models.Request{Prompt: "clean the build", Shell: "bash", OS: "linux",
		Restrictions: []string{"juniors may not run rm -rf", "", "no\nnewlines"}}
	sys := render(assetsOrPanic().system, systemDataOf(req))
	if !strings.Contains(sys, "organisation does not allow") || !strings.Contains(sys, "- juniors may not run rm -rf\n- no newlines") {
		t.Fatalf("system prompt:\n%s", sys)
	}
	if sys := render(assetsOrPanic().system, systemDataOf(models.Request{Shell: "bash"})); strings.Contains(sys, "organisation") {
		t.Fatalf("a prompt without restrictions mentions them:\n%s", sys)
	}
	many := make([]string, 50)
	for i := range many {
		many[i] = "rule"
	}
	if n := strings.Count(render(assetsOrPanic().system, systemDataOf(models.Request{Restrictions: many})), "- rule"); n != maxRestrictions {
		t.Fatalf("%d restrictions in the prompt, want %d", n, maxRestrictions)
	}
}
