package cli_test

import (
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/cmdai/cmdai/internal/tmuxtest"
)

// The shell integration, end to end: real bash, zsh and fish in tmux, the test binary as cmdai (TestMain
// dispatches on the name), a real daemon that the first Ctrl-G autostarts.

const prompt = "READY> "

// installCmdai puts this test binary in dir under the name cmdai: a hard link (a copy where links fail),
// never a symlink, because `cmdai init` prints the resolved path of the running binary.
func installCmdai(t *testing.T, dir string) {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	dst := filepath.Join(dir, "cmdai")
	if err := os.Link(exe, dst); err != nil {
		if err := copyFile(exe, dst); err != nil {
			t.Fatalf("install cmdai for the shell tests: %v", err)
		}
	}
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_WRONLY, 0o755)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// session is one shell in its own tmux server, with its own home, XDG directories and daemon.
type session struct {
	*tmuxtest.Server
	t   *testing.T
	bin string // the directory cmdai is in
	env []string
	dir string // the shell's working directory
}

func startShell(t *testing.T, shell, bin string) *session {
	t.Helper()
	if _, err := exec.LookPath(shell); err != nil {
		t.Fatalf("%s is not installed (scripts/test-deps.sh installs it)", shell)
	}
	root := t.TempDir()
	s := &session{t: t, bin: bin, dir: filepath.Join(root, "work")}
	for _, d := range []string{"home", "config", "data", "state", "run", "work", "tmux"} {
		if err := os.MkdirAll(filepath.Join(root, d), 0o700); err != nil {
			t.Fatal(err)
		}
	}
	s.env = []string{
		"HOME=" + filepath.Join(root, "home"),
		"XDG_CONFIG_HOME=" + filepath.Join(root, "config"),
		"XDG_DATA_HOME=" + filepath.Join(root, "data"),
		"XDG_STATE_HOME=" + filepath.Join(root, "state"),
		"XDG_RUNTIME_DIR=" + filepath.Join(root, "run"),
		"TMUX_TMPDIR=" + filepath.Join(root, "tmux"),
		"PATH=" + bin + string(os.PathListSeparator) + os.Getenv("PATH"),
		"LANG=C.UTF-8", "LC_ALL=C.UTF-8", "NO_COLOR=1",
		"SHELL=" + shell,
	}
	var argv []string
	switch shell {
	case "bash":
		argv = []string{"bash", "--norc", "--noprofile"}
		s.env = append(s.env, "PS1="+prompt, "HISTFILE=/dev/null")
	case "zsh":
		argv = []string{"zsh", "-f"}
		s.env = append(s.env, "PS1="+prompt)
	case "fish":
		argv = []string{"fish", "--no-config", "-C", `function fish_prompt; echo -n "` + prompt + `"; end; function fish_greeting; end`}
	}
	s.Server = tmuxtest.Start(t, "cmdai-"+shell, s.env, 120, 30, s.dir, argv...)
	// A generous deadline keeps a loaded machine from failing the test; polling keeps a fast one fast.
	s.Wait = 20 * time.Second
	t.Cleanup(func() {
		stop := exec.Command(filepath.Join(s.bin, "cmdai"), "daemon", "stop")
		stop.Env = append(os.Environ(), s.env...)
		_ = stop.Run()
	})
	s.waitLine("the first prompt", func(l string) bool { return l == strings.TrimSpace(prompt) })
	return s
}

// loadIntegration loads `cmdai init SHELL` into the session's shell, as its startup file would.
func (s *session) loadIntegration(shell string) {
	s.t.Helper()
	install := map[string]string{"bash": `eval "$(cmdai init bash)"`, "zsh": `eval "$(cmdai init zsh)"`,
		"fish": `cmdai init fish | source`}[shell]
	s.Type(install + "; echo installed-ok")
	s.Keys("Enter")
	s.waitLine("the init script", func(l string) bool { return l == "installed-ok" })
}

// promptLine is the last line that starts with the prompt: what the person is editing.
func promptLine(screen string) (string, bool) {
	lines := strings.Split(screen, "\n")
	for i := len(lines) - 1; i >= 0; i-- {
		if l := strings.TrimRight(lines[i], " "); strings.HasPrefix(l+" ", prompt) {
			return strings.TrimPrefix(strings.TrimPrefix(l, strings.TrimSpace(prompt)), " "), true
		}
	}
	return "", false
}

