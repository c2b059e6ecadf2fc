package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/cmdai/cmdai/cloud/api"
	"github.com/cmdai/cmdai/cloud/audit"
	"github.com/cmdai/cmdai/cloud/auth"
	"github.com/cmdai/cmdai/cloud/internal/testdb"
	"github.com/cmdai/cmdai/cloud/orgs"
	"github.com/cmdai/cmdai/cloud/pgstore"
)

// auditRow is a stored audit event with its details decoded.
type auditRow struct {
	pgstore.AuditEvent
	details map[string]any
}

// auditEvents returns the chain's events, in order.
func auditEvents(t *testing.T, pool *pgxpool.Pool, chain string) []auditRow {
	t.Helper()
	rows, err := pgstore.AuditEvents(context.Background(), pool, chain, 0, 100000)
	if err != nil {
		t.Fatal(err)
	}
	out := make([]auditRow, len(rows))
	for i, r := range rows {
		out[i].AuditEvent = r
		if err := json.Unmarshal(r.Details, &out[i].details); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// lastEvent is the chain's last event of the action.
func lastEvent(t *testing.T, pool *pgxpool.Pool, chain, action string) auditRow {
	t.Helper()
	evs := auditEvents(t, pool, chain)
	for i := len(evs) - 1; i >= 0; i-- {
		if evs[i].Action == action {
			return evs[i]
		}
	}
	t.Fatalf("chain %s has no %s event", chain, action)
	return auditRow{}
}

func userOf(e auditRow) string {
	if e.UserID == nil {
		return ""
	}
	return *e.UserID
}

// Every audited route is a sensitive operation, and every write that is not audited is named here with
// why: a new route is audited or added here, by decision.
func TestSensitiveRoutesAreAudited(t *testing.T) {
	notAudited := map[string]string{
		"POST /api/v1/commands":                             "the account's own history; its runs are audited (execute)",
		"POST /api/v1/commands/generate":                    "an answer, not an operation: its run is audited",
		"POST /api/v1/sync/records":                         "sealed history the server cannot read",
		"DELETE /api/v1/sync/records/{id}":                  "sealed history the server cannot read",
		"POST /api/v1/orgs/{id}/policies/dry-run":           "changes nothing",
		"POST /api/v1/teams/{id}/patterns/{pattern_id}/use": "a count of use",
		"POST /api/graphql":                                 "queries only: the schema has no mutations",
		"POST /api/v1/runners/claim":                        "a runner's poll for work: the run was audited when started (workflow.run), its steps' results are (workflow.step.complete)",
		"POST /api/v1/runners/steps/{id}/heartbeat":         "a running step's liveness",
	}
	audited := 0
	for _, r := range api.Routes() {
		name := r.Method + " " + r.Path
		if r.Audit != "" {
			audited++
			if r.AuditResource == "" || !strings.Contains(r.Audit, ".") {
				t.Errorf("%s: action %q, resource %q", name, r.Audit, r.AuditResource)
			}
			continue
		}
		if r.Method != "GET" && notAudited[name] == "" {
			t.Errorf("%s writes but is not audited: audit it, or say here why not", name)
		}
	}
	for _, must := range []string{"POST /api/v1/auth/login", "POST /api/v1/auth/signup", "POST /api/v1/commands/execute",
		"PUT /api/v1/orgs/{id}/policies/{name}", "PUT /api/v1/sync/key", "POST /api/v1/auth/api-keys"} {
		if !slices.ContainsFunc(api.Routes(), func(r api.Route) bool { return r.Method+" "+r.Path == must && r.Audit != "" }) {
			t.Errorf("%s is not audited", must)
		}
	}
	if audited < 20 {
		t.Errorf("only %d routes are audited", audited)
	}
}

// The sensitive operations are recorded, each with who, what, on what, the outcome, how long, from
// where and with what client: in the organisation's chain when a member acts in it, outside any
// otherwise. A run's event has the command's hash, risk, the policy's decision and the exit status,
// and its text as the organisation's setting says.
func TestAuditRecordsSensitiveOperations(t *testing.T) {
	o := newOrgAPI(t)
	ctx := context.Background()
	global := pgstore.NilChain

	// Authentication, outside any organisation.
	e := lastEvent(t, o.pool, global, "auth.signup")
	if e.Status != audit.StatusSuccess || e.details["email"] != "owner@other.example" || userOf(e) == "" || e.ResourceType != "user" {
		t.Fatalf("signup event: %+v %v", e.AuditEvent, e.details)
	}
	o.want(o.do("POST", "/api/v1/auth/login", "", map[string]string{"email": "JUNIOR@acme.example", "password": "wrong wrong wrong"}), http.StatusUnauthorized, api.CodeInvalidCredentials)
	e = lastEvent(t, o.pool, global, "auth.login")
	if e.Status != audit.StatusDenied || e.details["email"] != "junior@acme.example" || e.details["error_code"] != api.CodeInvalidCredentials || userOf(e) != "" {
		t.Fatalf("failed login event: %+v %v", e.AuditEvent, e.details)
	}
	o.want(o.do("POST", "/api/v1/auth/login", "", map[string]string{"email": "junior@acme.example", "password": goodPassword}), http.StatusOK, "")
	e = lastEvent(t, o.pool, global, "auth.login")
	if e.Status != audit.StatusSuccess || userOf(e) != o.junID || e.IPAddress != "127.0.0.1" || !strings.HasPrefix(e.UserAgent, "Go-http-client") ||
		e.details["request_id"] == nil || e.details["route"] != "POST /api/v1/auth/login" {
		t.Fatalf("login event: %+v %v", e.AuditEvent, e.details)
	}

	// An API key: its id is recorded, its secret never.
	r := o.do("POST", "/api/v1/auth/api-keys", o.engTok, map[string]any{"name": "ci", "scopes": []string{"commands:write"}})
	o.want(r, http.StatusCreated, "")
	keyID, secret := r.Body["id"].(string), r.Body["key"].(string)
	e = lastEvent(t, o.pool, global, "api_key.create")
	if e.ResourceID != keyID || userOf(e) != o.engID || e.Status != audit.StatusSuccess {
		t.Fatalf("api key event: %+v", e.AuditEvent)
	}
	o.want(o.do("DELETE", "/api/v1/auth/api-keys/"+keyID, o.engTok, nil), http.StatusNoContent, "")
	if e := lastEvent(t, o.pool, global, "api_key.revoke"); e.ResourceID != keyID {
		t.Fatalf("revoke event: %+v", e.AuditEvent)
	}

	// Policies and approvals, in the organisation's chain.
	o.want(o.do("PUT", "/api/v1/orgs/"+o.org+"/policies/no-dd", o.adminTok, map[string]string{"format": "rego",
		"source": "package nodd\n\ndeny contains \"no dd\" if { input.facts.programs[\"dd\"] }\n"}), http.StatusOK, "")
	e = lastEvent(t, o.pool, o.org, "policy.set")
	if e.ResourceID != "no-dd" || userOf(e) != o.adminID || e.ResourceType != "policy" || e.OrgID == nil || *e.OrgID != o.org {
		t.Fatalf("policy event: %+v", e.AuditEvent)
	}
	o.want(o.do("PUT", "/api/v1/orgs/"+o.org+"/policies/sneaky", o.junTok, map[string]string{"format": "rego", "source": "package x\n"}), http.StatusForbidden, api.CodeForbidden)
	if e := lastEvent(t, o.pool, o.org, "policy.set"); e.Status != audit.StatusDenied || userOf(e) != o.junID || e.ResourceID != "sneaky" {
		t.Fatalf("a junior's refused policy: %+v", e.AuditEvent)
	}
	// An outsider's probe is not written into the organisation's chain.
	before := len(auditEvents(t, o.pool, o.org))
	o.want(o.do("DELETE", "/api/v1/orgs/"+o.org+"/policies/no-dd", o.outsiderTok, nil), http.StatusNotFound, api.CodeNotFound)
	if len(auditEvents(t, o.pool, o.org)) != before {
		t.Fatal("an outsider's call went into the organisation's chain")
	}
	if e := lastEvent(t, o.pool, global, "policy.delete"); e.Status != audit.StatusFailure || e.details["error_code"] != api.CodeNotFound {
		t.Fatalf("the outsider's call: %+v %v", e.AuditEvent, e.details)
	}

	// Runs: refused, allowed, and with the organisation's text setting.
	const cmd = "rm -rf ./build --password=hunter2"
	o.want(o.execute(o.junTok, cmd, nil), http.StatusForbidden, api.CodePolicyDenied)
	e = lastEvent(t, o.pool, o.org, "command.execute")
	pol, _ := e.details["policy"].(map[string]any)
	if e.Status != audit.StatusDenied || userOf(e) != o.junID || e.details["command_sha256"] != orgs.CommandHash(cmd) ||
		e.details["command_text"] != "hash" || e.details["command"] != nil || pol["decision"] != "deny" || pol["policy"] != seedPolicyName ||
		e.details["exit_code"] != float64(0) || e.details["error_code"] != api.CodePolicyDenied {
		t.Fatalf("a refused run: %+v %v", e.AuditEvent, e.details)
	}
	if strings.Contains(string(e.Details), "hunter2") || strings.Contains(string(e.Details), "./build") {
		t.Fatalf("a hash-only organisation's event holds the command: %s", e.Details)
	}
	o.want(o.execute(o.engTok, cmd, map[string]any{"exit_code": 3, "host": "build-1"}), http.StatusOK, "")
	e = lastEvent(t, o.pool, o.org, "command.execute")
	pol, _ = e.details["policy"].(map[string]any)
	if e.Status != audit.StatusSuccess || userOf(e) != o.engID || e.details["exit_code"] != float64(3) || pol["decision"] != "allow" ||
		e.details["host"] != "build-1" || e.details["risk"] == nil {
		t.Fatalf("an allowed run: %+v %v", e.AuditEvent, e.details)
	}
	for mode, want := range map[string]string{"full": cmd, "redacted": "rm -rf ./build --password=[REDACTED]"} {
		if err := pgstore.SetOrgAuditCommandText(ctx, o.pool, o.org, mode); err != nil {
			t.Fatal(err)
		}
		o.want(o.execute(o.engTok, cmd, nil), http.StatusOK, "")
		if e := lastEvent(t, o.pool, o.org, "command.execute"); e.details["command"] != want || e.details["command_text"] != mode {
			t.Fatalf("%s: %v", mode, e.details)
		}
	}
	// Someone in no organisation: outside any, by hash.
	loner, _ := o.signup("loner@example.com")
	o.want(o.execute(loner, "ls", nil), http.StatusOK, "")
	if e := lastEvent(t, o.pool, global, "command.execute"); e.details["command_sha256"] != orgs.CommandHash("ls") || e.details["command"] != nil {
		t.Fatalf("an outsider's run: %v", e.details)
	}

	// Teams, sync keys and history deletes, outside any organisation.
	team := o.createTeam(o.engTok, "Infra")
	if e := lastEvent(t, o.pool, global, "team.create"); e.ResourceID != team {
		t.Fatalf("team event: %+v", e.AuditEvent)
	}
	inv := o.invite(o.engTok, team, "junior@acme.example", "member", http.StatusAccepted, "").Body["id"].(string)
	if e := lastEvent(t, o.pool, global, "team.invitation.create"); e.ResourceID != inv || e.Status != audit.StatusSuccess ||
		e.details["email"] != "junior@acme.example" || e.details["team_id"] != team {
		t.Fatalf("invitation event: %+v %v", e.AuditEvent, e.details)
	}
	o.want(o.do("POST", "/api/v1/invitations/"+inv+"/accept", o.junTok, nil), http.StatusOK, "")
	if e := lastEvent(t, o.pool, global, "team.invitation.accept"); e.ResourceID != inv || userOf(e) != o.junID || e.Status != audit.StatusSuccess {
		t.Fatalf("acceptance event: %+v %v", e.AuditEvent, e.details)
	}
	o.want(o.do("PUT", "/api/v1/sync/key", o.engTok, map[string]string{"key_id": "k1", "scheme": "x"}), http.StatusBadRequest, api.CodeValidation)
	if e := lastEvent(t, o.pool, global, "sync.key.set"); e.Status != audit.StatusFailure {
		t.Fatalf("sync key event: %+v", e.AuditEvent)
	}
	id := o.command(o.engTok, "echo hi")
	o.want(o.do("DELETE", "/api/v1/commands/history/"+id, o.engTok, nil), http.StatusNoContent, "")
	if e := lastEvent(t, o.pool, global, "command.delete"); e.ResourceID != id {
		t.Fatalf("delete event: %+v", e.AuditEvent)
	}

	var n int
	if err := o.pool.QueryRow(ctx, `SELECT count(*) FROM audit_logs WHERE details::text LIKE '%'||$1||'%'`, secret).Scan(&n); err != nil || n != 0 {
		t.Fatalf("an API key's secret is in %d events: %v", n, err)
	}
	for _, chain := range []string{global, o.org} {
		rep, err := audit.Verify(ctx, o.pool, chain, nil, nil)
		if err != nil || !rep.Intact {
			t.Fatalf("chain %s: %+v, %v", chain, rep, err)
		}
	}
}

// breakAuditWrites makes every audit write fail (as a full disk or a lost privilege would) until the
// test ends.
func breakAuditWrites(t *testing.T, pool *pgxpool.Pool) {
	t.Helper()
	if _, err := pool.Exec(context.Background(), `ALTER TABLE audit_logs ADD CONSTRAINT test_audit_broken CHECK (false) NOT VALID`); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_, _ = pool.Exec(context.Background(), `ALTER TABLE audit_logs DROP CONSTRAINT IF EXISTS test_audit_broken`)
	})
}

