//go:build !noweb

package web_test

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/pquerna/otp/totp"

	"github.com/cmdai/cmdai/cloud/api"
	"github.com/cmdai/cmdai/cloud/auth"
	"github.com/cmdai/cmdai/cloud/internal/testdb"
	"github.com/cmdai/cmdai/cloud/secrets"
	"github.com/cmdai/cmdai/cloud/web"
)

const password = "correct horse battery"

// site is cmdai-server's handler (the dashboard in front of the API) on a real database, at
// http://localhost:PORT: browsers treat localhost as a secure origin, so the Secure cookies work there.
type site struct {
	t    *testing.T
	url  string
	pool *pgxpool.Pool
}

func newSite(t *testing.T) *site {
	t.Helper()
	pool := testdb.New(t)
	kr, err := secrets.NewKeyring("k", map[string][]byte{"k": bytes.Repeat([]byte{7}, secrets.KeySize)})
	if err != nil {
		t.Fatal(err)
	}
	h := api.NewHandler(api.Deps{
		DB: pool, Redis: testdb.Redis(t), Logger: slog.New(slog.DiscardHandler), Keyring: kr,
		Auth: &auth.Service{DB: pool, Tokens: auth.Tokens{Secret: []byte("web-test-secret-web-test-secret!!")},
			Argon2: auth.Argon2Params{MemoryKiB: 64, Iterations: 1, Parallelism: 1}},
	})
	dash, err := web.Mount(h, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewUnstartedServer(dash)
	srv.Start()
	t.Cleanup(srv.Close)
	_, port, _ := net.SplitHostPort(srv.Listener.Addr().String())
	return &site{t: t, url: "http://localhost:" + port, pool: pool}
}

// api calls the REST API through the site and checks the status; it returns the JSON body.
func (s *site) api(method, path, token string, body any, want int) map[string]any {
	s.t.Helper()
	var rd io.Reader = http.NoBody
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, s.url+path, rd)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		s.t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	if res.StatusCode != want {
		s.t.Fatalf("%s %s: %d, want %d: %s", method, path, res.StatusCode, want, raw)
	}
	out := map[string]any{}
	_ = json.Unmarshal(raw, &out)
	return out
}

// signup makes an account and returns its access token.
func (s *site) signup(email, name string) string {
	s.t.Helper()
	r := s.api("POST", "/api/v1/auth/signup", "", map[string]string{"email": email, "password": password, "display_name": name}, 201)
	return r["access_token"].(string)
}

// noRedirects is a client that shows redirects instead of following them, and keeps no cookies: the
// tests send the ones they mean to.
var noRedirects = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

