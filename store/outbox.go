package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/dgraph-io/badger/v4"
	"github.com/oklog/ulid/v2"
)

// Op is what a sync worker must do to the cloud's copy of an entry.
type Op string

// The sync operations. Both are idempotent on the cloud side when keyed by the entry's ULID: upsert
// puts the entry's current state, delete removes it and treats "already gone" as done.
const (
	OpUpsert Op = "upsert"
	OpDelete Op = "delete"
)

// OutboxRecord is a change waiting to be pushed to the cloud. There is at most one record per entry:
// a later change to the same entry replaces it, so a worker never pushes a stale state after a newer one.
type OutboxRecord struct {
	EntryID ulid.ULID `json:"entry_id"`
	Op      Op        `json:"op"`
	// Change names this version of the record. Ack removes the record only while it is still this
	// change, so an edit made while a push was in flight is pushed again.
	Change    ulid.ULID `json:"change"`
	Queued    time.Time `json:"queued"`
	Attempts  int       `json:"attempts,omitempty"`
	LastError string    `json:"last_error,omitempty"`
}

// Outbox holds the changes the sync worker has not pushed yet, oldest entry first.
type Outbox struct {
	db *badger.DB
}

func outboxKey(id ulid.ULID) []byte {
	k := make([]byte, 1+len(id))
	k[0] = prefixOutbox
	copy(k[1:], id[:])
	return k
}

// queueSync records, inside txn, that entry id changed.
func queueSync(txn *badger.Txn, id ulid.ULID, op Op) error {
	now := time.Now().UTC()
	rec := OutboxRecord{EntryID: id, Op: op, Change: ulid.MustNew(ulid.Timestamp(now), ulid.DefaultEntropy()), Queued: now}
	data, err := json.Marshal(rec)
	if err != nil {
		return fmt.Errorf("encode outbox record: %w", err)
	}
	return txn.Set(outboxKey(id), data)
}

// Pending returns up to limit records, oldest entry first.
func (o *Outbox) Pending(ctx context.Context, limit int) ([]OutboxRecord, error) {
	var recs []OutboxRecord
	err := o.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte{prefixOutbox}, PrefetchValues: true, PrefetchSize: 64})
		defer it.Close()
		for it.Rewind(); it.Valid() && len(recs) < limit; it.Next() {
			if err := ctx.Err(); err != nil {
				return err
			}
			var r OutboxRecord
			if err := it.Item().Value(func(v []byte) error { return json.Unmarshal(v, &r) }); err != nil {
				return fmt.Errorf("decode outbox record: %w", err)
			}
			recs = append(recs, r)
		}
		return nil
	})
	return recs, err
}

// Ack removes rec after a successful push, unless the entry changed again since rec was read.
func (o *Outbox) Ack(ctx context.Context, rec OutboxRecord) error {
	return o.update(ctx, rec, func(txn *badger.Txn, _ OutboxRecord) error {
		return txn.Delete(outboxKey(rec.EntryID))
	})
}

// Fail notes a failed push of rec so that the worker can back off; the record stays queued.
func (o *Outbox) Fail(ctx context.Context, rec OutboxRecord, cause error) error {
	return o.update(ctx, rec, func(txn *badger.Txn, cur OutboxRecord) error {
		cur.Attempts++
		cur.LastError = cause.Error()
		data, err := json.Marshal(cur)
		if err != nil {
			return fmt.Errorf("encode outbox record: %w", err)
		}
		return txn.Set(outboxKey(rec.EntryID), data)
	})
}

// update applies fn to the stored record when it is still rec's change; otherwise it does nothing.
func (o *Outbox) update(ctx context.Context, rec OutboxRecord, fn func(*badger.Txn, OutboxRecord) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	err := o.db.Update(func(txn *badger.Txn) error {
		item, err := txn.Get(outboxKey(rec.EntryID))
		if errors.Is(err, badger.ErrKeyNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		var cur OutboxRecord
		if err := item.Value(func(v []byte) error { return json.Unmarshal(v, &cur) }); err != nil {
			return fmt.Errorf("decode outbox record: %w", err)
		}
		if cur.Change != rec.Change {
			return nil
		}
		return fn(txn, cur)
	})
	if err != nil {
		return fmt.Errorf("update outbox: %w", err)
	}
	return nil
}
