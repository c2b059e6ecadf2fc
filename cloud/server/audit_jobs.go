package server

import (
	"context"
	"errors"
	"log/slog"
	"sync"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/cmdai/cmdai/cloud/audit"
	"github.com/cmdai/cmdai/cloud/audit/siem"
	"github.com/cmdai/cmdai/cloud/retention"
	"github.com/cmdai/cmdai/cloud/secrets"
)

// startAuditJobs starts, until ctx ends, the delivery of audit events to organisations' SIEM sinks
// (their tokens opened with CMDAI_SECRETS_KEY's keyring) and the expiry of audit events under
// organisations' audit retention. Every replica runs both: a sink is delivered by one replica at a
// time, and expiry is idempotent. The returned func waits for both to end, once ctx is cancelled.
func startAuditJobs(ctx context.Context, pool *pgxpool.Pool, log *audit.Log, reg prometheus.Registerer, logger *slog.Logger) (func(), error) {
	kr, err := secrets.KeyringFromEnv()
	if err != nil && !errors.Is(err, secrets.ErrNoKey) {
		return nil, err
	}
	d := &siem.Deliverer{DB: pool, Keyring: kr, Logger: logger}
	if err := d.Register(reg); err != nil {
		return nil, err
	}
	exp := &retention.AuditJob{Log: log, Logger: logger}
	if err := exp.Register(reg); err != nil {
		return nil, err
	}
	var wg sync.WaitGroup
	wg.Go(func() { d.Run(ctx) })   // ends with ctx
	wg.Go(func() { exp.Run(ctx) }) // ends with ctx
	return wg.Wait, nil
}
