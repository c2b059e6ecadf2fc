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

	"github.com/cmdai/cmdai/internal/tmuxtest"
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

func TestEndToEndTmux(t *testing.T) {
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
	env := []string{
		"HOME=" + filepath.Join(root, "home"),
		"XDG_CONFIG_HOME=" + filepath.Join(root, "config"),
		"XDG_DATA_HOME=" + filepath.Join(root, "data"),
		"XDG_STATE_HOME=" + filepath.Join(root, "state"),
		"XDG_RUNTIME_DIR=" + run,
		"TMUX_TMPDIR=" + run,
		"LANG=C.UTF-8", "LC_ALL=C.UTF-8", "TERM=xterm-256color", "SHELL=/bin/sh",
	}
	client := &ipc.Client{Socket: filepath.Join(run, "cmdai", "cmdai.sock")}
	t.Cleanup(client.Close)
	var daemonPID int
	t.Cleanup(func() {
		stop := exec.Command(bin, "daemon", "stop")
		stop.Env = append(os.Environ(), env...)
		if out, err := stop.CombinedOutput(); err != nil {
			t.Logf("cmdai daemon stop: %v\n%s", err, out)
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
	s := tmuxtest.Start(t, "cmdai-tui-e2e", env, 120, 40, filepath.Join(root, "work"), bin)

	// The interface starts the daemon itself.
	s.Shows("what do you want to do?", "● daemon", "ctrl+t patterns")
	st, err := client.Status(context.Background())
	if err != nil {
		t.Fatalf("the interface shows a daemon, but none answers on its socket: %v", err)
	}
	daemonPID = st.PID

	// A request whose answer is critical: the command, its badge and why.
	s.Type("delete all files in /")
	s.Keys("Enter")
	sc := s.Shows("asked delete all files in /", "CRITICAL", "rm", "enter run")
	if !strings.Contains(sc, "┏") {
		t.Errorf("a critical command is not in the heavy frame:\n%s", sc)
	}
	// Enter asks for the word yes before it would run; Esc backs out.
	s.Keys("Enter")
	s.Shows("type yes to run it")
	s.Keys("Escape")
	s.Gone("type yes to run it")

	// Save it as a pattern, then find it in the patterns browser.
	s.Keys("s")
	s.Shows("Save as pattern", "description  delete all files in /")
	s.Type("wipe root")
	s.Keys("Enter")
	s.Shows("saved as pattern “wipe root”")
	s.Keys("C-t")
	s.Shows("Patterns", "wipe root", "local · 0 uses", "enter use")
	s.Keys("Escape")
	s.Gone("enter use")

	// History has the request.
	s.Keys("C-r")
	s.Shows("History", "search:", "critical", "asked delete all files in /")
	s.Keys("Escape")
	s.Gone("search:")
	s.Shows("CRITICAL", "enter run")
	s.Keys("C-c")
}
