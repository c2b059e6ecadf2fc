package workflows_test

import (
	"context"
	"log/slog"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/cmdai/cmdai/cloud/internal/testdb"
	"github.com/cmdai/cmdai/cloud/workflows"
)

// Replicas that start at the same moment on a fresh database each apply River's migrations: one does, the
// others wait for it, and every one of them starts.
func TestReplicasStartTogether(t *testing.T) {
	db := testdb.New(t)
	const replicas = 4
	var wg sync.WaitGroup
	errs := make([]error, replicas)
	services := make([]*workflows.Service, replicas)
	for i := range replicas {
		pool, err := pgxpool.NewWithConfig(context.Background(), db.Config()) // each replica its own pool
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(pool.Close)
		wg.Go(func() {
			services[i], errs[i] = workflows.Start(context.Background(), pool, workflows.Options{Logger: slog.New(slog.DiscardHandler)})
		})
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("replica %d: %v", i, err)
			continue
		}
		if err := services[i].Stop(context.Background()); err != nil {
			t.Errorf("stop replica %d: %v", i, err)
		}
	}
}
