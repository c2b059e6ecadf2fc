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

// Entry is one generated command and what became of it.
type Entry struct {
	ID          ulid.ULID     `json:"id"`
	Prompt      string        `json:"prompt"`
	Command     string        `json:"command"`
	Explanation string        `json:"explanation,omitempty"`
	Risk        string        `json:"risk"`
	Findings    []Finding     `json:"findings,omitempty"`
	Backend     string        `json:"backend"`
	Model       string        `json:"model,omitempty"`
	Cwd         string        `json:"cwd,omitempty"`
	Shell       string        `json:"shell,omitempty"`
	Created     time.Time     `json:"created"`
	Executed    bool          `json:"executed,omitempty"`
	ExitCode    int           `json:"exit_code,omitempty"`
	Duration    time.Duration `json:"duration,omitempty"`
	// Count is how many entries share this command; only search results fill it in.
	Count int `json:"-"`
}

// Finding is one safety finding recorded with an entry.
type Finding struct {
	Rule    string `json:"rule"`
	Risk    string `json:"risk"`
	Message string `json:"message"`
	Start   int    `json:"start,omitempty"`
	End     int    `json:"end,omitempty"`
}

// History holds the entries, keyed by ULID so that keys sort by creation time, with an in-memory
// search index kept in step with every write.
type History struct {
	db    *badger.DB
	index *index
}

func historyKey(id ulid.ULID) []byte {
	k := make([]byte, 1+len(id))
	k[0] = prefixHistory
	copy(k[1:], id[:])
	return k
}

// Add records e, giving it an ID and a creation time when it has none, and queues it for sync. It
// returns once the entry is on disk.
func (h *History) Add(ctx context.Context, e Entry) (Entry, error) {
	if err := ctx.Err(); err != nil {
		return Entry{}, err
	}
	if e.Created.IsZero() {
		e.Created = time.Now()
	}
	e.Created = e.Created.UTC()
	if e.ID == (ulid.ULID{}) {
		e.ID = ulid.MustNew(ulid.Timestamp(e.Created), ulid.DefaultEntropy())
	}
	data, err := json.Marshal(e)
	if err != nil {
		return Entry{}, fmt.Errorf("encode history entry: %w", err)
	}
	err = h.db.Update(func(txn *badger.Txn) error {
		if err := txn.Set(historyKey(e.ID), data); err != nil {
			return err
		}
		return queueSync(txn, e.ID, OpUpsert)
	})
	if err != nil {
		return Entry{}, fmt.Errorf("save history entry: %w", err)
	}
	h.index.add(e.ID, e.Prompt, e.Command, e.Cwd)
	return e, nil
}

// Get returns the entry with id, or ErrNotFound.
func (h *History) Get(ctx context.Context, id ulid.ULID) (Entry, error) {
	if err := ctx.Err(); err != nil {
		return Entry{}, err
	}
	var e Entry
	err := h.db.View(func(txn *badger.Txn) error {
		var err error
		e, err = getEntry(txn, id)
		return err
	})
	return e, err
}

func getEntry(txn *badger.Txn, id ulid.ULID) (Entry, error) {
	item, err := txn.Get(historyKey(id))
	if errors.Is(err, badger.ErrKeyNotFound) {
		return Entry{}, fmt.Errorf("history entry %s: %w", id, ErrNotFound)
	}
	if err != nil {
		return Entry{}, fmt.Errorf("read history entry: %w", err)
	}
	var e Entry
	err = item.Value(func(v []byte) error { return json.Unmarshal(v, &e) })
	if err != nil {
		return Entry{}, fmt.Errorf("decode history entry %s: %w", id, err)
	}
	return e, nil
}

// Ran is how an entry's command ran: its exit status and how long it took, and, when the person edited
// the answer before running it, the command as it ran with that command's own verdict.
type Ran struct {
	Code     int
	Took     time.Duration
	Command  string // empty: the entry's own command ran
	Risk     string
	Findings []Finding
}

