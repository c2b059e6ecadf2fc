package client_test

import (
	"context"
	"crypto/ed25519"
	"errors"
	"log/slog"
	"net/http/httptest"
	"testing"

	"github.com/cmdai/cmdai/cloud/api"
	"github.com/cmdai/cmdai/cloud/audit"
	"github.com/cmdai/cmdai/cloud/audit/tlog"
	"github.com/cmdai/cmdai/cloud/auth"
	"github.com/cmdai/cmdai/cloud/client"
	"github.com/cmdai/cmdai/cloud/internal/testdb"
	"github.com/cmdai/cmdai/cloud/orgs"
)

// A member fetches the organisation's audit checkpoint, then a later one with the consistency proof
// from the first and an event's inclusion proof; both verify, and the checkpoint's signature checks.
func TestAuditCheckpointCall(t *testing.T) {
	ctx := context.Background()
	pool := testdb.New(t)
	h := api.NewHandler(api.Deps{DB: pool, Redis: testdb.Redis(t), Logger: slog.New(slog.DiscardHandler),
		Auth: &auth.Service{DB: pool, Tokens: auth.Tokens{Secret: []byte("client-test-secret-client-test-secret")},
			Argon2: auth.Argon2Params{MemoryKiB: 64, Iterations: 1, Parallelism: 1}}})
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	c := client.New(client.Credentials{Server: srv.URL}, nil)
	if _, err := c.Signup(ctx, "admin@acme.example", "correct horse battery"); err != nil {
		t.Fatal(err)
	}
	org, err := (&orgs.Service{DB: pool}).Create(ctx, "Acme", "admin@acme.example", nil)
	if err != nil {
		t.Fatal(err)
	}
	add := func(n int) {
		for range n {
			if err := audit.Record(ctx, pool, audit.Event{OrgID: org.ID, Action: "test.event", Status: audit.StatusSuccess}); err != nil {
				t.Fatal(err)
			}
		}
	}
	add(2)
	first, err := c.AuditCheckpoint(ctx, org.ID, 0, 0)
	if err != nil || first.TreeSize < 2 {
		t.Fatalf("first checkpoint: %+v, %v", first, err)
	}
	add(3)
	next, err := c.AuditCheckpoint(ctx, org.ID, 1, first.TreeSize)
	if err != nil || next.TreeSize != first.TreeSize+3 {
		t.Fatalf("next checkpoint: %+v, %v", next, err)
	}
	if _, err := tlog.OpenWith(next.Checkpoint, first.VerifierKey, tlog.Origin(org.ID)); err != nil {
		t.Fatal(err)
	}
	if err := tlog.VerifyConsistency(uint64(first.TreeSize), uint64(next.TreeSize), next.Consistency.Proof, first.RootHash, next.RootHash); err != nil {
		t.Fatal(err)
	}
	if err := tlog.VerifyInclusion(0, uint64(next.TreeSize), next.Inclusion.LeafHash, next.Inclusion.Proof, next.RootHash); err != nil {
		t.Fatal(err)
	}
	if _, err := c.AuditCheckpoint(ctx, org.ID, next.TreeSize+1, 0); err == nil {
		t.Fatal("a proof of an event beyond the checkpoint")
	}
}

// A client that keeps the checkpoint it saw detects a history rewritten or cut since, even when the
// attacker, with the database, removed the stored checkpoints so that the server signs afresh: the new
// checkpoint does not extend the one kept.
func TestCheckAuditLogDetectsARewrite(t *testing.T) {
	for _, attack := range []struct {
		name string
		sql  string
		then int // events the attacker records after the statement
	}{
		{"rewritten with hashes recomputed", `DELETE FROM audit_logs WHERE seq >= 3`, 6},
		{"cut", `DELETE FROM audit_logs WHERE seq >= 3`, 0},
		{"cut, then grown past the size kept", `DELETE FROM audit_logs WHERE seq >= 4`, 9},
	} {
		t.Run(attack.name, func(t *testing.T) {
			ctx := context.Background()
			pool := testdb.New(t)
			srv := httptest.NewServer(api.NewHandler(api.Deps{DB: pool, Redis: testdb.Redis(t), Logger: slog.New(slog.DiscardHandler),
				Auth: &auth.Service{DB: pool, Tokens: auth.Tokens{Secret: []byte("client-test-secret-client-test-secret")},
					Argon2: auth.Argon2Params{MemoryKiB: 64, Iterations: 1, Parallelism: 1}}}))
			t.Cleanup(srv.Close)
			c := client.New(client.Credentials{Server: srv.URL}, nil)
			if _, err := c.Signup(ctx, "admin@acme.example", "correct horse battery"); err != nil {
				t.Fatal(err)
			}
			svc := &orgs.Service{DB: pool}
			org, err := svc.Create(ctx, "Acme", "admin@acme.example", nil)
			if err != nil {
				t.Fatal(err)
			}
			add := func(n int) {
				for range n {
					if err := audit.Record(ctx, pool, audit.Event{OrgID: org.ID, Action: "test.event", Status: audit.StatusSuccess}); err != nil {
						t.Fatal(err)
					}
				}
			}
			add(5)
			key, err := svc.SigningKey(ctx)
			if err != nil {
				t.Fatal(err)
			}
			vkey, err := tlog.VerifierKey(key.Public().(ed25519.PublicKey))
			if err != nil {
				t.Fatal(err)
			}
			kept, err := c.CheckAuditLog(ctx, org.ID, vkey, "")
			if err != nil {
				t.Fatal(err)
			}
			add(2)
			if kept, err = c.CheckAuditLog(ctx, org.ID, vkey, kept.Checkpoint); err != nil || kept.TreeSize < 7 {
				t.Fatalf("an honest log: %+v, %v", kept, err)
			}
			if _, err := pool.Exec(ctx, `ALTER TABLE audit_logs DISABLE RULE audit_logs_no_delete; ALTER TABLE audit_logs DISABLE TRIGGER USER;
				ALTER TABLE audit_checkpoints DISABLE RULE audit_checkpoints_no_delete; ALTER TABLE audit_checkpoints DISABLE TRIGGER USER;
				`+attack.sql+`; DELETE FROM audit_checkpoints;
				ALTER TABLE audit_logs ENABLE RULE audit_logs_no_delete; ALTER TABLE audit_logs ENABLE TRIGGER USER;
				ALTER TABLE audit_checkpoints ENABLE RULE audit_checkpoints_no_delete; ALTER TABLE audit_checkpoints ENABLE TRIGGER USER`); err != nil {
				t.Fatal(err)
			}
			add(attack.then)
			if _, err := c.CheckAuditLog(ctx, org.ID, vkey, kept.Checkpoint); !errors.Is(err, client.ErrAuditLogRewritten) {
				t.Fatalf("after the attack: %v", err)
			}
			// A checkpoint signed by another key is refused, whatever it says.
			other, _ := tlog.VerifierKey(ed25519.NewKeyFromSeed(make([]byte, 32)).Public().(ed25519.PublicKey))
			if _, err := c.CheckAuditLog(ctx, org.ID, other, ""); err == nil || errors.Is(err, client.ErrAuditLogRewritten) {
				t.Fatalf("another key: %v", err)
			}
		})
	}
}
