package api

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"net/http"
	"regexp"
	"strings"
	"time"

	"go.opentelemetry.io/otel/trace"

	"github.com/cmdai/cmdai/cloud/auth"
)

// requestIDPattern is what a client-sent X-Request-Id must look like to be kept (it reaches the logs).
var requestIDPattern = regexp.MustCompile(`^[A-Za-z0-9._\-]{1,64}$`)

// statusWriter remembers the status for the access log.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

// observe gives each request an id (X-Request-Id, echoed back), a logger carrying it, panic recovery,
// one access-log line and its metrics; it refuses a path or query that is not valid text (checkRequestText)
// before any route sees it.
func observe(base *slog.Logger, m *Metrics, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		id := r.Header.Get("X-Request-Id")
		if !requestIDPattern.MatchString(id) {
			b := make([]byte, 16)
			_, _ = rand.Read(b)
			id = hex.EncodeToString(b)
		}
		w.Header().Set("X-Request-Id", id)
		r = r.WithContext(context.WithValue(r.Context(), loggerKey{}, &requestLog{base: base, id: id}))
		sw := &statusWriter{ResponseWriter: w}
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				logger(r.Context()).ErrorContext(r.Context(), "panic", slog.Any("panic", v))
				if sw.status == 0 {
					writeError(sw, r, errorf(http.StatusInternalServerError, CodeInternal, "internal error", nil))
				}
			}
			took := time.Since(start)
			// The mux stores the matched pattern in the request it was given, which is r.
			m.observeRequest(r.Method, r.Pattern, sw.status, took)
			if r.Pattern != "" { // the trace's span for the request is named for its route, not its path
				trace.SpanFromContext(r.Context()).SetName(r.Pattern)
			}
			base.LogAttrs(r.Context(), slog.LevelInfo, "request", slog.String("request_id", id),
				slog.String("method", r.Method), slog.String("path", r.URL.Path),
				slog.Int("status", sw.status), slog.Duration("duration", took))
		}()
		if err := checkRequestText(r); err != nil {
			writeError(sw, r, err)
			return
		}
		next.ServeHTTP(sw, r)
	})
}

// jsonMuxErrors is a writer for requests no route matched: it turns the mux's plain-text 404 and 405 into
// the API's error body (keeping the Allow header the mux sets).
type jsonMuxErrors struct {
	http.ResponseWriter
	r       *http.Request
	written bool
}

func (w *jsonMuxErrors) WriteHeader(code int) {
	if w.written {
		return
	}
	w.written = true
	w.Header().Del("X-Content-Type-Options")
	if code == http.StatusMethodNotAllowed {
		writeError(w.ResponseWriter, w.r, errorf(code, CodeMethodNotAllowed, "method not allowed on this path", nil))
		return
	}
	writeError(w.ResponseWriter, w.r, errorf(http.StatusNotFound, CodeNotFound, "no such endpoint", nil))
}

func (w *jsonMuxErrors) Write(b []byte) (int, error) {
	if !w.written {
		w.WriteHeader(http.StatusNotFound)
	}
	return len(b), nil
}

type principalKey struct{}

// principal returns the authenticated caller; only handlers behind requireAuth call it.
func principal(ctx context.Context) auth.Principal {
	p, _ := ctx.Value(principalKey{}).(auth.Principal)
	return p
}

// requireAuth admits a request with a valid bearer JWT access token or API key that has access (AccessAny:
// any credential; AccessSession: a JWT session only, so an API key cannot mint or revoke keys; else an API
// key scope), and within its plan's rate limit.
func (h *handler) requireAuth(access string, next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		scheme, token, ok := strings.Cut(r.Header.Get("Authorization"), " ")
		if !ok || !strings.EqualFold(scheme, "Bearer") || token == "" {
			writeError(w, r, errorf(http.StatusUnauthorized, CodeUnauthorized, "send 'Authorization: Bearer <access token or API key>'", nil))
			return
		}
		p, err := h.auth.Authenticate(r.Context(), strings.TrimSpace(token))
		if err != nil {
			if isInvalidToken(err) {
				logger(r.Context()).InfoContext(r.Context(), "authentication refused", slog.String("reason", err.Error()))
				writeError(w, r, errorf(http.StatusUnauthorized, CodeUnauthorized, "invalid or expired credentials", nil))
				return
			}
			writeError(w, r, err)
			return
		}
		switch {
		case access == AccessSession && p.SessionID == "":
			writeError(w, r, errorf(http.StatusForbidden, CodeForbidden, "this needs a login session, not an API key", nil))
			return
		case access != AccessAny && access != AccessSession && !p.Can(access):
			writeError(w, r, errorf(http.StatusForbidden, CodeForbidden, "the API key lacks the scope "+access, map[string]string{"scope": access}))
			return
		}
		if !h.rateLimit(w, r, p.UserID, p.APIKeyID) {
			return
		}
		next(w, r.WithContext(context.WithValue(r.Context(), principalKey{}, p)))
	}
}
