// Command cmdai-server is the cmdai cloud API. Run it with no argument to migrate and serve, with
// 'migrate' to apply the database migrations and exit, or with 'healthcheck' to exit 0 only when the
// server on LISTEN_ADDR is ready (for container healthchecks). It is configured by DATABASE_URL, REDIS_URL,
// JWT_SECRET and LISTEN_ADDR.
package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"github.com/cmdai/cmdai/cloud/api"
	"github.com/cmdai/cmdai/cloud/server"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "cmdai-server:", err)
		os.Exit(1)
	}
}

func run() error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	cfg, err := server.ConfigFromEnv(os.Getenv)
	if err != nil {
		return fmt.Errorf("configuration:\n%w", err)
	}
	log := api.NewLogger(os.Stderr, slog.LevelInfo)
	switch args := os.Args[1:]; {
	case len(args) == 0 || args[0] == "serve":
		return server.Run(ctx, cfg, log)
	case args[0] == "healthcheck":
		return server.Healthcheck(ctx, cfg.ListenAddr)
	case args[0] == "migrate":
		pool, err := server.Connect(ctx, cfg.DatabaseURL)
		if err != nil {
			return err
		}
		defer pool.Close()
		return server.Migrate(ctx, pool, log)
	default:
		return fmt.Errorf("unknown command %q: use 'cmdai-server', 'cmdai-server migrate' or 'cmdai-server healthcheck'", args[0])
	}
}
