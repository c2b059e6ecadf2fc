package pgstore

import "context"

// TOTP is an account's TOTP second factor: the secret sealed by the server's keyring, whether a code
// confirmed it, and the last time step a code was accepted for (a code is accepted once).
type TOTP struct {
	Sealed   []byte
	Enabled  bool
	LastStep int64
}

// PutTOTP stores a new, not yet confirmed secret, replacing an unconfirmed one. A confirmed factor is
// ErrConflict: it must be removed first.
func PutTOTP(ctx context.Context, q Querier, userID string, sealed []byte) error {
	tag, err := q.Exec(ctx,
		`INSERT INTO user_mfa (user_id, totp_secret) VALUES ($1, $2)
		 ON CONFLICT (user_id) DO UPDATE SET totp_secret = $2, last_step = 0, created_at = now()
		 WHERE user_mfa.enabled_at IS NULL`, userID, sealed)
	if err != nil {
		return mapErr(err)
	}
	if tag.RowsAffected() == 0 {
		return ErrConflict
	}
	return nil
}

// TOTPByUser returns the account's factor, ErrNotFound when it has none.
func TOTPByUser(ctx context.Context, q Querier, userID string) (TOTP, error) {
	var t TOTP
	err := q.QueryRow(ctx, `SELECT totp_secret, enabled_at IS NOT NULL, last_step FROM user_mfa WHERE user_id = $1`, userID).
		Scan(&t.Sealed, &t.Enabled, &t.LastStep)
	return t, mapErr(err)
}

// SpendTOTPStep records that a code of step was accepted (and confirms the factor), unless a code of that
// step or a later one was accepted before; it reports whether it recorded it.
func SpendTOTPStep(ctx context.Context, q Querier, userID string, step int64) (bool, error) {
	tag, err := q.Exec(ctx,
		`UPDATE user_mfa SET last_step = $2, enabled_at = COALESCE(enabled_at, now())
		 WHERE user_id = $1 AND last_step < $2`, userID, step)
	if err != nil {
		return false, mapErr(err)
	}
	return tag.RowsAffected() == 1, nil
}

// DeleteTOTP removes the account's factor and its recovery codes.
func DeleteTOTP(ctx context.Context, q Querier, userID string) error {
	if _, err := q.Exec(ctx, `DELETE FROM mfa_recovery_codes WHERE user_id = $1`, userID); err != nil {
		return mapErr(err)
	}
	_, err := q.Exec(ctx, `DELETE FROM user_mfa WHERE user_id = $1`, userID)
	return mapErr(err)
}

// ReplaceRecoveryCodes stores a new set of recovery code hashes, dropping the old set.
func ReplaceRecoveryCodes(ctx context.Context, q Querier, userID string, hashes [][]byte) error {
	if _, err := q.Exec(ctx, `DELETE FROM mfa_recovery_codes WHERE user_id = $1`, userID); err != nil {
		return mapErr(err)
	}
	_, err := q.Exec(ctx, `INSERT INTO mfa_recovery_codes (user_id, code_hash) SELECT $1, unnest($2::bytea[])`, userID, hashes)
	return mapErr(err)
}

// UseRecoveryCode spends an unused recovery code; it reports whether there was one with this hash.
func UseRecoveryCode(ctx context.Context, q Querier, userID string, hash []byte) (bool, error) {
	tag, err := q.Exec(ctx,
		`UPDATE mfa_recovery_codes SET used_at = now() WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL`, userID, hash)
	if err != nil {
		return false, mapErr(err)
	}
	return tag.RowsAffected() == 1, nil
}
