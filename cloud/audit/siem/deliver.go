package siem

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"os"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/cmdai/cmdai/cloud/pgstore"
	"github.com/cmdai/cmdai/cloud/secrets"
)

// Delivery defaults.
const (
	DefaultInterval = 5 * time.Second // how often due sinks are looked for
	DefaultBatch    = 500             // events per batch
	maxBackoff      = 5 * time.Minute
	// batchesPerRun bounds how many batches one sink is sent in a run before the others get theirs.
	batchesPerRun = 20
	sendTimeout   = 60 * time.Second
)

// TokenAAD binds a sink's sealed token to the sink: sealed for one sink, it does not open for another.
func TokenAAD(sinkID string) []byte { return []byte("cmdai audit sink token\n" + sinkID) }

// Deliverer sends every enabled sink the events of its organisation's chain after its cursor. Several
// replicas may each run one: a sink's row is locked while a batch is on its way, and the others skip it.
type Deliverer struct {
	DB       *pgxpool.Pool
	Keyring  *secrets.Keyring // opens sinks' tokens; nil: sinks with a token fail, saying why
	Interval time.Duration    // 0: DefaultInterval
	Batch    int              // 0: DefaultBatch
	Logger   *slog.Logger     // nil: slog.Default()
	// Backoff is the wait after a sink's first failure, doubled after each further one up to five
	// minutes (with jitter); 0: one second.
	Backoff time.Duration
	// AckTimeout bounds the wait for a receiver that acknowledges batches (Splunk HEC); 0: 30 seconds.
	AckTimeout time.Duration

	host      string
	delivered *prometheus.CounterVec
	failed    *prometheus.CounterVec
	lag       *prometheus.GaugeVec
}

// Register adds the deliverer's metrics to reg.
func (d *Deliverer) Register(reg prometheus.Registerer) error {
	d.metrics()
	for _, c := range []prometheus.Collector{d.delivered, d.failed, d.lag} {
		if err := reg.Register(c); err != nil {
			return fmt.Errorf("register audit sink metrics: %w", err)
		}
	}
	return nil
}

func (d *Deliverer) metrics() {
	if d.delivered != nil {
		return
	}
	labels := []string{"org_id", "sink"}
	d.delivered = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "cmdai_audit_sink_delivered_total",
		Help: "Audit events delivered to a SIEM sink and confirmed by it (an event sent again after a failed batch counts again)."}, labels)
	d.failed = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "cmdai_audit_sink_failed_total",
		Help: "Batches of audit events a SIEM sink did not confirm (sent again after a back-off)."}, labels)
	d.lag = prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: "cmdai_audit_sink_lag_events",
		Help: "Audit events of the organisation's chain not yet delivered to the sink."}, labels)
}

