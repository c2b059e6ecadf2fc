package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/dgraph-io/badger/v4"
)

// Pattern is a team pattern cached from the cloud: a known request and the command that answers it.
type Pattern struct {
	ID          string    `json:"id"`
	Prompt      string    `json:"prompt"`
	Command     string    `json:"command"`
	Description string    `json:"description,omitempty"`
	Team        string    `json:"team,omitempty"`
	Updated     time.Time `json:"updated"`
}

// Patterns is the cache of team patterns; the sync worker replaces it wholesale.
type Patterns struct {
	db *badger.DB
}

func patternKey(id string) []byte { return append([]byte{prefixPattern}, id...) }

// Replace swaps the cached patterns for ps in one transaction.
func (p *Patterns) Replace(ctx context.Context, ps []Pattern) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	err := p.db.Update(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte{prefixPattern}})
		var old [][]byte
		for it.Rewind(); it.Valid(); it.Next() {
			old = append(old, it.Item().KeyCopy(nil))
		}
		it.Close()
		for _, k := range old {
			if err := txn.Delete(k); err != nil {
				return err
			}
		}
		for _, pt := range ps {
			if pt.ID == "" {
				return fmt.Errorf("pattern without an id: %q", pt.Prompt)
			}
			data, err := json.Marshal(pt)
			if err != nil {
				return fmt.Errorf("encode pattern: %w", err)
			}
			if err := txn.Set(patternKey(pt.ID), data); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("replace patterns: %w", err)
	}
	return nil
}

// List returns every cached pattern, ordered by id.
func (p *Patterns) List(ctx context.Context) ([]Pattern, error) {
	var ps []Pattern
	err := p.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte{prefixPattern}, PrefetchValues: true})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			if err := ctx.Err(); err != nil {
				return err
			}
			var pt Pattern
			if err := it.Item().Value(func(v []byte) error { return json.Unmarshal(v, &pt) }); err != nil {
				return fmt.Errorf("decode pattern: %w", err)
			}
			ps = append(ps, pt)
		}
		return nil
	})
	return ps, err
}
