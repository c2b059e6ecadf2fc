package safety

import (
	"context"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// walkBudget bounds the file-system work of one Impact call. Globbing and walking share it, so one huge glob
// cannot leave the walk nothing, nor a huge tree stall the preview.
type walkBudget struct {
	ctx      context.Context
	deadline time.Time
	left     int64
	ticks    int
	hit      bool  // a bound was reached: counts are lower bounds
	err      error // ctx was cancelled
}

func newWalkBudget(ctx context.Context) *walkBudget {
	deadline, ok := ctx.Deadline()
	if !ok {
		deadline = time.Now().Add(impactLimits.time)
	}
	return &walkBudget{ctx: ctx, deadline: deadline, left: impactLimits.entries}
}

// spend takes n entries from the budget and reports whether there was enough. The clock and ctx are read
// every few calls only: a stat costs about a microsecond and the check should stay well below that.
func (b *walkBudget) spend(n int) bool {
	if b.hit {
		return false
	}
	b.left -= int64(n)
	if b.left < 0 {
		b.hit = true
		return false
	}
	if b.ticks++; b.ticks%32 == 0 {
		b.checkTime()
	}
	return !b.hit
}

func (b *walkBudget) checkTime() {
	if err := b.ctx.Err(); err != nil {
		b.hit = true
		// A deadline is the caller's time budget, so reaching it truncates; only cancellation is an error.
		if !errors.Is(err, context.DeadlineExceeded) {
			b.err = err
		}
		return
	}
	if time.Now().After(b.deadline) {
		b.hit = true
	}
}

// exhausted reports, checking the clock now, whether the walk must stop.
func (b *walkBudget) exhausted() bool {
	if !b.hit {
		b.checkTime()
	}
	return b.hit
}

// entryTally counts what an action touches. Files are all non-directories (symlinks included); bytes are
// the sizes of regular files only, since deleting a symlink frees nothing of its target.
type entryTally struct{ files, dirs, bytes int64 }

func (t *entryTally) add(info fs.FileInfo) {
	switch {
	case info.IsDir():
		t.dirs++
	case info.Mode().IsRegular():
		t.files++
		t.bytes += info.Size()
	default:
		t.files++
	}
}

// count tallies root and, when root is a directory, everything below it.
func (b *walkBudget) count(root string, info fs.FileInfo) entryTally {
	var t entryTally
	b.walk(root, info, func(e treeEntry) bool {
		if e.depth == 0 {
			t.add(info)
			return true
		}
		if e.d.IsDir() {
			t.dirs++
			return true
		}
		if !e.d.Type().IsRegular() {
			t.files++
			return true
		}
		t.files++
		if fi, err := e.d.Info(); err == nil {
			t.bytes += fi.Size()
		}
		return true
	})
	return t
}

// treeEntry is one entry met by walk. d is nil for the root, whose info the caller already has.
type treeEntry struct {
	path  string
	depth int
	d     fs.DirEntry
}

// treeFrame is a directory being walked: its entries not yet visited.
type treeFrame struct {
	path    string
	depth   int
	entries []fs.DirEntry
}

// walk visits root, then, when root is a directory, every entry below it, parents before children. It never
// follows symlinks, because rm, mv and chmod -R don't. visit returns false to skip a directory's contents.
// Directories are read in chunks so that one enormous directory cannot overrun the budget. Unreadable
// directories are skipped: the command would most likely fail on them too.
func (b *walkBudget) walk(root string, info fs.FileInfo, visit func(treeEntry) bool) {
	if !visit(treeEntry{path: root}) || !info.IsDir() {
		return
	}
	stack := []treeFrame{{path: root, entries: b.readDir(root)}}
	for len(stack) > 0 {
		top := &stack[len(stack)-1]
		if len(top.entries) == 0 {
			stack = stack[:len(stack)-1]
			continue
		}
		d := top.entries[0]
		top.entries = top.entries[1:]
		if !b.spend(1) {
			return
		}
		p := filepath.Join(top.path, d.Name())
		depth := top.depth + 1
		if visit(treeEntry{path: p, depth: depth, d: d}) && d.IsDir() {
			stack = append(stack, treeFrame{path: p, depth: depth, entries: b.readDir(p)})
		}
	}
}

// readDir reads a directory's entries in chunks, stopping early when the budget runs out.
func (b *walkBudget) readDir(dir string) []fs.DirEntry {
	f, err := os.Open(dir)
	if err != nil {
		return nil
	}
	defer f.Close()
	var all []fs.DirEntry
	for !b.exhausted() {
		chunk, err := f.ReadDir(512)
		all = append(all, chunk...)
		if err != nil || len(chunk) == 0 {
			break
		}
		if b.left < int64(len(all)) {
			// Reading further than the budget could ever visit would only cost time.
			b.hit = true
			break
		}
	}
	return all
}

// emptyDir reports whether dir has no entries, reading at most one.
func (b *walkBudget) emptyDir(dir string) bool {
	f, err := os.Open(dir)
	if err != nil {
		return false
	}
	defer f.Close()
	_, err = f.ReadDir(1)
	return errors.Is(err, io.EOF)
}

// readDirForGlob lists a directory for globbing, within the budget: every entry is matched, so every entry
// is spent.
func (b *walkBudget) readDirForGlob(dir string) []fs.DirEntry {
	entries := b.readDir(dir)
	if !b.spend(len(entries)) {
		return nil
	}
	return entries
}
