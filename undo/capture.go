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
	// early puts files in while the walk goes on, for a command whose blast radius was counted in full
	// and under the bound: the bound is then unlikely to be hit half way, with objects put for nothing.
	early bool
	skip  string
	uid   int

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
	defer c.p.close()
	var pool *putPool
	if c.early {
		pool = c.startPuts(ctx)
	}
	for _, r := range mergeRoots(roots) {
		if err := c.walk(ctx, r, pool); err != nil {
			if pool != nil {
				pool.wait()
			}
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
	if pool == nil {
		pool = c.startPuts(ctx)
		byDir := map[string][]putJob{}
		var dirs []string
		for i, e := range c.entries {
			if e.Pre.Kind == KindFile && !e.MetaOnly && e.LinkOf == "" {
				d := filepath.Dir(e.Path)
				if byDir[d] == nil {
					dirs = append(dirs, d)
				}
				byDir[d] = append(byDir[d], putJob{i: i, path: e.Path, st: e.Pre, how: c.hows[i]})
			}
		}
		for _, d := range dirs {
			pool.send(d, byDir[d])
		}
	}
	if err := pool.wait(); err != nil {
		return err
	}
	c.keepPut(pool)
	return nil
}

// walk records r.path and everything under it, a directory's entries together, parents before
// children. With a pool, the files of each directory go to it as soon as the directory is read.
func (c *capture) walk(ctx context.Context, r root, pool *putPool) error {
	var stack []string
	add := func(p string) (putJob, bool, error) {
		if c.skip != "" && within(p, c.skip) {
			return putJob{}, false, nil
		}
		st, err := stateOf(p)
		if err != nil || st.Kind == KindAbsent {
			return putJob{}, false, nil
		}
		if c.uid != 0 && st.UID != c.uid {
			c.others++
			return putJob{}, false, nil
		}
		if len(c.entries) >= maxEntries {
			return putJob{}, false, &TooBigError{Entries: maxEntries}
		}
		e := Entry{Path: p, Pre: st, MetaOnly: r.meta}
		content := st.Kind == KindFile && !r.meta
		if content && st.Nlink > 1 {
			key := [2]uint64{st.Dev, st.Ino}
			if first, ok := c.links[key]; ok {
				e.LinkOf, content = first, false
			} else {
				c.links[key] = p
			}
		}
		if content {
			c.bytes += st.Size
			if c.maxBytes > 0 && c.bytes > c.maxBytes {
				return putJob{}, false, &TooBigError{Bytes: c.maxBytes, AtLeast: true}
			}
		}
		c.entries = append(c.entries, e)
		c.hows = append(c.hows, r.how)
		if st.Kind == KindDir {
			stack = append(stack, p)
		}
		return putJob{i: len(c.entries) - 1, path: p, st: st, how: r.how}, content, nil
	}
	job, content, err := add(r.path)
	if err != nil {
		return err
	}
	if content && pool != nil {
		pool.send(filepath.Dir(r.path), []putJob{job})
	}
	for len(stack) > 0 {
		if err := ctx.Err(); err != nil {
			return err
		}
		dir := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		names, err := readNames(dir)
		if err != nil {
			c.notes = append(c.notes, fmt.Sprintf("could not read %s: what is in it is not in the snapshot", dir))
			continue
		}
		var batch []putJob
		top := len(stack)
		for _, name := range names {
			job, content, err := add(filepath.Join(dir, name))
			if err != nil {
				return err
			}
			if content {
				batch = append(batch, job)
			}
		}
		slices.Reverse(stack[top:]) // popped in name order
		if pool != nil && len(batch) > 0 {
			pool.send(dir, batch)
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

// putJob is a file whose content goes into the store: its entry's index, path, state and how.
type putJob struct {
	i    int
	path string
	st   State
	how  putHow
}

// putPool puts files' contents into the store, a directory's files at a time, several directories at
// once: reading and hashing is most of a snapshot's cost. It keeps its results by entry index, so that
// the walk may go on adding entries meanwhile.
type putPool struct {
	p      *putter
	ctx    context.Context
	next   chan putBatch
	wg     sync.WaitGroup
	mu     sync.Mutex
	object map[int]string
	failed map[int]error
}

type putBatch struct {
	dir  string
	jobs []putJob
}

func (c *capture) startPuts(ctx context.Context) *putPool {
	pp := &putPool{p: c.p, ctx: ctx, next: make(chan putBatch, 64), object: map[int]string{}, failed: map[int]error{}}
	for range min(max(2*runtime.GOMAXPROCS(0), 4), 16) {
		pp.wg.Go(func() {
			for b := range pp.next {
				pp.putDir(b)
			}
		})
	}
	return pp
}

func (pp *putPool) send(dir string, jobs []putJob) { pp.next <- putBatch{dir, jobs} }

// wait lets the workers finish, and returns ctx's error when it ended first.
func (pp *putPool) wait() error {
	close(pp.next)
	pp.wg.Wait()
	return pp.ctx.Err()
}

// putDir puts one directory's files, opened and linked relative to it.
func (pp *putPool) putDir(b putBatch) {
	if pp.ctx.Err() != nil {
		return
	}
	dirfd, err := unix.Open(b.dir, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		dirfd = -1
	} else {
		defer unix.Close(dirfd)
	}
	for _, j := range b.jobs {
		sum, err := "", errNoLink
		if j.how == putLink && dirfd >= 0 {
			sum, err = pp.p.putLinkAt(dirfd, filepath.Base(j.path), j.st)
		}
		if errors.Is(err, errNoLink) {
			sum, err = pp.p.put(j.path, j.st, j.how)
		}
		pp.mu.Lock()
		if err != nil {
			pp.failed[j.i] = err
		} else {
			pp.object[j.i] = sum
		}
		pp.mu.Unlock()
	}
}

// keepPut names each entry's object, and leaves out, with a note, the files that could not be put
// and the names that share a file with one of them.
func (c *capture) keepPut(pp *putPool) {
	kept := c.entries[:0]
	lost := map[string]bool{}
	var lostNames []string
	for i, e := range c.entries {
		e.Object = pp.object[i]
		failed := pp.failed[i]
		if failed == nil && !lost[e.LinkOf] {
			kept = append(kept, e)
			continue
		}
		lost[e.Path] = true
		if failed != nil {
			c.bytes -= e.Pre.Size
			if !errors.Is(failed, fs.ErrPermission) {
				c.notes = appendCapped(c.notes, fmt.Sprintf("%s could not be saved (%v): undo cannot put it back", e.Path, failed))
				continue
			}
		}
		lostNames = append(lostNames, e.Path)
	}
	if len(lostNames) > 0 {
		c.notes = append(c.notes, "could not read "+listed(lostNames, 3)+": undo cannot put them back")
	}
	c.entries = kept
}
