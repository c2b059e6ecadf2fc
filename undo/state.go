package undo

import (
	"errors"
	"io/fs"
	"os"
	"syscall"
)

// Kind is what a path is.
type Kind string

// The kinds of path a snapshot records.
const (
	KindAbsent  Kind = "absent"
	KindFile    Kind = "file"
	KindDir     Kind = "dir"
	KindSymlink Kind = "symlink"
	KindOther   Kind = "other" // a fifo, socket or device
)

// State is what lstat says of a path: enough to put it back, and to tell whether it changed.
type State struct {
	Kind  Kind        `json:"kind"`
	Mode  fs.FileMode `json:"mode,omitempty"`
	UID   int         `json:"uid,omitempty"`
	GID   int         `json:"gid,omitempty"`
	Size  int64       `json:"size,omitempty"`
	MTime int64       `json:"mtime,omitempty"` // nanoseconds since the epoch
	ATime int64       `json:"atime,omitempty"`
	CTime int64       `json:"ctime,omitempty"`
	Ino   uint64      `json:"ino,omitempty"`
	// Dev and Nlink matter while a snapshot is taken (hard links, reflinks per device), not after.
	Dev   uint64 `json:"-"`
	Nlink uint64 `json:"-"`
	Link  string `json:"link,omitempty"` // a symlink's target
}

// stateOf reads the state of path without following a final symlink; a path that does not exist is
// KindAbsent and no error.
func stateOf(path string) (State, error) {
	fi, err := os.Lstat(path)
	if errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR) {
		return State{Kind: KindAbsent}, nil
	}
	if err != nil {
		return State{}, err
	}
	st := stateFromInfo(fi)
	if st.Kind == KindSymlink {
		if st.Link, err = os.Readlink(path); err != nil {
			return State{}, err
		}
	}
	return st, nil
}

// stateFromInfo is the state in fi; a symlink's target is left for the caller to read.
func stateFromInfo(fi fs.FileInfo) State {
	st := State{Mode: fi.Mode(), Size: fi.Size(), MTime: fi.ModTime().UnixNano()}
	switch {
	case fi.Mode().IsRegular():
		st.Kind = KindFile
	case fi.IsDir():
		st.Kind, st.Size = KindDir, 0
	case fi.Mode()&fs.ModeSymlink != 0:
		st.Kind = KindSymlink
	default:
		st.Kind = KindOther
	}
	fromSys(&st, fi)
	return st
}

// changedBy reports whether a path went from state a to state b: what a command changes of it. The
// inode counts for files (a file written anew is another file), change times and access times do not
// (taking the snapshot itself may change them). A directory changes only in kind, mode or owner: its
// entries are recorded and compared one by one.
func changedBy(a, b State) bool {
	if a.Kind != b.Kind || a.Mode != b.Mode || a.UID != b.UID || a.GID != b.GID {
		return true
	}
	switch a.Kind {
	case KindFile:
		return a.Size != b.Size || a.MTime != b.MTime || a.Ino != b.Ino
	case KindSymlink:
		return a.Link != b.Link
	case KindOther:
		return a.Ino != b.Ino
	}
	return false
}

// changedSince reports whether a path changed after the run: b is how it is now, a how the run left it.
// Besides what changedBy compares, a file's change time catches writes that put its mtime back.
func changedSince(a, b State) bool {
	if changedBy(a, b) {
		return true
	}
	return a.Kind == KindFile && a.CTime != b.CTime
}
