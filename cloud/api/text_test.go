package api_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/cmdai/cmdai/cloud/api"
)

// Text with a NUL or invalid UTF-8, in a body, a path or a query, is a 400 invalid_text on every route
// (signup included, before any account exists), never a 500 from PostgreSQL and never stored altered.
func TestBadTextIs400Everywhere(t *testing.T) {
	a := newAPI(t)
	tok, _ := a.signup("text@example.com")
	team := a.createTeam(tok, "Text Team")
	bodies := []struct{ method, path, body string }{
		{"POST", "/api/v1/auth/signup", `{"email":"nul\u0000@example.com","password":"correct horse battery"}`},
		{"POST", "/api/v1/auth/signup", `{"email":"n@example.com","password":"correct horse battery","display_name":"a\u0000b"}`},
		{"POST", "/api/v1/auth/login", `{"email":"text@example.com","password":"x\u0000"}`},
		{"POST", "/api/v1/commands", `{"prompt":"p\u0000","command":"ls"}`},
		{"POST", "/api/v1/commands", `{"prompt":"p","command":"ls","client_id":"\u0000"}`},
		{"POST", "/api/v1/commands/generate", `{"prompt":"list \u0000 files"}`},
		{"POST", "/api/v1/teams", `{"name":"a\u0000"}`},
		{"POST", "/api/v1/teams/" + team + "/patterns", `{"name":"n","template":"echo \u0000"}`},
		{"POST", "/api/v1/teams/" + team + "/members", `{"email":"x@example.com\u0000","role":"member"}`},
		{"POST", "/api/v1/auth/api-keys", `{"name":"k\u0000"}`},
		{"POST", "/api/v1/auth/signup", "{\"email\":\"bad\xff@example.com\",\"password\":\"correct horse battery\"}"},
		{"POST", "/api/v1/commands", "{\"prompt\":\"p\xc3\x28\",\"command\":\"ls\"}"},
		{"POST", "/api/v1/teams", "{\"name\":\"\xed\xa0\x80\"}"}, // an encoded surrogate is not UTF-8
		// A key can hold the NUL too: it is refused as text before it is refused as an unknown field.
		{"POST", "/api/v1/teams", `{"na\u0000me":"x"}`},
	}
	for _, c := range bodies {
		t.Run(c.method+" "+c.path+" "+c.body, func(t *testing.T) {
			a.in(t).want(a.in(t).do(c.method, c.path, tok, c.body), http.StatusBadRequest, api.CodeInvalidText)
		})
	}
	// A control: an escaped backslash followed by u0000 is the six characters \u0000, which is fine.
	a.want(a.do("POST", "/api/v1/commands", tok, `{"prompt":"p","command":"echo \\u0000"}`), http.StatusCreated, "")

	queries := []string{
		"/api/v1/commands/history?q=%00",
		"/api/v1/commands/history?cursor=%FF",
		"/api/v1/teams/" + team + "/patterns?q=a%00b",
		"/api/v1/teams/" + team + "/patterns?tag=%C3%28",
		"/api/v1/analytics/usage?team_id=%00",
		"/api/v1/analytics/patterns?team_id=" + team + "&limit=%00",
		"/api/v1/commands/history?%00=1",
		"/api/v1/commands/history/%00",
		"/api/v1/teams/%FF",
	}
	for _, p := range queries {
		t.Run("GET "+p, func(t *testing.T) {
			a.in(t).want(a.in(t).do("GET", p, tok, nil), http.StatusBadRequest, api.CodeInvalidText)
		})
	}
	// Public routes too, before authentication.
	a.want(a.do("GET", "/health?x=%00", "", nil), http.StatusBadRequest, api.CodeInvalidText)
}

// A body without a Content-Type is a 415, like a body of another type; a POST with no body and no
// Content-Type is still answered as an empty body.
func TestBodyWithoutContentTypeIs415(t *testing.T) {
	a := newAPI(t)
	tok, _ := a.signup("ct@example.com")
	for _, c := range []struct{ path, token string }{
		{"/api/v1/auth/signup", ""},
		{"/api/v1/commands", tok},
		{"/api/v1/teams", tok},
	} {
		req, _ := http.NewRequest("POST", a.srv.URL+c.path, strings.NewReader(`{"prompt":"p","command":"ls"}`))
		if c.token != "" {
			req.Header.Set("Authorization", "Bearer "+c.token)
		}
		req.Header.Del("Content-Type")
		res, err := a.srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		raw, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusUnsupportedMediaType || !strings.Contains(string(raw), `"code":"`+api.CodeUnsupportedMedia+`"`) {
			t.Fatalf("POST %s without Content-Type: %d %s", c.path, res.StatusCode, raw)
		}
	}
	// chunked, length unknown: still a body
	req, _ := http.NewRequest("POST", a.srv.URL+"/api/v1/commands", io.MultiReader(strings.NewReader(`{"prompt":"p",`), strings.NewReader(`"command":"ls"}`)))
	req.Header.Set("Authorization", "Bearer "+tok)
	res, err := a.srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusUnsupportedMediaType {
		t.Fatalf("chunked body without Content-Type: %d", res.StatusCode)
	}
	a.want(a.do("POST", "/api/v1/auth/logout", tok, nil), http.StatusNoContent, "")
}
