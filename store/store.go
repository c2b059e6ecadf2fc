package store

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"time"

	"github.com/dgraph-io/badger/v4"
)

// ErrNotFound means no record has the key asked for.
var ErrNotFound = errors.New("not found")

// Key prefixes: one byte per kind of record, so each kind iterates alone.
const (
	prefixHistory  = 'h' // h + ULID (16 bytes) -> Entry
	prefixOutbox   = 'o' // o + ULID of the entry -> OutboxRecord
	prefixPattern  = 'p' // p + pattern id -> Pattern (the team's, replaced by sync)
	prefixSettings = 's' // s + name -> raw value

	prefixLocalPattern = 'l' // l + ULID string -> Pattern (the person's own)
	prefixPatternUse   = 'u' // u + pattern id -> uint64 use count, big-endian
	prefixTeamUse      = 't' // t + ULID (16 bytes) -> TeamUse, a team pattern's use the cloud has not counted
)

// Options tune Open. The zero value is what the daemon uses.
type Options struct {
	// Logger receives badger's own warnings and errors; nil discards them.
	Logger *slog.Logger
}

// Store is the daemon's database. Its methods are safe for concurrent use.
type Store struct {
	db       *badger.DB
	dir      string
	log      *slog.Logger
	History  *History
	Outbox   *Outbox
	Patterns *Patterns
	Settings *Settings
}

// Open opens (creating when missing) the store in dir and loads the history search index. Writes are
// synced to disk before they are acknowledged. Badger allows one process per directory: a second Open
// of the same directory fails.
func Open(dir string, opts Options) (*Store, error) {
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("create store directory: %w", err)
	}
	bo := badger.DefaultOptions(dir).
		WithSyncWrites(true).
		WithLogger(badgerLogger{log}).
		WithNumVersionsToKeep(1).
		// A person's history is small: keep memory modest rather than tuned for servers.
		WithMemTableSize(16 << 20).
		WithNumMemtables(2).
		WithBlockCacheSize(16 << 20).
		WithIndexCacheSize(8 << 20).
		WithValueLogFileSize(64 << 20).
		WithNumCompactors(2).
		WithNumLevelZeroTables(4).
		WithNumLevelZeroTablesStall(8)
	db, err := badger.Open(bo)
	if err != nil {
		return nil, fmt.Errorf("open store %s: %w", dir, err)
	}
	s := &Store{db: db, dir: dir, log: log}
	s.History = &History{db: db, index: newIndex()}
	s.Outbox = &Outbox{db: db}
	s.Patterns = &Patterns{db: db}
	s.Settings = &Settings{db: db}
	if err := s.History.load(); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

// Dir is the directory the store lives in.
func (s *Store) Dir() string { return s.dir }

// Close flushes and closes the database.
func (s *Store) Close() error {
	if err := s.db.Close(); err != nil {
		return fmt.Errorf("close store: %w", err)
	}
	return nil
}

// Maintain runs the store's housekeeping until ctx ends: it deletes history older than keep (when keep
// is positive, read again each round so that config reloads apply) and reclaims value-log space.
func (s *Store) Maintain(ctx context.Context, every time.Duration, keep func() time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		s.maintainOnce(ctx, keep())
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func (s *Store) maintainOnce(ctx context.Context, keep time.Duration) {
	if keep > 0 {
		n, err := s.History.Prune(ctx, time.Now().Add(-keep))
		if err != nil {
			s.log.Warn("prune history", "err", err)
		} else if n > 0 {
			s.log.Info("pruned history", "entries", n, "older_than", keep.String())
		}
	}
	s.RunGC()
}

// RunGC reclaims value-log space until badger finds nothing more worth rewriting.
func (s *Store) RunGC() {
	for range 16 {
		if err := s.db.RunValueLogGC(0.5); err != nil {
			if !errors.Is(err, badger.ErrNoRewrite) && !errors.Is(err, badger.ErrRejected) {
				s.log.Warn("value log gc", "err", err)
			}
			return
		}
	}
}

// badgerLogger sends badger's messages to slog; its chatty info and debug lines are dropped.
type badgerLogger struct{ log *slog.Logger }

func (l badgerLogger) Errorf(f string, a ...any)   { l.log.Error("badger: " + fmt.Sprintf(f, a...)) }
func (l badgerLogger) Warningf(f string, a ...any) { l.log.Warn("badger: " + fmt.Sprintf(f, a...)) }
func (l badgerLogger) Infof(string, ...any)        {}
func (l badgerLogger) Debugf(string, ...any)       {}
