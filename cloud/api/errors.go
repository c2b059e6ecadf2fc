package api

import (
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"

	"github.com/cmdai/cmdai/cloud/apitype"
)

// Error codes are part of the API: clients match on them, so they never change meaning.
const (
	CodeBadRequest         = "bad_request"
	CodeInvalidJSON        = "invalid_json"
	CodeValidation         = "validation_failed"
	CodeUnauthorized       = "unauthorized"
	CodeInvalidCredentials = "invalid_credentials"
	CodeTokenReused        = "token_reused"
	CodeForbidden          = "forbidden"
	CodeNotFound           = "not_found"
	CodeMethodNotAllowed   = "method_not_allowed"
	CodeConflict           = "conflict"
	CodePayloadTooLarge    = "payload_too_large"
	CodeUnsupportedMedia   = "unsupported_media_type"
	CodeInternal           = "internal"
	CodeUnavailable        = "unavailable"
	// CodeInvalidText is text (in a body, a path or a query) that is not valid UTF-8 or holds a NUL.
	CodeInvalidText = "invalid_text"
	// Errors of the HTTP exchange itself, answered before any route (EnvelopeListener).
	CodeHeadersTooLarge = "headers_too_large"
	CodeNotImplemented  = "not_implemented"
	CodeHTTPVersion     = "http_version_not_supported"
)

// Error is a failed request: its status and what the body (apitype.ErrorResponse) says.
type Error struct {
	Status  int
	Code    string
	Message string
	Details any
}

func (e *Error) Error() string { return e.Code + ": " + e.Message }

func errorf(status int, code, message string, details any) *Error {
	return &Error{Status: status, Code: code, Message: message, Details: details}
}

// writeJSON writes v with status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// writeError answers with err: an *Error as it is, an unreachable database as a 503 with Retry-After
// (dependencyDown), anything else as a 500; the detail of those two goes only to the log.
func writeError(w http.ResponseWriter, r *http.Request, err error) {
	var e *Error
	if !errors.As(err, &e) && dependencyDown(err) {
		logger(r.Context()).WarnContext(r.Context(), "dependency unavailable", slog.String("error", err.Error()))
		e = errorf(http.StatusServiceUnavailable, CodeUnavailable, "the database is unavailable; retry shortly", nil)
	}
	if e == nil {
		logger(r.Context()).ErrorContext(r.Context(), "request failed", slog.String("error", err.Error()))
		e = errorf(http.StatusInternalServerError, CodeInternal, "internal error; the request id identifies it in the server log", nil)
	}
	if e.Status == http.StatusServiceUnavailable && w.Header().Get("Retry-After") == "" {
		w.Header().Set("Retry-After", retryAfterSeconds)
	}
	if e.Status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="cmdai"`)
	}
	writeJSON(w, e.Status, apitype.ErrorResponse{Error: apitype.Error{Code: e.Code, Message: e.Message, Details: e.Details}})
}
