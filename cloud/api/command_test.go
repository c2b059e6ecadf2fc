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

	var ids []string
	for i := range 5 {
		r := a.do("POST", "/api/v1/commands", alice, map[string]any{
			"prompt": fmt.Sprintf("list files %d", i), "command": "ls -la", "shell": "bash", "risk": "safe",
			"user_id": "someone-else"})
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
		r := a.do("GET", "/api/v1/commands?limit=2&cursor="+url.QueryEscape(cursor), alice, nil)
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
	if n := len(a.do("GET", "/api/v1/commands", bob, nil).Body["items"].([]any)); n != 1 {
		t.Fatalf("bob sees %d commands", n)
	}
	a.want(a.do("DELETE", "/api/v1/commands/"+ids[0], bob, nil), http.StatusNotFound, api.CodeNotFound)
	a.want(a.do("DELETE", "/api/v1/commands/"+ids[0], alice, nil), http.StatusNoContent, "")
	a.want(a.do("DELETE", "/api/v1/commands/"+ids[0], alice, nil), http.StatusNotFound, api.CodeNotFound)
	a.want(a.do("DELETE", "/api/v1/commands/../x", alice, nil), http.StatusNotFound, api.CodeNotFound)
	if n := len(a.do("GET", "/api/v1/commands", alice, nil).Body["items"].([]any)); n != 4 {
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
			a.want(a.do("GET", "/api/v1/commands?"+q, tok, nil), http.StatusBadRequest, api.CodeValidation)
		})
	}
	a.want(a.do("POST", "/api/v1/commands", tok, map[string]string{"prompt": "p"}), http.StatusBadRequest, api.CodeValidation)
	a.want(a.do("POST", "/api/v1/commands", tok, map[string]string{"command": "ls"}), http.StatusBadRequest, api.CodeValidation)
	a.want(a.do("POST", "/api/v1/commands", tok, map[string]string{"prompt": "p", "command": "ls", "client_id": "dev-1"}), http.StatusCreated, "")
	a.want(a.do("POST", "/api/v1/commands", tok, map[string]string{"prompt": "p", "command": "ls", "client_id": "dev-1"}), http.StatusConflict, api.CodeConflict)
	a.want(a.do("GET", "/api/v1/commands", "", nil), http.StatusUnauthorized, api.CodeUnauthorized)
}
