package api_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/cmdai/cmdai/cloud/api"
	"github.com/cmdai/cmdai/cloud/auth"
)

func TestGenerateExecuteAndUsage(t *testing.T) {
	a := newAPI(t)
	tok, _ := a.signup("gen@example.com")

	r := a.do("POST", "/api/v1/commands/generate", tok, map[string]any{"prompt": "count lines in main.go", "shell": "bash"})
	a.want(r, http.StatusCreated, "")
	if r.Body["command"] != "wc -l main.go" || r.Body["risk"] != "safe" || r.Body["backend"] != "offline" {
		t.Fatalf("generate: %s", r.Raw)
	}
	if _, ok := r.Body["findings"].([]any); !ok || r.Body["explanation"] == "" {
		t.Fatalf("generate lacks findings or explanation: %s", r.Raw)
	}
	safeID := r.Body["id"].(string)

	// The server's own safety check rates the command, with findings that say why.
	r = a.do("POST", "/api/v1/commands/generate", tok, map[string]any{"prompt": "delete all .tmp files older than 7 days"})
	a.want(r, http.StatusCreated, "")
	if r.Body["risk"] == "safe" || len(r.Body["findings"].([]any)) == 0 {
		t.Fatalf("a delete rated safe: %s", r.Raw)
	}
	riskyRisk := r.Body["risk"].(string)

	// Both are in the history, newest first.
	hist := a.do("GET", "/api/v1/commands", tok, nil).Body["items"].([]any)
	if len(hist) != 2 || hist[1].(map[string]any)["id"] != safeID || hist[1].(map[string]any)["backend"] != "offline" {
		t.Fatalf("history after generate: %v", hist)
	}

	a.want(a.do("POST", "/api/v1/commands/generate", tok, map[string]any{"prompt": "qwzx florp blarg vrrm"}), http.StatusUnprocessableEntity, api.CodeNoAnswer)
	for name, body := range map[string]any{
		"no prompt":     map[string]any{"shell": "bash"},
		"bad shell":     map[string]any{"prompt": "list files", "shell": "powershell"},
		"bad os":        map[string]any{"prompt": "list files", "os": "Windows NT"},
		"empty client":  map[string]any{"prompt": "list files", "client_id": ""},
		"risk from you": map[string]any{"prompt": "list files", "risk": "safe"},
		"not an object": []string{"list files"},
	} {
		t.Run(name, func(t *testing.T) {
			r := a.in(t).do("POST", "/api/v1/commands/generate", tok, body)
			if r.Status != http.StatusBadRequest {
				t.Fatalf("got %d: %s", r.Status, r.Raw)
			}
		})
	}

	// Execution reports, on the caller's own commands only.
	exec := "/api/v1/commands/" + safeID + "/execute"
	r = a.do("POST", exec, tok, map[string]any{"exit_code": 0, "duration_ms": 12})
	a.want(r, http.StatusOK, "")
	if r.Body["exit_code"].(float64) != 0 || r.Body["duration_ms"].(float64) != 12 || r.Body["command_id"] != safeID {
		t.Fatalf("execute: %s", r.Raw)
	}
	a.want(a.do("POST", exec, tok, map[string]any{"exit_code": 2, "duration_ms": 5, "executed_at": time.Now().Add(-time.Hour)}), http.StatusOK, "")
	for name, body := range map[string]any{
		"no exit code":     map[string]any{"duration_ms": 1},
		"exit code 256":    map[string]any{"exit_code": 256, "duration_ms": 1},
		"negative time":    map[string]any{"exit_code": 0, "duration_ms": -1},
		"no duration":      map[string]any{"exit_code": 0},
		"future":           map[string]any{"exit_code": 0, "duration_ms": 1, "executed_at": time.Now().Add(time.Hour)},
		"another's id":     map[string]any{"exit_code": 0, "duration_ms": 1, "command_id": "00000000-0000-0000-0000-000000000000"},
		"user in the body": map[string]any{"exit_code": 0, "duration_ms": 1, "user_id": "00000000-0000-0000-0000-000000000000"},
	} {
		t.Run(name, func(t *testing.T) {
			a := a.in(t)
			a.want(a.do("POST", exec, tok, body), http.StatusBadRequest, api.CodeValidation)
		})
	}
	a.want(a.do("POST", "/api/v1/commands/00000000-0000-0000-0000-000000000000/execute", tok, map[string]any{"exit_code": 0, "duration_ms": 1}), http.StatusNotFound, api.CodeNotFound)

	// Usage: two generations and two executions today, generations by risk and backend.
	u := a.do("GET", "/api/v1/analytics/usage", tok, nil)
	a.want(u, http.StatusOK, "")
	byKind, byRisk, byBackend := u.Body["by_kind"].(map[string]any), u.Body["by_risk"].(map[string]any), u.Body["by_backend"].(map[string]any)
	days := u.Body["by_day"].([]any)
	if u.Body["total"].(float64) != 4 || byKind["generate"].(float64) != 2 || byKind["execute"].(float64) != 2 ||
		byRisk["safe"].(float64) != 1 || byRisk[riskyRisk].(float64) != 1 || byBackend["offline"].(float64) != 2 ||
		len(days) != 1 || days[0].(map[string]any)["count"].(float64) != 4 ||
		days[0].(map[string]any)["date"] != time.Now().UTC().Format(time.DateOnly) {
		t.Fatalf("usage %s", u.Raw)
	}
	// A range before any use is empty; a range too long or backwards is refused.
	u = a.do("GET", "/api/v1/analytics/usage?from=2020-01-01&to=2020-02-01", tok, nil)
	a.want(u, http.StatusOK, "")
	if u.Body["total"].(float64) != 0 || len(u.Body["by_day"].([]any)) != 0 {
		t.Fatalf("empty range: %s", u.Raw)
	}
	for _, q := range []string{"from=2020-01-01&to=2022-01-01", "from=2021-01-02&to=2021-01-01", "from=yesterday"} {
		a.want(a.do("GET", "/api/v1/analytics/usage?"+q, tok, nil), http.StatusBadRequest, api.CodeValidation)
	}
	// Another user's usage is their own.
	other, _ := a.signup("other-gen@example.com")
	if u := a.do("GET", "/api/v1/analytics/usage", other, nil); u.Body["total"].(float64) != 0 {
		t.Fatalf("another user sees usage: %s", u.Raw)
	}
}

