package pgstore

import (
	"fmt"
	"runtime"
	"strings"

	"github.com/jackc/pgx/v5/pgxpool"
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
// DefaultMaxConns unless the string sets pool_max_conns.
func PoolConfig(databaseURL string) (*pgxpool.Config, error) {
	cfg, err := pgxpool.ParseConfig(databaseURL)
	if err != nil {
		return nil, fmt.Errorf("parse database url: %w", err)
	}
	if !strings.Contains(databaseURL, "pool_max_conns") {
		cfg.MaxConns = DefaultMaxConns()
	}
	return cfg, nil
}