// Run delivers now and then every Interval until ctx is cancelled; it returns when ctx is done.
func (d *Deliverer) Run(ctx context.Context) {
	interval := d.Interval
	if interval <= 0 {
		interval = DefaultInterval
	}
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		_ = d.RunOnce(ctx) // logged inside; the next tick tries again
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// RunOnce delivers what is due to every sink that is due, and returns the sinks' errors joined.
func (d *Deliverer) RunOnce(ctx context.Context) error {
	d.metrics()
	if d.host == "" {
		d.host, _ = os.Hostname()
	}
	sinks, err := pgstore.DueAuditSinks(ctx, d.DB)
	if err != nil {
		return fmt.Errorf("audit sinks: %w", err)
	}
	var errs []error
	for _, s := range sinks {
		for range batchesPerRun {
			more, err := d.deliverBatch(ctx, s.ID)
			if err != nil {
				errs = append(errs, fmt.Errorf("audit sink %s (%s): %w", s.Name, s.ID, err))
				break
			}
			if !more {
				break
			}
		}
	}
	return errors.Join(errs...)
}

func (d *Deliverer) log() *slog.Logger {
	if d.Logger != nil {
		return d.Logger
	}
	return slog.Default()
}

// deliverBatch sends the sink its next batch, holding the sink's row locked, and reports whether a
// full batch went (there may be more). A batch the sink did not confirm is recorded as a failure with
// the time of the next try, and returned.
func (d *Deliverer) deliverBatch(ctx context.Context, id string) (bool, error) {
	batch := d.Batch
	if batch <= 0 {
		batch = DefaultBatch
	}
	tx, err := d.DB.Begin(ctx)
	if err != nil {
		return false, err
	}
	defer func() { _ = tx.Rollback(ctx) }()
	s, err := pgstore.LockAuditSink(ctx, tx, id)
	if errors.Is(err, pgstore.ErrNotFound) {
		return false, nil // another replica has it, or it was removed or disabled
	}
	if err != nil {
		return false, err
	}
	rows, err := pgstore.AuditEvents(ctx, tx, s.OrgID, s.CursorSeq, batch)
	if err != nil {
		return false, err
	}
	head, err := pgstore.AuditChainHead(ctx, tx, s.OrgID)
	if err != nil {
		return false, err
	}
	labels := prometheus.Labels{"org_id": s.OrgID, "sink": s.Name}
	if len(rows) == 0 {
		d.lag.With(labels).Set(float64(max(0, head-s.CursorSeq)))
		interval := d.Interval
		if interval <= 0 {
			interval = DefaultInterval
		}
		if err := pgstore.AuditSinkIdle(ctx, tx, s.ID, time.Now().Add(interval)); err != nil {
			return false, err
		}
		return false, tx.Commit(ctx)
	}
	sendErr := d.send(ctx, s, rows)
	if sendErr != nil {
		d.failed.With(labels).Inc()
		retry := time.Now().Add(backoff(d.Backoff, s.Failures))
		d.log().WarnContext(ctx, "audit sink delivery failed", slog.String("sink", s.Name), slog.String("sink_id", s.ID),
			slog.String("org_id", s.OrgID), slog.Int64("from_seq", rows[0].Seq), slog.String("error", sendErr.Error()),
			slog.Time("retry_at", retry))
		if err := pgstore.AuditSinkFailed(ctx, tx, s.ID, sendErr.Error(), retry); err != nil {
			return false, err
		}
		if err := tx.Commit(ctx); err != nil {
			return false, err
		}
		d.lag.With(labels).Set(float64(max(0, head-s.CursorSeq)))
		return false, sendErr
	}
	last := rows[len(rows)-1].Seq
	if err := pgstore.AuditSinkDelivered(ctx, tx, s.ID, last, len(rows)); err != nil {
		return false, err
	}
	if err := tx.Commit(ctx); err != nil {
		return false, err // delivered but not recorded: sent again next time, as at-least-once allows
	}
	d.delivered.With(labels).Add(float64(len(rows)))
	d.lag.With(labels).Set(float64(max(0, head-last)))
	return len(rows) == batch, nil
}

// send opens the sink's token and sends the batch within sendTimeout.
func (d *Deliverer) send(ctx context.Context, s pgstore.AuditSink, rows []pgstore.AuditEvent) error {
	c := Config{ID: s.ID, Kind: s.Kind, Format: s.Format, Endpoint: s.Endpoint, CAPEM: s.CAPEM, Host: d.host, AckWait: d.AckTimeout}
	if len(s.TokenSealed) > 0 {
		if d.Keyring == nil {
			return errors.New("the sink's token is sealed and the server has no keyring: set CMDAI_SECRETS_KEY")
		}
		tok, err := d.Keyring.Open(s.TokenSealed, TokenAAD(s.ID))
		if err != nil {
			return fmt.Errorf("open the sink's token: %w", err)
		}
		c.Token = string(tok)
	}
	snd, err := newSender(c)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, sendTimeout)
	defer cancel()
	return snd.send(ctx, rows)
}

// backoff is the wait after n earlier failures in a row and this one: exponential from base (0: a
// second), capped, the upper half jittered.
func backoff(base time.Duration, n int) time.Duration {
	if base <= 0 {
		base = time.Second
	}
	d := maxBackoff
	if n < 20 && base<<n < maxBackoff {
		d = base << n
	}
	return d/2 + rand.N(d/2+1)
}
