package e2e

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/go-redis/redis_rate/v10"

	"github.com/cmdai/cmdai/cloud/api"
	"github.com/cmdai/cmdai/cloud/ratelimit"
)

// TestSyncUnderRateLimit: with the account's budget well below what the daemon wants to send, sync
// waits as the server says (429 with Retry-After) and loses nothing: every use of a team pattern is
// counted exactly once and every history entry arrives.
func TestSyncUnderRateLimit(t *testing.T) {
	bin := cmdaiBinary(t)
	// Low enough to bind even when a loaded machine takes tens of milliseconds a request, high enough for
	// the login and the two setup calls to pass in one burst.
	const perSecond = 10
	srv := newCloudServerWith(t, func(d *api.Deps) {
		d.Limiter = ratelimit.New(d.Redis, ratelimit.Options{Limits: map[string]redis_rate.Limit{
			ratelimit.PlanFree: {Rate: perSecond, Burst: perSecond, Period: time.Second}}})
	})
	const password = "correct horse battery"
	srv.signup("alice@example.com", password)
	a := newMachine(t, "A", bin)
	a.cmdai(password+"\n", "auth", "login", "--server", srv.url(), "--email", "alice@example.com", "--password-stdin")
	token := a.credentials()["access_token"].(string)
	time.Sleep(time.Second) // the login's own requests are paid back
	var team, shared struct {
		ID string `json:"id"`
	}
	srv.post(token, "/api/v1/teams", map[string]string{"name": "Ops", "slug": "ops"}, &team)
	srv.post(token, "/api/v1/teams/"+team.ID+"/patterns", map[string]any{"name": "up", "template": "uptime",
		"parameters": []any{}}, &shared)
	time.Sleep(time.Second) // a full budget again for the login's own round
	a.settle()              // brings the team's pattern into A's cache

	const uses = 3 * perSecond
	ctx := context.Background()
	for range uses {
		if _, err := a.client.UsePattern(ctx, shared.ID); err != nil {
			t.Fatal(err)
		}
	}
	for _, p := range []string{"list files", "show disk usage", "find files bigger than 100MB"} {
		a.generate(p)
	}

	counted := func() (n int) {
		if err := srv.pool.QueryRow(ctx, `SELECT use_count FROM shared_patterns WHERE id = $1`, shared.ID).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	limited := false
	deadline := time.Now().Add(60 * time.Second)
	for counted() < uses {
		st, err := a.client.Sync(ctx)
		if err != nil {
			t.Fatal(err)
		}
		limited = limited || strings.Contains(st.LastError, "429") || strings.Contains(st.LastError, "rate")
		if time.Now().After(deadline) {
			t.Fatalf("%d of %d uses counted after 60 s; sync status %+v", counted(), uses, st)
		}
		time.Sleep(50 * time.Millisecond)
	}
	if !limited {
		t.Error("the server never refused a request: the budget did not bind, so nothing was tested")
	}
	time.Sleep(2 * time.Second) // a round more: nothing may be counted twice
	if n := counted(); n != uses {
		t.Errorf("the team counts %d uses, want %d", n, uses)
	}
	var records int
	if err := srv.pool.QueryRow(ctx, `SELECT count(*) FROM sync_records`).Scan(&records); err != nil || records < 3 {
		t.Errorf("%d history records on the server (%v), want the 3 generated", records, err)
	}
}
