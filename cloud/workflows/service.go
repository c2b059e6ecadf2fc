// Package workflows runs an organisation's workflows on the server's side: each run is a River job
// (github.com/riverqueue/river, in the same PostgreSQL) that walks the workflow's DAG and queues each
// ready step; registered runners (cmdai daemons started with `cmdai runner`) claim the steps whose
// labels they carry, under a lease they renew with heartbeats, and report how each ended. A runner that
// stops answering loses its lease: its step is queued again for another runner when it is retryable,
// and fails visibly otherwise. Delivery is at least once (docs/workflows.md).
package workflows

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/rivermigrate"

	"github.com/cmdai/cmdai/cloud/secrets"
)

// Defaults of Options.
const (
	DefaultLease        = 30 * time.Second
	DefaultPoll         = 250 * time.Millisecond
	DefaultRunnerTries  = 3
	DefaultScheduleTick = 20 * time.Second
)

// Options tune the service; the zero value takes the defaults.
type Options struct {
	// Lease is how long a runner holds a step without a heartbeat.
	Lease time.Duration
	// Poll is how often a run's job looks at its steps.
	Poll time.Duration
	// RunnerTries bounds how many runners a retryable step is given when they die under it.
	RunnerTries int
	// ScheduleTick is how often schedules are looked at (0: DefaultScheduleTick; negative: never).
	ScheduleTick time.Duration
	// Keyring seals integration settings and webhook secrets; nil: secrets.KeyringFromEnv, and without a
	// key integration settings cannot be stored.
	Keyring *secrets.Keyring
	Logger  *slog.Logger
}

// Service is the server's workflow engine. Start it once per replica; every replica's River client
// works the same queue.
type Service struct {
	DB   *pgxpool.Pool
	opts Options
	log  *slog.Logger

	river *river.Client[pgx.Tx]
	stop  context.CancelFunc
	wg    sync.WaitGroup
}

// QueueName is the River queue of workflow runs.
const QueueName = "workflows"

// Start migrates River's tables, starts its client and the scheduler. Stop ends both.
func Start(ctx context.Context, db *pgxpool.Pool, opts Options) (*Service, error) {
	if opts.Lease <= 0 {
		opts.Lease = DefaultLease
	}
	if opts.Poll <= 0 {
		opts.Poll = DefaultPoll
	}
	if opts.RunnerTries <= 0 {
		opts.RunnerTries = DefaultRunnerTries
	}
	if opts.ScheduleTick == 0 {
		opts.ScheduleTick = DefaultScheduleTick
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.Keyring == nil {
		k, err := secrets.KeyringFromEnv()
		switch {
		case errors.Is(err, secrets.ErrNoKey):
		case err != nil:
			return nil, fmt.Errorf("workflow secrets: %w", err)
		default:
			opts.Keyring = k
		}
	}
	s := &Service{DB: db, opts: opts, log: opts.Logger}
	driver := riverpgxv5.New(db)
	if err := migrateRiver(ctx, db, driver); err != nil {
		return nil, err
	}
	workers := river.NewWorkers()
	river.AddWorker(workers, &runWorker{s: s})
	var err error
	s.river, err = river.NewClient(driver, &river.Config{
		Queues:            map[string]river.QueueConfig{QueueName: {MaxWorkers: 50}},
		Workers:           workers,
		Logger:            opts.Logger.With("component", "river"),
		FetchPollInterval: 200 * time.Millisecond,
		FetchCooldown:     50 * time.Millisecond,
	})
	if err != nil {
		return nil, fmt.Errorf("river client: %w", err)
	}
	bg, cancel := context.WithCancel(context.WithoutCancel(ctx))
	s.stop = cancel
	if err := s.river.Start(bg); err != nil {
		cancel()
		return nil, fmt.Errorf("start river: %w", err)
	}
	if opts.ScheduleTick > 0 {
		s.wg.Add(1)
		go func() { defer s.wg.Done(); s.schedule(bg) }() // ends with Stop
	}
	return s, nil
}

// Stop stops the scheduler and River, letting running jobs end (a run's job resumes on the next
// start, or on another replica: it keeps its state in the database).
func (s *Service) Stop(ctx context.Context) error {
	if s == nil || s.river == nil {
		return nil
	}
	s.stop()
	s.wg.Wait()
	if err := s.river.StopAndCancel(ctx); err != nil && !errors.Is(err, context.Canceled) {
		return fmt.Errorf("stop river: %w", err)
	}
	return nil
}

// Keyring is the keyring secrets are sealed with; nil when the server has none.
func (s *Service) Keyring() *secrets.Keyring { return s.opts.Keyring }

// Lease is how long a runner's claim lasts without a heartbeat.
func (s *Service) Lease() time.Duration { return s.opts.Lease }

// riverMigrationLock is the PostgreSQL advisory lock key under which one server at a time applies River's
// migrations.
const riverMigrationLock = 0x636d646169726976 // "cmdairiv"

// migrateRiver applies River's own migrations while holding an advisory lock on a connection of its own
// (they cannot share one transaction: a migration uses an enum value an earlier one adds), so that
// replicas starting together neither race to create its tables nor start before they exist.
func migrateRiver(ctx context.Context, db *pgxpool.Pool, driver *riverpgxv5.Driver) error {
	m, err := rivermigrate.New(driver, nil)
	if err != nil {
		return fmt.Errorf("river migrations: %w", err)
	}
	conn, err := db.Acquire(ctx)
	if err != nil {
		return fmt.Errorf("river migrations: %w", err)
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, "SELECT pg_advisory_lock($1)", int64(riverMigrationLock)); err != nil {
		return fmt.Errorf("river migrations: lock: %w", err)
	}
	defer func() {
		_, _ = conn.Exec(context.WithoutCancel(ctx), "SELECT pg_advisory_unlock($1)", int64(riverMigrationLock))
	}()
	if _, err := m.Migrate(ctx, rivermigrate.DirectionUp, nil); err != nil {
		return fmt.Errorf("apply river migrations: %w", err)
	}
	return nil
}
