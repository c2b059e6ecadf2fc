// Package pgstore is the cloud API's PostgreSQL storage: the embedded schema migrations and one function
// per query, each taking a Querier so that a caller can run several inside one transaction.
package pgstore

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// Querier is what every storage function needs: a pool, a connection or a transaction.
type Querier interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

var (
	// ErrNotFound is returned when the row asked for does not exist (or is not the caller's).
	ErrNotFound = errors.New("not found")
	// ErrConflict is returned when a write would break a uniqueness rule, such as a second account for
	// one email address.
	ErrConflict = errors.New("conflict")
)

// mapErr turns the driver's errors into the package's sentinel errors, keeping the original in the chain.
func mapErr(err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, pgx.ErrNoRows) {
		return ErrNotFound
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		switch pgErr.Code {
		case "23505": // unique_violation
			return errors.Join(ErrConflict, err)
		case "23503": // foreign_key_violation: the row referred to is gone
			return errors.Join(ErrNotFound, err)
		}
	}
	return err
}
