package server

import (
	"context"
	"fmt"
	"log/slog"
	"maps"
	"net"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/cmdai/cmdai/cloud/api"
	"github.com/cmdai/cmdai/cloud/audit"
	"github.com/cmdai/cmdai/cloud/auth"
	"github.com/cmdai/cmdai/cloud/orgs"
	"github.com/cmdai/cmdai/cloud/pgstore"
	"github.com/cmdai/cmdai/cloud/ratelimit"
	"github.com/cmdai/cmdai/cloud/retention"
	"github.com/cmdai/cmdai/cloud/web"
	"github.com/cmdai/cmdai/cloud/workflows"
	"github.com/cmdai/cmdai/models/backends"
)

// Connect opens the PostgreSQL pool (sized by pgstore.PoolConfig) and checks that the database answers.
func Connect(ctx context.Context, databaseURL string) (*pgxpool.Pool, error) {
	cfg, err := pgstore.PoolConfig(databaseURL)
	if err != nil {
		return nil, err
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	pctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := pool.Ping(pctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("database not reachable at DATABASE_URL: %w", err)
	}
	return pool, nil
}

// Migrate applies pending migrations and logs how many.
func Migrate(ctx context.Context, pool *pgxpool.Pool, log *slog.Logger) error {
	n, err := pgstore.Migrate(ctx, pool)
	if err != nil {
		return err
	}
	log.InfoContext(ctx, "migrations applied", slog.Int("count", n))
	return nil
}

// Run connects, migrates and serves until ctx is cancelled, then drains in-flight requests.
func Run(ctx context.Context, cfg Config, log *slog.Logger) error {
	pool, err := Connect(ctx, cfg.DatabaseURL)
	if err != nil {
		return err
	}
	defer pool.Close()
	if err := Migrate(ctx, pool, log); err != nil {
		return err
	}
	rdb, err := redisClient(cfg.RedisURL)
	if err != nil {
		return err
	}
	defer func() { _ = rdb.Close() }()
	traceRedis(rdb, log)
	// Redis only meters requests (authentication state is in PostgreSQL), so its absence is logged, not
	// fatal: requests are served without rate limits until it is back, and /ready reports it.
	if err := rdb.Ping(ctx).Err(); err != nil {
		log.WarnContext(ctx, "redis not reachable at REDIS_URL; serving without rate limits", slog.String("error", err.Error()))
	}

	metrics := api.NewMetrics(pool)
	RegisterDependencyMetrics(metrics.Registry, pool, rdb)
	RegisterWorkflowQueueMetrics(metrics.Registry, pool)
	backend, err := backends.Open(cfg.Backend, cfg.Inference)
	if err != nil {
		return fmt.Errorf("INFERENCE_BACKEND: %w", err)
	}
	defer func() { _ = backend.Close() }()
	draining := new(atomic.Bool)
	// Workflow runs are River jobs in this database: every replica works the queue (docs/workflows.md).
	flows, err := workflows.Start(ctx, pool, workflows.Options{Logger: log})
	if err != nil {
		return err
	}
	defer func() {
		sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
		defer cancel()
		_ = flows.Stop(sctx)
	}()
	handler := api.NewHandler(api.Deps{
		DB: pool, Redis: rdb, Logger: log, Metrics: metrics,
		Auth:      &auth.Service{DB: pool, Tokens: auth.Tokens{Secret: cfg.JWTSecret, Previous: cfg.JWTPreviousSecrets}, Argon2: auth.DefaultArgon2Params},
		Limiter:   ratelimit.New(rdb, ratelimit.Options{Logger: log}),
		Backend:   backend,
		PolicyKey: cfg.PolicySigningKey,
		PublicURL: cfg.PublicURL,
		Draining:  draining.Load,
		Workflows: flows,

		AuditCommandWrites: cfg.AuditCommandWrites,
	})
	// The web dashboard at /, in front of the API (a build with the noweb tag has none).
	if handler, err = web.Mount(handler, log); err != nil {
		return err
	}

	days := maps.Clone(retention.DefaultDays)
	days[ratelimit.PlanEnterprise] = cfg.RetentionEnterpriseDays
	job := &retention.Job{DB: pool, Days: days, Interval: cfg.RetentionInterval, Log: log}
	if err := job.Register(metrics.Registry); err != nil {
		return err
	}
	jobCtx, stopJob := context.WithCancel(ctx)
	jobDone := make(chan struct{})
	go func() { defer close(jobDone); job.Run(jobCtx) }() // ends when Run returns: on shutdown, below
	defer func() { stopJob(); <-jobDone }()
	// Every chain written to is checked and checkpointed every minute, whether or not a client asks.
	checkpointer := &audit.Checkpointer{Logger: log, Log: &audit.Log{DB: pool,
		Key: (&orgs.Service{DB: pool, Key: cfg.PolicySigningKey}).SigningKey}}
	checkpointsDone := make(chan struct{})
	go func() { defer close(checkpointsDone); checkpointer.Run(jobCtx) }() // ends with jobCtx, as the job's
	defer func() { stopJob(); <-checkpointsDone }()
	// Organisations' audit events go to their SIEM sinks, and expire under their audit retention.
	auditJobsDone, err := startAuditJobs(jobCtx, pool, checkpointer.Log, metrics.Registry, log)
	if err != nil {
		return err
	}
	defer func() { stopJob(); auditJobsDone() }()
	ln, err := net.Listen("tcp", cfg.ListenAddr)
	if err != nil {
		return fmt.Errorf("listen on LISTEN_ADDR: %w", err)
	}
	tln, handler, err := frontDoor(cfg.TLS, ln, handler, log)
	if err != nil {
		_ = ln.Close()
		return err
	}
	ln = tln
	log.InfoContext(ctx, "listening", slog.String("addr", ln.Addr().String()))
	err = ServeWith(ctx, ln, handler, Stop{Drain: cfg.DrainPeriod, Timeout: cfg.ShutdownTimeout, Draining: draining})
	log.InfoContext(context.WithoutCancel(ctx), "stopped")
	return err
}

// Healthcheck asks the server listening on listenAddr for /ready and fails unless it answers 200. It is
// for container healthchecks, in images that have no shell or curl.
func Healthcheck(ctx context.Context, listenAddr string) error {
	return checkReady(ctx, listenAddr, "http", http.DefaultClient)
}

func checkReady(ctx context.Context, listenAddr, scheme string, hc *http.Client) error {
	host, port, err := net.SplitHostPort(listenAddr)
	if err != nil {
		return fmt.Errorf("LISTEN_ADDR: %w", err)
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "127.0.0.1"
	}
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, scheme+"://"+net.JoinHostPort(host, port)+"/ready", nil)
	if err != nil {
		return fmt.Errorf("healthcheck: %w", err)
	}
	res, err := hc.Do(req)
	if err != nil {
		return fmt.Errorf("healthcheck: %w", err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("healthcheck: /ready answered %s", res.Status)
	}
	return nil
}
