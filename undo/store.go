package undo

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"golang.org/x/sys/unix"
)

// Manifest is one snapshot: the command, the paths it would change with how they looked before it ran and
// after, and the git repositories it worked on.
type Manifest struct {
	ID        string    `json:"id"`
	Created   time.Time `json:"created"`
	Command   string    `json:"command"`
	Cwd       string    `json:"cwd"`
	HistoryID string    `json:"history_id,omitempty"`
	// Committed is set once the command has run: ExitCode is how it ended, and every entry's Post is how
	// it left the path. A snapshot whose run cmdai did not see end has no Post states.
	Committed bool      `json:"committed"`
	ExitCode  int       `json:"exit_code"`
	Finished  time.Time `json:"finished,omitzero"`
	// Undone is when the snapshot was restored; a snapshot is restored once.
	Undone  time.Time `json:"undone,omitzero"`
	Entries []Entry   `json:"entries"`
	Repos   []Repo    `json:"repos,omitempty"`
	// Absent paths did not exist before the run, and the command may put something there (a move's
	// destination): Commit records what it finds there, and undo removes it when nothing changed it since.
	Absent []string `json:"absent,omitempty"`
	// Bytes is the size of the file contents recorded.
	Bytes int64 `json:"bytes"`
	// Notes say what undo cannot take back, in a person's words.
	Notes []string `json:"notes,omitempty"`
	// Unavailable says why the run has no snapshot at all ("3.2 GB would be touched"); such a record
	// only keeps 'cmdai undo' from passing over the run in silence.
	Unavailable string `json:"unavailable,omitempty"`
}

// Entry is one path of a snapshot.
type Entry struct {
	Path string `json:"path"`
	Pre  State  `json:"pre"`
	// Object is the SHA-256 of a regular file's content, the name it has in the store.
	Object string `json:"object,omitempty"`
	// LinkOf names an earlier entry that is the same file (a hard link), restored as a link to it.
	LinkOf string `json:"link_of,omitempty"`
	// MetaOnly entries keep mode and owner only: the command changes permissions, not content.
	MetaOnly bool `json:"meta_only,omitempty"`
	// TimesOnly entries are the directories that hold what the command changes: removing or adding an
	// entry changes a directory's times, which undo puts back when nothing else changed them since.
	TimesOnly bool `json:"times_only,omitempty"`
	// Post is how the run left the path; nil until Commit.
	Post *State `json:"post,omitempty"`
}

// ErrNotFound means no snapshot has the ID asked for.
var ErrNotFound = errors.New("no such snapshot")

// store is the directory that holds the snapshots' manifests and the objects their files' contents live
// in, named by their SHA-256.
type store struct{ dir string }

func (s store) objects() string               { return filepath.Join(s.dir, "objects") }
func (s store) tmp() string                   { return filepath.Join(s.dir, "objects", "tmp") }
func (s store) snapshots() string             { return filepath.Join(s.dir, "snapshots") }
func (s store) manifestPath(id string) string { return filepath.Join(s.snapshots(), id+".json") }
func (s store) object(hash string) string     { return filepath.Join(s.objects(), hash[:2], hash[2:]) }

// pendingPath marks a snapshot taken for a command that has not been seen to end yet.
func (s store) pendingPath(id string) string { return filepath.Join(s.snapshots(), id+".pending") }

// init creates the store's directories, readable by their owner only: they hold copies of the person's
// files.
func (s store) init() error {
	for _, d := range []string{s.dir, s.objects(), s.tmp(), s.snapshots()} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			return fmt.Errorf("create the undo store: %w", err)
		}
	}
	return nil
}

// lock takes the store's lock: shared for taking, committing and restoring snapshots, exclusive for the
// collector, which must not remove objects a snapshot being taken is about to name. wait false gives up
// at once when the lock is held.
func (s store) lock(exclusive, wait bool) (unlock func(), err error) {
	f, err := os.OpenFile(filepath.Join(s.dir, "lock"), os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("lock the undo store: %w", err)
	}
	how := unix.LOCK_SH
	if exclusive {
		how = unix.LOCK_EX
	}
	if !wait {
		how |= unix.LOCK_NB
	}
	for {
		err = unix.Flock(int(f.Fd()), how)
		if !errors.Is(err, unix.EINTR) {
			break
		}
	}
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("lock the undo store: %w", err)
	}
	return func() { _ = unix.Flock(int(f.Fd()), unix.LOCK_UN); f.Close() }, nil
}

