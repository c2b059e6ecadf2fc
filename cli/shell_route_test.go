package cli_test

import (
	"strings"
	"testing"
)

// The shell functions read `cmdai WORDS...` as cmdai does: a request that begins with a command's name
// goes to the popup, a command runs cmdai itself. Real bash, zsh and fish in tmux.
func TestShellFunctionReadsLinesAsCmdai(t *testing.T) {
	bin := t.TempDir()
	installCmdai(t, bin)
	for _, shell := range []string{"bash", "zsh", "fish"} {
		t.Run(shell, func(t *testing.T) {
			t.Parallel()
			s := startShell(t, shell, bin)
			s.loadIntegration(shell)

			// A request that begins with "check": the popup answers it.
			s.Type("cmdai check disk space")
			s.Keys("Enter")
			s.WaitFor("the popup's answer to the request", func(sc string) bool {
				return strings.Contains(sc, "df -h") && strings.Contains(sc, "enter run")
			})
			s.Keys("Escape")
			s.WaitFor("the prompt", func(sc string) bool { l, ok := promptLine(sc); return ok && l == "" && !popupOpen(sc) })

			// -- first: a request whatever follows.
			s.Type("cmdai -- init a git repository")
			s.Keys("Enter")
			s.WaitFor("the popup's answer", func(sc string) bool {
				return strings.Contains(sc, "git init") && strings.Contains(sc, "enter run")
			})
			s.Keys("Escape")
			s.WaitFor("the prompt", func(sc string) bool { l, ok := promptLine(sc); return ok && l == "" && !popupOpen(sc) })

			// A command runs cmdai itself, with no popup.
			s.Type("cmdai check 'rm -rf /'; echo checked-ok")
			s.Keys("Enter")
			s.waitLine("the verdict", func(l string) bool { return l == "critical" })
			s.waitLine("the end of the check", func(l string) bool { return l == "checked-ok" })
		})
	}
}
