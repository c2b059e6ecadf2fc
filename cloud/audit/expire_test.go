package audit_test

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cmdai/cmdai/cloud/audit"
	"github.com/cmdai/cmdai/cloud/audit/tlog"
	"github.com/cmdai/cmdai/cloud/internal/testdb"
	"github.com/cmdai/cmdai/cloud/pgstore"
)

// Retention: an organisation's audit events older than its compliance setting are removed, and the
// chain still verifies, from the signed anchor that covers them: by audit verify, by the server's
// checkpoints and proofs, and by a client's consistency check from a checkpoint it kept since. The
// database refuses to expire events younger than the setting, or of an organisation that keeps them
// for ever, and a change after the anchor is still caught.
func TestExpiryKeepsTheChainVerifiable(t *testing.T) {
	pool := testdb.New(t)
	ctx := context.Background()
	org := newOrg(t, pool, "Acme")
	log := newLog(pool)
	start := time.Now().Add(-415 * 24 * time.Hour)
	i := 0
	restore := audit.SetClock(func() time.Time { i++; return start.Add(time.Duration(i) * 24 * time.Hour) })
	for j := 1; j <= 30; j++ {
		record(t, pool, event(org, "old.event", j)) // a day apart, from 414 days ago
		if j == 9 {
			if _, err := log.Publish(ctx, org, 0, 0); err != nil {
				t.Fatal(err)
			}
		}
	}
	restore()
	record(t, pool, event(org, "new.event", 31), event(org, "new.event", 32))
	kept, err := log.Publish(ctx, org, 0, 0)
	if err != nil || kept.Size != 32 {
		t.Fatalf("checkpoint: %v %+v", err, kept.Checkpoint)
	}

	// Kept for ever: nothing expires, and the database refuses to expire anything.
	if n, err := log.Expire(ctx, org, time.Now()); err == nil || n != 0 {
		t.Fatalf("expiry of an organisation that keeps its events for ever: %d, %v", n, err)
	}
	if verify(t, pool, org).Events != 32 {
		t.Fatal("events went")
	}
	days := 400
	if err := pgstore.SetOrgAuditSettings(ctx, pool, org, pgstore.OrgAuditSettings{CommandText: "hash", RetentionDays: &days}); err != nil {
		t.Fatal(err)
	}
	// The database refuses what is younger than 400 days, whatever the caller asks.
	if n, err := log.Expire(ctx, org, time.Now()); err == nil || !strings.Contains(err.Error(), "not all older than 400 days") || n != 0 {
		t.Fatalf("expiry of young events: %d, %v", n, err)
	}
	cutoff := time.Now().Add(-400 * 24 * time.Hour) // events 1 to 14 are older
	want, err := pgstore.LastAuditSeqBefore(ctx, pool, org, cutoff)
	if err != nil || want < 13 || want > 15 {
		t.Fatalf("events older than 400 days: %d, %v", want, err)
	}
	n, err := log.Expire(ctx, org, cutoff)
	if err != nil || n != want {
		t.Fatalf("expire: %d, %v", n, err)
	}
	rows, err := pgstore.AuditEvents(ctx, pool, org, 0, 100)
	if err != nil || int64(len(rows)) != 32-n || rows[0].Seq != n+1 {
		t.Fatalf("after expiring %d: %d rows from %d: %v", n, len(rows), rows[0].Seq, err)
	}
	rep := verify(t, pool, org)
	if !rep.Intact || rep.Expired != n || rep.Events != 32 {
		t.Fatalf("verify after expiry: %+v", rep)
	}
	// The server still publishes and proves, and a client's kept checkpoint still checks.
	p, err := log.Publish(ctx, org, 32, 32)
	if err != nil {
		t.Fatal(err)
	}
	if err := tlog.VerifyInclusion(31, 32, p.LeafHash, p.Inclusion, p.Root); err != nil {
		t.Fatalf("inclusion after expiry: %v", err)
	}
	record(t, pool, event(org, "new.event", 33))
	p, err = log.Publish(ctx, org, 0, 32)
	if err != nil || tlog.VerifyConsistency(32, 33, p.Consistency, kept.Root, p.Root) != nil {
		t.Fatalf("consistency from the kept checkpoint after expiry: %v", err)
	}
	var pe *audit.ProofError
	if _, err := log.Publish(ctx, org, 0, 5); !errors.As(err, &pe) || !pe.Expired {
		t.Fatalf("a proof from before the anchor: %v", err)
	}
	// Expiring again is a no-op until more is due; a change after the anchor is still caught.
	if n2, err := log.Expire(ctx, org, cutoff); err != nil || n2 != 0 {
		t.Fatalf("expire again: %d, %v", n2, err)
	}
	tamper(t, pool, `UPDATE audit_logs SET resource_id = 'x' WHERE chain_id = '`+org+`' AND seq = `+strconv.FormatInt(n+2, 10))
	if rep := verify(t, pool, org); rep.Intact || rep.FirstBadSeq != n+2 {
		t.Fatalf("a change after the anchor: %+v", rep)
	}
}
