package sso_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/cmdai/cmdai/cloud/api"
	"github.com/cmdai/cmdai/cloud/auth"
	"github.com/cmdai/cmdai/cloud/internal/testdb"
	"github.com/cmdai/cmdai/cloud/orgs"
	"github.com/cmdai/cmdai/cloud/secrets"
)

const adminPassword = "correct horse battery staple"

// cmdaiServer is the cloud API on a loopback port, with an organisation "Acme" whose admin is signed in.
type cmdaiServer struct {
	t     *testing.T
	srv   *httptest.Server
	pool  *pgxpool.Pool
	orgID string
	admin string // the admin's access token
}

func newCmdai(t *testing.T) *cmdaiServer {
	t.Helper()
	pool := testdb.New(t)
	key := bytes.Repeat([]byte{7}, secrets.KeySize)
	kr, err := secrets.NewKeyring("test", map[string][]byte{"test": key})
	if err != nil {
		t.Fatal(err)
	}
	h := api.NewHandler(api.Deps{DB: pool, Redis: testdb.Redis(t), Logger: slog.New(slog.DiscardHandler), Keyring: kr,
		Auth: &auth.Service{DB: pool, Tokens: auth.Tokens{Secret: []byte("sso-test-secret-sso-test-secret!!")},
			Argon2: auth.Argon2Params{MemoryKiB: 64, Iterations: 1, Parallelism: 1}}})
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	s := &cmdaiServer{t: t, srv: srv, pool: pool}
	res := s.call("POST", "/api/v1/auth/signup", "", map[string]string{"email": "admin@acme.example", "password": adminPassword}, http.StatusCreated)
	s.admin = res["access_token"].(string)
	o, err := (&orgs.Service{DB: pool}).Create(context.Background(), "Acme", "admin@acme.example", nil)
	if err != nil {
		t.Fatal(err)
	}
	s.orgID = o.ID
	return s
}

// call sends a JSON request and checks the status; it returns the decoded object body.
func (s *cmdaiServer) call(method, path, token string, body any, want int) map[string]any {
	s.t.Helper()
	status, out, raw := s.try(method, path, token, body)
	if status != want {
		s.t.Fatalf("%s %s: %d, want %d: %s", method, path, status, want, raw)
	}
	return out
}

func (s *cmdaiServer) try(method, path, token string, body any) (int, map[string]any, string) {
	s.t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, s.srv.URL+path, rd)
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
	var out map[string]any
	_ = json.Unmarshal(raw, &out)
	return res.StatusCode, out, string(raw)
}

// browser is a person's browser: it keeps cookies, follows redirects, and submits the self-posting
// forms that SAML's HTTP-POST binding sends.
type browser struct {
	t      *testing.T
	client *http.Client
	// posted is the last form a page posted (SAML's), for tests that replay or tamper with it.
	posted url.Values
	// tamper, when set, changes a form before it is posted.
	tamper func(url.Values)
}

func newBrowser(t *testing.T) *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{t: t, client: &http.Client{Jar: jar}}
}

var (
	formAction = regexp.MustCompile(`(?is)<form[^>]*action="([^"]+)"`)
	formInput  = regexp.MustCompile(`(?is)<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"`)
)

// open visits u and everything it leads to; it returns the last response's URL, status and body.
func (b *browser) open(u string) (*url.URL, int, string) {
	b.t.Helper()
	at, status, body, err := b.visit(u)
	if err != nil {
		b.t.Fatal(err)
	}
	return at, status, body
}

// visit is open for a goroutine of the test: it reports failures instead of ending the test.
func (b *browser) visit(u string) (*url.URL, int, string, error) {
	res, err := b.client.Get(u)
	if err != nil {
		return nil, 0, "", fmt.Errorf("browse %s: %w", u, err)
	}
	for range 5 {
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		m := formAction.FindSubmatch(body)
		if m == nil || !bytes.Contains(body, []byte("SAMLResponse")) {
			return res.Request.URL, res.StatusCode, string(body), nil
		}
		form := url.Values{}
		for _, in := range formInput.FindAllSubmatch(body, -1) {
			form.Set(html.UnescapeString(string(in[1])), html.UnescapeString(string(in[2])))
		}
		if b.tamper != nil {
			b.tamper(form)
		}
		b.posted = form
		res, err = b.client.PostForm(html.UnescapeString(string(m[1])), form)
		if err != nil {
			return nil, 0, "", fmt.Errorf("post the form: %w", err)
		}
	}
	return nil, 0, "", errors.New("too many forms")
}

// loginCode is the one-time code a finished login put in the return URL.
func loginCode(t *testing.T, u *url.URL, status int, body string) string {
	t.Helper()
	code := u.Query().Get("code")
	if code == "" {
		t.Fatalf("the login did not come back with a code: at %s (%d): %s", u, status, strings.TrimSpace(body))
	}
	return code
}
