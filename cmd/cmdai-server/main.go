// Command cmdai-server is the cmdai cloud API. Run it with no argument to migrate and serve, with
// 'migrate' to apply the database migrations and exit, with 'healthcheck' to exit 0 only when the
// server on LISTEN_ADDR is ready (for container healthchecks), with 'admin' to manage organisations,
// their members and policies ('cmdai-server admin --help'), or with 'audit verify' to check the audit
// log ('cmdai-server audit --help'), or with 'secrets rotate' to re-wrap the secrets it keeps in the
// database under a new key ('cmdai-server secrets --help'). It is configured by DATABASE_URL, REDIS_URL, JWT_SECRET,
// LISTEN_ADDR and POLICY_SIGNING_KEY; admin and audit need DATABASE_URL only (audit reads
// POLICY_SIGNING_KEY too when it is set). Secret settings can be read from files and Vault, TLS and
// tracing are set by TLS_* and OTEL_* variables: docs/operations.md.
package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"github.com/cmdai/cmdai/cloud/admin"
	"github.com/cmdai/cmdai/cloud/api"
	"github.com/cmdai/cmdai/cloud/server"
	"github.com/cmdai/cmdai/telemetry"
)

func main() {
	// Secret settings may name a file (NAME_FILE) or a Vault secret (NAME_VAULT): read them once, here.
	getenv, err := server.SecretEnv(context.Background(), os.Getenv)
	if err != nil {
		fmt.Fprintln(os.Stderr, "cmdai-server: secrets:", err)
		os.Exit(1)
	}
	if len(os.Args) > 1 && os.Args[1] == "admin" {
		os.Exit(admin.Main(os.Args[2:], getenv, os.Stdout, os.Stderr))
	}
	if len(os.Args) > 1 && os.Args[1] == "secrets" {
		os.Exit(admin.SecretsMain(os.Args[2:], getenv, os.Stdout, os.Stderr))
	}
	if len(os.Args) > 1 && os.Args[1] == "audit" {
		os.Exit(admin.AuditMain(os.Args[2:], getenv, os.Stdout, os.Stderr))
	}
	if err := run(getenv); err != nil {
		fmt.Fprintln(os.Stderr, "cmdai-server:", err)
		os.Exit(1)
	}
}

func run(getenv func(string) string) error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	cfg, err := server.ConfigFromEnv(getenv)
	if err != nil {
		return fmt.Errorf("configuration:\n%w", err)
	}
	log := slog.New(telemetry.LogHandler(api.NewLogger(os.Stderr, slog.LevelInfo).Handler()))
	shutdown, err := telemetry.SetupFromEnv(ctx, telemetry.ServiceServer)
	if err != nil {
		return fmt.Errorf("tracing (OTEL_* variables): %w", err)
	}
	defer telemetry.Flush(shutdown)
	switch args := os.Args[1:]; {
	case len(args) == 0 || args[0] == "serve":
		return server.Run(ctx, cfg, log)
	case args[0] == "healthcheck":
		return server.HealthcheckConfig(ctx, cfg)
	case args[0] == "migrate":
		pool, err := server.Connect(ctx, cfg.DatabaseURL)
		if err != nil {
			return err
		}
		defer pool.Close()
		return server.Migrate(ctx, pool, log)
	default:
		return fmt.Errorf("unknown command %q: use 'cmdai-server', 'cmdai-server migrate', 'cmdai-server healthcheck', 'cmdai-server admin', 'cmdai-server audit' or 'cmdai-server secrets'", args[0])
	}
}
