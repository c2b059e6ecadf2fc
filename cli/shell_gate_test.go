package cli_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// The shell's `cmdai REQUEST` goes through the execution gate like every other run: a critical answer
// needs the word yes typed in the popup (one Enter leaves the files alone), the strict mode refuses it
// with status 3, and what ran reaches history with its exit status. Real bash, zsh and fish in tmux.
func TestShellRunGate(t *testing.T) {
	bin := t.TempDir()
	installCmdai(t, bin)
	const request = "delete all files in my home directory"
	for _, shell := range []string{"bash", "zsh", "fish"} {
		t.Run(shell, func(t *testing.T) {
			t.Parallel()
			s := startShell(t, shell, bin)
			s.loadIntegration(shell)
			status := map[string]string{"bash": "$?", "zsh": "$?", "fish": "$status"}[shell]
			home := s.envValue("HOME")
			precious := filepath.Join(home, "precious.txt")
			if err := os.WriteFile(precious, []byte("keep me"), 0o600); err != nil {
				t.Fatal(err)
			}

			// One Enter on a critical answer asks for the word yes and runs nothing.
			s.Type("cmdai " + request)
			s.Keys("Enter")
			s.WaitFor("the critical answer", func(sc string) bool {
				return strings.Contains(sc, "CRITICAL") && strings.Contains(sc, "enter run")
			})
			s.Keys("Enter")
			s.WaitFor("the question for the word yes", func(sc string) bool { return strings.Contains(sc, "type yes") })
			if _, err := os.Stat(precious); err != nil {
				t.Fatalf("one Enter ran the critical command: %v", err)
			}
			// A plain y is not the word.
			s.Type("y")
			s.Keys("Enter")
			s.WaitFor("the refusal of a plain y", func(sc string) bool { return strings.Contains(sc, "not run: ") })
			if _, err := os.Stat(precious); err != nil {
				t.Fatalf("a plain y ran the critical command: %v", err)
			}
			// Esc goes back, a second Esc cancels: nothing ran, status 130.
			s.Keys("Escape")
			s.WaitFor("the answer again", func(sc string) bool { return strings.Contains(sc, "enter run · tab edit") })
			s.Keys("Escape")
			s.WaitFor("the prompt", func(sc string) bool { l, ok := promptLine(sc); return ok && l == "" && !popupOpen(sc) })
			s.Type("echo cancel-status=" + status)
			s.Keys("Enter")
			s.waitLine("the cancel's status", func(l string) bool { return l == "cancel-status=130" })
			if _, err := os.Stat(precious); err != nil {
				t.Fatalf("cancelling ran the critical command: %v", err)
			}

			// The word yes runs it, in this shell; its status reaches history.
			s.Type("cmdai " + request)
			s.Keys("Enter")
			s.WaitFor("the critical answer", func(sc string) bool { return strings.Contains(sc, "enter run") })
			s.Keys("Enter")
			s.WaitFor("the question for the word yes", func(sc string) bool { return strings.Contains(sc, "type yes") })
			s.Type("yes")
			s.Keys("Enter")
			s.WaitFor("the command to run", func(sc string) bool {
				_, err := os.Stat(precious)
				l, ok := promptLine(sc)
				return os.IsNotExist(err) && ok && l == "" && !popupOpen(sc)
			})
			e := s.lastHistory(t)
			if !strings.Contains(e.Command, "rm") || !e.Executed {
				t.Fatalf("history after the run: %+v", e)
			}

			// The strict mode refuses it: nothing runs, the status is 3.
			if err := os.WriteFile(precious, []byte("keep me"), 0o600); err != nil {
				t.Fatal(err)
			}
			cfgDir := filepath.Join(s.envValue("XDG_CONFIG_HOME"), "cmdai")
			if err := os.MkdirAll(cfgDir, 0o700); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(cfgDir, "config.toml"), []byte("[safety]\nmode = \"strict\"\n"), 0o600); err != nil {
				t.Fatal(err)
			}
			s.Type("cmdai " + request)
			s.Keys("Enter")
			s.WaitFor("the refusal", func(sc string) bool {
				return strings.Contains(sc, "refused: the strict safety mode") && strings.Contains(sc, "esc close")
			})
			s.Keys("Enter")
			s.WaitFor("the prompt", func(sc string) bool { l, ok := promptLine(sc); return ok && l == "" && !popupOpen(sc) })
			s.Type("echo strict-status=" + status)
			s.Keys("Enter")
			s.waitLine("the refusal's status", func(l string) bool { return l == "strict-status=3" })
			if _, err := os.Stat(precious); err != nil {
				t.Fatalf("the strict mode ran the critical command: %v", err)
			}

			// An edited command that fails: its status is the function's, and history has the edit as it ran.
			if err := os.WriteFile(filepath.Join(cfgDir, "config.toml"), nil, 0o600); err != nil {
				t.Fatal(err)
			}
			s.Type("cmdai show the contents of missing.txt; echo run-status=" + status)
			s.Keys("Enter")
			s.WaitFor("the answer", func(sc string) bool { return strings.Contains(sc, "enter run") && strings.Contains(sc, "missing.txt") })
			s.Keys("Tab")
			s.WaitFor("the editor", func(sc string) bool { return !strings.Contains(sc, "tab edit") })
			s.Type(" other.txt")
			s.Keys("Enter")
			s.waitLine("the failed command's status", func(l string) bool { return l == "run-status=1" })
			e = s.lastHistory(t)
			if e.Command != "cat missing.txt other.txt" || !e.Executed || e.ExitCode != 1 {
				t.Fatalf("history after an edited, failing run: %+v", e)
			}
		})
	}
}

func (s *session) envValue(name string) string {
	for _, kv := range s.env {
		if v, ok := strings.CutPrefix(kv, name+"="); ok {
			return v
		}
	}
	s.t.Fatalf("no %s in the session's environment", name)
	return ""
}

type historyEntry struct {
	Command  string `json:"command"`
	Executed bool   `json:"executed"`
	ExitCode int    `json:"exit_code"`
}

// lastHistory is the newest history entry, as `cmdai history --json` prints it; the exit status is
// recorded just after the command, so it is polled for briefly.
func (s *session) lastHistory(t *testing.T) historyEntry {
	t.Helper()
	var last historyEntry
	deadline := time.Now().Add(10 * time.Second)
	for {
		c := exec.Command(filepath.Join(s.bin, "cmdai"), "history", "--json")
		c.Env = append(os.Environ(), s.env...)
		out, err := c.Output()
		if err != nil {
			t.Fatalf("cmdai history --json: %v", err)
		}
		lines := strings.Split(strings.TrimSpace(string(out)), "\n")
		if err := json.Unmarshal([]byte(lines[0]), &last); err != nil {
			t.Fatalf("history line %q: %v", lines[0], err)
		}
		if last.Executed || time.Now().After(deadline) {
			return last
		}
		time.Sleep(100 * time.Millisecond)
	}
}
