package server

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/redis/go-redis/v9"

	"github.com/cmdai/cmdai/cloud/workflows"
)

// dependencyProbe bounds each check made while /metrics is scraped.
const dependencyProbe = time.Second

// RegisterDependencyMetrics adds to reg cmdai_dependency_up{dependency="postgresql"|"redis"}: 1 when the
// server's connection answers a ping at scrape time, 0 when it does not, for the "PostgreSQL down" and
// "Redis down" alerts (deploy/observability/alerts.yml).
func RegisterDependencyMetrics(reg prometheus.Registerer, pool *pgxpool.Pool, rdb *redis.Client) {
	up := func(name string, ping func(context.Context) error) prometheus.Collector {
		return prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "cmdai_dependency_up", Help: "Whether a service the server needs answers (1) or not (0), checked at each scrape.",
			ConstLabels: prometheus.Labels{"dependency": name},
		}, func() float64 {
			ctx, cancel := context.WithTimeout(context.Background(), dependencyProbe)
			defer cancel()
			if ping(ctx) != nil {
				return 0
			}
			return 1
		})
	}
	reg.MustRegister(
		up("postgresql", pool.Ping),
		up("redis", func(ctx context.Context) error { return rdb.Ping(ctx).Err() }),
	)
}

// workflowStates are the River job states counted as the workflow queue's depth.
var workflowStates = []string{"available", "scheduled", "retryable", "running"}

// workflowQueue reports cmdai_workflow_queue_depth{state}: workflow runs waiting in River's queue (and
// running), counted at scrape time. Before River's tables exist it reports nothing.
type workflowQueue struct {
	pool *pgxpool.Pool
	desc *prometheus.Desc
}

// RegisterWorkflowQueueMetrics adds cmdai_workflow_queue_depth{state} to reg.
func RegisterWorkflowQueueMetrics(reg prometheus.Registerer, pool *pgxpool.Pool) {
	reg.MustRegister(&workflowQueue{pool: pool, desc: prometheus.NewDesc("cmdai_workflow_queue_depth",
		"Workflow runs in the job queue, by state (available, scheduled, retryable, running), counted at each scrape.",
		[]string{"state"}, nil)})
}

func (q *workflowQueue) Describe(ch chan<- *prometheus.Desc) { ch <- q.desc }

func (q *workflowQueue) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), dependencyProbe)
	defer cancel()
	rows, err := q.pool.Query(ctx, `SELECT state::text, count(*) FROM river_job
		WHERE queue = $1 AND state::text = ANY($2) GROUP BY state`, workflows.QueueName, workflowStates)
	if err != nil {
		return
	}
	counts := map[string]int64{}
	for rows.Next() {
		var state string
		var n int64
		if rows.Scan(&state, &n) == nil {
			counts[state] = n
		}
	}
	if rows.Err() != nil {
		return
	}
	for _, s := range workflowStates {
		ch <- prometheus.MustNewConstMetric(q.desc, prometheus.GaugeValue, float64(counts[s]), s)
	}
}
