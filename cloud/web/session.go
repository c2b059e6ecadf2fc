//go:build !noweb

package web

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"time"
)

// The cookies. The __Host- prefix makes the browser refuse them unless they are Secure, for the whole
// site and set by this host, so a sibling subdomain cannot plant one.
const (
	accessCookie  = "__Host-cmdai_session"
	refreshCookie = "__Host-cmdai_refresh"
	csrfCookie    = "__Host-cmdai_csrf"
	csrfField     = "csrf"
)

// refreshLifetime is how long the refresh cookie lives: the API's refresh tokens last seven days.
const refreshLifetime = 7 * 24 * time.Hour

func setCookie(w http.ResponseWriter, name, value string, maxAge time.Duration) {
	c := &http.Cookie{Name: name, Value: value, Path: "/", HttpOnly: true, Secure: true, SameSite: http.SameSiteLaxMode}
	switch {
	case value == "":
		c.MaxAge = -1
	case maxAge > 0:
		c.MaxAge = int(maxAge.Seconds())
	}
	http.SetCookie(w, c)
}

func cookie(r *http.Request, name string) string {
	c, err := r.Cookie(name)
	if err != nil {
		return ""
	}
	return c.Value
}

// csrfToken returns the request's CSRF token, setting the cookie that holds it when there is none. A
// form carries it back in a hidden field, which a page on another site cannot read (double submit; the
// cookie is HttpOnly and __Host-, and cross-origin posts are refused before this anyway).
func csrfToken(w http.ResponseWriter, r *http.Request) string {
	if t := cookie(r, csrfCookie); len(t) == 43 {
		return t
	}
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	t := base64.RawURLEncoding.EncodeToString(b)
	c := &http.Cookie{Name: csrfCookie, Value: t, Path: "/", HttpOnly: true, Secure: true, SameSite: http.SameSiteStrictMode}
	http.SetCookie(w, c)
	r.AddCookie(c)
	return t
}

// csrfOK reports whether the form's token is the cookie's.
func csrfOK(r *http.Request) bool {
	want := cookie(r, csrfCookie)
	got := r.PostFormValue(csrfField)
	return len(want) == 43 && subtle.ConstantTimeCompare([]byte(want), []byte(got)) == 1
}

// apiError is an answer of the API other than 2xx: its status and error body.
type apiError struct {
	Status  int
	Code    string
	Message string
	Details map[string]any
}

func (e *apiError) Error() string { return fmt.Sprintf("%d %s: %s", e.Status, e.Code, e.Message) }

// session is a signed-in request: its tokens, and the API called on its behalf.
type session struct {
	h       *Handler
	w       http.ResponseWriter
	r       *http.Request
	access  string
	refresh string
	csrf    string
}

// authed admits a request with a session cookie; anyone else is sent to the login form. A form post
// must carry the CSRF token.
func (h *Handler) authed(fn func(*session)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		s := &session{h: h, w: w, r: r, access: cookie(r, accessCookie), refresh: cookie(r, refreshCookie)}
		s.csrf = csrfToken(w, r)
		if s.access == "" && s.refresh == "" {
			http.Redirect(w, r, "/login", http.StatusSeeOther)
			return
		}
		if r.Method == http.MethodPost {
			r.Body = http.MaxBytesReader(w, r.Body, 256<<10)
			if !csrfOK(r) {
				h.fail(w, r, http.StatusForbidden, "This form has expired or did not come from this site: reload the page and send it again.")
				return
			}
		}
		fn(s)
	}
}

// call sends one API request in-process with the session's access token and decodes a 2xx JSON body
// into out. When the token has expired it rotates the session with the refresh token once and retries.
// An API error comes back as *apiError; errSignedOut when the session cannot be renewed.
func (s *session) call(method, path string, body, out any) error {
	status, raw, err := s.h.callAPI(s.r, method, path, s.access, body)
	if err == nil && status == http.StatusUnauthorized && s.refresh != "" {
		if s.renew() {
			status, raw, err = s.h.callAPI(s.r, method, path, s.access, body)
		}
	}
	if err != nil {
		return err
	}
	if status == http.StatusUnauthorized {
		return errSignedOut
	}
	if status < 200 || status > 299 {
		return decodeAPIError(status, raw)
	}
	if out == nil || len(raw) == 0 {
		return nil
	}
	if err := json.Unmarshal(raw, out); err != nil {
		return fmt.Errorf("read the answer of %s %s: %w", method, path, err)
	}
	return nil
}