// newID is a short random snapshot ID, easy to type.
func (s store) newID() (string, error) {
	for range 10 {
		var b [4]byte
		if _, err := rand.Read(b[:]); err != nil {
			return "", err
		}
		id := hex.EncodeToString(b[:])
		if _, err := os.Lstat(s.manifestPath(id)); errors.Is(err, fs.ErrNotExist) {
			return id, nil
		}
	}
	return "", errors.New("no free snapshot ID")
}

// write saves m atomically: a reader sees the old manifest or the new one.
func (s store) write(m *Manifest) error {
	b, err := json.Marshal(m)
	if err != nil {
		return err
	}
	f, err := os.CreateTemp(s.snapshots(), ".tmp-"+m.ID+"-*")
	if err != nil {
		return fmt.Errorf("write snapshot %s: %w", m.ID, err)
	}
	_, err = f.Write(b)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), s.manifestPath(m.ID))
	}
	if err != nil {
		os.Remove(f.Name())
		return fmt.Errorf("write snapshot %s: %w", m.ID, err)
	}
	return nil
}

func (s store) read(id string) (Manifest, error) {
	var m Manifest
	b, err := os.ReadFile(s.manifestPath(id))
	if errors.Is(err, fs.ErrNotExist) {
		return m, fmt.Errorf("%w %s", ErrNotFound, id)
	}
	if err != nil {
		return m, fmt.Errorf("read snapshot %s: %w", id, err)
	}
	if err := json.Unmarshal(b, &m); err != nil {
		return m, fmt.Errorf("read snapshot %s: %w", id, err)
	}
	return m, nil
}

// list reads every manifest, newest first. Manifests that cannot be read are skipped: the collector
// removes them once they are old.
func (s store) list() ([]Manifest, error) {
	des, err := os.ReadDir(s.snapshots())
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("list snapshots: %w", err)
	}
	var ms []Manifest
	for _, de := range des {
		id, ok := strings.CutSuffix(de.Name(), ".json")
		if !ok || strings.HasPrefix(id, ".") {
			continue
		}
		if m, err := s.read(id); err == nil {
			ms = append(ms, m)
		}
	}
	slices.SortFunc(ms, func(a, b Manifest) int { return b.Created.Compare(a.Created) })
	return ms, nil
}

// List returns the snapshots in the store, newest first.
func List(o Options) ([]Manifest, error) {
	return store{o.withDefaults().Dir}.list()
}

// Find returns the snapshot that key names: a snapshot ID or a unique prefix of one, or the ID of the
// history entry whose run it was taken for. An empty key is the newest snapshot that can be undone and
// was not.
func Find(o Options, key string) (Manifest, error) {
	ms, err := List(o)
	if err != nil {
		return Manifest{}, err
	}
	if key == "" {
		for _, m := range ms {
			if m.Undone.IsZero() && m.Unavailable == "" {
				return m, nil
			}
		}
		return Manifest{}, fmt.Errorf("%w: nothing cmdai ran is left to undo", ErrNotFound)
	}
	var found []Manifest
	for _, m := range ms {
		if m.ID == key || m.HistoryID == key {
			return m, nil
		}
		if strings.HasPrefix(m.ID, key) {
			found = append(found, m)
		}
	}
	switch len(found) {
	case 0:
		return Manifest{}, fmt.Errorf("%w %s (see 'cmdai undo list')", ErrNotFound, key)
	case 1:
		return found[0], nil
	}
	return Manifest{}, fmt.Errorf("%d snapshots start with %s: give more of the ID", len(found), key)
}

// FindForHistory returns the snapshot taken for the run of history entry historyID, and never one whose
// own ID merely starts with it (entry "a" is not snapshot "a0d05b8a").
func FindForHistory(o Options, historyID string) (Manifest, error) {
	ms, err := List(o)
	if err != nil {
		return Manifest{}, err
	}
	for _, m := range ms {
		if historyID != "" && m.HistoryID == historyID {
			return m, nil
		}
	}
	return Manifest{}, fmt.Errorf("%w: no snapshot was taken for this run", ErrNotFound)
}
