package tui

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"syscall"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/cmdai/cmdai/ipc"
)

// ExitMsg reports how a command the person ran ended.
type ExitMsg struct {
	Command  string
	Code     int
	Duration time.Duration
	// Err is set when the shell could not be started at all.
	Err error
}

// ExitRecordedMsg reports whether the daemon stored an exit status in history.
type ExitRecordedMsg struct{ Err error }

// shellRun runs a command in the person's shell on the real terminal (tea has left the alternate screen
// and restored the terminal's modes), then waits for Enter so that its output can be read before the
// interface comes back.
type shellRun struct {
	shell, command string
	stdin          io.Reader
	stdout, stderr io.Writer
	code           int
	took           time.Duration
}

func (r *shellRun) SetStdin(in io.Reader)   { r.stdin = in }
func (r *shellRun) SetStdout(out io.Writer) { r.stdout = out }
func (r *shellRun) SetStderr(out io.Writer) { r.stderr = out }

func (r *shellRun) Run() error {
	c := exec.Command(r.shell, "-c", r.command)
	c.Stdin, c.Stdout, c.Stderr = r.stdin, r.stdout, r.stderr
	fmt.Fprintf(r.stdout, "$ %s\n", r.command)
	start := time.Now()
	err := c.Run()
	r.took = time.Since(start)
	var exit *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &exit):
		r.code = exit.ExitCode()
		if st, ok := exit.Sys().(syscall.WaitStatus); ok && st.Signaled() {
			r.code = 128 + int(st.Signal())
		}
	default:
		return fmt.Errorf("run %s: %w", r.shell, err)
	}
	fmt.Fprintf(r.stdout, "\n[exit %d] press Enter to return to cmdai ", r.code)
	_, _ = bufio.NewReader(r.stdin).ReadString('\n')
	return nil
}

// runCommand leaves the alternate screen and runs command with $SHELL -c.
func runCommand(command string) tea.Cmd {
	shell := os.Getenv("SHELL")
	if shell == "" {
		shell = "/bin/sh"
	}
	r := &shellRun{shell: shell, command: command}
	return tea.Exec(r, func(err error) tea.Msg {
		return ExitMsg{Command: command, Code: r.code, Duration: r.took, Err: err}
	})
}

// recordExit stores the exit status against history entry id.
func recordExit(ctx context.Context, c *ipc.Client, id string, code int, took time.Duration) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		defer cancel()
		code = min(max(code, 0), 255)
		return ExitRecordedMsg{Err: c.RecordExit(ctx, id, ipc.ExitRequest{ExitCode: code, DurationMS: took.Milliseconds()})}
	}
}
