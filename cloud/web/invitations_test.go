//go:build !noweb

package web_test

import (
	"encoding/json"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/cmdai/cmdai/cloud/orgs"
)

// csrfOf is the CSRF token a page's forms carry.
func csrfOf(t *testing.T, body string) string {
	t.Helper()
	m := csrfInput.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("the page has no CSRF token: %.500s", body)
	}
	return m[1]
}

// Invitations through the pages, with no JavaScript: an admin invites from the team page and sees the
// invitation pending; the invitee is told on the dashboard, accepts on the invitations page and lands
// in the team; an admin revokes another; a person declines theirs.
func TestInvitationPages(t *testing.T) {
	s := newSite(t)
	alice := s.signup("alice@example.com", "Alice")
	s.signup("bob@example.com", "Bob")
	team := s.api("POST", "/api/v1/teams", alice, map[string]string{"name": "Platform"}, 201)["id"].(string)

	ac := s.signIn("alice@example.com")
	_, body := s.get("/teams/"+team, ac...)
	res, _ := s.post("/teams/"+team+"/invitations", url.Values{"csrf": {csrfOf(t, body)}, "email": {"bob@example.com"}, "role": {"member"}}, ac...)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/teams/"+team+"?done=invited" {
		t.Fatalf("invite: %d → %q", res.StatusCode, res.Header.Get("Location"))
	}
	// An address with no account is invited the same way.
	res, _ = s.post("/teams/"+team+"/invitations", url.Values{"csrf": {csrfOf(t, body)}, "email": {"nobody@example.com"}}, ac...)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("invite an address with no account: %d", res.StatusCode)
	}
	_, body = s.get("/teams/"+team+"?done=invited", ac...)
	pending := regexp.MustCompile(`(?s)<table id="pending-invitations".*?</table>`).FindString(body)
	if !strings.Contains(body, "they join the team when they accept") || !strings.Contains(pending, "bob@example.com") ||
		!strings.Contains(pending, "nobody@example.com") {
		t.Fatalf("the team page after inviting:\n%s", body)
	}
	if members := regexp.MustCompile(`(?s)<h2 id="members-h">.*?</table>`).FindString(body); strings.Contains(members, "bob@example.com") {
		t.Fatal("bob is listed as a member before accepting")
	}

	bc := s.signIn("bob@example.com")
	_, home := s.get("/", bc...)
	if !strings.Contains(home, "1 team invitation is waiting for you") {
		t.Fatalf("bob's dashboard does not mention the invitation:\n%s", home)
	}
	_, page := s.get("/invitations", bc...)
	accept := regexp.MustCompile(`action="/invitations/([0-9a-f-]+)/accept"`).FindStringSubmatch(page)
	if accept == nil || !strings.Contains(page, "Platform") || !strings.Contains(page, "alice@example.com") {
		t.Fatalf("bob's invitations page:\n%s", page)
	}
	res, _ = s.post("/invitations/"+accept[1]+"/accept", url.Values{}, bc...)
	if res.StatusCode != http.StatusForbidden {
		t.Fatalf("accept without the CSRF token: %d", res.StatusCode)
	}
	// Someone else's invitation is not found.
	ec := s.signIn("alice@example.com")
	_, ep := s.get("/invitations", ec...)
	if res, _ := s.post("/invitations/"+accept[1]+"/accept", url.Values{"csrf": {csrfOf(t, ep)}}, ec...); res.StatusCode != http.StatusNotFound {
		t.Fatalf("alice accepts bob's invitation: %d", res.StatusCode)
	}
	res, _ = s.post("/invitations/"+accept[1]+"/accept", url.Values{"csrf": {csrfOf(t, page)}}, bc...)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/teams/"+team+"?done=joined" {
		t.Fatalf("accept: %d → %q", res.StatusCode, res.Header.Get("Location"))
	}
	res, _ = s.post("/invitations/"+accept[1]+"/accept", url.Values{"csrf": {csrfOf(t, page)}}, bc...)
	if res.Header.Get("Location") != "/invitations?done=closed" {
		t.Fatalf("accept twice: %d → %q", res.StatusCode, res.Header.Get("Location"))
	}
	_, body = s.get("/teams/"+team, ac...)
	if members := regexp.MustCompile(`(?s)<h2 id="members-h">.*?</table>`).FindString(body); !strings.Contains(members, "bob@example.com") {
		t.Fatalf("bob is not a member after accepting:\n%s", body)
	}

	// Revoke the other one.
	revoke := regexp.MustCompile(`action="(/teams/[0-9a-f-]+/invitations/[0-9a-f-]+/revoke)"`).FindStringSubmatch(body)
	if revoke == nil {
		t.Fatalf("no revoke form:\n%s", body)
	}
	res, _ = s.post(revoke[1], url.Values{"csrf": {csrfOf(t, body)}}, ac...)
	if res.StatusCode != http.StatusSeeOther || !strings.HasSuffix(res.Header.Get("Location"), "?done=revoked") {
		t.Fatalf("revoke: %d → %q", res.StatusCode, res.Header.Get("Location"))
	}
	_, body = s.get("/teams/"+team, ac...)
	if !strings.Contains(body, "No pending invitations.") {
		t.Fatalf("pending after revoking:\n%s", body)
	}

	// Declined.
	s.signup("carol@example.com", "Carol")
	s.api("POST", "/api/v1/teams/"+team+"/invitations", alice, map[string]string{"email": "carol@example.com"}, 202)
	cc := s.signIn("carol@example.com")
	_, page = s.get("/invitations", cc...)
	decline := regexp.MustCompile(`action="(/invitations/[0-9a-f-]+/decline)"`).FindStringSubmatch(page)
	if decline == nil {
		t.Fatalf("carol's invitations page:\n%s", page)
	}
	res, _ = s.post(decline[1], url.Values{"csrf": {csrfOf(t, page)}}, cc...)
	if res.Header.Get("Location") != "/invitations?done=declined" {
		t.Fatalf("decline: %d → %q", res.StatusCode, res.Header.Get("Location"))
	}
	if _, page = s.get("/invitations?done=declined", cc...); !strings.Contains(page, "No invitations are waiting for you.") || !strings.Contains(page, "Invitation declined.") {
		t.Fatalf("after declining:\n%s", page)
	}
}

