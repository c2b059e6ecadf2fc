package api

import (
	"context"
	"errors"
	"net"
	"net/http"
	"strconv"
	"time"

	"github.com/cmdai/cmdai/cloud/apitype"
	"github.com/cmdai/cmdai/cloud/auth"
	"github.com/cmdai/cmdai/cloud/pgstore"
)

func toUserJSON(u pgstore.User) apitype.User {
	return apitype.User{ID: u.ID, Email: u.Email, DisplayName: u.DisplayName, Plan: u.Plan, CreatedAt: u.CreatedAt}
}

func toSessionJSON(s auth.Session) apitype.Session {
	return apitype.Session{User: toUserJSON(s.User), AccessToken: s.AccessToken, TokenType: "Bearer",
		ExpiresAt: s.AccessExpiresAt, RefreshToken: s.RefreshToken, RefreshExpiresAt: s.RefreshExpiresAt}
}

// isInvalidToken reports whether err is a refused credential rather than a failure of the server.
func isInvalidToken(err error) bool {
	return errors.Is(err, auth.ErrInvalidToken) || errors.Is(err, pgstore.ErrNotFound)
}

// CodeTooManyAttempts is the error code of a 429 from the login throttle: too many failed attempts for
// this account or address; Retry-After says when to try again.
const CodeTooManyAttempts = "too_many_attempts"

// withClientIP is r with the caller's address in its context, which the auth service throttles per.
// Only the connection's peer counts: a header such as X-Forwarded-For is for a client to write freely.
func withClientIP(r *http.Request) *http.Request {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	return r.WithContext(auth.WithClientIP(r.Context(), host))
}

// writeGuardError answers a throttled attempt 429 and a busy server 503, both with Retry-After, and
// reports whether err was one of them.
func writeGuardError(w http.ResponseWriter, r *http.Request, err error) bool {
	var (
		throttled *auth.ThrottledError
		busy      *auth.BusyError
	)
	switch {
	case errors.As(err, &throttled):
		retry := auth.RetryAfterSeconds(throttled.RetryAfter)
		w.Header().Set("Retry-After", strconv.Itoa(retry))
		writeError(w, r, errorf(http.StatusTooManyRequests, CodeTooManyAttempts,
			"too many attempts; retry after "+strconv.Itoa(retry)+" s", map[string]int{"retry_after_seconds": retry}))
	case errors.As(err, &busy):
		retry := auth.RetryAfterSeconds(busy.RetryAfter)
		w.Header().Set("Retry-After", strconv.Itoa(retry))
		writeError(w, r, errorf(http.StatusServiceUnavailable, CodeUnavailable,
			"the server is busy; retry after "+strconv.Itoa(retry)+" s", map[string]int{"retry_after_seconds": retry}))
	default:
		return false
	}
	return true
}

func (h *handler) signup(w http.ResponseWriter, r *http.Request) {
	r = withClientIP(r)
	var req apitype.SignupRequest
	if err := h.decode(w, r, &req); err != nil {
		writeError(w, r, err)
		return
	}
	if len(req.DisplayName) > 100 {
		writeError(w, r, errorf(http.StatusBadRequest, CodeValidation, "display_name is longer than 100 bytes", map[string]string{"field": "display_name"}))
		return
	}
	auditEmail(r, req.Email)
	sess, err := h.auth.Signup(r.Context(), req.Email, req.Password, req.DisplayName)
	if err == nil {
		auditUser(r, sess.User.ID)
	}
	switch {
	case writeGuardError(w, r, err):
	case errors.Is(err, auth.ErrInvalidEmail):
		writeError(w, r, errorf(http.StatusBadRequest, CodeValidation, "email is not a valid address", map[string]string{"field": "email"}))
	case errors.Is(err, auth.ErrWeakPassword):
		writeError(w, r, errorf(http.StatusBadRequest, CodeValidation, "password: "+err.Error(), map[string]string{"field": "password"}))
	case errors.Is(err, pgstore.ErrConflict):
		writeError(w, r, errorf(http.StatusConflict, CodeConflict, "an account with this email exists; log in instead", map[string]string{"field": "email"}))
	case err != nil:
		writeError(w, r, err)
	default:
		writeJSON(w, http.StatusCreated, toSessionJSON(sess))
	}
}

