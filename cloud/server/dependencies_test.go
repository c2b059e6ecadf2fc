package server

import (
	"context"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/rivermigrate"

	"github.com/redis/go-redis/v9"

	"github.com/cmdai/cmdai/cloud/internal/testdb"
)

// gauges gathers reg and returns the values of the gauge name by the value of its label label.
func gauges(t *testing.T, reg *prometheus.Registry, name, label string) map[string]float64 {
	t.Helper()
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]float64{}
	for _, mf := range mfs {
		if mf.GetName() != name {
			continue
		}
		for _, m := range mf.GetMetric() {
			for _, lp := range m.GetLabel() {
				if lp.GetName() == label {
					out[lp.GetValue()] = m.GetGauge().GetValue()
				}
			}
		}
	}
	return out
}

// cmdai_dependency_up follows PostgreSQL and Redis, and cmdai_workflow_queue_depth counts the runs in
// River's queue once its tables exist.
func TestDependencyAndQueueMetrics(t *testing.T) {
	pool := testdb.New(t)
	ctx := context.Background()
	reg := prometheus.NewRegistry()
	deadRedis := redis.NewClient(&redis.Options{Addr: "127.0.0.1:1"})
	defer deadRedis.Close()
	RegisterDependencyMetrics(reg, pool, deadRedis)
	RegisterWorkflowQueueMetrics(reg, pool)
	if up := gauges(t, reg, "cmdai_dependency_up", "dependency"); len(up) != 2 || up["postgresql"] != 1 || up["redis"] != 0 {
		t.Fatalf("cmdai_dependency_up %v, want postgresql 1 and redis 0", up)
	}
	if q := gauges(t, reg, "cmdai_workflow_queue_depth", "state"); len(q) != 0 {
		t.Fatalf("queue depth before River's tables exist: %v", q)
	}

	m, err := rivermigrate.New(riverpgxv5.New(pool), nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.Migrate(ctx, rivermigrate.DirectionUp, nil); err != nil {
		t.Fatal(err)
	}
	for range 3 {
		if _, err := pool.Exec(ctx, `INSERT INTO river_job (kind, max_attempts, queue, args) VALUES ('workflow_run', 10, 'workflows', '{}')`); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := pool.Exec(ctx, `INSERT INTO river_job (kind, max_attempts, queue, args) VALUES ('other', 10, 'other', '{}')`); err != nil {
		t.Fatal(err)
	}
	q := gauges(t, reg, "cmdai_workflow_queue_depth", "state")
	if len(q) != 4 || q["available"] != 3 || q["running"] != 0 {
		t.Fatalf("cmdai_workflow_queue_depth %v, want 3 available (the other queue's job not counted)", q)
	}
}
