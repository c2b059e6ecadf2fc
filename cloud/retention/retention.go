// Package retention deletes command history older than each plan allows: free 7 days, pro 30, enterprise
// 90 here and a year on the hosted service (the server's RETENTION_ENTERPRISE_DAYS, default 365, up to
// seven years self-hosted; the schema has no per-account setting yet), and team invitations 30 days
// after they were answered or expired. It runs inside the server as a periodic job, in small batches so
// that no delete holds locks or bloats WAL for long.
package retention

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/cmdai/cmdai/cloud/pgstore"
)

// InvitationDays is how long a team invitation is kept once answered or expired.
const InvitationDays = 30

// DefaultDays is how long each plan keeps history.
var DefaultDays = map[string]int{"free": 7, "pro": 30, "enterprise": 90}

// Job deletes expired history every Interval.
type Job struct {
	DB       pgstore.Querier
	Days     map[string]int // plan → days kept; nil: DefaultDays
	Batch    int            // rows per delete; 0: 1000
	Interval time.Duration  // 0: one hour
	Log      *slog.Logger   // nil: slog.Default()
	Now      func() time.Time

	deleted *prometheus.CounterVec
	runs    *prometheus.CounterVec
	last    prometheus.Gauge
}

// Register adds the job's metrics to reg.
func (j *Job) Register(reg prometheus.Registerer) error {
	j.deleted = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "cmdai_retention_deleted_total", Help: "History rows deleted by the retention job, by plan.",
	}, []string{"plan"})
	j.runs = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "cmdai_retention_runs_total", Help: "Retention job runs, by result (ok, error).",
	}, []string{"result"})
	j.last = prometheus.NewGauge(prometheus.GaugeOpts{
		Name: "cmdai_retention_last_success_timestamp_seconds", Help: "When the retention job last finished without error.",
	})
	for _, c := range []prometheus.Collector{j.deleted, j.runs, j.last} {
		if err := reg.Register(c); err != nil {
			return fmt.Errorf("register retention metrics: %w", err)
		}
	}
	return nil
}

// Run runs the job now and then every Interval until ctx is cancelled; it returns when ctx is done.
func (j *Job) Run(ctx context.Context) {
	interval := j.Interval
	if interval <= 0 {
		interval = time.Hour
	}
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		_, _ = j.RunOnce(ctx) // logged and counted inside; the next tick tries again
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// RunOnce deletes every expired row, plan by plan and batch by batch, and reports how many per plan.
func (j *Job) RunOnce(ctx context.Context) (map[string]int64, error) {
	days, batch, log, now := j.Days, j.Batch, j.Log, time.Now
	if days == nil {
		days = DefaultDays
	}
	if batch <= 0 {
		batch = 1000
	}
	if log == nil {
		log = slog.Default()
	}
	if j.Now != nil {
		now = j.Now
	}
	start := time.Now()
	deleted := map[string]int64{}
	var err error
	for plan, d := range days {
		cutoff := now().Add(-time.Duration(d) * 24 * time.Hour)
		for ctx.Err() == nil {
			var n int64
			n, err = pgstore.DeleteCommandsBefore(ctx, j.DB, plan, cutoff, batch)
			if err != nil {
				err = fmt.Errorf("retention: delete %s history before %s: %w", plan, cutoff.Format(time.RFC3339), err)
				break
			}
			deleted[plan] += n
			if j.deleted != nil {
				j.deleted.WithLabelValues(plan).Add(float64(n))
			}
			if n < int64(batch) {
				break
			}
		}
		if err != nil {
			break
		}
	}
	var invitations int64
	for err == nil && ctx.Err() == nil {
		// Invitations answered or expired InvitationDays ago go, and the addresses they name with them.
		var n int64
		cutoff := now().Add(-InvitationDays * 24 * time.Hour)
		if n, err = pgstore.DeleteStaleInvitations(ctx, j.DB, cutoff, batch); err != nil {
			err = fmt.Errorf("retention: delete invitations answered or expired before %s: %w", cutoff.Format(time.RFC3339), err)
		}
		invitations += n
		if n < int64(batch) {
			break
		}
	}
	if err == nil {
		err = ctx.Err()
	}
	var total int64
	for _, n := range deleted {
		total += n
	}
	result := "ok"
	if err != nil {
		result = "error"
		log.ErrorContext(context.WithoutCancel(ctx), "retention run failed", slog.Int64("deleted", total), slog.String("error", err.Error()))
	} else {
		log.InfoContext(ctx, "retention run", slog.Int64("deleted", total), slog.Any("by_plan", deleted),
			slog.Int64("invitations", invitations),
			slog.Duration("duration", time.Since(start)))
		if j.last != nil {
			j.last.SetToCurrentTime()
		}
	}
	if j.runs != nil {
		j.runs.WithLabelValues(result).Inc()
	}
	return deleted, err
}

// DeletedCounter is cmdai_retention_deleted_total (nil before Register).
func (j *Job) DeletedCounter() *prometheus.CounterVec { return j.deleted }
