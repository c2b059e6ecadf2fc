package pgstore

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
)

// APIKey is a long-lived credential. Only the sha256 of the key is stored; Prefix is enough of the key for a
// person to recognise it in a list.
type APIKey struct {
	ID         string
	UserID     string
	Name       string
	Prefix     string
	Scopes     []string
	ExpiresAt  *time.Time
	LastUsedAt *time.Time
	RevokedAt  *time.Time
	CreatedAt  time.Time
}

const apiKeyColumns = `id, user_id, name, prefix, scopes, expires_at, last_used_at, revoked_at, created_at`

func scanAPIKey(row interface{ Scan(...any) error }) (APIKey, error) {
	var k APIKey
	err := row.Scan(&k.ID, &k.UserID, &k.Name, &k.Prefix, &k.Scopes, &k.ExpiresAt, &k.LastUsedAt, &k.RevokedAt, &k.CreatedAt)
	return k, mapErr(err)
}

// NewAPIKey is what CreateAPIKey stores.
type NewAPIKey struct {
	UserID    string
	Name      string
	Prefix    string
	Hash      []byte
	Scopes    []string
	ExpiresAt *time.Time
}

// CreateAPIKey stores a key's hash and metadata.
func CreateAPIKey(ctx context.Context, q Querier, k NewAPIKey) (APIKey, error) {
	return scanAPIKey(q.QueryRow(ctx,
		`INSERT INTO api_keys (user_id, name, prefix, key_hash, scopes, expires_at)
		 VALUES ($1, $2, $3, $4, $5, $6) RETURNING `+apiKeyColumns,
		k.UserID, k.Name, k.Prefix, k.Hash, k.Scopes, k.ExpiresAt))
}

// APIKeysByUser lists a user's keys, revoked ones included, newest first.
func APIKeysByUser(ctx context.Context, q Querier, userID string) ([]APIKey, error) {
	rows, err := q.Query(ctx,
		`SELECT `+apiKeyColumns+` FROM api_keys WHERE user_id = $1 ORDER BY created_at DESC, id DESC`, userID)
	if err != nil {
		return nil, mapErr(err)
	}
	defer rows.Close()
	keys := []APIKey{}
	for rows.Next() {
		k, err := scanAPIKey(rows)
		if err != nil {
			return nil, err
		}
		keys = append(keys, k)
	}
	return keys, mapErr(rows.Err())
}

// APIKeyCredential is what authenticating with an API key reads: only the columns that decide whether the
// key is accepted and for whom, because it is read on every request made with a key.
type APIKeyCredential struct {
	ID        string
	UserID    string
	Scopes    []string
	ExpiresAt *time.Time
	RevokedAt *time.Time
}

const apiKeyCredentialColumns = `id, user_id, scopes, expires_at, revoked_at`

func scanAPIKeyCredential(row pgx.Row) (APIKeyCredential, error) {
	var k APIKeyCredential
	err := row.Scan(&k.ID, &k.UserID, &k.Scopes, &k.ExpiresAt, &k.RevokedAt)
	return k, mapErr(err)
}

// APIKeyCredentialByHash returns the credential of the key with this hash, whatever its state: the caller
// decides whether a revoked or expired key may be used.
func APIKeyCredentialByHash(ctx context.Context, q Querier, hash []byte) (APIKeyCredential, error) {
	return scanAPIKeyCredential(q.QueryRow(ctx, `SELECT `+apiKeyCredentialColumns+` FROM api_keys WHERE key_hash = $1`, hash))
}

// UseAPIKey is APIKeyCredentialByHash that also records the key's use, in the same round trip:
// last_used_at becomes now() when the key is neither revoked nor expired at now and was last recorded over
// a minute ago (so replicas that each record uses do not write on every request). The credential is
// returned as it was before.
func UseAPIKey(ctx context.Context, q Querier, hash []byte, now time.Time) (APIKeyCredential, error) {
	return scanAPIKeyCredential(q.QueryRow(ctx,
		`WITH k AS (SELECT `+apiKeyCredentialColumns+` FROM api_keys WHERE key_hash = $1),
		 touched AS (
		     UPDATE api_keys SET last_used_at = now()
		     WHERE key_hash = $1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > $2)
		       AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute'))
		 SELECT `+apiKeyCredentialColumns+` FROM k`, hash, now))
}

// RevokeAPIKey revokes the user's key with this id. Another user's key, or a key already revoked, is
// ErrNotFound, so a caller cannot learn which ids exist.
func RevokeAPIKey(ctx context.Context, q Querier, userID, id string) error {
	tag, err := q.Exec(ctx,
		`UPDATE api_keys SET revoked_at = now() WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL`, id, userID)
	if err != nil {
		return mapErr(err)
	}
	if tag.RowsAffected() == 0 {
		return ErrNotFound
	}
	return nil
}
