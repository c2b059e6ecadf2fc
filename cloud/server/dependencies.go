package server

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/redis/go-redis/v9"
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