// SetExit records that the person ran the entry's command and how it ended; an edited command replaces
// the answer, so that history shows what ran.
func (h *History) SetExit(ctx context.Context, id ulid.ULID, ran Ran) (Entry, error) {
	if err := ctx.Err(); err != nil {
		return Entry{}, err
	}
	var e Entry
	edited := false
	err := h.db.Update(func(txn *badger.Txn) error {
		var err error
		if e, err = getEntry(txn, id); err != nil {
			return err
		}
		e.Executed, e.ExitCode, e.Duration = true, ran.Code, ran.Took
		if edited = ran.Command != "" && ran.Command != e.Command; edited {
			e.Command, e.Risk, e.Findings, e.Explanation = ran.Command, ran.Risk, ran.Findings, ""
		}
		data, err := json.Marshal(e)
		if err != nil {
			return fmt.Errorf("encode history entry: %w", err)
		}
		if err := txn.Set(historyKey(id), data); err != nil {
			return err
		}
		return queueSync(txn, id, OpUpsert)
	})
	if err != nil {
		return Entry{}, fmt.Errorf("record exit status: %w", err)
	}
	if edited { // searches find the command that ran
		h.index.remove(id)
		h.index.add(e.ID, e.Prompt, e.Command, e.Cwd)
	}
	return e, nil
}

// Delete removes the entry with id (ErrNotFound when there is none) and queues the deletion for sync.
func (h *History) Delete(ctx context.Context, id ulid.ULID) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	err := h.db.Update(func(txn *badger.Txn) error {
		if _, err := txn.Get(historyKey(id)); errors.Is(err, badger.ErrKeyNotFound) {
			return fmt.Errorf("history entry %s: %w", id, ErrNotFound)
		} else if err != nil {
			return err
		}
		if err := txn.Delete(historyKey(id)); err != nil {
			return err
		}
		return queueSync(txn, id, OpDelete)
	})
	if err != nil {
		return fmt.Errorf("delete history entry: %w", err)
	}
	h.index.remove(id)
	return nil
}

// Len is the number of entries.
func (h *History) Len() int { return h.index.len() }

// Query selects entries for List.
type Query struct {
	// Search, when set, ranks distinct commands by match quality over prompt and command, recency and
	// frequency; when empty, List returns the newest entries.
	Search string
	// Cwd keeps only entries generated in this directory.
	Cwd   string
	Limit int
}

// List returns the entries q selects, best first.
func (h *History) List(ctx context.Context, q Query) ([]Entry, error) {
	if q.Limit <= 0 {
		q.Limit = 50
	}
	hits := h.index.query(q.Search, q.Cwd, q.Limit, time.Now())
	out := make([]Entry, 0, len(hits))
	err := h.db.View(func(txn *badger.Txn) error {
		for _, hit := range hits {
			if err := ctx.Err(); err != nil {
				return err
			}
			e, err := getEntry(txn, hit.id)
			if errors.Is(err, ErrNotFound) {
				continue // deleted between the index read and now
			}
			if err != nil {
				return err
			}
			e.Count = hit.count
			out = append(out, e)
		}
		return nil
	})
	return out, err
}

// Prune deletes entries created before cutoff and returns how many went. Deletions are local: the
// sync outbox keeps what it has not pushed yet.
func (h *History) Prune(ctx context.Context, cutoff time.Time) (int, error) {
	ids := h.index.olderThan(cutoff)
	deleted := 0
	for len(ids) > 0 {
		if err := ctx.Err(); err != nil {
			return deleted, err
		}
		batch := ids[:min(len(ids), 1000)]
		ids = ids[len(batch):]
		wb := h.db.NewWriteBatch()
		for _, id := range batch {
			if err := wb.Delete(historyKey(id)); err != nil {
				wb.Cancel()
				return deleted, fmt.Errorf("prune history: %w", err)
			}
		}
		if err := wb.Flush(); err != nil {
			return deleted, fmt.Errorf("prune history: %w", err)
		}
		h.index.removeAll(batch)
		deleted += len(batch)
	}
	return deleted, nil
}

// load builds the search index from every stored entry.
func (h *History) load() error {
	type indexed struct {
		Prompt  string `json:"prompt"`
		Command string `json:"command"`
		Cwd     string `json:"cwd"`
	}
	return h.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte{prefixHistory}, PrefetchValues: true, PrefetchSize: 256})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			item := it.Item()
			var id ulid.ULID
			copy(id[:], item.Key()[1:])
			var e indexed
			if err := item.Value(func(v []byte) error { return json.Unmarshal(v, &e) }); err != nil {
				return fmt.Errorf("load history entry %s: %w", id, err)
			}
			h.index.add(id, e.Prompt, e.Command, e.Cwd)
		}
		return nil
	})
}
