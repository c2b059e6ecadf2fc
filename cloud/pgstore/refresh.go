package pgstore

import (
	"context"
	"time"
)

// RefreshToken is one link of a refresh-token family: every rotation spends a token and adds its child,
// and a family is one login session.
type RefreshToken struct {
	ID        string
	UserID    string
	FamilyID  string
	ExpiresAt time.Time
	UsedAt    *time.Time
	RevokedAt *time.Time
}

// CreateRefreshToken stores a token's hash. An empty familyID starts a new family (a new session);
// parentID is the token it replaces, or empty.
func CreateRefreshToken(ctx context.Context, q Querier, userID, familyID, parentID string, hash []byte, expiresAt time.Time) (RefreshToken, error) {
	var t RefreshToken
	err := q.QueryRow(ctx,
		`INSERT INTO refresh_tokens (user_id, family_id, parent_id, token_hash, expires_at)
		 VALUES ($1, COALESCE(NULLIF($2, '')::uuid, gen_random_uuid()), NULLIF($3, '')::uuid, $4, $5)
		 RETURNING id, user_id, family_id, expires_at, used_at, revoked_at`,
		userID, familyID, parentID, hash, expiresAt).
		Scan(&t.ID, &t.UserID, &t.FamilyID, &t.ExpiresAt, &t.UsedAt, &t.RevokedAt)
	return t, mapErr(err)
}

// RefreshTokenForUpdate returns the token with this hash and locks its row until the transaction ends,
// so that two concurrent rotations of one token are seen as a reuse.
func RefreshTokenForUpdate(ctx context.Context, q Querier, hash []byte) (RefreshToken, error) {
	var t RefreshToken
	err := q.QueryRow(ctx,
		`SELECT id, user_id, family_id, expires_at, used_at, revoked_at
		 FROM refresh_tokens WHERE token_hash = $1 FOR UPDATE`, hash).
		Scan(&t.ID, &t.UserID, &t.FamilyID, &t.ExpiresAt, &t.UsedAt, &t.RevokedAt)
	return t, mapErr(err)
}

// MarkRefreshTokenUsed spends a token.
func MarkRefreshTokenUsed(ctx context.Context, q Querier, id string) error {
	_, err := q.Exec(ctx, `UPDATE refresh_tokens SET used_at = now() WHERE id = $1`, id)
	return mapErr(err)
}

// RevokeRefreshFamily revokes every token of a session.
func RevokeRefreshFamily(ctx context.Context, q Querier, familyID string) error {
	_, err := q.Exec(ctx,
		`UPDATE refresh_tokens SET revoked_at = now() WHERE family_id = $1 AND revoked_at IS NULL`, familyID)
	return mapErr(err)
}

// RefreshFamilyActive reports whether a session has a token that is neither revoked nor expired.
func RefreshFamilyActive(ctx context.Context, q Querier, familyID string) (bool, error) {
	var ok bool
	err := q.QueryRow(ctx,
		`SELECT EXISTS (SELECT 1 FROM refresh_tokens
		 WHERE family_id = $1 AND revoked_at IS NULL AND expires_at > now())`, familyID).Scan(&ok)
	return ok, mapErr(err)
}
