package cli_test

import (
	"strings"
	"testing"
)

// In fish, answers are written for fish and checked as fish: a command substitution is no reason to
// rate an answer "could not be parsed". Real fish in tmux.
func TestFishAnswersAreCheckedAsFish(t *testing.T) {
	bin := t.TempDir()
	installCmdai(t, bin)
	s := startShell(t, "fish", bin)
	s.loadIntegration("fish")

	s.Type("stop all docker containers")
	s.Keys("C-g")
	sc := s.WaitFor("the fish answer and its badge", func(sc string) bool {
		return strings.Contains(sc, "docker stop (docker ps -q)") && strings.Contains(sc, "MODERATE")
	})
	if strings.Contains(sc, "parsed") || strings.Contains(sc, "HIGH") {
		t.Errorf("a fish answer was rated as unparseable bash:\n%s", sc)
	}
	s.Keys("Escape")
	s.waitEditing("the request again", func(l string) bool { return l == "stop all docker containers" })
	s.Keys("C-u")

	s.Type("cmdai check --shell fish 'make; and make install; or echo failed'")
	s.Keys("Enter")
	s.waitLine("the verdict", func(l string) bool { return l == "safe" })
}
