package api_test

import (
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"github.com/cmdai/cmdai/cloud/api"
)

func TestCommandsHistory(t *testing.T) {
	a := newAPI(t)
	alice, _ := a.signup("alice@example.com")
	bob, _ := a.signup("bob@example.com")

	// Whose command it is comes from the credential: a body that names a user is refused.
	r := a.do("POST", "/api/v1/commands", alice, map[string]any{"prompt": "p", "command": "ls", "user_id": "someone-else"})
	a.want(r, http.StatusBadRequest, api.CodeValidation)
	if d, _ := r.Body["error"].(map[string]any)["details"].(map[string]any); d["field"] != "user_id" {
		t.Fatalf("refusal does not name user_id: %s", r.Raw)
	}
	var ids []string
	for i := range 5 {
		r := a.do("POST", "/api/v1/commands", alice, map[string]any{
			"prompt": fmt.Sprintf("list files %d", i), "command": "ls -la", "shell": "bash", "risk": "safe"})
		a.want(r, http.StatusCreated, "")
		ids = append(ids, r.Body["id"].(string))
	}
	a.want(a.do("POST", "/api/v1/commands", bob, map[string]any{"prompt": "p", "command": "pwd"}), http.StatusCreated, "")

	// Pages of two, newest first, until next_cursor is null.
	var got []string
	cursor := ""
	for pages := 0; ; pages++ {
		if pages > 5 {
			t.Fatal("pagination does not end")
		}
		r := a.do("GET", "/api/v1/commands/history?limit=2&cursor="+url.QueryEscape(cursor), alice, nil)
		a.want(r, http.StatusOK, "")
		for _, it := range r.Body["items"].([]any) {
			got = append(got, it.(map[string]any)["id"].(string))
		}
		next, _ := r.Body["next_cursor"].(string)
		if next == "" {
			break
		}
		cursor = next
	}
	if len(got) != 5 {
		t.Fatalf("paged %d commands, want 5: %v", len(got), got)
	}
	seen := map[string]bool{}
	for i, id := range got {
		if seen[id] {
			t.Fatalf("%s listed twice", id)
		}
		seen[id] = true
		if id != ids[4-i] {
			t.Errorf("item %d is %s, want %s (newest first)", i, id, ids[4-i])
		}
	}

	// Bob sees only his, and cannot delete Alice's (no BOLA).
	if n := len(a.do("GET", "/api/v1/commands/history", bob, nil).Body["items"].([]any)); n != 1 {
		t.Fatalf("bob sees %d commands", n)
	}
	a.want(a.do("DELETE", "/api/v1/commands/history/"+ids[0], bob, nil), http.StatusNotFound, api.CodeNotFound)
	a.want(a.do("DELETE", "/api/v1/commands/history/"+ids[0], alice, nil), http.StatusNoContent, "")
	a.want(a.do("DELETE", "/api/v1/commands/history/"+ids[0], alice, nil), http.StatusNotFound, api.CodeNotFound)
	a.want(a.do("DELETE", "/api/v1/commands/history/../x", alice, nil), http.StatusNotFound, api.CodeNotFound)
	if n := len(a.do("GET", "/api/v1/commands/history", alice, nil).Body["items"].([]any)); n != 4 {
		t.Fatalf("alice has %d commands after one delete", n)
	}
}

func TestCommandsValidation(t *testing.T) {
	a := newAPI(t)
	tok, _ := a.signup("cv@example.com")
	for name, q := range map[string]string{
		"limit zero": "limit=0", "limit over max": "limit=201", "limit text": "limit=ten",
		"bad cursor": "cursor=zzz", "forged cursor": "cursor=" + url.QueryEscape("bm90fGEtY3Vyc29y"),
	} {
		t.Run(name, func(t *testing.T) {
			a.want(a.do("GET", "/api/v1/commands/history?"+q, tok, nil), http.StatusBadRequest, api.CodeValidation)
		})
	}
	a.want(a.do("POST", "/api/v1/commands", tok, map[string]string{"prompt": "p"}), http.StatusBadRequest, api.CodeValidation)
	a.want(a.do("POST", "/api/v1/commands", tok, map[string]string{"command": "ls"}), http.StatusBadRequest, api.CodeValidation)
	a.want(a.do("POST", "/api/v1/commands", tok, map[string]string{"prompt": "p", "command": "ls", "client_id": "dev-1"}), http.StatusCreated, "")
	a.want(a.do("POST", "/api/v1/commands", tok, map[string]string{"prompt": "p", "command": "ls", "client_id": "dev-1"}), http.StatusConflict, api.CodeConflict)
	a.want(a.do("GET", "/api/v1/commands/history", "", nil), http.StatusUnauthorized, api.CodeUnauthorized)
}