// The sign-in page offers single sign-on by organisation: an unknown organisation and one without
// single sign-on are told apart on the form, and a callback this browser did not start is refused.
func TestSignInWithSSOForm(t *testing.T) {
	s := newSite(t)
	res, body := s.get("/login")
	if !strings.Contains(body, `action="/login/sso"`) || !strings.Contains(body, `id="sso-org"`) || strings.Contains(body, "no value") {
		t.Fatalf("the sign-in page has no SSO form:\n%s", body)
	}
	cookies := res.Cookies()
	csrf := csrfOf(t, body)
	res, body = s.post("/login/sso", url.Values{"csrf": {csrf}, "org": {"nowhere"}}, cookies...)
	if res.StatusCode != http.StatusNotFound || !strings.Contains(body, "No organisation is called nowhere") {
		t.Fatalf("an unknown organisation: %d\n%s", res.StatusCode, body)
	}
	s.signup("alice@example.com", "Alice")
	if _, err := (&orgs.Service{DB: s.pool}).Create(t.Context(), "Acme", "alice@example.com", nil); err != nil {
		t.Fatal(err)
	}
	res, body = s.post("/login/sso", url.Values{"csrf": {csrf}, "org": {"Acme"}}, cookies...)
	if res.StatusCode != http.StatusNotFound || !strings.Contains(body, "Acme has not turned on single sign-on") || !strings.Contains(body, `value="Acme"`) {
		t.Fatalf("an organisation without single sign-on: %d\n%s", res.StatusCode, body)
	}
	if res, _ = s.post("/login/sso", url.Values{"org": {"acme"}}, cookies...); res.StatusCode != http.StatusForbidden {
		t.Fatalf("without the CSRF token: %d", res.StatusCode)
	}
	res, body = s.get("/login/sso/callback?code=forged", cookies...)
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(body, "not started in this browser") || len(res.Cookies()) > 1 {
		t.Fatalf("a callback this browser did not start: %d %v\n%s", res.StatusCode, res.Cookies(), body)
	}
	res, body = s.get("/login/sso/callback?code=forged", append(cookies, &http.Cookie{Name: "__Host-cmdai_sso", Value: "v"})...)
	if res.StatusCode == http.StatusSeeOther || !strings.Contains(body, "Single sign-on did not complete") {
		t.Fatalf("a forged code: %d\n%s", res.StatusCode, body)
	}
}

// fakeOIDCIssuer serves an OpenID provider's discovery document on a loopback address, enough for a
// login to begin: the browser is sent to its authorization endpoint, which is never called.
func fakeOIDCIssuer(t *testing.T) string {
	t.Helper()
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/.well-known/openid-configuration" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{"issuer": srv.URL, "authorization_endpoint": srv.URL + "/authorize",
			"token_endpoint": srv.URL + "/token", "jwks_uri": srv.URL + "/keys", "response_types_supported": []string{"code"},
			"subject_types_supported": []string{"public"}, "id_token_signing_alg_values_supported": []string{"RS256"}})
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// With single sign-on configured, the form offers the provider's sign-in as a link and keeps the PKCE
// verifier for the way back in a short-lived cookie.
func TestSignInWithSSOStarts(t *testing.T) {
	s := newSite(t)
	alice := s.signup("alice@example.com", "Alice")
	org, err := (&orgs.Service{DB: s.pool}).Create(t.Context(), "Acme", "alice@example.com", nil)
	if err != nil {
		t.Fatal(err)
	}
	issuer := fakeOIDCIssuer(t)
	s.api("PUT", "/api/v1/orgs/"+org.ID+"/sso", alice, map[string]any{"protocol": "oidc", "issuer": issuer,
		"client_id": "cmdai", "client_secret": "s3cret"}, 200)
	res, body := s.get("/login")
	cookies := res.Cookies()
	res, body = s.post("/login/sso", url.Values{"csrf": {csrfOf(t, body)}, "org": {"acme"}}, cookies...)
	link := regexp.MustCompile(`id="sso-continue" class="button" href="([^"]+)"`).FindStringSubmatch(body)
	if res.StatusCode != http.StatusOK || link == nil {
		t.Fatalf("start: %d\n%s", res.StatusCode, body)
	}
	target, err := url.Parse(html.UnescapeString(link[1]))
	if err != nil || target.Scheme+"://"+target.Host+target.Path != issuer+"/authorize" || target.Query().Get("client_id") != "cmdai" ||
		!strings.HasSuffix(target.Query().Get("redirect_uri"), "/api/v1/sso/oidc/callback") || target.Query().Get("state") == "" {
		t.Fatalf("the link to the provider: %v %v", target, err)
	}
	var verifier *http.Cookie
	for _, c := range res.Cookies() {
		if c.Name == "__Host-cmdai_sso" {
			verifier = c
		}
	}
	if verifier == nil || len(verifier.Value) != 43 || !verifier.HttpOnly || !verifier.Secure || verifier.SameSite != http.SameSiteLaxMode || verifier.MaxAge <= 0 {
		t.Fatalf("the verifier cookie: %+v", verifier)
	}
}
