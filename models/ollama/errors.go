package ollama

import (
	"errors"
	"fmt"
)

// Errors callers match with errors.Is. The errors the backend returns are the typed ones below, which
// errors.Is also matches against these.
var (
	// ErrNotRunning means nothing answered at the server's URL.
	ErrNotRunning = errors.New("ollama is not running")
	// ErrModelMissing means the server does not have the model.
	ErrModelMissing = errors.New("model not found in ollama")
)

// The errors below state what went wrong and nothing more: what a person can do about it depends on
// where they are (a config file to edit, a server to start), so whoever shows them adds it.

// NotRunningError means nothing answered at URL.
type NotRunningError struct {
	URL string
}

func (e *NotRunningError) Error() string { return fmt.Sprintf("%v at %s", ErrNotRunning, e.URL) }

// Is makes errors.Is(err, ErrNotRunning) hold.
func (e *NotRunningError) Is(target error) bool { return target == ErrNotRunning }

// ModelMissingError means the server at URL does not have Model.
type ModelMissingError struct {
	Model, URL string
}

func (e *ModelMissingError) Error() string {
	return fmt.Sprintf("%v: %q is not on the ollama server at %s", ErrModelMissing, e.Model, e.URL)
}

// Is makes errors.Is(err, ErrModelMissing) hold.
func (e *ModelMissingError) Is(target error) bool { return target == ErrModelMissing }

// InvalidURLError means the URL New was given (the ollama.url setting) is not an http URL.
type InvalidURLError struct {
	URL string
}

func (e *InvalidURLError) Error() string {
	return fmt.Sprintf("ollama.url %q is not a URL such as %s", e.URL, DefaultURL)
}
