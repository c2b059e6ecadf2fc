//go:build !noweb

package web

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// ssoCookie holds the PKCE verifier of a single sign-on begun in this browser, until the provider sends
// the browser back with the one-time code that only this verifier redeems. It is SameSite=Lax: the
// provider's redirect back is a top-level navigation from another site.
const (
	ssoCookie       = "__Host-cmdai_sso"
	ssoCallbackPath = "/login/sso/callback"
	ssoLifetime     = 10 * time.Minute
)

// loginSSO starts the organisation's single sign-on: the API's login route answers with the provider's
// address, which the page offers as a link. A redirect would be simpler, but the form's
// Content-Security-Policy (form-action 'self') would refuse it in browsers that check redirects too.
func (h *Handler) loginSSO(w http.ResponseWriter, r *http.Request) {
	v, ok := h.signInForm(w, r)
	if !ok {
		return
	}
	org := strings.TrimSpace(r.PostFormValue("org"))
	v.Data = map[string]string{"Org": org}
	if org == "" || strings.ContainsAny(org, "/?#") {
		v.Problem = "Give your organisation's name or id."
		h.render(w, r, http.StatusBadRequest, "login", v)
		return
	}
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	verifier := base64.RawURLEncoding.EncodeToString(b)
	sum := sha256.Sum256([]byte(verifier))
	q := url.Values{"return_to": {ssoCallbackPath}, "code_challenge": {base64.RawURLEncoding.EncodeToString(sum[:])}}
	status, header, raw, err := h.serveAPI(r, http.MethodGet, "/api/v1/orgs/"+url.PathEscape(org)+"/sso/login?"+q.Encode(), "", nil)
	if err != nil {
		status, header = http.StatusBadRequest, http.Header{}
	}
	target := header.Get("Location")
	if status != http.StatusFound || !strings.HasPrefix(target, "https://") && !strings.HasPrefix(target, "http://") {
		ae := decodeAPIError(status, raw).(*apiError)
		switch {
		case status == http.StatusNotFound && ae.Code == "not_found":
			v.Problem = "No organisation is called " + org + "."
		case status == http.StatusNotFound:
			v.Problem = org + " has not turned on single sign-on: sign in with your password."
		case status >= 500:
			h.log.ErrorContext(r.Context(), "web: sso login", slog.Int("status", status), slog.String("error", ae.Message))
			v.Problem = "Single sign-on failed on the server; try again in a moment."
		default:
			v.Problem = ae.Message
		}
		h.render(w, r, status, "login", v)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: ssoCookie, Value: verifier, Path: "/", HttpOnly: true, Secure: true,
		SameSite: http.SameSiteLaxMode, MaxAge: int(ssoLifetime.Seconds())})
	v.Title = "Continue to single sign-on"
	v.Data = map[string]string{"Org": org, "Target": target}
	h.render(w, r, http.StatusOK, "sso", v)
}

// loginSSOCallback is where a finished single sign-on comes back with its one-time code: redeemed with
// this browser's verifier, it opens the session.
func (h *Handler) loginSSOCallback(w http.ResponseWriter, r *http.Request) {
	v := view{Title: "Sign in", CSRF: csrfToken(w, r)}
	verifier := cookie(r, ssoCookie)
	setCookie(w, ssoCookie, "", 0)
	code := r.URL.Query().Get("code")
	if verifier == "" || code == "" {
		v.Problem = "This single sign-on was not started in this browser, or took too long: start it again."
		h.render(w, r, http.StatusBadRequest, "login", v)
		return
	}
	status, raw, err := h.callAPI(r, "POST", "/api/v1/auth/sso/token", "", map[string]string{"code": code, "code_verifier": verifier})
	var t tokens
	if err == nil && status == http.StatusOK && json.Unmarshal(raw, &t) == nil && t.AccessToken != "" {
		t.setCookies(w)
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return
	}
	if err != nil {
		h.log.ErrorContext(r.Context(), "web: sso token", slog.String("error", err.Error()))
		status = http.StatusInternalServerError
	}
	v.Problem = "Single sign-on did not complete: " + decodeAPIError(status, raw).(*apiError).Message + " Start it again."
	h.render(w, r, status, "login", v)
}
