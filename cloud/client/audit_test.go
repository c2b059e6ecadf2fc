package client_test

import (
	"context"
	"log/slog"
	"net/http/httptest"
	"testing"

	"github.com/cmdai/cmdai/cloud/api"
	"github.com/cmdai/cmdai/cloud/audit"
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
	if _, err := audit.OpenWith(next.Checkpoint, first.VerifierKey, audit.Origin(org.ID)); err != nil {
		t.Fatal(err)
	}
	if err := audit.VerifyConsistency(uint64(first.TreeSize), uint64(next.TreeSize), next.Consistency.Proof, first.RootHash, next.RootHash); err != nil {
		t.Fatal(err)
	}
	if err := audit.VerifyInclusion(0, uint64(next.TreeSize), next.Inclusion.LeafHash, next.Inclusion.Proof, next.RootHash); err != nil {
		t.Fatal(err)
	}
	if _, err := c.AuditCheckpoint(ctx, org.ID, next.TreeSize+1, 0); err == nil {
		t.Fatal("a proof of an event beyond the checkpoint")
	}
}
