package api_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/cmdai/cmdai/cloud/api"
	"github.com/cmdai/cmdai/cloud/auth"
)

func TestAPIKeys(t *testing.T) {
	a := newAPI(t)
	access, _ := a.signup("keys@example.com")
	other, _ := a.signup("other@example.com")

	r := a.do("POST", "/api/v1/auth/api-keys", access, map[string]any{"name": "laptop", "scopes": []string{auth.ScopeCommandsRead}, "expires_in_days": 30})
	a.want(r, http.StatusCreated, "")
	key, id := r.Body["key"].(string), r.Body["id"].(string)
	if !strings.HasPrefix(key, "cmdai_") || !strings.HasPrefix(key, r.Body["prefix"].(string)) {
		t.Fatalf("key %q prefix %v", key, r.Body["prefix"])
	}

	// The key authenticates, within its scopes, and records its use.
	a.want(a.do("GET", "/api/v1/auth/me", key, nil), http.StatusOK, "")
	a.want(a.do("GET", "/api/v1/commands", key, nil), http.StatusOK, "")
	a.want(a.do("POST", "/api/v1/commands", key, map[string]string{"prompt": "p", "command": "ls"}), http.StatusForbidden, api.CodeForbidden)
	// An API key cannot mint, list or revoke keys, nor log out.
	a.want(a.do("POST", "/api/v1/auth/api-keys", key, map[string]any{"name": "x", "scopes": []string{auth.ScopeCommandsRead}}), http.StatusForbidden, api.CodeForbidden)
	a.want(a.do("GET", "/api/v1/auth/api-keys", key, nil), http.StatusForbidden, api.CodeForbidden)

	list := a.do("GET", "/api/v1/auth/api-keys", access, nil)
	a.want(list, http.StatusOK, "")
	items := list.Body["items"].([]any)
	if len(items) != 1 || strings.Contains(list.Raw, key) {
		t.Fatalf("list shows %d keys or the secret: %s", len(items), list.Raw)
	}
	if items[0].(map[string]any)["last_used_at"] == nil {
		t.Fatalf("last_used_at not recorded: %s", list.Raw)
	}
	if n := len(a.do("GET", "/api/v1/auth/api-keys", other, nil).Body["items"].([]any)); n != 0 {
		t.Fatalf("another user sees %d keys", n)
	}

	// Revoking: not by another user (no BOLA), then by the owner, once.
	a.want(a.do("DELETE", "/api/v1/auth/api-keys/"+id, other, nil), http.StatusNotFound, api.CodeNotFound)
	a.want(a.do("GET", "/api/v1/auth/me", key, nil), http.StatusOK, "")
	a.want(a.do("DELETE", "/api/v1/auth/api-keys/not-a-uuid", access, nil), http.StatusNotFound, api.CodeNotFound)
	a.want(a.do("DELETE", "/api/v1/auth/api-keys/"+id, access, nil), http.StatusNoContent, "")
	a.want(a.do("DELETE", "/api/v1/auth/api-keys/"+id, access, nil), http.StatusNotFound, api.CodeNotFound)
	a.want(a.do("GET", "/api/v1/auth/me", key, nil), http.StatusUnauthorized, api.CodeUnauthorized)
}

func TestAPIKeyValidation(t *testing.T) {
	a := newAPI(t)
	access, _ := a.signup("kv@example.com")
	for name, body := range map[string]map[string]any{
		"no name":       {"scopes": []string{auth.ScopeCommandsRead}},
		"no scopes":     {"name": "x"},
		"unknown scope": {"name": "x", "scopes": []string{"admin"}},
		"too long":      {"name": "x", "scopes": []string{auth.ScopeCommandsRead}, "expires_in_days": 366},
		"negative":      {"name": "x", "scopes": []string{auth.ScopeCommandsRead}, "expires_in_days": -1},
	} {
		t.Run(name, func(t *testing.T) {
			a.want(a.do("POST", "/api/v1/auth/api-keys", access, body), http.StatusBadRequest, api.CodeValidation)
		})
	}
	a.want(a.do("POST", "/api/v1/auth/api-keys", "", map[string]any{"name": "x"}), http.StatusUnauthorized, api.CodeUnauthorized)
}

func TestExpiredAPIKeyIsRefused(t *testing.T) {
	a := newAPI(t)
	access, _ := a.signup("exp@example.com")
	r := a.do("POST", "/api/v1/auth/api-keys", access, map[string]any{"name": "ci", "scopes": []string{auth.ScopeCommandsRead}, "expires_in_days": 1})
	a.want(r, http.StatusCreated, "")
	key := r.Body["key"].(string)
	a.want(a.do("GET", "/api/v1/auth/me", key, nil), http.StatusOK, "")
	if _, err := a.pool.Exec(context.Background(), `UPDATE api_keys SET expires_at = now() - interval '1 second' WHERE id = $1`, r.Body["id"]); err != nil {
		t.Fatal(err)
	}
	a.want(a.do("GET", "/api/v1/auth/me", key, nil), http.StatusUnauthorized, api.CodeUnauthorized)
}
