// Package testdb gives each cloud integration test its own freshly migrated PostgreSQL database and a
// Redis client, against the real servers (started by scripts/test-deps.sh).
package testdb

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/redis/go-redis/v9"

	"github.com/cmdai/cmdai/cloud/pgstore"
)

const (
	defaultDatabaseURL = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"
	defaultRedisURL    = "redis://127.0.0.1:6379/15"
	howToStart         = "start PostgreSQL and Redis with 'bash scripts/test-deps.sh' (or 'task deps'), " +
		"or point CMDAI_TEST_DATABASE_URL / CMDAI_TEST_REDIS_URL at running servers"
)

func env(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

// New creates a database named cmdai_test_<random>, applies the migrations, and drops it when the test ends.
func New(t testing.TB) *pgxpool.Pool {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	adminURL := env("CMDAI_TEST_DATABASE_URL", defaultDatabaseURL)
	admin, err := pgx.Connect(ctx, adminURL)
	if err != nil {
		t.Fatalf("connect to PostgreSQL at %s: %v\n%s", adminURL, err, howToStart)
	}
	defer admin.Close(ctx)

	b := make([]byte, 8)
	_, _ = rand.Read(b)
	name := "cmdai_test_" + hex.EncodeToString(b)
	if _, err := admin.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatalf("create test database: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		conn, err := pgx.Connect(ctx, adminURL)
		if err != nil {
			t.Errorf("drop test database %s: %v", name, err)
			return
		}
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			t.Errorf("drop test database %s: %v", name, err)
		}
	})

	cfg, err := pgxpool.ParseConfig(adminURL)
	if err != nil {
		t.Fatalf("parse %s: %v", adminURL, err)
	}
	cfg.ConnConfig.Database = name
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		t.Fatalf("open test database: %v", err)
	}
	t.Cleanup(pool.Close) // cleanups run last-in first-out: the pool closes before the drop
	if _, err := pgstore.Migrate(ctx, pool); err != nil {
		t.Fatalf("migrate test database: %v", err)
	}
	return pool
}

// Another opens a second pool on pool's database, as a second replica of the server has its own; it
// closes when the test ends, before the database is dropped.
func Another(t testing.TB, pool *pgxpool.Pool) *pgxpool.Pool {
	t.Helper()
	other, err := pgxpool.NewWithConfig(context.Background(), pool.Config().Copy())
	if err != nil {
		t.Fatalf("open a second pool: %v", err)
	}
	t.Cleanup(other.Close)
	return other
}

// Redis returns a client for the test Redis database, closed when the test ends.
func Redis(t testing.TB) *redis.Client {
	t.Helper()
	url := env("CMDAI_TEST_REDIS_URL", defaultRedisURL)
	opts, err := redis.ParseURL(url)
	if err != nil {
		t.Fatalf("parse CMDAI_TEST_REDIS_URL %s: %v", url, err)
	}
	rdb := redis.NewClient(opts)
	t.Cleanup(func() { _ = rdb.Close() })
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := rdb.Ping(ctx).Err(); err != nil {
		t.Fatalf("connect to Redis at %s: %v\n%s", url, err, howToStart)
	}
	return rdb
}
