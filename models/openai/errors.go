package openai

import (
	"errors"
	"fmt"
)

// Errors callers match with errors.Is. The errors the backend returns are the typed ones below, which
// errors.Is also matches against these.
var (
	// ErrUnreachable means nothing answered at the server's URL.
	ErrUnreachable = errors.New("no OpenAI-compatible server answers")
	// ErrUnauthorized means the server refused the API key, or wanted one.
	ErrUnauthorized = errors.New("the server refused the API key")
	// ErrModelMissing means the server does not serve the model.
	ErrModelMissing = errors.New("model not found on the server")
)

// The errors below state what went wrong and nothing more: what a person can do about it depends on
// where they are (a config file to edit, a server to start), so whoever shows them adds it.

// UnreachableError means nothing answered at URL.
type UnreachableError struct {
	URL string
}

func (e *UnreachableError) Error() string { return fmt.Sprintf("%v at %s", ErrUnreachable, e.URL) }

// Is makes errors.Is(err, ErrUnreachable) hold.
func (e *UnreachableError) Is(target error) bool { return target == ErrUnreachable }

// UnauthorizedError means the server at URL refused the request with Status (401 or 403) and Message.
// KeyEnv names the variable the key was read from (empty: none was configured), and KeySet says whether
// it held one.
type UnauthorizedError struct {
	URL     string
	Status  int
	Message string
	KeyEnv  string
	KeySet  bool
}

func (e *UnauthorizedError) Error() string {
	s := fmt.Sprintf("%v: %s answered HTTP %d (%s)", ErrUnauthorized, e.URL, e.Status, e.Message)
	if e.KeyEnv != "" && !e.KeySet {
		s += fmt.Sprintf(" and $%s is not set", e.KeyEnv)
	}
	return s
}

// Is makes errors.Is(err, ErrUnauthorized) hold.
func (e *UnauthorizedError) Is(target error) bool { return target == ErrUnauthorized }

// ModelMissingError means the server at URL does not serve Model; an empty Model means it lists none at
// all, and none was configured.
type ModelMissingError struct {
	Model, URL string
}

func (e *ModelMissingError) Error() string {
	if e.Model == "" {
		return fmt.Sprintf("%v: the server at %s lists no models", ErrModelMissing, e.URL)
	}
	return fmt.Sprintf("%v: %s does not serve %q", ErrModelMissing, e.URL, e.Model)
}

// Is makes errors.Is(err, ErrModelMissing) hold.
func (e *ModelMissingError) Is(target error) bool { return target == ErrModelMissing }

// InvalidURLError means the URL New was given (the openai.url setting) is not an http or https URL.
type InvalidURLError struct {
	URL string
}

func (e *InvalidURLError) Error() string {
	return fmt.Sprintf("openai.url %q is not a URL such as %s", e.URL, DefaultURL)
}
