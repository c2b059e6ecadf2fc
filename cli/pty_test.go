package cli_test

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/creack/pty"
	"github.com/rogpeppe/go-internal/testscript"
)

// scriptEnv lists the variables a child started by the custom commands inherits from the script.
var scriptEnv = []string{"HOME", "PATH", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME",
	"XDG_RUNTIME_DIR", "SHELL", "TERM", "NO_COLOR", "EDITOR", "VISUAL", "TMPDIR"}

func scriptCommand(ts *testscript.TestScript, args []string) *exec.Cmd {
	prog := args[0]
	if !strings.Contains(prog, "/") {
		for _, dir := range filepath.SplitList(ts.Getenv("PATH")) {
			if p := filepath.Join(dir, prog); isExecutable(p) {
				prog = p
				break
			}
		}
	}
	cmd := exec.Command(prog, args[1:]...)
	cmd.Dir = ts.MkAbs(".")
	for _, k := range scriptEnv {
		if v := ts.Getenv(k); v != "" {
			cmd.Env = append(cmd.Env, k+"="+v)
		}
	}
	return cmd
}

func isExecutable(p string) bool {
	st, err := os.Stat(p)
	return err == nil && !st.IsDir() && st.Mode()&0o111 != 0
}

// exitCodeCmd runs `exitcode N prog args...` and fails unless prog exits with status N; its output
// becomes the script's stdout and stderr.
func exitCodeCmd(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: exitcode N prog [args...]")
	}
	want, err := strconv.Atoi(args[0])
	if err != nil {
		ts.Fatalf("exitcode: %v", err)
	}
	cmd := scriptCommand(ts, args[1:])
	cmd.Stdout, cmd.Stderr = ts.Stdout(), ts.Stderr()
	got := exitStatus(cmd.Run())
	if got != want {
		ts.Fatalf("%s exited with %d, want %d", args[1], got, want)
	}
}

func exitStatus(err error) int {
	var exit *exec.ExitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &exit):
		return exit.ExitCode()
	}
	return -1
}

var ansi = regexp.MustCompile(`\x1b\[[0-9;?]*[A-Za-z]|\r`)

// ptyCmd runs `pty [-code N] SCRIPT prog args...` with standard input, output and error on a new
// pseudo-terminal, as a person at a terminal would. SCRIPT holds lines `expect TEXT` (wait up to 10s for
// TEXT in the output that follows the last match) and `send TEXT` (Go string escapes: \r, \x1b, \x03).
// The terminal output, with escape sequences removed, becomes the script's stdout.
func ptyCmd(ts *testscript.TestScript, neg bool, args []string) {
	want := 0
	if len(args) > 1 && args[0] == "-code" {
		n, err := strconv.Atoi(args[1])
		if err != nil {
			ts.Fatalf("pty: bad -code: %v", err)
		}
		want, args = n, args[2:]
	}
	if neg || len(args) < 2 {
		ts.Fatalf("usage: pty [-code N] script prog [args...]")
	}
	steps := strings.Split(strings.TrimSpace(ts.ReadFile(args[0])), "\n")
	cmd := scriptCommand(ts, args[1:])
	term, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 40, Cols: 120})
	if err != nil {
		ts.Fatalf("pty: start: %v", err)
	}
	defer term.Close()

	var mu sync.Mutex
	var out bytes.Buffer
	readDone := make(chan struct{})
	go func() {
		defer close(readDone)
		buf := make([]byte, 4096)
		for {
			n, err := term.Read(buf)
			mu.Lock()
			out.Write(buf[:n])
			mu.Unlock()
			if err != nil {
				return
			}
		}
	}()
	screen := func() string {
		mu.Lock()
		defer mu.Unlock()
		return ansi.ReplaceAllString(out.String(), "")
	}

	seen := 0
	for _, step := range steps {
		verb, arg, _ := strings.Cut(strings.TrimSpace(step), " ")
		switch verb {
		case "expect":
			deadline := time.Now().Add(10 * time.Second)
			for {
				s := screen()
				if i := strings.Index(s[seen:], arg); i >= 0 {
					seen += i + len(arg)
					break
				}
				if time.Now().After(deadline) {
					cmd.Process.Kill()
					ts.Fatalf("pty: waited 10s for %q; the terminal shows:\n%s", arg, s)
				}
				time.Sleep(10 * time.Millisecond)
			}
		case "send":
			text, err := strconv.Unquote(`"` + arg + `"`)
			if err != nil {
				ts.Fatalf("pty: bad send %q: %v", arg, err)
			}
			if _, err := term.Write([]byte(text)); err != nil {
				ts.Fatalf("pty: send: %v", err)
			}
		case "", "#":
		default:
			ts.Fatalf("pty: unknown step %q", step)
		}
	}

	waitErr := make(chan error, 1)
	go func() { waitErr <- cmd.Wait() }()
	var got int
	select {
	case err := <-waitErr:
		got = exitStatus(err)
	case <-time.After(10 * time.Second):
		cmd.Process.Kill()
		ts.Fatalf("pty: %s did not exit within 10s; the terminal shows:\n%s", args[1], screen())
	}
	select {
	case <-readDone:
	case <-time.After(2 * time.Second):
	}
	fmt.Fprint(ts.Stdout(), screen())
	if got != want {
		ts.Fatalf("pty: %s exited with %d, want %d; the terminal shows:\n%s", args[1], got, want, screen())
	}
}
