package pgstore

import (
	"context"

	"github.com/jackc/pgx/v5"
)

// ServerKey is a key the server signs with: an Ed25519 seed and its public key.
type ServerKey struct {
	Purpose string
	KeyID   string
	// Seed is the seed as stored: its 32 bytes, or the seed sealed under the server's secrets keyring
	// (secrets.IsSealed), which the store neither seals nor opens.
	Seed      []byte
	PublicKey []byte
}

const serverKeyColumns = `purpose, key_id, seed, public_key`

func scanServerKey(row pgx.Row) (ServerKey, error) {
	var k ServerKey
	err := row.Scan(&k.Purpose, &k.KeyID, &k.Seed, &k.PublicKey)
	return k, mapErr(err)
}

// EnsureServerKey stores k as the key for its purpose unless one is stored already, and returns the
// stored one: replicas that start at once all end up with the same key.
func EnsureServerKey(ctx context.Context, q Querier, k ServerKey) (ServerKey, error) {
	if _, err := q.Exec(ctx,
		`INSERT INTO server_keys (purpose, key_id, seed, public_key) VALUES ($1, $2, $3, $4)
		 ON CONFLICT (purpose) DO NOTHING`, k.Purpose, k.KeyID, k.Seed, k.PublicKey); err != nil {
		return ServerKey{}, mapErr(err)
	}
	return ServerKeyByPurpose(ctx, q, k.Purpose)
}

// ServerKeyByPurpose returns the server's stored key for a purpose; ErrNotFound when there is none.
func ServerKeyByPurpose(ctx context.Context, q Querier, purpose string) (ServerKey, error) {
	return scanServerKey(q.QueryRow(ctx, `SELECT `+serverKeyColumns+` FROM server_keys WHERE purpose = $1`, purpose))
}

// ServerKeys returns every stored server key, by purpose.
func ServerKeys(ctx context.Context, q Querier) ([]ServerKey, error) {
	rows, err := q.Query(ctx, `SELECT `+serverKeyColumns+` FROM server_keys ORDER BY purpose`)
	if err != nil {
		return nil, mapErr(err)
	}
	keys, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (ServerKey, error) { return scanServerKey(r) })
	return keys, mapErr(err)
}

// ReplaceServerKeySeed stores seed as the key's stored seed if the stored one is still old, and reports
// whether it did: a replica that sealed or re-wrapped it meanwhile keeps what it wrote.
func ReplaceServerKeySeed(ctx context.Context, q Querier, purpose string, old, seed []byte) (bool, error) {
	tag, err := q.Exec(ctx, `UPDATE server_keys SET seed = $3 WHERE purpose = $1 AND seed = $2`, purpose, old, seed)
	if err != nil {
		return false, mapErr(err)
	}
	return tag.RowsAffected() == 1, nil
}
