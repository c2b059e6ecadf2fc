package tui

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/cmdai/cmdai/ipc"
)

// The interface end to end, as a person sees it: the real cmdai binary in tmux, a real daemon that it
// starts itself in private XDG directories, keys typed with send-keys and the screen read back with
// capture-pane.

// buildCmdai builds cmd/cmdai into dir.
func buildCmdai(t *testing.T, dir string) string {
	t.Helper()
	bin := filepath.Join(dir, "cmdai")
	out, err := exec.Command("go", "build", "-o", bin, "github.com/cmdai/cmdai/cmd/cmdai").CombinedOutput()
	if err != nil {
		t.Fatalf("build cmdai: %v\n%s", err, out)
	}
	return bin
}

type tmuxScreen struct {
	t    *testing.T
	tmux []string
	env  []string
}

func (s *tmuxScreen) run(args ...string) string {
	s.t.Helper()
	cmd := exec.Command("tmux", append(s.tmux, args...)...)
	cmd.Env = append(os.Environ(), s.env...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		s.t.Fatalf("tmux %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

func (s *tmuxScreen) typeText(text string) { s.t.Helper(); s.run("send-keys", "-l", "--", text) }
func (s *tmuxScreen) keys(keys ...string) {
	s.t.Helper()
	s.run(append([]string{"send-keys"}, keys...)...)
}

// waitFor polls the screen until every part shows.
func (s *tmuxScreen) waitFor(parts ...string) string {
	s.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		sc := s.run("capture-pane", "-p")
		ok := true
		for _, p := range parts {
			ok = ok && strings.Contains(sc, p)
		}
		if ok {
			return sc
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("waiting for %q; the screen:\n%s", parts, sc)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// running reports whether process pid is alive: a zombie (exited, not yet reaped by whoever adopted
// it) is not.
func running(pid int) bool {
	if errors.Is(syscall.Kill(pid, 0), syscall.ESRCH) {
		return false
	}
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return !errors.Is(err, os.ErrNotExist)
	}
	// The state follows the command name in parentheses, which may itself hold spaces.
	i := bytes.LastIndexByte(stat, ')')
	return i < 0 || i+2 >= len(stat) || stat[i+2] != 'Z'
}

// gone waits until none of parts shows, so that the next key is not read together with an Escape
// still in flight (Esc then s would be Alt+S).
func (s *tmuxScreen) gone(parts ...string) {
	s.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		sc := s.run("capture-pane", "-p")
		shown := false
		for _, p := range parts {
			shown = shown || strings.Contains(sc, p)
		}
		if !shown {
			return
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("waiting for %q to go; the screen:\n%s", parts, sc)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestEndToEndTmux(t *testing.T) {
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Fatal("tmux is not installed (scripts/test-deps.sh installs it)")
	}
	root := t.TempDir()
	bin := buildCmdai(t, root)
	// The socket path must stay under about 100 bytes: t.TempDir() is too long for it.
	run, err := os.MkdirTemp("", "cmdai-e2e")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(run) })
	for _, d := range []string{"home", "config/cmdai", "data", "state", "work"} {
		if err := os.MkdirAll(filepath.Join(root, d), 0o700); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(root, "config/cmdai/config.toml"), []byte("backend = \"offline\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	s := &tmuxScreen{t: t, tmux: []string{"-L", "cmdai-tui-e2e", "-f", "/dev/null"}, env: []string{
		"HOME=" + filepath.Join(root, "home"),
		"XDG_CONFIG_HOME=" + filepath.Join(root, "config"),
		"XDG_DATA_HOME=" + filepath.Join(root, "data"),
		"XDG_STATE_HOME=" + filepath.Join(root, "state"),
		"XDG_RUNTIME_DIR=" + run,
		"TMUX_TMPDIR=" + run,
		"LANG=C.UTF-8", "LC_ALL=C.UTF-8", "TERM=xterm-256color", "SHELL=/bin/sh",
	}}
	client := &ipc.Client{Socket: filepath.Join(run, "cmdai", "cmdai.sock")}
	t.Cleanup(client.Close)
	var daemonPID int
	t.Cleanup(func() {
		stop := exec.Command(bin, "daemon", "stop")
		stop.Env = append(os.Environ(), s.env...)
		if out, err := stop.CombinedOutput(); err != nil {
			t.Logf("cmdai daemon stop: %v\n%s", err, out)
		}
		// The server's socket is under the session's TMUX_TMPDIR: kill it there, and make sure it is gone.
		kill := exec.Command("tmux", append(s.tmux, "kill-server")...)
		kill.Env = append(os.Environ(), s.env...)
		_ = kill.Run()
		check := exec.Command("tmux", append(s.tmux, "has-session")...)
		check.Env = kill.Env
		if check.Run() == nil {
			t.Errorf("the tmux server %v is still running after kill-server", s.tmux)
		}
		if daemonPID == 0 {
			return
		}
		deadline := time.Now().Add(5 * time.Second)
		for running(daemonPID) {
			if time.Now().After(deadline) {
				_ = syscall.Kill(daemonPID, syscall.SIGKILL)
				t.Errorf("the daemon (pid %d) outlived the test", daemonPID)
				return
			}
			time.Sleep(20 * time.Millisecond)
		}
	})
	args := append([]string{"-u", "new-session", "-d", "-x", "120", "-y", "40", "-c", filepath.Join(root, "work"), "env"}, s.env...)
	s.run(append(args, bin)...)

	// The interface starts the daemon itself.
	s.waitFor("what do you want to do?", "● daemon", "ctrl+t patterns")
	st, err := client.Status(context.Background())
	if err != nil {
		t.Fatalf("the interface shows a daemon, but none answers on its socket: %v", err)
	}
	daemonPID = st.PID

	// A request whose answer is critical: the command, its badge and why.
	s.typeText("delete all files in /")
	s.keys("Enter")
	sc := s.waitFor("asked delete all files in /", "CRITICAL", "rm", "enter run")
	if !strings.Contains(sc, "┏") {
		t.Errorf("a critical command is not in the heavy frame:\n%s", sc)
	}
	// Enter asks for the word yes before it would run; Esc backs out.
	s.keys("Enter")
	s.waitFor("type yes to run it")
	s.keys("Escape")
	s.gone("type yes to run it")

	// Save it as a pattern, then find it in the patterns browser.
	s.keys("s")
	s.waitFor("Save as pattern", "description  delete all files in /")
	s.typeText("wipe root")
	s.keys("Enter")
	s.waitFor("saved as pattern “wipe root”")
	s.keys("C-t")
	s.waitFor("Patterns", "wipe root", "local · 0 uses", "enter use")
	s.keys("Escape")
	s.gone("enter use")

	// History has the request.
	s.keys("C-r")
	s.waitFor("History", "search:", "critical", "asked delete all files in /")
	s.keys("Escape")
	s.gone("search:")
	s.waitFor("CRITICAL", "enter run")
	s.keys("C-c")
}
