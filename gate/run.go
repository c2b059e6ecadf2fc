package gate

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"syscall"
)

// ErrNotAllowed is Run's answer to a decision that does not allow: nothing ran.
var ErrNotAllowed = errors.New("the command was not allowed to run")

// Process is where an allowed command runs: a shell and the streams it reads and writes.
type Process struct {
	// Shell runs the command as `Shell -c COMMAND`; empty means $SHELL, then /bin/sh.
	Shell          string
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	Env            []string // nil: this process's environment
	Dir            string   // empty: this process's working directory
}

// ShellPath is the shell a command runs in when Process.Shell is empty: $SHELL, else /bin/sh.
func ShellPath() string {
	if sh := os.Getenv("SHELL"); sh != "" {
		return sh
	}
	return "/bin/sh"
}

// Run runs the command that d allows with the shell's -c and returns its exit status: 128+N when signal
// N ended it. A decision that does not allow runs nothing and returns ErrNotAllowed (wrapping the
// refusal, if it is one). err is set only when the shell could not be started.
//
// While the command runs, cmdai ignores Ctrl-C and Ctrl-\: the terminal delivers them to the command,
// which decides.
func Run(ctx context.Context, d Decision, p Process) (code int, err error) {
	if !d.Allowed() {
		if r := d.Err(); r != nil {
			return 0, fmt.Errorf("%w: %w", ErrNotAllowed, r)
		}
		return 0, ErrNotAllowed
	}
	shell := p.Shell
	if shell == "" {
		shell = ShellPath()
	}
	c := exec.CommandContext(ctx, shell, "-c", d.command)
	c.Stdin, c.Stdout, c.Stderr = p.Stdin, p.Stdout, p.Stderr
	c.Env, c.Dir = p.Env, p.Dir
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGQUIT)
	defer signal.Stop(sigs)

	err = c.Run()
	var exit *exec.ExitError
	switch {
	case err == nil:
		return 0, nil
	case errors.As(err, &exit):
		if st, ok := exit.Sys().(syscall.WaitStatus); ok && st.Signaled() {
			return 128 + int(st.Signal()), nil
		}
		return exit.ExitCode(), nil
	}
	return 0, fmt.Errorf("run %s: %w", shell, err)
}
