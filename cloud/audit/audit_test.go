package audit_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/cmdai/cmdai/cloud/audit"
	"github.com/cmdai/cmdai/cloud/audit/tlog"
	"github.com/cmdai/cmdai/cloud/internal/testdb"
	"github.com/cmdai/cmdai/cloud/pgstore"
)

var testKey = ed25519.NewKeyFromSeed(bytes.Repeat([]byte{42}, ed25519.SeedSize))

func testPub() ed25519.PublicKey { return testKey.Public().(ed25519.PublicKey) }

func newLog(pool *pgxpool.Pool) *audit.Log {
	return &audit.Log{DB: pool, Key: func(context.Context) (ed25519.PrivateKey, error) { return testKey, nil }}
}

// newOrg stores an organisation and returns its id.
func newOrg(t *testing.T, pool *pgxpool.Pool, name string) string {
	t.Helper()
	o, err := pgstore.CreateOrg(context.Background(), pool, name, nil)
	if err != nil {
		t.Fatal(err)
	}
	return o.ID
}

func record(t testing.TB, pool *pgxpool.Pool, events ...audit.Event) {
	t.Helper()
	if err := audit.Record(context.Background(), pool, events...); err != nil {
		t.Fatal(err)
	}
}

func event(org, action string, i int) audit.Event {
	return audit.Event{OrgID: org, Action: action, ResourceType: "thing", ResourceID: fmt.Sprint(i),
		Status: audit.StatusSuccess, DurationMS: i, IP: "192.0.2.7", UserAgent: "test",
		Details: map[string]any{"i": i, "note": "event " + fmt.Sprint(i)}}
}

