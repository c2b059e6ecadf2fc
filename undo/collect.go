package undo

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Expire removes the snapshots older than o.Keep, then the objects no snapshot names any more. It gives
// up, changing nothing, when a snapshot is being taken or restored: the next round removes them.
func Expire(o Options, now time.Time) (removed int, err error) {
	o = o.withDefaults()
	st := store{o.Dir}
	if _, err := os.Stat(st.snapshots()); errors.Is(err, fs.ErrNotExist) {
		return 0, nil
	}
	unlock, err := st.lock(true, false)
	if err != nil {
		return 0, nil // busy
	}
	defer unlock()
	des, err := os.ReadDir(st.snapshots())
	if err != nil {
		return 0, err
	}
	used := map[string]bool{}
	for _, de := range des {
		name := de.Name()
		path := filepath.Join(st.snapshots(), name)
		id, ok := strings.CutSuffix(name, ".json")
		if !ok {
			info, err := de.Info()
			if err == nil && (strings.HasPrefix(name, ".tmp-") && now.Sub(info.ModTime()) > time.Hour ||
				now.Sub(info.ModTime()) > o.Keep) {
				os.Remove(path) // a manifest half written by a process that died, or an old pending mark
			}
			continue
		}
		m, err := st.read(id)
		if err != nil {
			if info, ierr := de.Info(); ierr == nil && now.Sub(info.ModTime()) > o.Keep {
				os.Remove(path)
			}
			continue
		}
		if now.Sub(m.Created) > o.Keep {
			if os.Remove(path) == nil {
				removed++
			}
			continue
		}
		for _, e := range m.Entries {
			if e.Object != "" {
				used[e.Object] = true
			}
		}
	}
	return removed, sweep(st, used, now)
}

// sweep removes the objects not in used, and temporary files left by a process that died.
func sweep(st store, used map[string]bool, now time.Time) error {
	return filepath.WalkDir(st.objects(), func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if d.IsDir() {
			return nil
		}
		rel, _ := filepath.Rel(st.objects(), path)
		dir, name := filepath.Split(rel)
		if filepath.Clean(dir) == "tmp" {
			if info, err := d.Info(); err == nil && now.Sub(info.ModTime()) > time.Hour {
				os.Remove(path)
			}
			return nil
		}
		if !used[filepath.Clean(dir)+name] {
			os.Remove(path)
		}
		return nil
	})
}

// Collect runs Expire every interval, the first time after a minute at most (not in a daemon's first
// busy moments), until ctx ends; it returns then. It reads the options each round, so that a changed
// configuration takes effect. logf receives what it removed and what failed.
func Collect(ctx context.Context, interval time.Duration, opts func() Options, logf func(msg string, args ...any)) {
	t := time.NewTimer(min(interval, time.Minute))
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		n, err := Expire(opts(), time.Now())
		if err != nil {
			logf("undo: expire snapshots", "err", err)
		} else if n > 0 {
			logf("undo: expired snapshots", "removed", n)
		}
		t.Reset(interval)
	}
}