var errSignedOut = errors.New("your session has ended: sign in again")

func decodeAPIError(status int, raw []byte) error {
	var body struct {
		Error struct {
			Code    string         `json:"code"`
			Message string         `json:"message"`
			Details map[string]any `json:"details"`
		} `json:"error"`
	}
	_ = json.Unmarshal(raw, &body)
	e := &apiError{Status: status, Code: body.Error.Code, Message: body.Error.Message, Details: body.Error.Details}
	if e.Message == "" {
		e.Message = http.StatusText(status)
	}
	return e
}

// renew rotates the session: a new access and refresh token, set as cookies on the response.
func (s *session) renew() bool {
	status, raw, err := s.h.callAPI(s.r, "POST", "/api/v1/auth/refresh", "", map[string]string{"refresh_token": s.refresh})
	if err != nil || status != http.StatusOK {
		return false
	}
	var t tokens
	if json.Unmarshal(raw, &t) != nil || t.AccessToken == "" {
		return false
	}
	s.access, s.refresh = t.AccessToken, t.RefreshToken
	t.setCookies(s.w)
	return true
}

type tokens struct {
	AccessToken  string `json:"access_token"`
	RefreshToken string `json:"refresh_token"`
	User         struct {
		Email string `json:"email"`
	} `json:"user"`
}

func (t tokens) setCookies(w http.ResponseWriter) {
	setCookie(w, accessCookie, t.AccessToken, 0)
	setCookie(w, refreshCookie, t.RefreshToken, refreshLifetime)
}

// graphql runs a GraphQL query and decodes its data into out; the first GraphQL error is the error.
func (s *session) graphql(query string, vars map[string]any, out any) error {
	var res struct {
		Data   json.RawMessage `json:"data"`
		Errors []struct {
			Message string `json:"message"`
		} `json:"errors"`
	}
	if err := s.call("POST", "/api/graphql", map[string]any{"query": query, "variables": vars}, &res); err != nil {
		return err
	}
	if len(res.Errors) > 0 {
		return &apiError{Status: http.StatusBadRequest, Code: "graphql", Message: res.Errors[0].Message}
	}
	return json.Unmarshal(res.Data, out)
}

// callAPI serves one API request in-process. It keeps the browser's address and user agent, which the
// audit log records, and the request id.
func (h *Handler) callAPI(orig *http.Request, method, path, token string, body any) (int, []byte, error) {
	status, _, raw, err := h.serveAPI(orig, method, path, token, body)
	return status, raw, err
}

// serveAPI is callAPI with the answer's headers (a redirect's Location).
func (h *Handler) serveAPI(orig *http.Request, method, path, token string, body any) (int, http.Header, []byte, error) {
	var rd io.Reader = http.NoBody
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return 0, nil, nil, fmt.Errorf("encode the request to %s: %w", path, err)
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(context.WithoutCancel(orig.Context()), method, path, rd)
	if err != nil {
		return 0, nil, nil, fmt.Errorf("request %s: %w", path, err)
	}
	req.RemoteAddr = orig.RemoteAddr
	req.Host = orig.Host
	req.Header.Set("User-Agent", orig.UserAgent())
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	rec := &recorder{header: http.Header{}}
	h.api.ServeHTTP(rec, req)
	if rec.status == 0 {
		rec.status = http.StatusOK
	}
	return rec.status, rec.header, rec.body.Bytes(), nil
}

// recorder is the ResponseWriter of an in-process API call.
type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (r *recorder) Header() http.Header { return r.header }
func (r *recorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
}
func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return r.body.Write(b)
}

