package api_test

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/cmdai/cmdai/cloud/api"
	"github.com/cmdai/cmdai/cloud/auth"
	"github.com/cmdai/cmdai/cloud/internal/testdb"
)

var testSecret = []byte("test-secret-test-secret-test-secret!")

// cheap argon2 parameters keep the suite fast; production uses auth.DefaultArgon2Params.
var cheapArgon2 = auth.Argon2Params{MemoryKiB: 64, Iterations: 1, Parallelism: 1}

type testAPI struct {
	t    *testing.T
	srv  *httptest.Server
	pool *pgxpool.Pool
}

func newAPI(t *testing.T) *testAPI {
	t.Helper()
	pool := testdb.New(t)
	h := api.NewHandler(api.Deps{
		DB: pool, Redis: testdb.Redis(t), Logger: slog.New(slog.DiscardHandler), MaxBodyBytes: 16 << 10,
		Auth: &auth.Service{DB: pool, Tokens: auth.Tokens{Secret: testSecret}, Argon2: cheapArgon2},
	})
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return &testAPI{t: t, srv: srv, pool: pool}
}

type response struct {
	Status int
	Header http.Header
	Body   map[string]any
	Raw    string
}

// errCode is the response's error code, or "" when the body is not an error.
func (r response) errCode() string {
	e, _ := r.Body["error"].(map[string]any)
	c, _ := e["code"].(string)
	return c
}

func (a *testAPI) do(method, path, token string, body any) response {
	a.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	default:
		j, _ := json.Marshal(b)
		rd = bytes.NewReader(j)
	}
	req, err := http.NewRequest(method, a.srv.URL+path, rd)
	if err != nil {
		a.t.Fatal(err)
	}
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := a.srv.Client().Do(req)
	if err != nil {
		a.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	out := response{Status: res.StatusCode, Header: res.Header, Raw: string(raw)}
	if len(raw) > 0 {
		if err := json.Unmarshal(raw, &out.Body); err != nil {
			a.t.Fatalf("%s %s: body is not a JSON object: %q", method, path, raw)
		}
	}
	if res.StatusCode >= 400 {
		checkErrorShape(a.t, out)
	}
	return out
}

// checkErrorShape holds every failure to {"error":{"code","message","details"}} and nothing else.
func checkErrorShape(t *testing.T, r response) {
	t.Helper()
	e, ok := r.Body["error"].(map[string]any)
	if !ok || len(r.Body) != 1 || len(e) != 3 {
		t.Fatalf("error body %q is not {\"error\":{code,message,details}}", r.Raw)
	}
	for _, k := range []string{"code", "message", "details"} {
		if _, ok := e[k]; !ok {
			t.Fatalf("error body %q lacks %s", r.Raw, k)
		}
	}
	if r.Header.Get("Content-Type") != "application/json" {
		t.Fatalf("error Content-Type %q", r.Header.Get("Content-Type"))
	}
}

func (a *testAPI) want(r response, status int, code string) {
	a.t.Helper()
	if r.Status != status || r.errCode() != code {
		a.t.Fatalf("got %d %q, want %d %q: %s", r.Status, r.errCode(), status, code, r.Raw)
	}
}

const goodPassword = "correct horse battery"

// signup creates an account and returns its access and refresh tokens.
func (a *testAPI) signup(email string) (access, refresh string) {
	a.t.Helper()
	r := a.do("POST", "/api/v1/auth/signup", "", map[string]string{"email": email, "password": goodPassword})
	a.want(r, http.StatusCreated, "")
	return r.Body["access_token"].(string), r.Body["refresh_token"].(string)
}

func TestHealthAndReady(t *testing.T) {
	a := newAPI(t)
	a.want(a.do("GET", "/health", "", nil), http.StatusOK, "")
	r := a.do("GET", "/ready", "", nil)
	a.want(r, http.StatusOK, "")
	if r.Body["status"] != "ready" {
		t.Fatalf("ready body %s", r.Raw)
	}
	if r.Header.Get("X-Request-Id") == "" {
		t.Fatal("no X-Request-Id on the response")
	}
}

func TestUnknownRoutesAnswerJSON(t *testing.T) {
	a := newAPI(t)
	a.want(a.do("GET", "/api/v1/nope", "", nil), http.StatusNotFound, api.CodeNotFound)
	r := a.do("DELETE", "/api/v1/auth/signup", "", nil)
	a.want(r, http.StatusMethodNotAllowed, api.CodeMethodNotAllowed)
	if r.Header.Get("Allow") == "" {
		t.Fatal("405 without Allow")
	}
}

