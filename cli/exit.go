package cli

import (
	"errors"
	"fmt"

	"github.com/cmdai/cmdai/gate"
)

// Exit codes, as the CLI contract lists them.
const (
	ExitOK        = 0
	ExitError     = 1
	ExitUsage     = 2
	ExitRefused   = 3
	ExitCancelled = 130
)

// exitError carries an exit code with the error a person sees. An empty message prints nothing.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string {
	if e.err == nil {
		return ""
	}
	return e.err.Error()
}

func (e *exitError) Unwrap() error { return e.err }

func usageErrorf(format string, args ...any) error {
	return &exitError{code: ExitUsage, err: fmt.Errorf(format, args...)}
}

// errCancelled ends the program quietly with 130.
var errCancelled = &exitError{code: ExitCancelled}

// exitCode is the process exit status for an error returned by a command.
func exitCode(err error) int {
	if err == nil {
		return ExitOK
	}
	var e *exitError
	if errors.As(err, &e) {
		return e.code
	}
	if gate.IsRefused(err) {
		return ExitRefused
	}
	return ExitError
}

// passThrough exits with the status of the command the person ran, printing nothing more.
func passThrough(code int) error {
	if code == 0 {
		return nil
	}
	return &exitError{code: code}
}
