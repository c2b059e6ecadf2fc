package pgstore

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// SyncRecord is one end-to-end encrypted history record. WrappedKey and Ciphertext are opaque to the
// server; a deleted record keeps its id and loses them, so other devices learn of the deletion.
type SyncRecord struct {
	ID         string
	Seq        int64
	Device     string
	CreatedAt  time.Time
	Risk       string
	Deleted    bool
	KeyID      string
	WrappedKey []byte
	Ciphertext []byte
	UpdatedAt  time.Time
}

// lockUserFeed serialises writes to one user's feed inside tx, so that sequence numbers become visible
// in the order they were taken and a reader's cursor never skips a row committed late.
func lockUserFeed(ctx context.Context, tx pgx.Tx, userID string) error {
	_, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtextextended('sync:' || $1, 0))`, userID)
	return mapErr(err)
}

// UpsertSyncRecords stores recs for the user in one transaction and returns how many rows changed. A
// record whose id exists replaces it only when something differs, so a retried upload changes nothing.
func UpsertSyncRecords(ctx context.Context, db beginner, userID string, recs []SyncRecord) (int, error) {
	return changeFeed(ctx, db, userID, func(tx pgx.Tx) (int, error) {
		changed := 0
		for _, r := range recs {
			tag, err := tx.Exec(ctx,
				`INSERT INTO sync_records (user_id, id, device, created_at, risk, deleted, key_id, wrapped_key, ciphertext)
				 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
				 ON CONFLICT (user_id, id) DO UPDATE SET
				   seq = nextval('sync_records_seq'), device = EXCLUDED.device, created_at = EXCLUDED.created_at,
				   risk = EXCLUDED.risk, deleted = EXCLUDED.deleted, key_id = EXCLUDED.key_id,
				   wrapped_key = EXCLUDED.wrapped_key, ciphertext = EXCLUDED.ciphertext, updated_at = now()
				 WHERE (sync_records.deleted, sync_records.key_id, sync_records.wrapped_key, sync_records.ciphertext, sync_records.risk)
				   IS DISTINCT FROM (EXCLUDED.deleted, EXCLUDED.key_id, EXCLUDED.wrapped_key, EXCLUDED.ciphertext, EXCLUDED.risk)
				   AND NOT sync_records.deleted`,
				userID, r.ID, r.Device, r.CreatedAt, r.Risk, r.Deleted, r.KeyID, nilIfDeleted(r.Deleted, r.WrappedKey), nilIfDeleted(r.Deleted, r.Ciphertext))
			if err != nil {
				return 0, fmt.Errorf("store sync record %s: %w", r.ID, mapErr(err))
			}
			changed += int(tag.RowsAffected())
		}
		return changed, nil
	})
}

// beginner starts transactions: a pool or a connection.
type beginner interface {
	Begin(context.Context) (pgx.Tx, error)
}

// changeFeed runs change in one transaction that holds the user's feed lock and returns the rows it
// changed once committed.
func changeFeed(ctx context.Context, db beginner, userID string, change func(pgx.Tx) (int, error)) (int, error) {
	tx, err := db.Begin(ctx)
	if err != nil {
		return 0, fmt.Errorf("begin: %w", mapErr(err))
	}
	defer func() { _ = tx.Rollback(ctx) }()
	if err := lockUserFeed(ctx, tx, userID); err != nil {
		return 0, err
	}
	changed, err := change(tx)
	if err != nil {
		return 0, err
	}
	if err := tx.Commit(ctx); err != nil {
		return 0, fmt.Errorf("commit: %w", mapErr(err))
	}
	return changed, nil
}

func nilIfDeleted(deleted bool, b []byte) []byte {
	if deleted {
		return nil
	}
	return b
}

// DeleteSyncRecord turns the user's record into a tombstone (creating one when the id is unknown, so a
// deletion that arrives before its record still wins). It is idempotent.
func DeleteSyncRecord(ctx context.Context, db interface {
	Begin(context.Context) (pgx.Tx, error)
}, userID, id, device string) error {
	_, err := UpsertSyncRecords(ctx, db, userID, []SyncRecord{{ID: id, Device: device, CreatedAt: time.Now(), Deleted: true}})
	return err
}

const syncColumns = `id, seq, device, created_at, risk, deleted, key_id, wrapped_key, ciphertext, updated_at`

// SyncRecordsAfter returns up to limit of the user's records whose seq is above after, in seq order,
// leaving out those last written by skipDevice (a device does not need its own writes back).
func SyncRecordsAfter(ctx context.Context, q Querier, userID string, after int64, skipDevice string, limit int) ([]SyncRecord, error) {
	rows, err := q.Query(ctx,
		`SELECT `+syncColumns+` FROM sync_records
		 WHERE user_id = $1 AND seq > $2 AND ($3 = '' OR device <> $3)
		 ORDER BY seq LIMIT $4`, userID, after, skipDevice, limit)
	if err != nil {
		return nil, mapErr(err)
	}
	defer rows.Close()
	recs := []SyncRecord{}
	for rows.Next() {
		var r SyncRecord
		if err := rows.Scan(&r.ID, &r.Seq, &r.Device, &r.CreatedAt, &r.Risk, &r.Deleted, &r.KeyID, &r.WrappedKey, &r.Ciphertext, &r.UpdatedAt); err != nil {
			return nil, mapErr(err)
		}
		recs = append(recs, r)
	}
	return recs, mapErr(rows.Err())
}

// RewrapSyncRecords replaces the wrapped key of the user's records named in wrapped (id -> new wrapped
// key), leaving their ciphertext alone, and returns how many it changed. The records keep their place
// in the feed: the devices that hold them already have their content.
func RewrapSyncRecords(ctx context.Context, db beginner, userID, keyID string, wrapped map[string][]byte) (int, error) {
	return changeFeed(ctx, db, userID, func(tx pgx.Tx) (int, error) {
		changed := 0
		for id, wk := range wrapped {
			tag, err := tx.Exec(ctx,
				`UPDATE sync_records SET wrapped_key = $3, key_id = $4, updated_at = now()
				 WHERE user_id = $1 AND id = $2 AND NOT deleted`, userID, id, wk, keyID)
			if err != nil {
				return 0, fmt.Errorf("rewrap sync record %s: %w", id, mapErr(err))
			}
			changed += int(tag.RowsAffected())
		}
		return changed, nil
	})
}

// SyncKey is the fingerprint of a user's current sync key.
type SyncKey struct {
	KeyID     string
	Scheme    string
	UpdatedAt time.Time
}

// SyncKeyByUser returns the user's sync key fingerprint, or ErrNotFound before the first device set one.
func SyncKeyByUser(ctx context.Context, q Querier, userID string) (SyncKey, error) {
	var k SyncKey
	err := q.QueryRow(ctx, `SELECT key_id, scheme, updated_at FROM sync_keys WHERE user_id = $1`, userID).
		Scan(&k.KeyID, &k.Scheme, &k.UpdatedAt)
	return k, mapErr(err)
}

// SetSyncKey records keyID as the user's sync key if the current one is prev ("" meaning none yet);
// otherwise it is ErrConflict, so two devices cannot both set a first key or rotate from a stale one.
func SetSyncKey(ctx context.Context, q Querier, userID, prev, keyID, scheme string) (SyncKey, error) {
	var k SyncKey
	var err error
	if prev == "" {
		err = q.QueryRow(ctx,
			`INSERT INTO sync_keys (user_id, key_id, scheme) VALUES ($1, $2, $3)
			 ON CONFLICT (user_id) DO UPDATE SET updated_at = sync_keys.updated_at
			   WHERE sync_keys.key_id = EXCLUDED.key_id
			 RETURNING key_id, scheme, updated_at`, userID, keyID, scheme).Scan(&k.KeyID, &k.Scheme, &k.UpdatedAt)
	} else {
		err = q.QueryRow(ctx,
			`UPDATE sync_keys SET key_id = $3, scheme = $4, updated_at = now()
			 WHERE user_id = $1 AND key_id = $2 RETURNING key_id, scheme, updated_at`,
			userID, prev, keyID, scheme).Scan(&k.KeyID, &k.Scheme, &k.UpdatedAt)
	}
	if err = mapErr(err); errors.Is(err, ErrNotFound) {
		return SyncKey{}, ErrConflict
	}
	return k, err
}