func TestGenerateScopes(t *testing.T) {
	a := newAPI(t)
	tok, _ := a.signup("scopes@example.com")
	r := a.do("POST", "/api/v1/auth/api-keys", tok, map[string]any{"name": "ro", "scopes": []string{auth.ScopeCommandsRead, auth.ScopeTeamsRead}})
	a.want(r, http.StatusCreated, "")
	key := r.Body["key"].(string)
	a.want(a.do("POST", "/api/v1/commands/generate", key, map[string]any{"prompt": "count lines in main.go"}), http.StatusForbidden, api.CodeForbidden)
	a.want(a.do("GET", "/api/v1/analytics/usage", key, nil), http.StatusForbidden, api.CodeForbidden)
	a.want(a.do("GET", "/api/v1/teams", key, nil), http.StatusOK, "")
	// Membership changes need a login session, whatever the key's scopes.
	team := a.createTeam(tok, "Keys")
	a.want(a.do("POST", "/api/v1/teams/"+team+"/members", key, map[string]string{"email": "x@example.com"}), http.StatusForbidden, api.CodeForbidden)
	a.want(a.do("POST", "/api/v1/teams", key, map[string]string{"name": "K"}), http.StatusForbidden, api.CodeForbidden)
	if !strings.HasPrefix(key, auth.APIKeyPrefix) {
		t.Fatalf("key %q", key)
	}
}