func TestRequestIDIsEchoedOrReplaced(t *testing.T) {
	a := newAPI(t)
	for in, keep := range map[string]bool{"abc-123": true, "bad id\twith spaces": false} {
		req, _ := http.NewRequest("GET", a.srv.URL+"/health", nil)
		req.Header.Set("X-Request-Id", in)
		res, err := a.srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		got := res.Header.Get("X-Request-Id")
		if (got == in) != keep || got == "" {
			t.Errorf("X-Request-Id %q came back as %q", in, got)
		}
	}
}

func TestRequestLimits(t *testing.T) {
	a := newAPI(t)
	big := `{"email":"a@example.com","password":"` + strings.Repeat("x", 20<<10) + `"}`
	a.want(a.do("POST", "/api/v1/auth/signup", "", big), http.StatusRequestEntityTooLarge, api.CodePayloadTooLarge)
	a.want(a.do("POST", "/api/v1/auth/signup", "", "{not json"), http.StatusBadRequest, api.CodeInvalidJSON)
	a.want(a.do("POST", "/api/v1/auth/signup", "", `{"email":"a@b.co"} {}`), http.StatusBadRequest, api.CodeInvalidJSON)
	req, _ := http.NewRequest("POST", a.srv.URL+"/api/v1/auth/login", strings.NewReader("email=x"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	res, err := a.srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusUnsupportedMediaType {
		t.Fatalf("form body: %d", res.StatusCode)
	}
}

// One decoder policy: every route that reads a body refuses a field it does not take, naming it, before
// it looks at anything else, so a misspelt field or a forged plan, role or owner is never silently dropped.
func TestEveryRouteRefusesUnknownFields(t *testing.T) {
	// The routes that read no body at all.
	noBody := map[string]bool{"POST /api/v1/auth/logout": true, "POST /api/v1/teams/{id}/patterns/{pattern_id}/use": true,
		"POST /api/v1/orgs/{id}/approvals/{aid}/approve": true, "POST /api/v1/orgs/{id}/approvals/{aid}/deny": true,
		"POST /api/v1/workflows/{id}/runs/{run_id}/cancel": true, "POST /api/v1/invitations/{id}/accept": true,
		"POST /api/v1/invitations/{id}/decline": true}
	// The routes whose body another protocol defines, and so its fields and its errors.
	otherProtocol := map[string]string{
		"POST /api/v1/workflows/{id}/webhook": "the sender's own payload, trusted by its HMAC signature",
		"POST /api/graphql":                   "a GraphQL request, answered with GraphQL's errors",
		"POST /api/v1/orgs/{id}/sso/saml/acs": "a SAML response posted as a form (SAML 2.0 bindings)",
		"POST /scim/v2/Users":                 "SCIM 2.0 (RFC 7644): extension attributes are allowed, errors are SCIM's",
		"PUT /scim/v2/Users/{id}":             "SCIM 2.0 (RFC 7644)",
		"PATCH /scim/v2/Users/{id}":           "SCIM 2.0 (RFC 7644)",
		"POST /scim/v2/Groups":                "SCIM 2.0 (RFC 7644)",
		"PATCH /scim/v2/Groups/{id}":          "SCIM 2.0 (RFC 7644)",
	}
	a := newAPI(t)
	tok, _ := a.signup("fields@example.com")
	tried := 0
	for _, r := range api.Routes() {
		name := r.Method + " " + r.Path
		if r.Method == "GET" || r.Method == "DELETE" {
			continue
		}
		if noBody[name] {
			delete(noBody, name)
			continue
		}
		if otherProtocol[name] != "" {
			delete(otherProtocol, name)
			continue
		}
		path := regexp.MustCompile(`\{[a-z_]+\}`).ReplaceAllString(r.Path, "00000000-0000-0000-0000-000000000000")
		t.Run(name, func(t *testing.T) {
			a := a.in(t)
			res := a.do(r.Method, path, tok, map[string]any{"zz_not_a_field": true})
			a.want(res, http.StatusBadRequest, api.CodeValidation)
			if d, _ := res.Body["error"].(map[string]any)["details"].(map[string]any); d["field"] != "zz_not_a_field" {
				t.Errorf("the refusal does not name the field: %s", res.Raw)
			}
		})
		tried++
	}
	if len(noBody) > 0 {
		t.Errorf("routes said to read no body are not routes: %v", noBody)
	}
	for name := range otherProtocol {
		if !slices.ContainsFunc(api.Routes(), func(r api.Route) bool { return r.Method+" "+r.Path == name }) {
			t.Errorf("a route said to speak another protocol is not a route: %s", name)
		}
	}
	if tried < 15 {
		t.Errorf("only %d routes read a body; the table has more", tried)
	}
}