func (s *session) waitLine(what string, cond func(line string) bool) string {
	s.t.Helper()
	return s.WaitFor(what, func(sc string) bool {
		for _, l := range strings.Split(sc, "\n") {
			if cond(strings.TrimRight(l, " ")) {
				return true
			}
		}
		return false
	})
}

// popupOpen reports whether the popup's help line is on the screen.
func popupOpen(sc string) bool {
	return strings.Contains(sc, "esc cancel") || strings.Contains(sc, "esc close")
}

// waitEditing waits until the popup is gone and the edited line reads want.
func (s *session) waitEditing(what string, want func(line string) bool) {
	s.t.Helper()
	s.WaitFor(what, func(sc string) bool {
		l, ok := promptLine(sc)
		return ok && !popupOpen(sc) && want(l)
	})
}

var mkdirDemo = regexp.MustCompile(`^mkdir (-p )?demo$`)

func TestShellIntegration(t *testing.T) {
	bin := t.TempDir()
	installCmdai(t, bin)
	for _, shell := range []string{"bash", "zsh", "fish"} {
		t.Run(shell, func(t *testing.T) {
			t.Parallel()
			s := startShell(t, shell, bin)
			s.loadIntegration(shell)

			// Ctrl-G on a request: the accepted command replaces the line and does not run.
			s.Type("create a directory named demo")
			s.Keys("C-g")
			s.WaitFor("the answer and its badge", func(sc string) bool {
				return strings.Contains(sc, "SAFE") && strings.Contains(sc, "mkdir")
			})
			s.Keys("Enter")
			s.waitEditing("the command on the line", func(l string) bool { return mkdirDemo.MatchString(l) })
			if _, err := os.Stat(filepath.Join(s.dir, "demo")); err == nil {
				t.Fatal("accepting the command ran it")
			}
			s.Keys("C-u")
			s.waitEditing("an empty line", func(l string) bool { return l == "" })

			// Esc leaves the line exactly as it was: quotes, unicode, dollars and double spaces.
			original := `echo "ünï 'q' $HOME"  create a directory named demo ✓`
			s.Type(original)
			s.waitEditing("the typed line", func(l string) bool { return l == original })
			s.Keys("C-g")
			s.WaitFor("the popup", func(sc string) bool { return strings.Contains(sc, "SAFE") })
			s.Keys("Escape")
			s.waitEditing("the original line", func(l string) bool { return l == original })
			s.Keys("C-u")
			s.waitEditing("an empty line", func(l string) bool { return l == "" })

			// An empty line fixes the last command.
			s.Type("gti status")
			s.Keys("Enter")
			s.WaitFor("the failed command", func(sc string) bool {
				l, ok := promptLine(sc)
				return ok && l == "" && (strings.Contains(sc, "not found") || strings.Contains(sc, "Unknown command"))
			})
			s.Keys("C-g")
			s.WaitFor("the fix", func(sc string) bool {
				return strings.Contains(sc, "fix: gti status (exit 127)") && strings.Contains(sc, "SAFE")
			})
			s.Keys("Enter")
			s.waitEditing("the fixed command on the line", func(l string) bool { return l == "git status" })
			s.Keys("C-u")
			s.waitEditing("an empty line", func(l string) bool { return l == "" })

			// cmdai REQUEST runs the accepted command in this shell.
			s.Type("cmdai create a directory named demo")
			s.Keys("Enter")
			s.WaitFor("the one-shot popup", func(sc string) bool { return strings.Contains(sc, "enter run") })
			s.Keys("Enter")
			s.WaitFor("the command to run", func(sc string) bool {
				_, err := os.Stat(filepath.Join(s.dir, "demo"))
				l, ok := promptLine(sc)
				return err == nil && ok && l == "" && !popupOpen(sc)
			})

			// Uninstalling leaves no function behind.
			uninstall := map[string]string{
				"bash": `eval "$(cmdai init bash --uninstall)"; type -t cmdai`,
				"zsh":  `eval "$(cmdai init zsh --uninstall)"; whence -w cmdai`,
				"fish": `cmdai init fish --uninstall | source; type -t cmdai`,
			}[shell]
			s.Type(uninstall)
			s.Keys("Enter")
			s.waitLine("cmdai to be the binary again", func(l string) bool { return l == "file" || l == "cmdai: command" })
			// Ctrl-G no longer opens the popup: had it, the popup would take the keys typed next.
			s.Type("create a directory named demo")
			s.Keys("C-g", "C-u")
			s.Type("echo after-uninstall")
			s.Keys("Enter")
			s.waitLine("the shell to run the next command", func(l string) bool { return l == "after-uninstall" })
		})
	}
}
