// Package models defines the Backend interface that turns a request in plain words into a shell command,
// and holds the backends (offline engine, embedded llama.cpp, Ollama, OpenAI-compatible servers).
package models

import (
	"context"
	"errors"
)

// Request is what a person asked for and the context a backend may use to answer it.
type Request struct {
	Prompt string `json:"prompt"`
	// Shell is the target shell: bash, zsh, fish or sh.
	Shell string `json:"shell"`
	// OS is runtime.GOOS of the machine the command will run on ("linux", "darwin", ...); it picks
	// GNU or BSD flags where they differ.
	OS string `json:"os"`
	// Cwd is the directory the command will run in; CwdEntries are a few names found there, as hints.
	Cwd        string   `json:"cwd,omitempty"`
	CwdEntries []string `json:"cwd_entries,omitempty"`
	// History holds recent commands, newest last, for context such as "fix the last command".
	History []HistoryHint `json:"history,omitempty"`
	// Alternatives is how many other ways to write the answer the caller would like in
	// Response.Alternatives; backends that know none give none.
	Alternatives int `json:"alternatives,omitempty"`
	// Restrictions are the person's organisation's rules, in words ("juniors may not run rm -rf"), for a
	// model to respect; the gate enforces them whatever the model writes.
	Restrictions []string `json:"restrictions,omitempty"`
}

// HistoryHint is one earlier command and how it ended.
type HistoryHint struct {
	Command  string `json:"command"`
	ExitCode int    `json:"exit_code"`
}

// Response is a backend's answer.
type Response struct {
	Command     string `json:"command"`
	Explanation string `json:"explanation"`
	// Confidence is the backend's own estimate in [0, 1]; model backends report 1 when they cannot tell.
	Confidence float64 `json:"confidence"`
	Backend    string  `json:"backend"`
	Model      string  `json:"model,omitempty"`
	// Alternatives are other ways to write the answer, best first, when the request asked for them.
	// Each has its own Confidence; an alternative's Model says where it came from.
	Alternatives []Response `json:"alternatives,omitempty"`
}

// TokenFunc receives streamed output as it is produced. Backends that answer at once may never call it.
type TokenFunc func(token string)

// Backend turns requests into commands. Implementations must be safe for concurrent use.
type Backend interface {
	// Name is the backend's short name as used by --backend ("offline", "ollama", ...).
	Name() string
	// Generate answers one request, streaming tokens to onToken when it is not nil.
	Generate(ctx context.Context, req Request, onToken TokenFunc) (Response, error)
	// Health reports whether the backend can answer now.
	Health(ctx context.Context) error
	// Close releases what the backend holds (models, connections).
	Close() error
}

// ErrNoAnswer means the backend is not confident enough to suggest any command. Callers match it with
// errors.Is and tell the person how to get a better answer (configure a model).
var ErrNoAnswer = errors.New("no confident answer")

// NoAnswerError is an ErrNoAnswer that still has Alternatives to show, when the request asked for them:
// shapes of commands for similar requests, never to be run as the answer.
type NoAnswerError struct {
	Reason       string
	Alternatives []Response
	// Readings are what the backend nearly understood, in plain words, closest first ("Synchronise SRC
	// to DEST"): a person sees which words it missed.
	Readings []string
}

func (e *NoAnswerError) Error() string { return e.Reason }

// Unwrap makes errors.Is(err, ErrNoAnswer) hold.
func (e *NoAnswerError) Unwrap() error { return ErrNoAnswer }

// NoAnswerReadings returns the closest readings err carries when it is a NoAnswerError.
func NoAnswerReadings(err error) []string {
	var e *NoAnswerError
	if errors.As(err, &e) {
		return e.Readings
	}
	return nil
}

// NoAnswerAlternatives returns the alternatives err carries when it is a NoAnswerError.
func NoAnswerAlternatives(err error) []Response {
	var e *NoAnswerError
	if errors.As(err, &e) {
		return e.Alternatives
	}
	return nil
}