// When the audit event cannot be written the operation fails: a run is not recorded (its event is
// written in the run's transaction), and a login, a new API key or a policy change is answered 500,
// with no session or key leaving the server.
func TestAuditWriteFailureFailsTheOperation(t *testing.T) {
	o := newOrgAPI(t)
	ctx := context.Background()
	id := o.command(o.engTok, "make test")
	breakAuditWrites(t, o.pool)

	r := o.do("POST", "/api/v1/commands/execute", o.engTok, map[string]any{"command_id": id, "exit_code": 0, "duration_ms": 5})
	o.want(r, http.StatusInternalServerError, api.CodeInternal)
	var executed bool
	if err := o.pool.QueryRow(ctx, `SELECT executed_at IS NOT NULL FROM commands WHERE id = $1`, id).Scan(&executed); err != nil || executed {
		t.Fatalf("a run whose audit event failed was recorded: %v", err)
	}
	for _, call := range []struct {
		method, path, tok string
		body              any
	}{
		{"POST", "/api/v1/auth/login", "", map[string]string{"email": "eng@acme.example", "password": goodPassword}},
		{"POST", "/api/v1/auth/api-keys", o.engTok, map[string]any{"name": "ci", "scopes": []string{"commands:read"}}},
		{"PUT", "/api/v1/orgs/" + o.org + "/policies/p", o.adminTok, map[string]string{"format": "rego", "source": "package p\n"}},
	} {
		r := o.do(call.method, call.path, call.tok, call.body)
		o.want(r, http.StatusInternalServerError, api.CodeInternal)
		if strings.Contains(r.Raw, "token") || strings.Contains(r.Raw, "cmdai_") || !strings.Contains(message(r), "audit log") {
			t.Fatalf("%s %s answered %s", call.method, call.path, r.Raw)
		}
	}
}