func verify(t *testing.T, pool *pgxpool.Pool, chain string) audit.Report {
	t.Helper()
	rep, err := audit.Verify(context.Background(), pool, chain, testPub(), nil)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// Events chain per organisation from sequence number 1, each naming the hash of the one before; the
// fields read back are the ones hashed, whatever they hold (IPv6, a mapped IPv4 address, text that is
// not UTF-8 or holds NUL, nested details), so every chain verifies.
func TestChainsPerOrganisation(t *testing.T) {
	pool := testdb.New(t)
	ctx := context.Background()
	a, b := newOrg(t, pool, "A"), newOrg(t, pool, "B")
	u, err := pgstore.CreateUser(ctx, pool, "u@example.com", "x", "")
	if err != nil {
		t.Fatal(err)
	}
	odd := audit.Event{OrgID: strings.ToUpper(a), UserID: u.ID, Action: "odd", Status: audit.StatusDenied,
		IP: "::ffff:198.51.100.1", UserAgent: "bad \xff utf-8 and \x00 NUL " + strings.Repeat("long ", 200),
		Details: map[string]any{"nested": map[string]any{"list": []any{int64(1), "two", true, nil}, "é": "ü"},
			"strings": []string{"a", "b"}, "flat": map[string]string{"k": "v"}, "n": -9007199254740991}}
	record(t, pool, event(a, "one", 1), event(b, "one", 1), event("", "global", 1))
	record(t, pool, odd, audit.Event{OrgID: b, Action: "v6", Status: audit.StatusFailure, IP: "2001:DB8::0:1"})
	for i := 2; i <= 5; i++ {
		record(t, pool, event(a, "more", i))
	}
	for _, chain := range []string{a, b, pgstore.NilChain} {
		rep := verify(t, pool, chain)
		if !rep.Intact {
			t.Fatalf("chain %s: %+v", chain, rep)
		}
	}
	if rep := verify(t, pool, a); rep.Events != 6 {
		t.Fatalf("organisation A has %d events, want 6", rep.Events)
	}
	rows, err := pgstore.AuditEvents(ctx, pool, a, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	prev := strings.Repeat("0", 64)
	for i, r := range rows {
		if r.Seq != int64(i+1) || r.PreviousHash != prev || r.ChainID != a {
			t.Fatalf("row %d: seq %d, previous %s (want %s), chain %s", i, r.Seq, r.PreviousHash, prev, r.ChainID)
		}
		prev = r.EventHash
	}
	if r := rows[1]; r.IPAddress != "198.51.100.1" || !strings.Contains(r.UserAgent, "\uFFFD utf-8 and \uFFFD NUL") || len(r.UserAgent) > 512 || *r.UserID != u.ID {
		t.Fatalf("the odd event reads back as %+v", r)
	}
	if err := audit.Record(ctx, pool, audit.Event{Action: "x", Status: "maybe"}); err == nil {
		t.Fatal("an event with an unknown status was recorded")
	}
	if err := audit.Record(ctx, pool, audit.Event{Action: "x", Status: audit.StatusSuccess, Details: map[string]any{"f": 1.5}}); err == nil {
		t.Fatal("an event with a fraction in its details was recorded")
	}
}

// tamper runs statements as a superuser who has switched off the table's protections, as an attacker
// with the database would, and switches them back on.
func tamper(t *testing.T, pool *pgxpool.Pool, statements ...string) {
	t.Helper()
	ctx := context.Background()
	err := pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		for _, s := range append(append([]string{
			`ALTER TABLE audit_logs DISABLE TRIGGER audit_logs_append_only`,
			`ALTER TABLE audit_logs DISABLE RULE audit_logs_no_update`,
			`ALTER TABLE audit_logs DISABLE RULE audit_logs_no_delete`,
		}, statements...),
			`ALTER TABLE audit_logs ENABLE TRIGGER audit_logs_append_only`,
			`ALTER TABLE audit_logs ENABLE RULE audit_logs_no_update`,
			`ALTER TABLE audit_logs ENABLE RULE audit_logs_no_delete`) {
			if _, err := tx.Exec(ctx, s); err != nil {
				return fmt.Errorf("%s: %w", s, err)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// The table refuses UPDATE, DELETE and TRUNCATE three ways. As the superuser the tests connect as: the
// seed's rules make an UPDATE or DELETE do nothing; with the rules switched off the trigger refuses
// them; it refuses TRUNCATE, which no rule covers. As a role set up as docs/compliance.md says (the
// server's, owning no table), the privileges refuse them before the trigger is reached.
func TestAuditLogIsAppendOnly(t *testing.T) {
	pool := testdb.New(t)
	ctx := context.Background()
	org := newOrg(t, pool, "A")
	record(t, pool, event(org, "one", 1), event(org, "two", 2))
	if _, err := newLog(pool).Publish(ctx, org, 0, 0); err != nil {
		t.Fatal(err)
	}
	count := func(table string) int {
		var n int
		if err := pool.QueryRow(ctx, `SELECT count(*) FROM `+table).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	refused := func(err error) bool {
		var pgErr *pgconn.PgError
		return errors.As(err, &pgErr) && pgErr.Code == "42501" // insufficient_privilege
	}

	for _, table := range []string{"audit_logs", "audit_checkpoints"} {
		for _, stmt := range []string{`UPDATE ` + table + ` SET created_at = now()`, `DELETE FROM ` + table} {
			tag, err := pool.Exec(ctx, stmt)
			if err != nil || tag.RowsAffected() != 0 {
				t.Fatalf("%s as the superuser, with the rules: %v, %d rows", stmt, err, tag.RowsAffected())
			}
		}
		if _, err := pool.Exec(ctx, `TRUNCATE `+table); !refused(err) || !strings.Contains(err.Error(), "append-only") {
			t.Fatalf("TRUNCATE %s as the superuser: %v", table, err)
		}
	}
	// The rules off: the trigger refuses.
	err := pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `ALTER TABLE audit_logs DISABLE RULE audit_logs_no_update`); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `UPDATE audit_logs SET action = 'rewritten'`)
		return err
	})
	if !refused(err) || !strings.Contains(err.Error(), "audit_logs is append-only: UPDATE refused") {
		t.Fatalf("UPDATE with the rules off: %v", err)
	}
	err = pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `ALTER TABLE audit_logs DISABLE RULE audit_logs_no_delete`); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `DELETE FROM audit_logs`)
		return err
	})
	if !refused(err) || !strings.Contains(err.Error(), "DELETE refused") {
		t.Fatalf("DELETE with the rules off: %v", err)
	}
	if count("audit_logs") != 2 || count("audit_checkpoints") != 1 {
		t.Fatal("rows changed")
	}

	// The server's role, granted as docs/compliance.md says.
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	role := "cmdai_app_" + hex.EncodeToString(b)
	for _, s := range []string{
		`CREATE ROLE ` + role + ` NOLOGIN`,
		`GRANT USAGE ON SCHEMA public TO ` + role,
		`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ` + role,
		`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ` + role,
		`REVOKE UPDATE, DELETE, TRUNCATE ON audit_logs, audit_checkpoints FROM ` + role,
	} {
		if _, err := pool.Exec(ctx, s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
	t.Cleanup(func() {
		_, _ = pool.Exec(context.Background(), `DROP OWNED BY `+role)
		_, _ = pool.Exec(context.Background(), `DROP ROLE `+role)
	})
	asRole := func(statements ...string) error {
		return pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
			for _, s := range append([]string{`SET LOCAL ROLE ` + role}, statements...) {
				if _, err := tx.Exec(ctx, s); err != nil {
					return err
				}
			}
			return nil
		})
	}
	for _, priv := range []string{"UPDATE", "DELETE", "TRUNCATE"} {
		var has bool
		if err := pool.QueryRow(ctx, `SELECT has_table_privilege($1, 'audit_logs', $2)`, role, priv).Scan(&has); err != nil || has {
			t.Fatalf("the server's role holds %s on audit_logs: %v", priv, err)
		}
	}
	if err := asRole(`TRUNCATE audit_logs`); !refused(err) || !strings.Contains(err.Error(), "permission denied") {
		t.Fatalf("TRUNCATE as the server's role: %v", err)
	}
	// The server's role appends and reads through the audit package as the server does.
	err = pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SET LOCAL ROLE `+role); err != nil {
			return err
		}
		_, err := audit.Append(ctx, tx, event(org, "as the server", 3))
		return err
	})
	if err != nil {
		t.Fatalf("append as the server's role: %v", err)
	}
	// With the rules off (a superuser's doing), the privileges still refuse the server's role.
	if _, err := pool.Exec(ctx, `ALTER TABLE audit_logs DISABLE RULE audit_logs_no_update`); err != nil {
		t.Fatal(err)
	}
	if err := asRole(`UPDATE audit_logs SET action = 'rewritten'`); !refused(err) || !strings.Contains(err.Error(), "permission denied") {
		t.Fatalf("UPDATE as the server's role with the rules off: %v", err)
	}
	if _, err := pool.Exec(ctx, `ALTER TABLE audit_logs ENABLE RULE audit_logs_no_update`); err != nil {
		t.Fatal(err)
	}
	if rep := verify(t, pool, org); !rep.Intact || rep.Events != 3 {
		t.Fatalf("after the attempts: %+v", rep)
	}
}

// Verify names the first sequence number that is not as it was written, for each way an attacker
// with the database can change a chain: a changed row, a deleted row, two rows swapped, the tail cut
// (against the signed checkpoint that covered it), and a history rewritten with every hash recomputed
// (against the checkpoint's Merkle root).
func TestVerifyFindsTampering(t *testing.T) {
	for _, tc := range []struct {
		name    string
		attack  func(t *testing.T, pool *pgxpool.Pool, org string)
		bad     int64
		problem string
		// changedHashes: the attack changed what the Merkle tree is built from (stored hashes), so the
		// server refuses to sign a checkpoint over it; a changed row whose stored hash stands is
		// found by Verify only.
		changedHashes bool
	}{
		{"a changed row", func(t *testing.T, pool *pgxpool.Pool, org string) {
			tamper(t, pool, `UPDATE audit_logs SET details = '{"i": 5, "note": "nothing to see"}' WHERE chain_id = '`+org+`' AND seq = 5`)
		}, 5, "event 5 was changed", false},
		{"a changed status", func(t *testing.T, pool *pgxpool.Pool, org string) {
			tamper(t, pool, `UPDATE audit_logs SET status = 'success', user_agent = 'x' WHERE chain_id = '`+org+`' AND seq = 3`)
		}, 3, "event 3 was changed", false},
		{"a deleted row", func(t *testing.T, pool *pgxpool.Pool, org string) {
			tamper(t, pool, `DELETE FROM audit_logs WHERE chain_id = '`+org+`' AND seq = 4`)
		}, 4, "event 4 is missing", true},
		{"two rows swapped", func(t *testing.T, pool *pgxpool.Pool, org string) {
			where := ` WHERE chain_id = '` + org + `' AND seq = `
			tamper(t, pool, `UPDATE audit_logs SET seq = 1000006`+where+`6`, `UPDATE audit_logs SET seq = 6`+where+`7`,
				`UPDATE audit_logs SET seq = 7`+where+`1000006`)
		}, 6, "event 6 does not follow event 5", true},
		{"the tail cut", func(t *testing.T, pool *pgxpool.Pool, org string) {
			tamper(t, pool, `DELETE FROM audit_logs WHERE chain_id = '`+org+`' AND seq > 7`)
		}, 8, "events 8 to 10 were removed", true},
		{"the whole chain removed", func(t *testing.T, pool *pgxpool.Pool, org string) {
			tamper(t, pool, `DELETE FROM audit_logs WHERE chain_id = '`+org+`'`)
		}, 1, "events 1 to 10 were removed", true},
		{"a history rewritten, hashes and all", func(t *testing.T, pool *pgxpool.Pool, org string) {
			// The attacker deletes event 5 on and writes a chain of their own from there, with hashes that
			// link: only the signed checkpoint tells.
			tamper(t, pool, `DELETE FROM audit_logs WHERE chain_id = '`+org+`' AND seq >= 5`)
			for i := 5; i <= 10; i++ {
				record(t, pool, event(org, "forged", i))
			}
		}, 1, "the history after event 0 was rewritten", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pool := testdb.New(t)
			org, other := newOrg(t, pool, "A"), newOrg(t, pool, "B")
			for i := 1; i <= 10; i++ {
				record(t, pool, event(org, "act", i), event(other, "act", i))
			}
			if _, err := newLog(pool).Publish(context.Background(), org, 0, 0); err != nil {
				t.Fatal(err)
			}
			if rep := verify(t, pool, org); !rep.Intact || rep.Events != 10 || rep.CheckpointSize != 10 {
				t.Fatalf("before: %+v", rep)
			}
			tc.attack(t, pool, org)
			rep := verify(t, pool, org)
			if rep.Intact || rep.FirstBadSeq != tc.bad || !strings.Contains(rep.Problem, tc.problem) {
				t.Fatalf("after: %+v, want first bad %d and %q", rep, tc.bad, tc.problem)
			}
			if rep := verify(t, pool, other); !rep.Intact {
				t.Fatalf("the other organisation's chain: %+v", rep)
			}
			// The server signs nothing over a changed tree.
			if _, err := newLog(pool).Publish(context.Background(), org, 0, 0); tc.changedHashes != errors.Is(err, audit.ErrUnverifiable) {
				t.Fatalf("publish after tampering: %v", err)
			}
		})
	}
}

// A checkpoint is published at the chain's size, signed, stored and served again while the chain does
// not grow; the proofs it comes with verify against it: an event's inclusion, and the consistency of an
// earlier checkpoint with it.
func TestPublishAndProofs(t *testing.T) {
	pool := testdb.New(t)
	ctx := context.Background()
	org := newOrg(t, pool, "A")
	log := newLog(pool)

	empty, err := log.Publish(ctx, org, 0, 0)
	if err != nil || empty.Size != 0 {
		t.Fatalf("an empty chain's checkpoint: %+v, %v", empty, err)
	}
	for i := 1; i <= 7; i++ {
		record(t, pool, event(org, "act", i))
	}
	first, err := log.Publish(ctx, org, 0, 0)
	if err != nil || first.Size != 7 {
		t.Fatalf("publish: %+v, %v", first, err)
	}
	if c, err := tlog.Open(first.Note, testPub(), tlog.Origin(org)); err != nil || c.Size != 7 || !bytes.Equal(c.Root, first.Root) {
		t.Fatalf("the note: %+v, %v", c, err)
	}
	again, err := log.Publish(ctx, org, 0, 0)
	if err != nil || again.Note != first.Note {
		t.Fatalf("a chain that did not grow got a new checkpoint: %v", err)
	}
	for i := 8; i <= 12; i++ {
		record(t, pool, event(org, "act", i))
	}
	p, err := log.Publish(ctx, org, 3, 7)
	if err != nil || p.Size != 12 || p.Seq != 3 || p.From != 7 {
		t.Fatalf("publish with proofs: %+v, %v", p, err)
	}
	rows, err := pgstore.AuditEvents(ctx, pool, org, 2, 1)
	if err != nil || rows[0].EventHash != p.EventHash {
		t.Fatalf("the proof's event hash %s is not event 3's: %v", p.EventHash, err)
	}
	leaf, _ := tlog.LeafHash(p.EventHash)
	if !bytes.Equal(leaf, p.LeafHash) {
		t.Fatal("the leaf hash is not the event hash's")
	}
	if err := tlog.VerifyInclusion(2, 12, leaf, p.Inclusion, p.Root); err != nil {
		t.Fatalf("inclusion: %v", err)
	}
	if err := tlog.VerifyConsistency(7, 12, p.Consistency, first.Root, p.Root); err != nil {
		t.Fatalf("consistency: %v", err)
	}
	cps, err := pgstore.AuditCheckpoints(ctx, pool, org)
	if err != nil || len(cps) != 2 || cps[0].TreeSize != 7 || cps[1].TreeSize != 12 {
		t.Fatalf("stored checkpoints: %+v, %v", cps, err)
	}
	for _, bad := range [][2]int64{{13, 0}, {-1, 0}, {0, 13}, {0, -2}} {
		var pe *audit.ProofError
		if _, err := log.Publish(ctx, org, bad[0], bad[1]); !errors.As(err, &pe) {
			t.Errorf("leaf %d, from %d: %v", bad[0], bad[1], err)
		}
	}
	// A checkpoint signed by another key is not the server's: it signs nothing on top of it.
	other := &audit.Log{DB: pool, Key: func(context.Context) (ed25519.PrivateKey, error) {
		return ed25519.NewKeyFromSeed(bytes.Repeat([]byte{1}, ed25519.SeedSize)), nil
	}}
	if _, err := other.Publish(ctx, org, 0, 0); !errors.Is(err, audit.ErrUnverifiable) {
		t.Fatalf("publish with another key: %v", err)
	}
}

// Writers in several processes (two pools here, each its own connections) append to one chain at once,
// each in a transaction with a write of its own: the chain stays one line, numbered without a gap, and
// verifies.
func TestConcurrentWritersKeepTheChainLinear(t *testing.T) {
	pool := testdb.New(t)
	ctx := context.Background()
	cfg := pool.Config().Copy()
	second, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(second.Close)
	org := newOrg(t, pool, "A")
	const writers, each = 32, 20
	errs := make(chan error, writers)
	for w := range writers {
		db := pool
		if w%2 == 1 {
			db = second
		}
		go func() {
			for i := range each {
				err := pgx.BeginFunc(ctx, db, func(tx pgx.Tx) error {
					if _, err := tx.Exec(ctx, `INSERT INTO usage_events (kind) VALUES ('audited')`); err != nil {
						return err
					}
					_, err := audit.Append(ctx, tx, event(org, fmt.Sprint("writer ", w), i))
					return err
				})
				if err != nil {
					errs <- err
					return
				}
			}
			errs <- nil
		}()
	}
	for range writers {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	rep := verify(t, pool, org)
	if !rep.Intact || rep.Events != writers*each {
		t.Fatalf("%+v, want %d events intact", rep, writers*each)
	}
	var n, maxSeq int64
	if err := pool.QueryRow(ctx, `SELECT count(*), max(seq) FROM audit_logs WHERE chain_id = $1`, org).Scan(&n, &maxSeq); err != nil || n != maxSeq {
		t.Fatalf("%d events, the last numbered %d: %v", n, maxSeq, err)
	}
}

// The cost of an event: a transaction that appends one, alone, and with writers racing for one chain
// (where the chain's lock serialises them) or each on its own organisation's chain.
func BenchmarkAppend(b *testing.B) {
	pool := testdb.New(b)
	ctx := context.Background()
	orgsIDs := make([]string, 64)
	for i := range orgsIDs {
		o, err := pgstore.CreateOrg(ctx, pool, fmt.Sprint("org ", i), nil)
		if err != nil {
			b.Fatal(err)
		}
		orgsIDs[i] = o.ID
	}
	b.Run("one writer", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			record(b, pool, event(orgsIDs[0], "bench", i))
		}
	})
	b.Run("parallel, one chain", func(b *testing.B) {
		b.SetParallelism(4)
		b.RunParallel(func(pb *testing.PB) {
			for i := 0; pb.Next(); i++ {
				record(b, pool, event(orgsIDs[1], "bench", i))
			}
		})
	})
	var next atomic.Int64
	b.Run("parallel, a chain each", func(b *testing.B) {
		b.SetParallelism(4)
		b.RunParallel(func(pb *testing.PB) {
			org := orgsIDs[2+int(next.Add(1))%(len(orgsIDs)-2)]
			for i := 0; pb.Next(); i++ {
				record(b, pool, event(org, "bench", i))
			}
		})
	})
}

// The checkpointer signs every chain that grew since its last run, and only those; a chain that no
// longer verifies is reported, and the others are still checkpointed.
func TestCheckpointerCoversWhatGrew(t *testing.T) {
	pool := testdb.New(t)
	ctx := context.Background()
	a, b := newOrg(t, pool, "A"), newOrg(t, pool, "B")
	record(t, pool, event(a, "x", 1), event(b, "x", 1), event("", "x", 1))
	cp := &audit.Checkpointer{Log: newLog(pool), Logger: slog.New(slog.DiscardHandler)}
	latest := func(chain string) int64 {
		c, err := pgstore.LatestAuditCheckpoint(ctx, pool, chain)
		if err != nil {
			t.Fatalf("chain %s: %v", chain, err)
		}
		return c.TreeSize
	}
	if n, err := cp.RunOnce(ctx); err != nil || n != 3 {
		t.Fatalf("first run: %d chains, %v", n, err)
	}
	for _, chain := range []string{a, b, pgstore.NilChain} {
		if latest(chain) != 1 {
			t.Fatalf("chain %s: checkpoint at %d", chain, latest(chain))
		}
	}
	record(t, pool, event(a, "x", 2), event(a, "x", 3))
	if _, err := cp.RunOnce(ctx); err != nil || latest(a) != 3 || latest(b) != 1 {
		t.Fatalf("second run: %v, A at %d", err, latest(a))
	}
	record(t, pool, event(b, "x", 2))
	tamper(t, pool, `DELETE FROM audit_logs WHERE chain_id = '`+a+`' AND seq = 3`)
	record(t, pool, event(a, "x", 4))
	if _, err := cp.RunOnce(ctx); !errors.Is(err, audit.ErrUnverifiable) || !strings.Contains(err.Error(), a) {
		t.Fatalf("a run over a cut chain: %v", err)
	}
	if latest(b) != 2 || latest(a) != 3 {
		t.Fatalf("after the run: A at %d, B at %d", latest(a), latest(b))
	}
}
