package pgstore_test

import (
	"context"
	"errors"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/cmdai/cmdai/cloud/internal/testdb"
	"github.com/cmdai/cmdai/cloud/pgstore"
)

func TestMigrateIsIdempotent(t *testing.T) {
	pool := testdb.New(t) // already migrated once
	n, err := pgstore.Migrate(context.Background(), pool)
	if err != nil || n != 0 {
		t.Fatalf("second Migrate applied %d (%v), want 0", n, err)
	}
}

func TestErrorsAreMappedAndTransactionsCompose(t *testing.T) {
	ctx := context.Background()
	pool := testdb.New(t)
	if _, err := pgstore.CreateUser(ctx, pool, "a@example.com", "h", ""); err != nil {
		t.Fatal(err)
	}
	if _, err := pgstore.CreateUser(ctx, pool, "a@example.com", "h", ""); !errors.Is(err, pgstore.ErrConflict) {
		t.Fatalf("duplicate email: %v, want ErrConflict", err)
	}
	if _, err := pgstore.UserByEmail(ctx, pool, "b@example.com"); !errors.Is(err, pgstore.ErrNotFound) {
		t.Fatalf("missing user: %v, want ErrNotFound", err)
	}

	// Store functions run inside a caller's transaction: a rollback undoes them.
	tx, err := pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := pgstore.CreateUser(ctx, tx, "b@example.com", "h", ""); err != nil {
		t.Fatal(err)
	}
	if err := tx.Rollback(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := pgstore.UserByEmail(ctx, pool, "b@example.com"); !errors.Is(err, pgstore.ErrNotFound) {
		t.Fatalf("rolled-back user exists: %v", err)
	}
	err = pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		_, err := pgstore.CreateUser(ctx, tx, "c@example.com", "h", "")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := pgstore.UserByEmail(ctx, pool, "c@example.com"); err != nil {
		t.Fatalf("committed user: %v", err)
	}
}
