package retention_test

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"

	"github.com/cmdai/cmdai/cloud/internal/testdb"
	"github.com/cmdai/cmdai/cloud/retention"
)

// Each plan keeps exactly its window: rows just inside survive, rows just outside go, in batches.
func TestRetentionByPlan(t *testing.T) {
	pool := testdb.New(t)
	ctx := context.Background()
	now := time.Now()
	users := map[string]string{}
	for _, plan := range []string{"free", "pro", "enterprise"} {
		var id string
		if err := pool.QueryRow(ctx, `INSERT INTO users (email, password_hash, plan) VALUES ($1, 'x', $2) RETURNING id`,
			plan+"@example.com", plan).Scan(&id); err != nil {
			t.Fatal(err)
		}
		users[plan] = id
	}
	// Per plan: 5 rows just past the window, 2 just inside it, 1 fresh.
	for plan, days := range retention.DefaultDays {
		for i, age := range []time.Duration{
			time.Duration(days)*24*time.Hour + time.Hour, time.Duration(days)*24*time.Hour + 2*time.Hour,
			time.Duration(days)*24*time.Hour + 3*time.Hour, time.Duration(days+1) * 24 * time.Hour,
			time.Duration(days+100) * 24 * time.Hour,
			time.Duration(days)*24*time.Hour - time.Hour, time.Duration(days-1) * 24 * time.Hour, 0,
		} {
			if _, err := pool.Exec(ctx, `INSERT INTO commands (user_id, prompt, command, created_at) VALUES ($1, $2, 'ls', $3)`,
				users[plan], plan+" "+string(rune('a'+i)), now.Add(-age)); err != nil {
				t.Fatal(err)
			}
		}
	}
	var logs bytes.Buffer
	reg := prometheus.NewRegistry()
	job := &retention.Job{DB: pool, Batch: 2, Log: slog.New(slog.NewJSONHandler(&logs, nil)), Now: func() time.Time { return now }}
	if err := job.Register(reg); err != nil {
		t.Fatal(err)
	}
	deleted, err := job.RunOnce(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for plan := range retention.DefaultDays {
		if deleted[plan] != 5 {
			t.Errorf("%s: deleted %d, want 5", plan, deleted[plan])
		}
		var left int
		if err := pool.QueryRow(ctx, `SELECT count(*) FROM commands WHERE user_id = $1`, users[plan]).Scan(&left); err != nil {
			t.Fatal(err)
		}
		if left != 3 {
			t.Errorf("%s: %d rows left, want the 3 inside the window", plan, left)
		}
		var m dto.Metric
		if err := job.DeletedCounter().WithLabelValues(plan).Write(&m); err != nil || m.GetCounter().GetValue() != 5 {
			got := m.GetCounter().GetValue()
			t.Errorf("%s: cmdai_retention_deleted_total %v, want 5", plan, got)
		}
	}
	if !strings.Contains(logs.String(), `"msg":"retention run"`) || !strings.Contains(logs.String(), `"deleted":15`) {
		t.Fatalf("no log line for the run: %s", logs.String())
	}

	// A second run finds nothing; Run stops when its context is cancelled.
	if d, err := job.RunOnce(ctx); err != nil || d["free"]+d["pro"]+d["enterprise"] != 0 {
		t.Fatalf("second run deleted %v (%v)", d, err)
	}
	rctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { job.Run(rctx); close(done) }()
	cancel()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not return after its context was cancelled")
	}
}

// Invitations answered or expired more than InvitationDays ago go, with the addresses they name; newer
// ones and pending ones stay.
func TestRetentionRemovesStaleInvitations(t *testing.T) {
	pool := testdb.New(t)
	ctx := context.Background()
	now := time.Now()
	var team string
	if err := pool.QueryRow(ctx, `INSERT INTO teams (name, slug) VALUES ('Ops', 'ops') RETURNING id`).Scan(&team); err != nil {
		t.Fatal(err)
	}
	day := 24 * time.Hour
	old := now.Add(-(retention.InvitationDays*day + time.Hour))
	recent := now.Add(-(retention.InvitationDays*day - time.Hour))
	for _, inv := range []struct {
		email, status string
		answered      *time.Time
		expires       time.Time
	}{
		{"gone-accepted@example.com", "accepted", &old, now.Add(-40 * day)},
		{"gone-revoked@example.com", "revoked", &old, now.Add(day)},
		{"gone-expired@example.com", "pending", nil, old},
		{"kept-declined@example.com", "declined", &recent, now.Add(-20 * day)},
		{"kept-expired@example.com", "pending", nil, recent},
		{"kept-pending@example.com", "pending", nil, now.Add(14 * day)},
	} {
		if _, err := pool.Exec(ctx, `INSERT INTO team_invitations (team_id, email, role, status, answered_at, expires_at)
			VALUES ($1, $2, 'member', $3, $4, $5)`, team, inv.email, inv.status, inv.answered, inv.expires); err != nil {
			t.Fatal(err)
		}
	}
	job := &retention.Job{DB: pool, Batch: 2, Log: slog.New(slog.DiscardHandler), Now: func() time.Time { return now }}
	if _, err := job.RunOnce(ctx); err != nil {
		t.Fatal(err)
	}
	rows, err := pool.Query(ctx, `SELECT email FROM team_invitations ORDER BY email`)
	if err != nil {
		t.Fatal(err)
	}
	var left []string
	for rows.Next() {
		var e string
		if err := rows.Scan(&e); err != nil {
			t.Fatal(err)
		}
		left = append(left, e)
	}
	if strings.Join(left, " ") != "kept-declined@example.com kept-expired@example.com kept-pending@example.com" {
		t.Fatalf("left: %v", left)
	}
}
