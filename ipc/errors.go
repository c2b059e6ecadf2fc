package ipc

import (
	"errors"
	"fmt"
	"net/http"
	"time"
)

// Error codes the daemon answers with.
const (
	CodeBadRequest       = "bad_request"
	CodeTooLarge         = "too_large"
	CodeForbidden        = "forbidden"
	CodeNotFound         = "not_found"
	CodeMethodNotAllowed = "method_not_allowed"
	CodeNoAnswer         = "no_answer"
	CodeBackend          = "backend"
	CodeInvalidConfig    = "invalid_config"
	CodeCancelled        = "cancelled"
	CodeInternal         = "internal"
)

// ErrDaemonUnavailable matches (errors.Is) every error that means no daemon answered: none is running
// and none could be started, or one holds the socket but does not respond (ErrDaemonNotResponding).
var ErrDaemonUnavailable = errors.New("daemon not running")

// ErrDaemonNotResponding matches (errors.Is) the errors that mean a daemon holds the socket but did not
// start answering in time: it was stopped (SIGSTOP, a debugger) or is stuck. Such errors match
// ErrDaemonUnavailable too, so that callers that can answer without the daemon do.
var ErrDaemonNotResponding = errors.New("daemon not responding")

// ErrDaemonUnusable matches (errors.Is) the errors that mean no daemon can run for this user here: its
// socket directory cannot be created or used. Such errors match ErrDaemonUnavailable too, so that
// callers that can answer without the daemon do; none of them advises starting it.
var ErrDaemonUnusable = errors.New("no daemon can run here")

// ErrAlreadyRunning means another daemon holds the per-user lock or answers on the socket.
var ErrAlreadyRunning = errors.New("another cmdai daemon is already running")

// Error is an error the daemon reported, with the HTTP status it came with (200 for error events).
type Error struct {
	Status  int
	Code    string
	Message string
	// Alternatives are what a no_answer generation error carries (ErrorBody.Alternatives).
	Alternatives []Alternative
	// Readings are the closest readings a no_answer error carries (ErrorBody.Readings).
	Readings []string
}

func (e *Error) Error() string { return e.Message }

// IsAccessDenied reports whether the daemon refused the caller (it runs as another user).
func IsAccessDenied(err error) bool { return hasCode(err, CodeForbidden) }

// IsNotFound reports whether the daemon has no such entry or route.
func IsNotFound(err error) bool { return hasCode(err, CodeNotFound) }

// IsNoAnswer reports whether the backend was not confident enough to suggest a command.
func IsNoAnswer(err error) bool { return hasCode(err, CodeNoAnswer) }

// NoAnswerAlternatives returns the alternatives a no_answer error carries, if any.
func NoAnswerAlternatives(err error) []Alternative {
	var e *Error
	if errors.As(err, &e) && e.Code == CodeNoAnswer {
		return e.Alternatives
	}
	return nil
}

// NoAnswerReadings returns what the backend nearly understood, when err is a no_answer error.
func NoAnswerReadings(err error) []string {
	var e *Error
	if errors.As(err, &e) && e.Code == CodeNoAnswer {
		return e.Readings
	}
	return nil
}

func hasCode(err error, code string) bool {
	var e *Error
	return errors.As(err, &e) && e.Code == code
}

// unavailableError says why no daemon answered and what to do about it.
type unavailableError struct {
	socket string
	err    error
}

func (e *unavailableError) Error() string {
	return fmt.Sprintf("daemon not running at %s (%v): start it with 'cmdai daemon start'", e.socket, e.err)
}

func (e *unavailableError) Unwrap() error { return e.err }

func (e *unavailableError) Is(target error) bool { return target == ErrDaemonUnavailable }

// unusableError says why no daemon can run, and what to do about it.
type unusableError struct {
	socket string
	err    error
}

func (e *unusableError) Error() string {
	return fmt.Sprintf("no cmdai daemon can run with the socket %s (%v): set XDG_RUNTIME_DIR to a directory of yours; until then cmdai answers without a daemon, and keeps no history", e.socket, e.err)
}

func (e *unusableError) Unwrap() error { return e.err }

func (e *unusableError) Is(target error) bool {
	return target == ErrDaemonUnusable || target == ErrDaemonUnavailable
}

// notRespondingError says which daemon did not answer in time, and what to do about it.
type notRespondingError struct {
	socket string
	pid    int // 0 when the lock file names none
	wait   time.Duration
}

func (e *notRespondingError) Error() string {
	who := "the cmdai daemon"
	if e.pid > 0 {
		who = fmt.Sprintf("the cmdai daemon (pid %d)", e.pid)
	}
	return fmt.Sprintf("%s on %s did not answer within %s: it is stopped or stuck; stop it with 'cmdai daemon stop'",
		who, e.socket, e.wait)
}

func (e *notRespondingError) Is(target error) bool {
	return target == ErrDaemonNotResponding || target == ErrDaemonUnavailable
}

// StatusFor is the HTTP status a daemon sends with an error code.
func StatusFor(code string) int {
	switch code {
	case CodeBadRequest, CodeInvalidConfig:
		return http.StatusBadRequest
	case CodeTooLarge:
		return http.StatusRequestEntityTooLarge
	case CodeForbidden:
		return http.StatusForbidden
	case CodeNotFound:
		return http.StatusNotFound
	case CodeMethodNotAllowed:
		return http.StatusMethodNotAllowed
	case CodeNoAnswer:
		return http.StatusUnprocessableEntity
	case CodeBackend:
		return http.StatusBadGateway
	}
	return http.StatusInternalServerError
}