// problem shows the error a page's API call met: the sign-in form when the session has ended, else a
// page that says what went wrong.
func (s *session) problem(err error) {
	var ae *apiError
	switch {
	case errors.Is(err, errSignedOut):
		setCookie(s.w, accessCookie, "", 0)
		setCookie(s.w, refreshCookie, "", 0)
		http.Redirect(s.w, s.r, "/login", http.StatusSeeOther)
	case errors.As(err, &ae) && ae.Status == http.StatusNotFound:
		s.h.fail(s.w, s.r, http.StatusNotFound, "Not found, or you are not a member of it.")
	case errors.As(err, &ae) && ae.Status < 500:
		s.h.fail(s.w, s.r, ae.Status, ae.Message)
	default:
		s.h.log.ErrorContext(s.r.Context(), "web: page", slog.String("path", s.r.URL.Path), slog.String("error", err.Error()))
		s.h.fail(s.w, s.r, http.StatusInternalServerError, "Something went wrong on the server; try again in a moment.")
	}
}

func (s *session) render(page string, v view) {
	v.CSRF = s.csrf
	s.h.render(s.w, s.r, http.StatusOK, page, v)
}

// back redirects after a form post to path, with a notice code the page turns into its own words.
func (s *session) back(path, notice string) {
	if notice != "" {
		sep := "?"
		if strings.Contains(path, "?") {
			sep = "&"
		}
		path += sep + "done=" + notice
	}
	http.Redirect(s.w, s.r, path, http.StatusSeeOther)
}

func (h *Handler) loginPage(w http.ResponseWriter, r *http.Request) {
	v := view{Title: "Sign in", CSRF: csrfToken(w, r)}
	if r.URL.Query().Get("done") == "signed-out" {
		v.Notice = "You are signed out."
	}
	h.render(w, r, http.StatusOK, "login", v)
}

// signInForm starts the answer to a sign-in form (password or single sign-on): the body is bounded and
// the form must carry this site's CSRF token. It reports false once it has rendered the page that says
// the form expired.
func (h *Handler) signInForm(w http.ResponseWriter, r *http.Request) (view, bool) {
	r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
	v := view{Title: "Sign in", CSRF: csrfToken(w, r)}
	if !csrfOK(r) {
		v.Problem = "This form has expired: send it again."
		h.render(w, r, http.StatusForbidden, "login", v)
		return v, false
	}
	return v, true
}

func (h *Handler) login(w http.ResponseWriter, r *http.Request) {
	v, ok := h.signInForm(w, r)
	if !ok {
		return
	}
	email := strings.TrimSpace(r.PostFormValue("email"))
	status, raw, err := h.callAPI(r, "POST", "/api/v1/auth/login",
		"", map[string]string{"email": email, "password": r.PostFormValue("password")})
	var t tokens
	if err == nil && status == http.StatusOK && json.Unmarshal(raw, &t) == nil && t.AccessToken != "" {
		t.setCookies(w)
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return
	}
	v.Data = map[string]string{"Email": email}
	switch {
	case err != nil:
		h.log.ErrorContext(r.Context(), "web: login", slog.String("error", err.Error()))
		v.Problem = "Signing in failed on the server; try again in a moment."
		status = http.StatusInternalServerError
	case status == http.StatusTooManyRequests:
		v.Problem = "Too many attempts: wait a while, then try again."
	default:
		ae := decodeAPIError(status, raw).(*apiError)
		if h.challenge(w, r, ae) {
			return
		}
		v.Problem = ae.Message
		if status == http.StatusUnauthorized || status == http.StatusBadRequest {
			v.Problem = "The email address or the password is wrong."
		}
	}
	h.render(w, r, status, "login", v)
}

func (h *Handler) logout(s *session) {
	_ = s.call("POST", "/api/v1/auth/logout", nil, nil)
	setCookie(s.w, accessCookie, "", 0)
	setCookie(s.w, refreshCookie, "", 0)
	http.Redirect(s.w, s.r, "/login?done=signed-out", http.StatusSeeOther)
}
