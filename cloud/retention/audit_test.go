package retention_test

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"log/slog"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/cmdai/cmdai/cloud/audit"
	"github.com/cmdai/cmdai/cloud/internal/testdb"
	"github.com/cmdai/cmdai/cloud/pgstore"
	"github.com/cmdai/cmdai/cloud/retention"
)

// History retention never removes audit events, however old; the audit job removes them only for an
// organisation whose compliance setting keeps them a number of days, only those older, and the chain
// still verifies.
func TestAuditEventsFollowTheirOwnRetention(t *testing.T) {
	pool := testdb.New(t)
	ctx := context.Background()
	_, key, _ := ed25519.GenerateKey(rand.Reader)
	log := &audit.Log{DB: pool, Key: func(context.Context) (ed25519.PrivateKey, error) { return key, nil }}
	var orgs []string
	for _, name := range []string{"Keeps", "Forever"} {
		o, err := pgstore.CreateOrg(ctx, pool, name, nil)
		if err != nil {
			t.Fatal(err)
		}
		orgs = append(orgs, o.ID)
		for i := range 5 {
			if err := audit.Record(ctx, pool, audit.Event{OrgID: o.ID, Action: "test.event", Status: audit.StatusSuccess, ResourceID: string(rune('a' + i))}); err != nil {
				t.Fatal(err)
			}
		}
	}
	days := 365
	if err := pgstore.SetOrgAuditSettings(ctx, pool, orgs[0], pgstore.OrgAuditSettings{CommandText: "hash", RetentionDays: &days}); err != nil {
		t.Fatal(err)
	}
	count := func(org string) int {
		rows, err := pgstore.AuditEvents(ctx, pool, org, 0, 100)
		if err != nil {
			t.Fatal(err)
		}
		return len(rows)
	}
	// History retention as if ten years had passed: the audit log is not history.
	decade := func() time.Time { return time.Now().Add(10 * 365 * 24 * time.Hour) }
	if _, err := (&retention.Job{DB: pool, Now: decade, Log: slog.New(slog.DiscardHandler)}).RunOnce(ctx); err != nil {
		t.Fatal(err)
	}
	if count(orgs[0]) != 5 || count(orgs[1]) != 5 {
		t.Fatal("history retention removed audit events")
	}
	// The audit job now: nothing is older than 365 days.
	j := &retention.AuditJob{Log: log, Logger: slog.New(slog.DiscardHandler)}
	if err := j.Register(prometheus.NewRegistry()); err != nil {
		t.Fatal(err)
	}
	if got, err := j.RunOnce(ctx); err != nil || len(got) != 0 {
		t.Fatalf("audit job now: %v, %v", got, err)
	}
	// Told it is two years later, the job asks; the database still refuses events younger than the
	// setting by its own clock, and nothing goes.
	j.Now = func() time.Time { return time.Now().Add(2 * 365 * 24 * time.Hour) }
	if _, err := j.RunOnce(ctx); err == nil || count(orgs[0]) != 5 {
		t.Fatalf("the job removed events the database's clock says are young: %v, %d left", err, count(orgs[0]))
	}
	if count(orgs[1]) != 5 {
		t.Fatal("an organisation that keeps its audit log for ever lost events")
	}
	for _, org := range orgs {
		rep, err := audit.Verify(ctx, pool, org, key.Public().(ed25519.PublicKey), nil)
		if err != nil || !rep.Intact {
			t.Fatalf("verify %s: %+v %v", org, rep, err)
		}
	}
	if err := retention.CheckDays("enterprise", retention.MaxSelfHostedDays+1); err == nil {
		t.Fatal("more than seven years of history accepted")
	}
	if err := retention.CheckDays("enterprise", retention.EnterpriseCloudDays); err != nil {
		t.Fatal(err)
	}
}
