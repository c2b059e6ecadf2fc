package cli

import (
	"context"
	"os"

	"github.com/cmdai/cmdai/gate"
)

// runAllowed runs the command the gate allowed with the person's $SHELL -c on the real terminal and
// passes its exit status through.
func runAllowed(ctx context.Context, d gate.Decision, tty *os.File) error {
	code, err := gate.Run(ctx, d, gate.Process{Stdin: tty, Stdout: os.Stdout, Stderr: os.Stderr})
	if err != nil {
		return err
	}
	return passThrough(code)
}
