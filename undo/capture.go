package undo

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"

	"golang.org/x/sys/unix"
)

// maxEntries bounds the paths of one snapshot, whatever their size: a million empty files would take
// longer to record than a person waits before a command runs.
const maxEntries = 500_000

// root is a path a snapshot records, with everything under it.
type root struct {
	path string
	how  putHow
	meta bool // mode and owner only (chmod -R, chown -R)
}

// capture walks the roots without following symlinks and records every path under them, putting regular
// files' contents into the store. Paths inside skip (the store itself) and files of other users, which
// undo could not put back, are left out and counted in notes.
type capture struct {
	p        *putter
	maxBytes int64
	skip     string
	uid      int

	entries []Entry
	hows    []putHow // per entry, how its content goes in
	bytes   int64
	links   map[[2]uint64]string // device and inode of files with several names → the first name
	others  int                  // paths of other users left out
	notes   []string
}

// mergeRoots sorts roots and folds those inside another into it: the outer root records them, with
// the more careful of the two ways (a copy over a hard link, content over mode only).
func mergeRoots(roots []root) []root {
	slices.SortFunc(roots, func(a, b root) int { return strings.Compare(a.path, b.path) })
	var out []root
	for _, r := range roots {
		r.path = filepath.Clean(r.path)
		if n := len(out); n > 0 && within(r.path, out[n-1].path) {
			out[n-1].how = min(out[n-1].how, r.how)
			out[n-1].meta = out[n-1].meta && r.meta
			continue
		}
		out = append(out, r)
	}
	return out
}

// within reports whether p is dir or lies under it.
func within(p, dir string) bool {
	return p == dir || strings.HasPrefix(p, strings.TrimSuffix(dir, "/")+"/")
}

func (c *capture) run(ctx context.Context, roots []root, absent []string) error {
	c.links = map[[2]uint64]string{}
	for _, r := range mergeRoots(roots) {
		if err := c.walk(ctx, r); err != nil {
			return err
		}
	}
	holders := make([]string, 0, len(roots)+len(absent))
	for _, r := range roots {
		holders = append(holders, r.path)
	}
	c.around(append(holders, absent...))
	if c.others > 0 {
		c.notes = append(c.notes, fmt.Sprintf("%s of other users' files are not in the snapshot: undo cannot put them back",
			countNoun(int64(c.others), "path")))
	}
	defer c.p.close()
	return c.putAll(ctx)
}

// walk records r.path and everything under it, parents before children.
func (c *capture) walk(ctx context.Context, r root) error {
	stack := []string{r.path}
	for len(stack) > 0 {
		if err := ctx.Err(); err != nil {
			return err
		}
		p := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if c.skip != "" && within(p, c.skip) {
			continue
		}
		st, err := stateOf(p)
		if err != nil || st.Kind == KindAbsent {
			continue
		}
		if c.uid != 0 && st.UID != c.uid {
			c.others++
			continue
		}
		if len(c.entries) >= maxEntries {
			return &TooBigError{Entries: maxEntries}
		}
		e := Entry{Path: p, Pre: st, MetaOnly: r.meta}
		if st.Kind == KindFile && !r.meta {
			if st.Nlink > 1 {
				key := [2]uint64{st.Dev, st.Ino}
				if first, ok := c.links[key]; ok {
					e.LinkOf = first
				} else {
					c.links[key] = p
				}
			}
			if e.LinkOf == "" {
				c.bytes += st.Size
				if c.maxBytes > 0 && c.bytes > c.maxBytes {
					return &TooBigError{Bytes: c.maxBytes, AtLeast: true}
				}
			}
		}
		c.entries = append(c.entries, e)
		c.hows = append(c.hows, r.how)
		if st.Kind != KindDir {
			continue
		}
		names, err := readNames(p)
		if err != nil {
			c.notes = append(c.notes, fmt.Sprintf("could not read %s: what is in it is not in the snapshot", p))
			continue
		}
		for i := len(names) - 1; i >= 0; i-- { // popped in name order
			stack = append(stack, filepath.Join(p, names[i]))
		}
	}
	return nil
}

