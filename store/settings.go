package store

import (
	"context"
	"errors"
	"fmt"

	"github.com/dgraph-io/badger/v4"
)

// Settings holds small values the daemon keeps between runs (sync cursors, the last account), keyed by
// name. The person's configuration lives in the config file, not here.
type Settings struct {
	db *badger.DB
}

func settingKey(name string) []byte { return append([]byte{prefixSettings}, name...) }

// Get returns the value stored under name, or ErrNotFound.
func (s *Settings) Get(ctx context.Context, name string) ([]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var val []byte
	err := s.db.View(func(txn *badger.Txn) error {
		item, err := txn.Get(settingKey(name))
		if errors.Is(err, badger.ErrKeyNotFound) {
			return fmt.Errorf("setting %s: %w", name, ErrNotFound)
		}
		if err != nil {
			return fmt.Errorf("read setting %s: %w", name, err)
		}
		val, err = item.ValueCopy(nil)
		return err
	})
	return val, err
}

// Set stores value under name.
func (s *Settings) Set(ctx context.Context, name string, value []byte) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := s.db.Update(func(txn *badger.Txn) error { return txn.Set(settingKey(name), value) }); err != nil {
		return fmt.Errorf("save setting %s: %w", name, err)
	}
	return nil
}