func (h *handler) login(w http.ResponseWriter, r *http.Request) {
	r = withClientIP(r)
	var req apitype.LoginRequest
	if err := h.decode(w, r, &req); err != nil {
		writeError(w, r, err)
		return
	}
	if len(req.Password) > 4*auth.MaxPasswordLen {
		req.Password = "" // never spend argon2 time on a huge password; it cannot match
	}
	auditEmail(r, req.Email)
	sess, err := h.auth.Login(r.Context(), req.Email, req.Password)
	if err == nil {
		auditUser(r, sess.User.ID)
	}
	switch {
	case writeMFAError(w, r, err):
	case errors.Is(err, auth.ErrInvalidCredentials):
		writeError(w, r, errorf(http.StatusUnauthorized, CodeInvalidCredentials, "wrong email or password", nil))
	case errors.Is(err, auth.ErrSSORequired):
		writeError(w, r, errorf(http.StatusForbidden, CodeSSORequired, err.Error(), nil))
	case err != nil:
		writeError(w, r, err)
	default:
		writeJSON(w, http.StatusOK, toSessionJSON(sess))
	}
}

func (h *handler) refresh(w http.ResponseWriter, r *http.Request) {
	r = withClientIP(r)
	var req apitype.RefreshRequest
	if err := h.decode(w, r, &req); err != nil {
		writeError(w, r, err)
		return
	}
	if req.RefreshToken == "" {
		writeError(w, r, errorf(http.StatusBadRequest, CodeValidation, "refresh_token is required", map[string]string{"field": "refresh_token"}))
		return
	}
	sess, err := h.auth.Refresh(r.Context(), req.RefreshToken)
	if err == nil {
		auditUser(r, sess.User.ID)
	}
	switch {
	case writeGuardError(w, r, err):
	case errors.Is(err, auth.ErrTokenReused):
		writeError(w, r, errorf(http.StatusUnauthorized, CodeTokenReused, "refresh token already used; the session is revoked, log in again", nil))
	case err != nil && isInvalidToken(err):
		writeError(w, r, errorf(http.StatusUnauthorized, CodeUnauthorized, "invalid or expired refresh token", nil))
	case err != nil:
		writeError(w, r, err)
	default:
		writeJSON(w, http.StatusOK, toSessionJSON(sess))
	}
}

func (h *handler) logout(w http.ResponseWriter, r *http.Request) {
	if err := h.auth.Logout(r.Context(), principal(r.Context())); err != nil {
		writeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (h *handler) me(w http.ResponseWriter, r *http.Request) {
	u, err := pgstore.UserByID(r.Context(), h.db, principal(r.Context()).UserID)
	if errors.Is(err, pgstore.ErrNotFound) {
		writeError(w, r, errorf(http.StatusUnauthorized, CodeUnauthorized, "the account no longer exists", nil))
		return
	}
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, toUserJSON(u))
}

// guardLogins gives the auth service a login throttle in Redis, unless it has one, namespaced by the
// database so that deployments (and test databases) sharing one Redis keep separate counts.
func (h *handler) guardLogins(d Deps) {
	if d.Auth == nil || d.Auth.Throttle != nil || d.Redis == nil {
		return
	}
	ns := ""
	if d.DB != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := d.DB.QueryRow(ctx, `SELECT current_database()`).Scan(&ns); err != nil {
			ns = ""
		}
	}
	d.Auth.Throttle = &auth.Throttle{Redis: d.Redis, Namespace: ns, Logger: d.Logger}
}