// around records the directories that hold paths, for their times only, unless a root already holds
// them.
func (c *capture) around(paths []string) {
	have := map[string]bool{}
	for _, e := range c.entries {
		if e.Pre.Kind == KindDir {
			have[e.Path] = true
		}
	}
	for _, p := range paths {
		dir := filepath.Dir(filepath.Clean(p))
		if have[dir] || c.skip != "" && within(dir, c.skip) {
			continue
		}
		have[dir] = true
		st, err := stateOf(dir)
		if err != nil || st.Kind != KindDir || c.uid != 0 && st.UID != c.uid {
			continue
		}
		c.entries = append(c.entries, Entry{Path: dir, Pre: st, TimesOnly: true})
		c.hows = append(c.hows, putCopy)
	}
}

// putDir puts the contents of the files at indexes, all in directory dir, into the store.
func (c *capture) putDir(dir string, indexes []int, failed []error) {
	dirfd, err := unix.Open(dir, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		dirfd = -1
	} else {
		defer unix.Close(dirfd)
	}
	for _, i := range indexes {
		e := &c.entries[i]
		if c.hows[i] == putLink && dirfd >= 0 {
			sum, err := c.p.putLinkAt(dirfd, filepath.Base(e.Path), e.Pre)
			if !errors.Is(err, errNoLink) {
				e.Object, failed[i] = sum, err
				continue
			}
		}
		e.Object, failed[i] = c.p.put(e.Path, e.Pre, c.hows[i])
	}
}

func readNames(dir string) ([]string, error) {
	f, err := os.Open(dir)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	names, err := f.Readdirnames(-1)
	slices.Sort(names)
	return names, err
}

// putAll puts the regular files' contents into the store, several at a time: reading and hashing is
// most of a snapshot's cost. A file that cannot be read is left out, with a note.
func (c *capture) putAll(ctx context.Context) error {
	var jobs []int
	for i, e := range c.entries {
		if e.Pre.Kind == KindFile && !e.MetaOnly && e.LinkOf == "" {
			jobs = append(jobs, i)
		}
	}
	// A directory's files go together: its files are opened and linked relative to it.
	byDir := map[string][]int{}
	var dirs []string
	for _, i := range jobs {
		d := filepath.Dir(c.entries[i].Path)
		if byDir[d] == nil {
			dirs = append(dirs, d)
		}
		byDir[d] = append(byDir[d], i)
	}
	workers := min(max(2*runtime.GOMAXPROCS(0), 4), 16, max(len(dirs), 1))
	next := make(chan string)
	failed := make([]error, len(c.entries))
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for d := range next {
				c.putDir(d, byDir[d], failed)
			}
		})
	}
	var err error
	for _, d := range dirs {
		if err = ctx.Err(); err != nil {
			break
		}
		next <- d
	}
	close(next)
	wg.Wait()
	if err != nil {
		return err
	}
	kept := c.entries[:0]
	lost := map[string]bool{}
	var lostNames []string
	for i, e := range c.entries {
		if failed[i] == nil && !lost[e.LinkOf] {
			kept = append(kept, e)
			continue
		}
		lost[e.Path] = true
		if failed[i] != nil {
			c.bytes -= e.Pre.Size
			if !errors.Is(failed[i], fs.ErrPermission) {
				c.notes = appendCapped(c.notes, fmt.Sprintf("%s could not be saved (%v): undo cannot put it back", e.Path, failed[i]))
				continue
			}
		}
		lostNames = append(lostNames, e.Path)
	}
	if len(lostNames) > 0 {
		c.notes = append(c.notes, "could not read "+listed(lostNames, 3)+": undo cannot put them back")
	}
	c.entries = kept
	return nil
}
