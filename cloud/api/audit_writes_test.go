package api_test

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/cmdai/cmdai/cloud/api"
	"github.com/cmdai/cmdai/cloud/auth"
	"github.com/cmdai/cmdai/cloud/internal/testdb"
	"github.com/cmdai/cmdai/cloud/orgs"
	"github.com/cmdai/cmdai/cloud/pgstore"
)

// With Deps.AuditCommandWrites every history write is a command.create event, in the chain of each of
// the writer's organisations (outside any for someone in none); without it, none is.
func TestAuditCommandWrites(t *testing.T) {
	pool := testdb.New(t)
	ctx := context.Background()
	post := func(url, path, tok string, body any) map[string]any {
		t.Helper()
		j, _ := json.Marshal(body)
		req, _ := http.NewRequest("POST", url+path, strings.NewReader(string(j)))
		req.Header.Set("Content-Type", "application/json")
		if tok != "" {
			req.Header.Set("Authorization", "Bearer "+tok)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		var out map[string]any
		_ = json.NewDecoder(res.Body).Decode(&out)
		if res.StatusCode != http.StatusCreated && res.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d %v", path, res.StatusCode, out)
		}
		return out
	}
	serve := func(on bool) string {
		srv := httptest.NewServer(api.NewHandler(api.Deps{DB: pool, Redis: testdb.Redis(t), Logger: slog.New(slog.DiscardHandler),
			AuditCommandWrites: on, Auth: &auth.Service{DB: pool, Tokens: auth.Tokens{Secret: testSecret}, Argon2: cheapArgon2}}))
		t.Cleanup(srv.Close)
		return srv.URL
	}
	off, on := serve(false), serve(true)
	tok := post(on, "/api/v1/auth/signup", "", map[string]string{"email": "w@acme.example", "password": goodPassword})["access_token"].(string)
	loner := post(on, "/api/v1/auth/signup", "", map[string]string{"email": "l@other.example", "password": goodPassword})["access_token"].(string)
	o, err := (&orgs.Service{DB: pool}).Create(ctx, "Acme", "w@acme.example", nil)
	if err != nil {
		t.Fatal(err)
	}
	count := func(chain string) int {
		n := 0
		for _, e := range auditEvents(t, pool, chain) {
			if e.Action == "command.create" {
				n++
			}
		}
		return n
	}
	post(off, "/api/v1/commands", tok, map[string]any{"prompt": "p", "command": "ls"})
	if count(o.ID) != 0 {
		t.Fatal("a history write was audited with AuditCommandWrites off")
	}
	id := post(on, "/api/v1/commands", tok, map[string]any{"prompt": "p", "command": "ls -la"})["id"].(string)
	post(on, "/api/v1/commands", loner, map[string]any{"prompt": "p", "command": "pwd"})
	if count(o.ID) != 1 || count(pgstore.NilChain) != 1 {
		t.Fatalf("command.create events: %d in Acme's chain, %d outside any; want 1 and 1", count(o.ID), count(pgstore.NilChain))
	}
	if e := lastEvent(t, pool, o.ID, "command.create"); e.ResourceID != id || e.Status != "success" {
		t.Fatalf("the event: %+v", e.AuditEvent)
	}

	// A client id sent twice: the second write is refused (409), stores no row, and is recorded as a
	// failed write in the same chain.
	post(on, "/api/v1/commands", tok, map[string]any{"prompt": "p", "command": "date", "client_id": "c-1"})
	j, _ := json.Marshal(map[string]any{"prompt": "p", "command": "date", "client_id": "c-1"})
	req, _ := http.NewRequest("POST", on+"/api/v1/commands", strings.NewReader(string(j)))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+tok)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	var rows int
	if err := pool.QueryRow(ctx, `SELECT count(*) FROM commands WHERE client_id = 'c-1'`).Scan(&rows); err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != http.StatusConflict || rows != 1 || count(o.ID) != 3 {
		t.Fatalf("a client id sent twice: %d, %d rows, %d events in Acme's chain; want 409, 1 and 3", res.StatusCode, rows, count(o.ID))
	}
	if e := lastEvent(t, pool, o.ID, "command.create"); e.Status != "failure" || e.details["error_code"] != "conflict" {
		t.Fatalf("the refused write's event: %+v", e.AuditEvent)
	}
}
