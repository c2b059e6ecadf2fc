package pgstore_test

import (
	"testing"

	"github.com/cmdai/cmdai/cloud/pgstore"
)

func TestPoolConfigSize(t *testing.T) {
	for url, want := range map[string]int32{
		"postgres://u@127.0.0.1:5432/db?sslmode=disable":                  pgstore.DefaultMaxConns(),
		"postgres://u@127.0.0.1:5432/db?sslmode=disable&pool_max_conns=3": 3,
		"host=127.0.0.1 user=u dbname=db pool_max_conns=5":                5,
	} {
		cfg, err := pgstore.PoolConfig(url)
		if err != nil {
			t.Fatalf("%s: %v", url, err)
		}
		if cfg.MaxConns != want {
			t.Errorf("%s: MaxConns %d, want %d", url, cfg.MaxConns, want)
		}
	}
	if n := pgstore.DefaultMaxConns(); n < 8 {
		t.Errorf("DefaultMaxConns %d, want at least 8", n)
	}
	if _, err := pgstore.PoolConfig("postgres://u@[::1"); err == nil {
		t.Error("a malformed URL parsed")
	}
}
