package cli

import (
	"bytes"
	"os/exec"
	"strings"
	"testing"
)

func TestParseKey(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want shellKey
	}{
		{"ctrl-g", shellKey{bash: `\C-g`, zsh: "^G", fish3: `\cg`, fish4: "ctrl-g"}},
		{"C-x", shellKey{bash: `\C-x`, zsh: "^X", fish3: `\cx`, fish4: "ctrl-x"}},
		{"alt+k", shellKey{bash: `\ek`, zsh: "^[k", fish3: `\ek`, fish4: "alt-k"}},
	} {
		got, err := parseKey(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("parseKey(%q) = %+v, %v; want %+v", tc.in, got, err, tc.want)
		}
	}
	for _, bad := range []string{"", "g", "ctrl-", "ctrl-1", "shift-g", "ctrl-gg"} {
		if _, err := parseKey(bad); exitCode(err) != ExitUsage {
			t.Errorf("parseKey(%q) = %v; want a usage error", bad, err)
		}
	}
}

// Every script the init command prints parses in its shell, with and without the key binding.
func TestInitScriptsParse(t *testing.T) {
	checks := map[string][]string{"bash": {"bash", "-n"}, "zsh": {"zsh", "-n"}, "fish": {"fish", "--no-execute"}}
	for shell, argv := range checks {
		for _, args := range [][]string{{"init", shell}, {"init", shell, "--no-bind", "--key", "alt-x", "--tmux"}, {"init", shell, "--uninstall"}} {
			var out, errOut bytes.Buffer
			if code := run(args, strings.NewReader(""), &out, &errOut); code != 0 {
				t.Fatalf("cmdai %s: exit %d: %s", strings.Join(args, " "), code, errOut.String())
			}
			if _, err := exec.LookPath(argv[0]); err != nil {
				continue
			}
			cmd := exec.Command(argv[0], argv[1:]...)
			cmd.Stdin = &out
			if msg, err := cmd.CombinedOutput(); err != nil {
				t.Errorf("%s does not parse `cmdai %s`: %v\n%s", shell, strings.Join(args, " "), err, msg)
			}
		}
	}
	var out, errOut bytes.Buffer
	if code := run([]string{"init", "tcsh"}, strings.NewReader(""), &out, &errOut); code != ExitUsage {
		t.Errorf("cmdai init tcsh: exit %d; want %d", code, ExitUsage)
	}
}
