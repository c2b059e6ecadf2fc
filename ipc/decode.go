package ipc

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"slices"
	"unicode/utf8"
)

// Limits on what a daemon accepts; requests beyond them are refused before any work is done.
const (
	// MaxRequestBytes bounds a request body.
	MaxRequestBytes = 64 << 10
	// MaxPromptBytes bounds a request in plain words.
	MaxPromptBytes = 8 << 10
	// MaxCommandBytes bounds a command sent to check.
	MaxCommandBytes = 32 << 10
	// MaxCwdEntries bounds the directory hints sent with a generation.
	MaxCwdEntries = 64
	// MaxHistoryHints bounds the shell history sent with a generation.
	MaxHistoryHints = 16
	// MaxHistoryLimit bounds one page of history.
	MaxHistoryLimit = 10000
)

// Shells lists the shells a request may name.
var Shells = []string{"bash", "zsh", "fish", "sh"}

// DecodeGenerate reads and validates a generation request body.
func DecodeGenerate(r io.Reader) (GenerateRequest, error) {
	var req GenerateRequest
	if err := decodeJSON(r, &req); err != nil {
		return GenerateRequest{}, err
	}
	switch {
	case len(bytes.TrimSpace([]byte(req.Prompt))) == 0:
		return GenerateRequest{}, badRequest("prompt is required")
	case len(req.Prompt) > MaxPromptBytes:
		return GenerateRequest{}, badRequest("prompt is %d bytes; the limit is %d", len(req.Prompt), MaxPromptBytes)
	case !utf8.ValidString(req.Prompt):
		return GenerateRequest{}, badRequest("prompt is not valid UTF-8")
	case req.Shell != "" && !slices.Contains(Shells, req.Shell):
		return GenerateRequest{}, badRequest("unknown shell %q (want bash, zsh, fish or sh)", req.Shell)
	case req.Cwd != "" && !filepath.IsAbs(req.Cwd):
		return GenerateRequest{}, badRequest("cwd must be an absolute path")
	case len(req.CwdEntries) > MaxCwdEntries:
		return GenerateRequest{}, badRequest("%d cwd entries; the limit is %d", len(req.CwdEntries), MaxCwdEntries)
	case len(req.History) > MaxHistoryHints:
		return GenerateRequest{}, badRequest("%d history hints; the limit is %d", len(req.History), MaxHistoryHints)
	case req.Alternatives < 0 || req.Alternatives > MaxAlternatives:
		return GenerateRequest{}, badRequest("%d alternatives asked for; want 0 to %d", req.Alternatives, MaxAlternatives)
	}
	return req, nil
}

// DecodeCheck reads and validates a check request body.
func DecodeCheck(r io.Reader) (CheckRequest, error) {
	var req CheckRequest
	if err := decodeJSON(r, &req); err != nil {
		return CheckRequest{}, err
	}
	switch {
	case len(req.Command) > MaxCommandBytes:
		return CheckRequest{}, badRequest("command is %d bytes; the limit is %d", len(req.Command), MaxCommandBytes)
	case req.Shell != "" && !slices.Contains(Shells, req.Shell):
		return CheckRequest{}, badRequest("unknown shell %q (want bash, zsh, fish or sh)", req.Shell)
	}
	return req, nil
}

// DecodeExit reads and validates an exit report.
func DecodeExit(r io.Reader) (ExitRequest, error) {
	var req ExitRequest
	if err := decodeJSON(r, &req); err != nil {
		return ExitRequest{}, err
	}
	switch {
	case req.ExitCode < 0 || req.ExitCode > 255:
		return ExitRequest{}, badRequest("exit_code %d is outside 0-255", req.ExitCode)
	case req.DurationMS < 0:
		return ExitRequest{}, badRequest("duration_ms must not be negative")
	case len(req.Command) > MaxCommandBytes:
		return ExitRequest{}, badRequest("command is %d bytes; the limit is %d", len(req.Command), MaxCommandBytes)
	}
	return req, nil
}

// decodeJSON reads exactly one JSON object from r. Unknown fields are ignored so that a newer client
// can talk to a daemon of the same protocol version.
func decodeJSON(r io.Reader, v any) error {
	data, err := io.ReadAll(io.LimitReader(r, MaxRequestBytes+1))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return &Error{Status: StatusFor(CodeTooLarge), Code: CodeTooLarge, Message: "request body is too large"}
		}
		return badRequest("read request: %v", err)
	}
	if len(data) > MaxRequestBytes {
		return &Error{Status: StatusFor(CodeTooLarge), Code: CodeTooLarge,
			Message: fmt.Sprintf("request body is over %d bytes", MaxRequestBytes)}
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(v); err != nil {
		return badRequest("decode request: %v", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return badRequest("decode request: trailing data after the JSON object")
	}
	return nil
}

func badRequest(format string, args ...any) *Error {
	return &Error{Status: StatusFor(CodeBadRequest), Code: CodeBadRequest, Message: fmt.Sprintf(format, args...)}
}
