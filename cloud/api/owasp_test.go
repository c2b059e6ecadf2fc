package api_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/cmdai/cmdai/cloud/api"
)

// TestOWASPAPITop10 walks the OWASP API Security Top 10 risks that apply to the team, pattern, command and
// analytics routes: broken object-level authorisation (API1) across users and teams and after removal,
// broken authentication (API2), mass assignment of role, plan and owner fields (API3), unbounded
// consumption through page sizes and ranges (API4), and broken function-level authorisation (API5).
func TestOWASPAPITop10(t *testing.T) {
	a := newAPI(t)
	alice, _ := a.signup("alice@example.com")
	bob, _ := a.signup("bob@example.com")
	mallory, _ := a.signup("mallory@example.com")
	gone, _ := a.signup("gone@example.com")
	aliceID, malloryID, goneID := a.userID(alice), a.userID(mallory), a.userID(gone)

	teamA := a.createTeam(alice, "Alpha")
	teamB := a.createTeam(bob, "Bravo")
	a.join(alice, teamA, mallory, "mallory@example.com", "member")
	a.join(alice, teamA, gone, "gone@example.com", "member")
	pa := a.sharePattern(alice, teamA, map[string]any{"name": "a", "template": "ls"}).Body["id"].(string)
	pb := a.sharePattern(bob, teamB, map[string]any{"name": "b", "template": "ls"}).Body["id"].(string)
	ca := a.do("POST", "/api/v1/commands", alice, map[string]string{"prompt": "p", "command": "ls"}).Body["id"].(string)
	// gone was a member and used the team; after removal every door is shut.
	a.want(a.do("GET", "/api/v1/teams/"+teamA, gone, nil), http.StatusOK, "")
	a.want(a.do("DELETE", "/api/v1/teams/"+teamA+"/members/"+goneID, alice, nil), http.StatusNoContent, "")

	// 55 patterns make the default page size and the cap observable.
	if _, err := a.pool.Exec(context.Background(),
		`INSERT INTO shared_patterns (team_id, name, command) SELECT $1, 'bulk-' || g, 'true' FROM generate_series(1, 55) g`, teamA); err != nil {
		t.Fatal(err)
	}

	tA, tB := "/api/v1/teams/"+teamA, "/api/v1/teams/"+teamB
	ok := map[string]any{"exit_code": 0, "duration_ms": 1}
	cases := []struct {
		risk, name   string
		token        string
		method, path string
		body         any
		status       int
		code         string
	}{
		{"API1", "other user reads a team", bob, "GET", tA, nil, 404, api.CodeNotFound},
		{"API1", "other user lists a team's patterns", bob, "GET", tA + "/patterns", nil, 404, api.CodeNotFound},
		{"API1", "other user shares into a team", bob, "POST", tA + "/patterns", map[string]any{"name": "x", "template": "ls"}, 404, api.CodeNotFound},
		{"API1", "other user uses a team's pattern", bob, "POST", tA + "/patterns/" + pa + "/use", nil, 404, api.CodeNotFound},
		{"API1", "pattern of one team through another", bob, "POST", tB + "/patterns/" + pa + "/use", nil, 404, api.CodeNotFound},
		{"API1", "member reaches another team's pattern through own team", alice, "POST", tA + "/patterns/" + pb + "/use", nil, 404, api.CodeNotFound},
		{"API1", "other user reads team analytics", bob, "GET", "/api/v1/analytics/patterns?team_id=" + teamA, nil, 404, api.CodeNotFound},
		{"API1", "other user invites into a team", bob, "POST", tA + "/members", map[string]string{"email": "bob@example.com"}, 404, api.CodeNotFound},
		{"API1", "other user removes a member", bob, "DELETE", tA + "/members/" + aliceID, nil, 404, api.CodeNotFound},
		{"API1", "other user reports on a command", bob, "POST", "/api/v1/commands/" + ca + "/execute", ok, 404, api.CodeNotFound},
		{"API1", "other user reports on a command by id in the body", bob, "POST", "/api/v1/commands/execute", map[string]any{"command_id": ca, "exit_code": 0, "duration_ms": 1}, 404, api.CodeNotFound},
		{"API1", "other user deletes a command", bob, "DELETE", "/api/v1/commands/history/" + ca, nil, 404, api.CodeNotFound},
		{"API1", "other user deletes a command by the older path", bob, "DELETE", "/api/v1/commands/" + ca, nil, 404, api.CodeNotFound},
		{"API1", "other user shares someone's command", bob, "POST", tB + "/patterns", map[string]any{"command_id": ca}, 404, api.CodeNotFound},
		{"API1", "removed member reads the team", gone, "GET", tA, nil, 404, api.CodeNotFound},
		{"API1", "removed member lists patterns", gone, "GET", tA + "/patterns", nil, 404, api.CodeNotFound},
		{"API1", "removed member uses a pattern", gone, "POST", tA + "/patterns/" + pa + "/use", nil, 404, api.CodeNotFound},
		{"API1", "removed member shares", gone, "POST", tA + "/patterns", map[string]any{"name": "x", "template": "ls"}, 404, api.CodeNotFound},

		{"API2", "no credential", "", "GET", tA, nil, 401, api.CodeUnauthorized},
		{"API2", "forged credential", "not-a-token", "POST", tA + "/patterns/" + pa + "/use", nil, 401, api.CodeUnauthorized},

		{"API3", "team with a plan", alice, "POST", "/api/v1/teams", map[string]any{"name": "x", "plan": "enterprise"}, 400, api.CodeValidation},
		{"API3", "team with an owner", bob, "POST", "/api/v1/teams", map[string]any{"name": "x", "created_by": aliceID}, 400, api.CodeValidation},
		{"API3", "invite as owner", alice, "POST", tA + "/members", map[string]any{"email": "bob@example.com", "role": "owner"}, 400, api.CodeValidation},
		{"API3", "invite with a team", alice, "POST", tA + "/members", map[string]any{"email": "bob@example.com", "team_id": teamB}, 400, api.CodeValidation},
		{"API3", "pattern with a risk", mallory, "POST", tA + "/patterns", map[string]any{"name": "x", "template": "rm -rf /", "risk": "safe"}, 400, api.CodeValidation},
		{"API3", "pattern with a count", mallory, "POST", tA + "/patterns", map[string]any{"name": "x", "template": "ls", "use_count": 1000}, 400, api.CodeValidation},
		{"API3", "pattern into another team", mallory, "POST", tA + "/patterns", map[string]any{"name": "x", "template": "ls", "team_id": teamB}, 400, api.CodeValidation},
		{"API3", "pattern by someone else", mallory, "POST", tA + "/patterns", map[string]any{"name": "x", "template": "ls", "created_by": aliceID}, 400, api.CodeValidation},
		{"API3", "role change with a plan", alice, "PATCH", tA + "/members/" + malloryID, map[string]any{"role": "member", "plan": "pro"}, 400, api.CodeValidation},
		{"API3", "execution for another user", alice, "POST", "/api/v1/commands/" + ca + "/execute", map[string]any{"exit_code": 0, "duration_ms": 1, "user_id": malloryID}, 400, api.CodeValidation},
		{"API3", "execution for another user by the seed's path", alice, "POST", "/api/v1/commands/execute", map[string]any{"command_id": ca, "exit_code": 0, "duration_ms": 1, "user_id": malloryID}, 400, api.CodeValidation},
		{"API3", "signup with a plan", "", "POST", "/api/v1/auth/signup", map[string]any{"email": "x@example.com", "password": goodPassword, "plan": "enterprise"}, 400, api.CodeValidation},
		{"API3", "api key with an owner", alice, "POST", "/api/v1/auth/api-keys", map[string]any{"name": "k", "scopes": []string{"commands:read"}, "user_id": malloryID}, 400, api.CodeValidation},

		{"API4", "pattern page over the cap", alice, "GET", tA + "/patterns?limit=1000000", nil, 400, api.CodeValidation},
		{"API4", "history page over the cap", alice, "GET", "/api/v1/commands/history?limit=201", nil, 400, api.CodeValidation},
		{"API4", "top patterns over the cap", alice, "GET", "/api/v1/analytics/patterns?team_id=" + teamA + "&limit=100000", nil, 400, api.CodeValidation},
		{"API4", "usage over ten years", alice, "GET", "/api/v1/analytics/usage?from=2015-01-01&to=2025-01-01", nil, 400, api.CodeValidation},
		{"API4", "search text too long", alice, "GET", tA + "/patterns?q=" + strings.Repeat("a", 201), nil, 400, api.CodeValidation},

		{"API5", "member invites", mallory, "POST", tA + "/members", map[string]string{"email": "bob@example.com"}, 403, api.CodeForbidden},
		{"API5", "member removes the owner", mallory, "DELETE", tA + "/members/" + aliceID, nil, 403, api.CodeForbidden},
		{"API5", "member promotes themself", mallory, "PATCH", tA + "/members/" + malloryID, map[string]string{"role": "owner"}, 403, api.CodeForbidden},
		{"API5", "member demotes the owner", mallory, "PATCH", tA + "/members/" + aliceID, map[string]string{"role": "member"}, 403, api.CodeForbidden},
	}
	for _, c := range cases {
		t.Run(c.risk+" "+c.name, func(t *testing.T) {
			a := a.in(t)
			a.want(a.do(c.method, c.path, c.token, c.body), c.status, c.code)
		})
	}

	// Nothing above changed anything.
	d := a.do("GET", tA, alice, nil)
	a.want(d, http.StatusOK, "")
	if got := roles(d); len(got) != 2 || got[aliceID] != "owner" || got[malloryID] != "member" || d.Body["plan"] != "free" {
		t.Fatalf("team A after the attacks: %s", d.Raw)
	}
	if n := len(a.do("GET", "/api/v1/commands/history", alice, nil).Body["items"].([]any)); n != 1 {
		t.Fatalf("alice has %d commands", n)
	}
	for _, p := range a.do("GET", tB+"/patterns", bob, nil).Body["items"].([]any) {
		if p.(map[string]any)["use_count"].(float64) != 0 {
			t.Fatalf("team B's pattern was used from outside: %v", p)
		}
	}
	// With no limit a page holds the default size, and next_cursor says there is more.
	r := a.do("GET", tA+"/patterns", mallory, nil)
	a.want(r, http.StatusOK, "")
	if n := len(r.Body["items"].([]any)); n != 50 || r.Body["next_cursor"] == nil {
		t.Fatalf("default page: %d items, next %v", n, r.Body["next_cursor"])
	}
	r = a.do("GET", tA+"/patterns?limit=200", mallory, nil)
	if n := len(r.Body["items"].([]any)); n != 56 || r.Body["next_cursor"] != nil {
		t.Fatalf("capped page: %d items, next %v", n, r.Body["next_cursor"])
	}
}
