package audit_test

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/cmdai/cmdai/cloud/audit"
	"github.com/cmdai/cmdai/cloud/internal/testdb"
)

// Two writers of one chain (two pools, as two replicas have), taking turns: each one's knowledge of
// the chain's head goes stale at every turn of the other, and the chain stays linear and gap-free.
func TestWritersWithStaleHeadsKeepTheChainLinear(t *testing.T) {
	pool := testdb.New(t)
	ctx := context.Background()
	other, err := pgxpool.NewWithConfig(ctx, pool.Config().Copy())
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	org := newOrg(t, pool, "A")
	for i := range 20 {
		db := pool
		if i%3 == 2 {
			db = other
		}
		if err := audit.Record(ctx, db, event(org, "turn", i), event(org, "turn", 100+i)); err != nil {
			t.Fatalf("turn %d: %v", i, err)
		}
	}
	if rep := verify(t, pool, org); !rep.Intact || rep.Events != 40 {
		t.Fatalf("after 20 turns of two writers: %+v", rep)
	}
}
