package tui

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/cmdai/cmdai/gate"
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

// shellRun runs a command the gate allowed in the person's shell on the real terminal (tea has left the
// alternate screen and restored the terminal's modes), then waits for Enter so that its output can be
// read before the interface comes back.
type shellRun struct {
	ctx            context.Context
	decision       gate.Decision
	undo           undoRun
	stdin          io.Reader
	stdout, stderr io.Writer
	code           int
	took           time.Duration
}

func (r *shellRun) SetStdin(in io.Reader)   { r.stdin = in }
func (r *shellRun) SetStdout(out io.Writer) { r.stdout = out }
func (r *shellRun) SetStderr(out io.Writer) { r.stderr = out }

func (r *shellRun) Run() error {
	fmt.Fprintf(r.stdout, "$ %s\n", r.decision.Command())
	snap := r.undo.prepare(r.ctx, r.decision, r.stderr)
	start := time.Now()
	code, err := gate.Run(r.ctx, r.decision, gate.Process{Stdin: r.stdin, Stdout: r.stdout, Stderr: r.stderr})
	r.took, r.code = time.Since(start), code
	if err != nil {
		return err
	}
	_ = snap.Commit(context.WithoutCancel(r.ctx), r.undo.historyID, code)
	fmt.Fprintf(r.stdout, "\n[exit %d] press Enter to return to cmdai ", r.code)
	_, _ = bufio.NewReader(r.stdin).ReadString('\n')
	return nil
}

// runCommand leaves the alternate screen and runs the command d allows with $SHELL -c, after
// snapshotting what it will change for undo.
func runCommand(ctx context.Context, d gate.Decision, u undoRun) tea.Cmd {
	r := &shellRun{ctx: ctx, decision: d, undo: u}
	return tea.Exec(r, func(err error) tea.Msg {
		return ExitMsg{Command: d.Command(), Code: r.code, Duration: r.took, Err: err}
	})
}

// recordExit stores the exit status of command, as it ran, against history entry id.
func recordExit(ctx context.Context, c *ipc.Client, id, command string, code int, took time.Duration) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		defer cancel()
		code = min(max(code, 0), 255)
		return ExitRecordedMsg{Err: c.RecordExit(ctx, id, ipc.ExitRequest{ExitCode: code, DurationMS: took.Milliseconds(), Command: command})}
	}
}
