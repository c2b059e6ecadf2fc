package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/cmdai/cmdai/cloud/api"
	"github.com/cmdai/cmdai/cloud/auth"
	"github.com/cmdai/cmdai/cloud/internal/testdb"
	"github.com/cmdai/cmdai/cloud/orgs"
)

// The seed's GetTeamDashboard query, as written.
const getTeamDashboard = `
query GetTeamDashboard($teamId: ID!) {
  team(id: $teamId) {
    name
    members {
      user {
        email
        name
      }
      role
    }
    commandHistory(limit: 100) {
      command
      user {
        email
      }
      executedAt
      success
    }
    analytics {
      totalCommands
      successRate
      topPatterns {
        pattern
        count
      }
    }
  }
}`

// queryCounter counts the SQL queries a pool sends.
type queryCounter struct{ n atomic.Int64 }

func (c *queryCounter) TraceQueryStart(ctx context.Context, _ *pgx.Conn, _ pgx.TraceQueryStartData) context.Context {
	c.n.Add(1)
	return ctx
}
func (c *queryCounter) TraceQueryEnd(context.Context, *pgx.Conn, pgx.TraceQueryEndData) {}

// newCountedAPI is newAPI over a pool whose queries are counted.
func newCountedAPI(t *testing.T) (*testAPI, *queryCounter) {
	t.Helper()
	base := testdb.New(t)
	cfg := base.Config()
	counter := &queryCounter{}
	cfg.ConnConfig.Tracer = counter
	pool, err := pgxpool.NewWithConfig(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	h := api.NewHandler(api.Deps{
		DB: pool, Redis: testdb.Redis(t), Logger: slog.New(slog.DiscardHandler), MaxBodyBytes: 64 << 10,
		Auth: &auth.Service{DB: pool, Tokens: auth.Tokens{Secret: testSecret}, Argon2: cheapArgon2},
	})
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return &testAPI{t: t, srv: srv, pool: pool}, counter
}

type gqlResponse struct {
	Status int
	Data   map[string]any
	Errors []struct {
		Message    string         `json:"message"`
		Extensions map[string]any `json:"extensions"`
	}
	Raw string
}

func (a *testAPI) graphql(token, query string, vars map[string]any) gqlResponse {
	a.t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, _ := http.NewRequest("POST", a.srv.URL+"/api/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := a.srv.Client().Do(req)
	if err != nil {
		a.t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	out := gqlResponse{Status: res.StatusCode, Raw: string(raw)}
	if err := json.Unmarshal(raw, &out); err != nil {
		a.t.Fatalf("graphql answered %d %q", res.StatusCode, raw)
	}
	return out
}

// get walks a decoded JSON value: get(v, "team", "members", 0, "user").
func get(v any, path ...any) any {
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, _ := v.(map[string]any)
			v = m[k]
		case int:
			l, _ := v.([]any)
			if k >= len(l) {
				return nil
			}
			v = l[k]
		}
	}
	return v
}

// dashboardTeam makes a team of alice (owner) and bob (member) with history, runs and a used pattern,
// and returns its id and the tokens of alice, bob and carol (who is in no team).
func dashboardTeam(t *testing.T, a *testAPI) (team, alice, bob, carol string) {
	alice, _ = a.signup("alice@example.com")
	bob, _ = a.signup("bob@example.com")
	carol, _ = a.signup("carol@example.com")
	r := a.do("POST", "/api/v1/teams", alice, map[string]string{"name": "Platform", "slug": "platform"})
	a.want(r, http.StatusCreated, "")
	team = r.Body["id"].(string)
	a.join(alice, team, bob, "bob@example.com", "")
	run := func(token, command string, exit int) {
		r := a.do("POST", "/api/v1/commands", token, map[string]string{"prompt": "do " + command, "command": command, "shell": "bash"})
		a.want(r, http.StatusCreated, "")
		if exit >= 0 {
			a.want(a.do("POST", "/api/v1/commands/execute", token, map[string]any{"command_id": r.Body["id"], "exit_code": exit, "duration_ms": 5}), http.StatusOK, "")
		}
	}
	run(alice, "ls -la", 0)
	run(alice, "df -h", 0)
	run(bob, "du -sh .", 1)
	run(bob, "uptime", -1) // never ran
	r = a.do("POST", "/api/v1/teams/"+team+"/patterns", alice, map[string]any{"name": "disk", "template": "df -h ${path}",
		"parameters": []map[string]string{{"name": "path", "type": "path", "default": "/"}}})
	a.want(r, http.StatusCreated, "")
	pattern := r.Body["id"].(string)
	for range 3 {
		a.want(a.do("POST", "/api/v1/teams/"+team+"/patterns/"+pattern+"/use", bob, nil), http.StatusOK, "")
	}
	return team, alice, bob, carol
}

// The seed's GetTeamDashboard answers the team's members, history and analytics, in at most 6 SQL
// queries counted at the driver (authentication included); a non-member gets null for the team.
func TestGraphQLTeamDashboard(t *testing.T) {
	a, queries := newCountedAPI(t)
	team, alice, _, carol := dashboardTeam(t, a)
	vars := map[string]any{"teamId": team}

	a.graphql(alice, `{ me { email } }`, nil) // warm the pool's connections
	queries.n.Store(0)
	res := a.graphql(alice, getTeamDashboard, vars)
	n := queries.n.Load()
	if res.Status != http.StatusOK || len(res.Errors) > 0 {
		t.Fatalf("GetTeamDashboard: %d %s", res.Status, res.Raw)
	}
	t.Logf("GetTeamDashboard made %d SQL queries", n)
	if n > 6 {
		t.Errorf("GetTeamDashboard made %d SQL queries, want at most 6", n)
	}

	tm := res.Data["team"]
	if get(tm, "name") != "Platform" {
		t.Errorf("team name %v", get(tm, "name"))
	}
	if get(tm, "members", 0, "user", "email") != "alice@example.com" || get(tm, "members", 0, "role") != "owner" ||
		get(tm, "members", 1, "user", "email") != "bob@example.com" || get(tm, "members", 1, "role") != "member" ||
		get(tm, "members", 2) != nil {
		t.Errorf("members %v", get(tm, "members"))
	}
	history, _ := get(tm, "commandHistory").([]any)
	want := []struct {
		command, email string
		success        any
	}{{"uptime", "bob@example.com", nil}, {"du -sh .", "bob@example.com", false}, {"df -h", "alice@example.com", true}, {"ls -la", "alice@example.com", true}}
	if len(history) != len(want) {
		t.Fatalf("history %v", history)
	}
	for i, w := range want {
		h := history[i]
		if get(h, "command") != w.command || get(h, "user", "email") != w.email || get(h, "success") != w.success {
			t.Errorf("history[%d] = %v, want %+v", i, h, w)
		}
		if (get(h, "executedAt") == nil) != (w.success == nil) {
			t.Errorf("history[%d].executedAt = %v", i, get(h, "executedAt"))
		}
	}
	if got := get(tm, "analytics", "totalCommands"); got != 4.0 {
		t.Errorf("totalCommands %v, want 4", got)
	}
	if got, _ := get(tm, "analytics", "successRate").(float64); got < 0.66 || got > 0.67 {
		t.Errorf("successRate %v, want 2/3", got)
	}
	if get(tm, "analytics", "topPatterns", 0, "pattern") != "df -h ${path}" || get(tm, "analytics", "topPatterns", 0, "count") != 3.0 {
		t.Errorf("topPatterns %v", get(tm, "analytics", "topPatterns"))
	}

	// Someone outside the team sees nothing of it, whatever the field.
	res = a.graphql(carol, getTeamDashboard, vars)
	if res.Data["team"] != nil || len(res.Errors) > 0 {
		t.Errorf("carol's GetTeamDashboard: %s", res.Raw)
	}
	res = a.graphql(carol, `{ teams { id members { user { email } } } }`, nil)
	if !strings.Contains(res.Raw, `"teams":[]`) {
		t.Errorf("carol's teams: %s", res.Raw)
	}
}

// A query over the complexity bound is refused before it runs (the depth bound is tested in package
// graph: no query of this schema nests past it); an API key needs teams:read; no credential is a 401.
func TestGraphQLLimitsAndAccess(t *testing.T) {
	a, _ := newCountedAPI(t)
	team, alice, _, _ := dashboardTeam(t, a)

	within := `fragment M on Team { members { user { id email } } }
		{ organizations { teams { id } } teams { ...M patterns(limit: 5) { tags } analytics { riskMix { risk } } }
		  team(id: "` + team + `") { ...M commandHistory(limit: 100) { command user { email } } } }`
	res := a.graphql(alice, within, nil)
	if res.Status != http.StatusOK || len(res.Errors) > 0 {
		t.Fatalf("a query within the bounds: %d %s", res.Status, res.Raw)
	}
	res = a.graphql(alice, `{ teams { commandHistory(limit: 500) { command prompt risk user { email name } } } }`, nil)
	if len(res.Errors) == 0 || !strings.Contains(res.Raw, "complexity") || res.Data["teams"] != nil {
		t.Errorf("a query over the complexity bound ran: %d %.300s", res.Status, res.Raw)
	}
	res = a.graphql(alice, `{ team(id: "`+team+`") { commandHistory(limit: 100000) { command } } }`, nil)
	if len(res.Errors) == 0 {
		t.Errorf("a history page over its bound: %.300s", res.Raw)
	}

	r := a.do("POST", "/api/v1/auth/api-keys", alice, map[string]any{"name": "ci", "scopes": []string{"commands:read"}})
	a.want(r, http.StatusCreated, "")
	if res = a.graphql(r.Body["key"].(string), `{ me { email } }`, nil); res.Status != http.StatusForbidden {
		t.Errorf("a key without teams:read: %d %s", res.Status, res.Raw)
	}
	r = a.do("POST", "/api/v1/auth/api-keys", alice, map[string]any{"name": "dash", "scopes": []string{"teams:read"}})
	a.want(r, http.StatusCreated, "")
	if res = a.graphql(r.Body["key"].(string), `{ me { email } }`, nil); get(res.Data, "me", "email") != "alice@example.com" {
		t.Errorf("a key with teams:read: %d %s", res.Status, res.Raw)
	}
	if res = a.graphql("", `{ me { email } }`, nil); res.Status != http.StatusUnauthorized {
		t.Errorf("no credential: %d %s", res.Status, res.Raw)
	}
}

// An organisation answers its members only: its members, teams and the audit log's verification for
// a member, null for anyone else.
func TestGraphQLOrganization(t *testing.T) {
	a, _ := newCountedAPI(t)
	team, alice, _, carol := dashboardTeam(t, a)
	svc := &orgs.Service{DB: a.pool}
	org, err := svc.Create(context.Background(), "Acme", "alice@example.com", nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.pool.Exec(context.Background(), `UPDATE teams SET organization_id = $1 WHERE id = $2`, org.ID, team); err != nil {
		t.Fatal(err)
	}
	a.want(a.do("PUT", "/api/v1/orgs/"+org.ID+"/policies/p", alice, map[string]string{"format": "structured",
		"source": "name: p\nrules:\n  - name: r\n    if: {command_matches: rm -rf}\n    then: deny\n    reason: no\n"}), http.StatusOK, "")

	q := `query($id: ID!) { organization(id: $id) { name viewerRole members { user { email } role }
		teams { name members { user { email } } } audit { verified events recent { action user { email } } } } }`
	res := a.graphql(alice, q, map[string]any{"id": org.ID})
	o := res.Data["organization"]
	if len(res.Errors) > 0 || get(o, "name") != "Acme" || get(o, "viewerRole") != "admin" ||
		get(o, "members", 0, "user", "email") != "alice@example.com" || get(o, "teams", 0, "name") != "Platform" ||
		get(o, "teams", 0, "members", 1, "user", "email") != "bob@example.com" {
		t.Fatalf("alice's organisation: %s", res.Raw)
	}
	if get(o, "audit", "verified") != true || get(o, "audit", "events").(float64) < 1 ||
		get(o, "audit", "recent", 0, "action") != "policy.set" || get(o, "audit", "recent", 0, "user", "email") != "alice@example.com" {
		t.Errorf("alice's audit log: %v", get(o, "audit"))
	}
	if res := a.graphql(carol, q, map[string]any{"id": org.ID}); res.Data["organization"] != nil || len(res.Errors) > 0 {
		t.Errorf("carol sees an organisation she is not in: %s", res.Raw)
	}
	if res := a.graphql(carol, `{ organizations { id } }`, nil); !strings.Contains(res.Raw, `"organizations":[]`) {
		t.Errorf("carol's organisations: %s", res.Raw)
	}
}

// The history's filters: one member, text in the command or the request, whether it ran.
func TestGraphQLHistoryFilters(t *testing.T) {
	a, _ := newCountedAPI(t)
	team, alice, _, _ := dashboardTeam(t, a)
	res := a.graphql(alice, `query($id: ID!) { team(id: $id) { members { user { id email } } } }`, map[string]any{"id": team})
	bob := get(res.Data, "team", "members", 1, "user", "id")
	q := `query($id: ID!, $user: ID, $search: String, $executed: Boolean) { team(id: $id) {
		commandHistory(userId: $user, search: $search, executed: $executed) { command } } }`
	for _, c := range []struct {
		vars map[string]any
		want string
	}{
		{map[string]any{"user": bob}, "uptime,du -sh ."},
		{map[string]any{"search": "DF"}, "df -h"},
		{map[string]any{"search": "do ls"}, "ls -la"},
		{map[string]any{"search": "100%"}, ""},
		{map[string]any{"executed": false}, "uptime"},
		{map[string]any{"executed": true, "user": bob}, "du -sh ."},
	} {
		c.vars["id"] = team
		res := a.graphql(alice, q, c.vars)
		var got []string
		for _, h := range get(res.Data, "team", "commandHistory").([]any) {
			got = append(got, get(h, "command").(string))
		}
		if strings.Join(got, ",") != c.want {
			t.Errorf("%v: %q, want %q (%s)", c.vars, got, c.want, res.Raw)
		}
	}
}
