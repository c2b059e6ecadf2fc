package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"syscall"
)

// runInShell runs cmd with the person's $SHELL -c on the real terminal and passes its exit status
// through. cmdai ignores Ctrl-C meanwhile: the terminal delivers it to the command, which decides.
func runInShell(ctx context.Context, cmd string, tty *os.File) error {
	shell := os.Getenv("SHELL")
	if shell == "" {
		shell = "/bin/sh"
	}
	c := exec.CommandContext(ctx, shell, "-c", cmd)
	c.Stdin, c.Stdout, c.Stderr = tty, os.Stdout, os.Stderr
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGQUIT)
	defer signal.Stop(sigs)

	err := c.Run()
	var exit *exec.ExitError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &exit):
		if st, ok := exit.Sys().(syscall.WaitStatus); ok && st.Signaled() {
			return passThrough(128 + int(st.Signal()))
		}
		return passThrough(exit.ExitCode())
	}
	return fmt.Errorf("run %s: %w", shell, err)
}
