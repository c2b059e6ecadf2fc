package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/cmdai/cmdai/cloud/api"
	"github.com/cmdai/cmdai/cloud/auth"
	"github.com/cmdai/cmdai/cloud/internal/testdb"
	"github.com/cmdai/cmdai/cloud/orgs"
)

// The cost of reporting a run (POST /api/v1/commands/execute) by a member of an organisation with a
// policy: the policy check, the run's record and, since the audit log, its audit event in the run's
// transaction. Run it at the commit before auditing for the baseline.
func BenchmarkExecute(b *testing.B) {
	ctx := context.Background()
	pool := testdb.New(b)
	srv := httptest.NewServer(api.NewHandler(api.Deps{DB: pool, Redis: testdb.Redis(b), Logger: slog.New(slog.DiscardHandler),
		Auth: &auth.Service{DB: pool, Tokens: auth.Tokens{Secret: testSecret}, Argon2: cheapArgon2}}))
	b.Cleanup(srv.Close)
	call := func(method, path, tok string, body any) map[string]any {
		j, _ := json.Marshal(body)
		req, _ := http.NewRequest(method, srv.URL+path, strings.NewReader(string(j)))
		req.Header.Set("Content-Type", "application/json")
		if tok != "" {
			req.Header.Set("Authorization", "Bearer "+tok)
		}
		res, err := srv.Client().Do(req)
		if err != nil {
			b.Fatal(err)
		}
		defer res.Body.Close()
		var out map[string]any
		_ = json.NewDecoder(res.Body).Decode(&out)
		if res.StatusCode >= 300 {
			b.Fatalf("%s %s: %d %v", method, path, res.StatusCode, out)
		}
		return out
	}
	tok := call("POST", "/api/v1/auth/signup", "", map[string]string{"email": "bench@acme.example", "password": goodPassword})["access_token"].(string)
	src, err := os.ReadFile(seedPolicy)
	if err != nil {
		b.Fatal(err)
	}
	svc := &orgs.Service{DB: pool}
	o, err := svc.Create(ctx, "Acme", "bench@acme.example", nil)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := svc.SetPolicy(ctx, o.ID, nil, "juniors", orgs.FormatStructured, string(src)); err != nil {
		b.Fatal(err)
	}
	const commands = 64
	ids := make([]string, commands)
	for i := range ids {
		ids[i] = call("POST", "/api/v1/commands", tok, map[string]any{"prompt": "p", "command": fmt.Sprintf("make test-%d", i)})["id"].(string)
	}
	var n atomic.Int64
	execute := func() {
		call("POST", "/api/v1/commands/execute", tok, map[string]any{"command_id": ids[n.Add(1)%commands], "exit_code": 0, "duration_ms": 5})
	}
	b.Run("serial", func(b *testing.B) {
		for b.Loop() {
			execute()
		}
	})
	b.Run("parallel", func(b *testing.B) {
		b.SetParallelism(8)
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				execute()
			}
		})
	})
}