// The seed's V2.0 paths answer as the seed writes them, and the first release's paths stay as aliases
// that answer the same.
func TestSeedCommandPaths(t *testing.T) {
	a := newAPI(t)
	alice, _ := a.signup("seed-alice@example.com")
	bob, _ := a.signup("seed-bob@example.com")
	var ids []string
	for i := range 3 {
		r := a.do("POST", "/api/v1/commands", alice, map[string]any{"prompt": fmt.Sprintf("p%d", i), "command": "ls"})
		a.want(r, http.StatusCreated, "")
		ids = append(ids, r.Body["id"].(string))
	}
	bobs := a.do("POST", "/api/v1/commands", bob, map[string]any{"prompt": "p", "command": "pwd"}).Body["id"].(string)

	// GET /api/v1/commands/history is the history (it once answered 405), and the alias lists the same.
	history := a.do("GET", "/api/v1/commands/history?limit=2", alice, nil)
	a.want(history, http.StatusOK, "")
	alias := a.do("GET", "/api/v1/commands?limit=2", alice, nil)
	a.want(alias, http.StatusOK, "")
	if history.Raw != alias.Raw {
		t.Errorf("history and its alias differ:\n%s\n%s", history.Raw, alias.Raw)
	}
	if items := history.Body["items"].([]any); len(items) != 2 || items[0].(map[string]any)["id"] != ids[2] || history.Body["next_cursor"] == nil {
		t.Fatalf("history page: %s", history.Raw)
	}

	// POST /api/v1/commands/execute takes the command in the body.
	r := a.do("POST", "/api/v1/commands/execute", alice, map[string]any{"command_id": ids[0], "exit_code": 3, "duration_ms": 40})
	a.want(r, http.StatusOK, "")
	if r.Body["command_id"] != ids[0] || r.Body["exit_code"].(float64) != 3 || r.Body["duration_ms"].(float64) != 40 {
		t.Fatalf("execute: %s", r.Raw)
	}
	a.want(a.do("POST", "/api/v1/commands/"+ids[0]+"/execute", alice, map[string]any{"exit_code": 0, "duration_ms": 1}), http.StatusOK, "")
	for name, c := range map[string]struct {
		token  string
		body   map[string]any
		status int
		code   string
	}{
		"no command_id":      {alice, map[string]any{"exit_code": 0, "duration_ms": 1}, 400, api.CodeValidation},
		"empty command_id":   {alice, map[string]any{"command_id": "", "exit_code": 0, "duration_ms": 1}, 400, api.CodeValidation},
		"no exit code":       {alice, map[string]any{"command_id": ids[0], "duration_ms": 1}, 400, api.CodeValidation},
		"malformed id":       {alice, map[string]any{"command_id": "../x", "exit_code": 0, "duration_ms": 1}, 404, api.CodeNotFound},
		"unknown id":         {alice, map[string]any{"command_id": "00000000-0000-0000-0000-000000000000", "exit_code": 0, "duration_ms": 1}, 404, api.CodeNotFound},
		"another's command":  {alice, map[string]any{"command_id": bobs, "exit_code": 0, "duration_ms": 1}, 404, api.CodeNotFound},
		"a user in the body": {alice, map[string]any{"command_id": ids[0], "exit_code": 0, "duration_ms": 1, "user_id": bobs}, 400, api.CodeValidation},
		"no credential":      {"", map[string]any{"command_id": ids[0], "exit_code": 0, "duration_ms": 1}, 401, api.CodeUnauthorized},
	} {
		t.Run(name, func(t *testing.T) {
			a := a.in(t)
			a.want(a.do("POST", "/api/v1/commands/execute", c.token, c.body), c.status, c.code)
		})
	}
	// The alias takes the command from the path only.
	a.want(a.do("POST", "/api/v1/commands/"+ids[0]+"/execute", alice, map[string]any{"command_id": ids[0], "exit_code": 0, "duration_ms": 1}),
		http.StatusBadRequest, api.CodeValidation)
	usage := a.do("GET", "/api/v1/analytics/usage", alice, nil)
	if n := usage.Body["by_kind"].(map[string]any)["execute"]; n != 2.0 {
		t.Fatalf("alice's executions counted %v, want 2 (one per path): %s", n, usage.Raw)
	}

	// DELETE /api/v1/commands/history/{id} deletes; the alias deletes too, and neither reaches another's.
	a.want(a.do("DELETE", "/api/v1/commands/history/"+bobs, alice, nil), http.StatusNotFound, api.CodeNotFound)
	a.want(a.do("DELETE", "/api/v1/commands/history/"+ids[0], alice, nil), http.StatusNoContent, "")
	a.want(a.do("DELETE", "/api/v1/commands/"+ids[0], alice, nil), http.StatusNotFound, api.CodeNotFound)
	a.want(a.do("DELETE", "/api/v1/commands/"+ids[1], alice, nil), http.StatusNoContent, "")
	a.want(a.do("DELETE", "/api/v1/commands/history/"+ids[1], alice, nil), http.StatusNotFound, api.CodeNotFound)
	if items := a.do("GET", "/api/v1/commands/history", alice, nil).Body["items"].([]any); len(items) != 1 || items[0].(map[string]any)["id"] != ids[2] {
		t.Fatalf("after two deletes alice has %v", items)
	}
}
