package pgstore

import (
	"context"
	"time"
)

// User is an account. PasswordHash is the encoded argon2id hash, never the password.
type User struct {
	ID           string
	Email        string
	PasswordHash string
	DisplayName  string
	Plan         string
	CreatedAt    time.Time
}

const userColumns = `id, email, password_hash, display_name, plan, created_at`

func scanUser(row interface{ Scan(...any) error }) (User, error) {
	var u User
	err := row.Scan(&u.ID, &u.Email, &u.PasswordHash, &u.DisplayName, &u.Plan, &u.CreatedAt)
	return u, mapErr(err)
}

// CreateUser inserts an account on the free plan; the caller lowercases the email. A taken email is
// ErrConflict.
func CreateUser(ctx context.Context, q Querier, email, passwordHash, displayName string) (User, error) {
	return scanUser(q.QueryRow(ctx,
		`INSERT INTO users (email, password_hash, display_name) VALUES ($1, $2, $3) RETURNING `+userColumns,
		email, passwordHash, displayName))
}

// UserByEmail returns the enabled account with this (lowercase) email.
func UserByEmail(ctx context.Context, q Querier, email string) (User, error) {
	return scanUser(q.QueryRow(ctx,
		`SELECT `+userColumns+` FROM users WHERE email = $1 AND disabled_at IS NULL`, email))
}

// UserByID returns the enabled account with this id.
func UserByID(ctx context.Context, q Querier, id string) (User, error) {
	return scanUser(q.QueryRow(ctx,
		`SELECT `+userColumns+` FROM users WHERE id = $1 AND disabled_at IS NULL`, id))
}
