package explain

import (
	"io/fs"
	"regexp"
	"strings"
	"testing"

	"github.com/cmdai/cmdai/assets"
)

// Every program the offline engine writes into an answer is one "explain more" can describe.
func TestExplainCoversTheOfflineCatalogue(t *testing.T) {
	files, err := fs.Glob(assets.Offline, "offline/intents_*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no intents files: %v", err)
	}
	slot := regexp.MustCompile(`<[^<>]*>`)
	checked := 0
	for _, name := range files {
		data, err := fs.ReadFile(assets.Offline, name)
		if err != nil {
			t.Fatal(err)
		}
		for n, line := range strings.Split(string(data), "\n") {
			head, tpl, ok := strings.Cut(line, " ")
			if !ok || head != "tpl" && !strings.HasPrefix(head, "tpl.") || head == "tpl.fish" {
				continue // fish templates are not bash: explain reads them as bash and says so
			}
			// Slots become plain words, so that the template parses as the command it turns into; the find
			// expression slots (<find>, <findf>, ...) become a find, options vanish, defaults fill in.
			cmd := slot.ReplaceAllStringFunc(tpl, func(s string) string {
				if strings.HasPrefix(s, "<find") {
					return "find ."
				}
				if strings.HasPrefix(s, "<flags.") {
					return ""
				}
				if _, def, ok := strings.Cut(strings.Trim(s, "<>"), "="); ok {
					return def
				}
				return "x"
			})
			for _, step := range Programs(cmd) {
				checked++
				if step.Program == "(unparsed)" {
					t.Errorf("%s:%d: %q does not parse: %s", name, n+1, cmd, step.Description)
				} else if strings.HasPrefix(step.Description, "not in cmdai's list") && step.Program != strings.ToUpper(step.Program) {
					// (An upper-case name is a placeholder the person fills, like COMMAND.)
					t.Errorf("%s:%d: %s has no line in assets/explain/utilities.txt", name, n+1, step.Program)
				}
			}
		}
	}
	if checked < 300 {
		t.Errorf("only %d programs checked: the catalogue was not read", checked)
	}
}