func (s *site) get(path string, cookies ...*http.Cookie) (*http.Response, string) {
	s.t.Helper()
	req, _ := http.NewRequest("GET", s.url+path, nil)
	for _, c := range cookies {
		req.AddCookie(c)
	}
	res, err := noRedirects.Do(req)
	if err != nil {
		s.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res, string(b)
}

func (s *site) post(path string, form url.Values, cookies ...*http.Cookie) (*http.Response, string) {
	s.t.Helper()
	req, _ := http.NewRequest("POST", s.url+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", s.url)
	for _, c := range cookies {
		req.AddCookie(c)
	}
	res, err := noRedirects.Do(req)
	if err != nil {
		s.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res, string(b)
}

var csrfInput = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// signIn logs in through the form, as a browser without JavaScript would, and returns the cookies.
func (s *site) signIn(email string) []*http.Cookie {
	s.t.Helper()
	res, body := s.get("/login")
	m := csrfInput.FindStringSubmatch(body)
	if m == nil {
		s.t.Fatalf("the login form has no CSRF token: %s", body)
	}
	cookies := res.Cookies()
	res, body = s.post("/login", url.Values{"csrf": {m[1]}, "email": {email}, "password": {password}}, cookies...)
	if res.StatusCode != http.StatusSeeOther {
		s.t.Fatalf("login: %d %s", res.StatusCode, body)
	}
	return append(cookies, res.Cookies()...)
}

// The pages' protections: a strict CSP and security headers on every page, session cookies that are
// HttpOnly, Secure and SameSite under the __Host- prefix, forms refused without their CSRF token or from
// another origin, what members type shown escaped, and every page readable with no JavaScript at all.
func TestPagesAreProtected(t *testing.T) {
	s := newSite(t)
	alice := s.signup("alice@example.com", `<script>alert("name")</script>`)
	team := s.api("POST", "/api/v1/teams", alice, map[string]string{"name": `<img src=x onerror=alert(1)>`}, 201)["id"].(string)
	s.api("POST", "/api/v1/commands", alice, map[string]string{"prompt": "<b>bold</b>", "command": `echo "</code><script>x()</script>"`}, 201)

	res, _ := s.get("/")
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/login" {
		t.Fatalf("signed out, / answered %d → %q", res.StatusCode, res.Header.Get("Location"))
	}
	res, _ = s.get("/login")
	csp := res.Header.Get("Content-Security-Policy")
	for _, want := range []string{"default-src 'none'", "script-src 'self'", "style-src 'self'", "frame-ancestors 'none'", "form-action 'self'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("CSP %q lacks %q", csp, want)
		}
	}
	if strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "unsafe-eval") {
		t.Errorf("CSP %q allows inline code", csp)
	}
	if res.Header.Get("X-Frame-Options") != "DENY" || res.Header.Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("security headers %v", res.Header)
	}

	cookies := s.signIn("alice@example.com")
	session := map[string]bool{}
	for _, c := range cookies {
		if !c.HttpOnly || !c.Secure || c.SameSite == http.SameSiteNoneMode || c.SameSite == http.SameSiteDefaultMode || c.Path != "/" || !strings.HasPrefix(c.Name, "__Host-") {
			t.Errorf("cookie %s: HttpOnly=%v Secure=%v SameSite=%v Path=%q", c.Name, c.HttpOnly, c.Secure, c.SameSite, c.Path)
		}
		session[c.Name] = true
	}
	if !session["__Host-cmdai_session"] || !session["__Host-cmdai_refresh"] || !session["__Host-cmdai_csrf"] {
		t.Fatalf("cookies after login: %v", session)
	}

	res, body := s.get("/teams/"+team, cookies...)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("team page: %d %s", res.StatusCode, body)
	}
	for _, raw := range []string{"<script>alert", "<img src=x", "<b>bold", "</code><script>"} {
		if strings.Contains(body, raw) {
			t.Errorf("the team page holds %q unescaped", raw)
		}
	}
	for _, escaped := range []string{"&lt;img src=x onerror=alert(1)&gt;", "&lt;script&gt;alert(&#34;name&#34;)&lt;/script&gt;", "&lt;/code&gt;&lt;script&gt;x()&lt;/script&gt;"} {
		if !strings.Contains(body, escaped) {
			t.Errorf("the team page does not show %q", escaped)
		}
	}
	if strings.Contains(body, "<script>") && !strings.Contains(body, `<script src="/static/htmx.min.js" integrity="sha384-`) {
		t.Errorf("a script without integrity")
	}
	if regexp.MustCompile(`<[^>]*\s(style|on[a-z]+)=`).MatchString(body) {
		t.Errorf("the page has an inline style or event handler, which the CSP refuses")
	}

	// Forms need the CSRF token, and the request must not come from another origin.
	res, _ = s.post("/teams/"+team+"/invitations", url.Values{"email": {"x@example.com"}}, cookies...)
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("a form without its CSRF token: %d", res.StatusCode)
	}
	var token string
	for _, c := range cookies {
		if c.Name == "__Host-cmdai_csrf" {
			token = c.Value
		}
	}
	req, _ := http.NewRequest("POST", s.url+"/teams/"+team+"/invitations", strings.NewReader(url.Values{"csrf": {token}, "email": {"x@example.com"}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	for _, c := range cookies {
		req.AddCookie(c)
	}
	if res, err := noRedirects.Do(req); err != nil || res.StatusCode != http.StatusForbidden {
		t.Errorf("a cross-site form post: %v %v", res.StatusCode, err)
	}

	// The vendored htmx is served with the integrity the pages name.
	res, js := s.get("/static/htmx.min.js")
	if res.StatusCode != http.StatusOK || !strings.Contains(js, "htmx") {
		t.Errorf("htmx: %d", res.StatusCode)
	}
	// Paths the dashboard does not serve are the API's.
	if res, body := s.get("/api/v1/nope"); res.StatusCode != http.StatusNotFound || !strings.Contains(body, `"error"`) {
		t.Errorf("an unknown API path: %d %s", res.StatusCode, body)
	}
}

// A login that needs a second factor asks for the code on a second form; a recovery code from the
// enrolment answers it and opens the session.
func TestLoginWithSecondFactor(t *testing.T) {
	s := newSite(t)
	alice := s.signup("alice@example.com", "Alice")
	secret := s.api("POST", "/api/v1/auth/mfa/totp", alice, nil, 201)["secret"].(string)
	code, err := totp.GenerateCode(secret, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	codes, _ := s.api("POST", "/api/v1/auth/mfa/totp/confirm", alice, map[string]string{"code": code}, 200)["recovery_codes"].([]any)
	if len(codes) == 0 {
		t.Fatal("no recovery codes")
	}

	res, body := s.get("/login")
	cookies := res.Cookies()
	csrf := csrfInput.FindStringSubmatch(body)[1]
	res, body = s.post("/login", url.Values{"csrf": {csrf}, "email": {"alice@example.com"}, "password": {password}}, cookies...)
	token := regexp.MustCompile(`name="mfa_token" value="([^"]+)"`).FindStringSubmatch(body)
	if res.StatusCode != http.StatusOK || token == nil || len(res.Cookies()) > 0 {
		t.Fatalf("a login with a second factor: %d, cookies %v\n%s", res.StatusCode, res.Cookies(), body)
	}
	res, _ = s.post("/login/mfa", url.Values{"csrf": {csrf}, "mfa_token": {token[1]}, "code": {"000000"}}, cookies...)
	if res.StatusCode != http.StatusUnauthorized || len(res.Cookies()) > 0 {
		t.Fatalf("a wrong code: %d %v", res.StatusCode, res.Cookies())
	}
	res, body = s.post("/login/mfa", url.Values{"csrf": {csrf}, "mfa_token": {token[1]}, "code": {codes[0].(string)}}, cookies...)
	if res.StatusCode != http.StatusSeeOther || len(res.Cookies()) < 2 {
		t.Fatalf("a recovery code: %d %v %s", res.StatusCode, res.Cookies(), body)
	}
	if res, body := s.get("/", append(cookies, res.Cookies()...)...); res.StatusCode != http.StatusOK || !strings.Contains(body, "alice@example.com") {
		t.Fatalf("after the second factor: %d", res.StatusCode)
	}
}
