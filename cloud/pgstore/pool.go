package pgstore

import (
	"fmt"
	"os"
	"runtime"
	"strings"

	"github.com/exaring/otelpgx"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/cmdai/cmdai/telemetry"
)

// DefaultMaxConns is the pool size when the database URL names none (pool_max_conns): four connections
// per CPU the Go scheduler uses, at least 8. A request holds a connection only while one of its statements
// runs (the API key lookup, then its write or read, with the Redis rate-limit check between them), so
// connections can outnumber cores; pgx's own default, one per CPU and at least 4, left 32 concurrent
// clients queueing for the pool on a 2-core server and cost a fifth of the inserts (docs/perf.md).
func DefaultMaxConns() int32 {
	return int32(max(8, 4*runtime.GOMAXPROCS(0)))
}

// PoolConfig parses a PostgreSQL URL or keyword/value string into a pool configuration, sized by
// DefaultMaxConns unless the string sets pool_max_conns, and traced when the server traces.
func PoolConfig(databaseURL string) (*pgxpool.Config, error) {
	cfg, err := pgxpool.ParseConfig(databaseURL)
	if err != nil {
		return nil, fmt.Errorf("parse database url: %w", err)
	}
	if !strings.Contains(databaseURL, "pool_max_conns") {
		cfg.MaxConns = DefaultMaxConns()
	}
	// A span per query, under the request's, when the server traces (docs/operations.md).
	if telemetry.ServerEnabled(os.Getenv) {
		cfg.ConnConfig.Tracer = otelpgx.NewTracer(otelpgx.WithDisableConnectionDetailsInAttributes())
	}
	return cfg, nil
}

// IsUUID reports whether s is written as a UUID (8-4-4-4-12 hex digits, either case): a string that is
// not one can name no row, so callers answer it as not found without asking the database.
func IsUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i, c := range s {
		switch {
		case i == 8 || i == 13 || i == 18 || i == 23:
			if c != '-' {
				return false
			}
		case (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'):
		default:
			return false
		}
	}
	return true
}
