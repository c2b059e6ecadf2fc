package retention

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/cmdai/cmdai/cloud/audit"
	"github.com/cmdai/cmdai/cloud/pgstore"
)

// The bounds of retention. Command history is kept DefaultDays by plan; the hosted service keeps an
// enterprise account's for EnterpriseCloudDays, and a self-hosted installation may keep it up to
// MaxSelfHostedDays. Audit events follow each organisation's own compliance setting (between
// MinAuditDays and MaxSelfHostedDays, or for ever), which history retention never touches.
const (
	EnterpriseCloudDays = 365
	MaxSelfHostedDays   = 2557 // seven years
	MinAuditDays        = 365
)

// CheckDays checks a plan's history retention: 1 day to MaxSelfHostedDays.
func CheckDays(plan string, days int) error {
	if days < 1 || days > MaxSelfHostedDays {
		return fmt.Errorf("history retention of plan %s: %d days; keep it 1 to %d days (seven years)", plan, days, MaxSelfHostedDays)
	}
	return nil
}

// AuditJob removes each organisation's audit events older than its audit retention, every Interval,
// through audit.Log.Expire: the chain stays verifiable from the signed anchor it leaves.
type AuditJob struct {
	Log      *audit.Log
	Interval time.Duration // 0: one hour
	Logger   *slog.Logger  // nil: slog.Default()
	Now      func() time.Time

	expired *prometheus.CounterVec
}

// Register adds the job's metrics to reg.
func (j *AuditJob) Register(reg prometheus.Registerer) error {
	j.expired = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "cmdai_audit_expired_total",
		Help: "Audit events removed under organisations' audit retention (each chain stays verifiable from its anchor)."}, []string{"org_id"})
	if err := reg.Register(j.expired); err != nil {
		return fmt.Errorf("register audit retention metrics: %w", err)
	}
	return nil
}

// Run expires now and then every Interval until ctx is cancelled; it returns when ctx is done.
func (j *AuditJob) Run(ctx context.Context) {
	interval := j.Interval
	if interval <= 0 {
		interval = time.Hour
	}
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		_, _ = j.RunOnce(ctx) // logged inside; the next tick tries again
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// RunOnce expires what is due in every organisation that keeps its audit events for a number of days,
// and reports how many events went, by organisation. One organisation's failure (a chain that does
// not verify is never anchored) does not hold back the others.
func (j *AuditJob) RunOnce(ctx context.Context) (map[string]int64, error) {
	log, now := j.Logger, time.Now
	if log == nil {
		log = slog.Default()
	}
	if j.Now != nil {
		now = j.Now
	}
	orgs, err := pgstore.AuditRetentions(ctx, j.Log.DB)
	if err != nil {
		return nil, fmt.Errorf("audit retention: %w", err)
	}
	out := map[string]int64{}
	var errs []error
	for _, o := range orgs {
		n, err := j.Log.Expire(ctx, o.OrgID, now().Add(-time.Duration(o.Days)*24*time.Hour))
		if err != nil {
			log.ErrorContext(ctx, "audit retention failed", slog.String("org_id", o.OrgID), slog.String("error", err.Error()))
			errs = append(errs, fmt.Errorf("organisation %s: %w", o.OrgID, err))
			continue
		}
		if n > 0 {
			out[o.OrgID] = n
			log.InfoContext(ctx, "audit events expired", slog.String("org_id", o.OrgID), slog.Int64("events", n), slog.Int("days", o.Days))
			if j.expired != nil {
				j.expired.WithLabelValues(o.OrgID).Add(float64(n))
			}
		}
	}
	return out, errors.Join(errs...)
}