// The bar: 32 concurrent writers across two server processes (two handlers, each with its own
// database pool) append to one organisation's chain: it is intact and gap-free, with every run in it.
func TestAuditConcurrentWritersAcrossServers(t *testing.T) {
	pool := testdb.New(t)
	ctx := context.Background()
	second := testdb.Another(t, pool)
	rdb := testdb.Redis(t)
	var servers []*httptest.Server
	for _, p := range []*pgxpool.Pool{pool, second} {
		srv := httptest.NewServer(api.NewHandler(api.Deps{DB: p, Redis: rdb, Logger: slog.New(slog.DiscardHandler),
			Auth: &auth.Service{DB: p, Tokens: auth.Tokens{Secret: testSecret}, Argon2: cheapArgon2}}))
		t.Cleanup(srv.Close)
		servers = append(servers, srv)
	}
	a := &testAPI{t: t, srv: servers[0], pool: pool}
	const users = 4
	toks := make([]string, users)
	for i := range toks {
		toks[i], _ = a.signup(fmt.Sprintf("w%d@acme.example", i))
	}
	svc := &orgs.Service{DB: pool}
	org, err := svc.Create(ctx, "Acme", "w0@acme.example", nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 1; i < users; i++ {
		if _, err := svc.SetMember(ctx, org.ID, fmt.Sprintf("w%d@acme.example", i), orgs.RoleEngineer); err != nil {
			t.Fatal(err)
		}
	}
	const writers, each = 32, 8
	var wg sync.WaitGroup
	errs := make(chan error, writers*each)
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			srv, tok := servers[w%2], toks[w%users]
			post := func(path string, body any) (map[string]any, error) {
				b, _ := json.Marshal(body)
				req, _ := http.NewRequest("POST", srv.URL+path, strings.NewReader(string(b)))
				req.Header.Set("Authorization", "Bearer "+tok)
				req.Header.Set("Content-Type", "application/json")
				res, err := srv.Client().Do(req)
				if err != nil {
					return nil, err
				}
				defer res.Body.Close()
				var out map[string]any
				_ = json.NewDecoder(res.Body).Decode(&out)
				if res.StatusCode >= 300 {
					return nil, fmt.Errorf("%s: %d %v", path, res.StatusCode, out)
				}
				return out, nil
			}
			for i := range each {
				c, err := post("/api/v1/commands", map[string]any{"prompt": "p", "command": fmt.Sprintf("echo %d-%d", w, i)})
				if err == nil {
					_, err = post("/api/v1/commands/execute", map[string]any{"command_id": c["id"], "exit_code": 0, "duration_ms": 1})
				}
				if err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	evs := auditEvents(t, pool, org.ID)
	runs := 0
	for i, e := range evs {
		if e.Seq != int64(i+1) {
			t.Fatalf("event %d has sequence number %d", i+1, e.Seq)
		}
		if e.Action == "command.execute" {
			runs++
		}
	}
	if runs != writers*each {
		t.Fatalf("%d runs in the chain, want %d", runs, writers*each)
	}
	rep, err := audit.Verify(ctx, pool, org.ID, nil, nil)
	if err != nil || !rep.Intact || rep.Events != int64(len(evs)) {
		t.Fatalf("%+v, %v", rep, err)
	}
}
