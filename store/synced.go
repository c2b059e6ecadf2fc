package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/dgraph-io/badger/v4"
	"github.com/oklog/ulid/v2"
)

// PutSynced stores an entry that arrived from another machine, without queuing it for sync (it came
// from the cloud; pushing it back would echo it forever). An entry with a local change still waiting
// in the outbox is left alone, so that the local change is not lost; PutSynced reports whether it
// stored e.
func (h *History) PutSynced(ctx context.Context, e Entry) (bool, error) {
	if err := ctx.Err(); err != nil {
		return false, err
	}
	if e.ID == (ulid.ULID{}) {
		return false, errors.New("synced history entry without an id")
	}
	e.Created = e.Created.UTC()
	data, err := json.Marshal(e)
	if err != nil {
		return false, fmt.Errorf("encode history entry: %w", err)
	}
	stored, existed := false, false
	err = h.db.Update(func(txn *badger.Txn) error {
		if _, err := txn.Get(outboxKey(e.ID)); err == nil {
			return nil
		} else if !errors.Is(err, badger.ErrKeyNotFound) {
			return err
		}
		if _, err := txn.Get(historyKey(e.ID)); err == nil {
			existed = true
		} else if !errors.Is(err, badger.ErrKeyNotFound) {
			return err
		}
		stored = true
		return txn.Set(historyKey(e.ID), data)
	})
	if err != nil {
		return false, fmt.Errorf("save synced history entry: %w", err)
	}
	if stored {
		if existed {
			h.index.remove(e.ID)
		}
		h.index.add(e.ID, e.Prompt, e.Command, e.Cwd)
	}
	return stored, nil
}

// DeleteSynced removes an entry that another machine deleted, with any local change still queued for
// it: the deletion wins. It is not an error when the entry is not here.
func (h *History) DeleteSynced(ctx context.Context, id ulid.ULID) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	err := h.db.Update(func(txn *badger.Txn) error {
		if err := txn.Delete(outboxKey(id)); err != nil {
			return err
		}
		return txn.Delete(historyKey(id))
	})
	if err != nil {
		return fmt.Errorf("delete synced history entry: %w", err)
	}
	h.index.remove(id)
	return nil
}

// Len counts the records waiting to be pushed.
func (o *Outbox) Len(ctx context.Context) (int, error) {
	n := 0
	err := o.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte{prefixOutbox}})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			if err := ctx.Err(); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("count outbox: %w", err)
	}
	return n, nil
}
