package undo_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/cmdai/cmdai/gate"
	"github.com/cmdai/cmdai/internal/treetest"
	"github.com/cmdai/cmdai/safety"
	"github.com/cmdai/cmdai/undo"
)

// env is a working directory and a store, both in temp dirs.
type env struct {
	t   *testing.T
	dir string
	o   undo.Options
}

func newEnv(t *testing.T) *env {
	t.Helper()
	return &env{t: t, dir: t.TempDir(), o: undo.Options{Dir: filepath.Join(t.TempDir(), "undo"), MaxBytes: 1e9}}
}

// run does what every caller of the gate does: decide, snapshot, run, commit.
func (e *env) run(cmd string) *undo.Snapshot {
	e.t.Helper()
	ctx := context.Background()
	opts := safety.Options{Shell: "bash"}
	d := gate.Decide(gate.Input{Command: cmd, Verdict: safety.Check(cmd, opts), Mode: safety.ModePermissive, Confirmed: gate.TypedYes})
	snap, err := undo.Prepare(ctx, cmd, e.dir, opts, e.o)
	if err != nil {
		e.t.Fatalf("prepare %q: %v", cmd, err)
	}
	var out strings.Builder
	code, err := gate.Run(ctx, d, gate.Process{Shell: "/bin/bash", Dir: e.dir, Stdout: &out, Stderr: &out})
	if err != nil || code != 0 {
		e.t.Fatalf("%s: exit %d, %v: %s", cmd, code, err, out.String())
	}
	if err := snap.Commit(ctx, "", code); err != nil {
		e.t.Fatalf("commit: %v", err)
	}
	return snap
}

// undo plans the undo of the newest snapshot and applies it, overwriting conflicts when asked.
func (e *env) undo(overwrite bool) (*undo.Plan, undo.Counts, error) {
	e.t.Helper()
	m, err := undo.Find(e.o, "")
	if err != nil {
		e.t.Fatal(err)
	}
	p, err := undo.PlanUndo(context.Background(), e.o, m)
	if err != nil {
		e.t.Fatal(err)
	}
	c, err := p.Apply(context.Background(), overwrite)
	return p, c, err
}

func (e *env) write(rel, content string) {
	e.t.Helper()
	p := filepath.Join(e.dir, rel)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		e.t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		e.t.Fatal(err)
	}
}

func (e *env) read(rel string) string {
	e.t.Helper()
	b, err := os.ReadFile(filepath.Join(e.dir, rel))
	if err != nil {
		e.t.Fatal(err)
	}
	return string(b)
}

func (e *env) hash(rel string) string {
	e.t.Helper()
	h, err := treetest.Hash(filepath.Join(e.dir, rel))
	if err != nil {
		e.t.Fatal(err)
	}
	return h
}

// rm -rf of a tree of 1,000 files with links, modes and times, then undo: the same tree, by hash.
func TestUndoRemovedTree(t *testing.T) {
	e := newEnv(t)
	if err := treetest.Make(filepath.Join(e.dir, "build"), 1000, 0); err != nil {
		t.Fatal(err)
	}
	before := e.hash("build")
	snap := e.run("rm -rf ./build")
	if snap == nil {
		t.Fatal("no snapshot of rm -rf ./build")
	}
	if _, err := os.Lstat(filepath.Join(e.dir, "build")); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("build is still there: %v", err)
	}
	p, c, err := e.undo(false)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Conflicts) > 0 {
		t.Fatalf("conflicts: %v", p.Conflicts)
	}
	if c.Restored < 1000 {
		t.Fatalf("restored %+v", c)
	}
	if after := e.hash("build"); after != before {
		t.Fatal("the restored tree differs from the one removed")
	}
	// Undone once: a second undo finds nothing.
	if _, err := undo.Find(e.o, ""); !errors.Is(err, undo.ErrNotFound) {
		t.Fatalf("after undo, Find: %v", err)
	}
}

// A file changed after the run is not overwritten without consent; with it, it is.
func TestUndoConflict(t *testing.T) {
	e := newEnv(t)
	e.write("build/a.txt", "old a\n")
	e.write("build/b.txt", "old b\n")
	e.run("rm -rf build")
	e.write("build/a.txt", "newer a, written after the run\n")

	p, c, err := e.undo(false)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Conflicts) != 1 || p.Conflicts[0].Path != filepath.Join(e.dir, "build/a.txt") {
		t.Fatalf("conflicts %+v", p.Conflicts)
	}
	if got := e.read("build/a.txt"); got != "newer a, written after the run\n" {
		t.Fatalf("a.txt overwritten without consent: %q", got)
	}
	if got := e.read("build/b.txt"); got != "old b\n" || c.Restored != 1 {
		t.Fatalf("b.txt %q, counts %+v", got, c)
	}
	// Left with a conflict, the snapshot can still be undone, now with consent.
	_, _, err = e.undo(true)
	if err != nil {
		t.Fatal(err)
	}
	if got := e.read("build/a.txt"); got != "old a\n" {
		t.Fatalf("with consent, a.txt is %q", got)
	}
}

func TestUndoOverwriteMoveChmod(t *testing.T) {
	for _, tc := range []struct {
		name, cmd string
		check     func(e *env)
	}{
		{"redirect", "echo new > notes.txt", func(e *env) {
			if got := e.read("notes.txt"); got != "notes\n" {
				t.Fatalf("notes.txt %q", got)
			}
		}},
		{"truncate", "truncate -s 0 notes.txt", func(e *env) {
			if got := e.read("notes.txt"); got != "notes\n" {
				t.Fatalf("notes.txt %q", got)
			}
		}},
		{"move", "mv notes.txt moved.txt", func(e *env) {
			if got := e.read("notes.txt"); got != "notes\n" {
				t.Fatalf("notes.txt %q", got)
			}
			if _, err := os.Lstat(filepath.Join(e.dir, "moved.txt")); !errors.Is(err, os.ErrNotExist) {
				t.Fatalf("the move's destination stayed: %v", err)
			}
		}},
		{"move into a directory", "mv notes.txt src", func(e *env) {
			if got := e.read("notes.txt"); got != "notes\n" {
				t.Fatalf("notes.txt %q", got)
			}
			if _, err := os.Lstat(filepath.Join(e.dir, "src/notes.txt")); !errors.Is(err, os.ErrNotExist) {
				t.Fatalf("the move's destination stayed: %v", err)
			}
		}},
		{"chmod -R", "chmod -R go-rwx src", func(e *env) {
			fi, err := os.Stat(filepath.Join(e.dir, "src/main.go"))
			if err != nil || fi.Mode().Perm() != 0o644 {
				t.Fatalf("src/main.go mode %v, %v", fi.Mode(), err)
			}
		}},
		{"cd then rm", "cd src && rm -rf lib", func(e *env) {
			if got := e.read("src/lib/x.go"); got != "package lib\n" {
				t.Fatalf("src/lib/x.go %q", got)
			}
		}},
		{"glob of many", "rm -f logs/*.log", func(e *env) {
			for i := range 30 {
				if got := e.read(filepath.Join("logs", string(rune('a'+i%26))+strings.Repeat("x", i/26)+".log")); got != "log\n" {
					t.Fatalf("log %d: %q", i, got)
				}
			}
		}},
		{"find -delete", "find . -name '*.log' -delete", func(e *env) {
			if got := e.read("logs/a.log"); got != "log\n" {
				t.Fatalf("a.log %q", got)
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t)
			e.write("notes.txt", "notes\n")
			e.write("src/main.go", "package main\n")
			e.write("src/lib/x.go", "package lib\n")
			for i := range 30 {
				e.write(filepath.Join("logs", string(rune('a'+i%26))+strings.Repeat("x", i/26)+".log"), "log\n")
			}
			before := e.hash(".")
			if e.run(tc.cmd) == nil {
				t.Fatalf("no snapshot of %s", tc.cmd)
			}
			p, _, err := e.undo(false)
			if err != nil || len(p.Conflicts) > 0 {
				t.Fatalf("undo: %v, conflicts %v", err, p.Conflicts)
			}
			tc.check(e)
			if after := e.hash("."); after != before {
				t.Fatal("the directory differs from before the command")
			}
		})
	}
}

// A file that is overwritten in place is copied, never hard linked: a link would share the new content.
func TestOverwrittenFilesAreNotLinked(t *testing.T) {
	e := newEnv(t)
	e.write("data.txt", "precious\n")
	snap, err := undo.Prepare(context.Background(), ": > data.txt", e.dir, safety.Options{}, e.o)
	if err != nil || snap == nil {
		t.Fatalf("prepare: %v, %v", snap, err)
	}
	fi, err := os.Stat(filepath.Join(e.dir, "data.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if fi.Sys().(*syscall.Stat_t).Nlink > 1 {
		t.Fatal("the file to be truncated shares its inode with the store")
	}
}

func TestTooBig(t *testing.T) {
	e := newEnv(t)
	e.write("big/a.bin", strings.Repeat("x", 3000))
	e.o.MaxBytes = 1000
	snap, err := undo.Prepare(context.Background(), "rm -rf big", e.dir, safety.Options{}, e.o)
	var big *undo.TooBigError
	if snap != nil || !errors.As(err, &big) || err.Error() != "undo not available: 3.0 KB would be touched" {
		t.Fatalf("snapshot %v, err %v", snap, err)
	}
	b, _ := safety.Impact(context.Background(), "rm -rf big", e.dir, safety.Options{})
	if note := undo.PreviewNote(b, e.o); note != "undo not available: 3.0 KB would be touched" {
		t.Fatalf("preview note %q", note)
	}
}

func TestNothingToUndo(t *testing.T) {
	e := newEnv(t)
	e.write("a.txt", "a\n")
	for _, cmd := range []string{"ls -la", "cat a.txt", "rm -f missing.txt", "echo hi >> a.txt"} {
		snap, err := undo.Prepare(context.Background(), cmd, e.dir, safety.Options{}, e.o)
		if snap != nil || err != nil {
			t.Errorf("%s: snapshot %v, err %v", cmd, snap, err)
		}
	}
}

// Snapshots older than the keep time go, with the objects only they named.
func TestExpire(t *testing.T) {
	e := newEnv(t)
	e.write("a.txt", "first\n")
	e.run("rm a.txt")
	e.write("b.txt", "second\n")
	e.run("rm b.txt")
	objects := func() int {
		n := 0
		filepath.WalkDir(filepath.Join(e.o.Dir, "objects"), func(_ string, d os.DirEntry, _ error) error {
			if d != nil && !d.IsDir() {
				n++
			}
			return nil
		})
		return n
	}
	if n := objects(); n != 2 {
		t.Fatalf("%d objects", n)
	}
	if n, err := undo.Expire(e.o, time.Now()); n != 0 || err != nil {
		t.Fatalf("expired %d, %v", n, err)
	}
	e.o.Keep = time.Hour
	if n, err := undo.Expire(e.o, time.Now().Add(2*time.Hour)); n != 2 || err != nil {
		t.Fatalf("expired %d, %v", n, err)
	}
	if n := objects(); n != 0 {
		t.Fatalf("%d objects left", n)
	}
}

// The shell's popup takes the snapshot and ends before the shell runs the command; record-exit then
// commits it, by command, with the history entry.
func TestCommitPending(t *testing.T) {
	e := newEnv(t)
	e.write("build/a.txt", "a\n")
	ctx := context.Background()
	const cmd = "rm -rf build"
	snap, err := undo.Prepare(ctx, cmd, e.dir, safety.Options{}, e.o)
	if err != nil || snap == nil {
		t.Fatalf("prepare: %v", err)
	}
	if err := os.RemoveAll(filepath.Join(e.dir, "build")); err != nil {
		t.Fatal(err)
	}
	if err := undo.CommitPending(ctx, e.o, "01HISTORY", "rm -rf other", 0); err != nil {
		t.Fatal(err)
	}
	if m, _ := undo.Find(e.o, snap.ID()); m.Committed {
		t.Fatal("committed for another command")
	}
	if err := undo.CommitPending(ctx, e.o, "01HISTORY", cmd, 0); err != nil {
		t.Fatal(err)
	}
	m, err := undo.Find(e.o, "01HISTORY")
	if err != nil || m.ID != snap.ID() || !m.Committed {
		t.Fatalf("by history ID: %+v, %v", m, err)
	}
	if p, _, err := e.undo(false); err != nil || len(p.Conflicts) > 0 || e.read("build/a.txt") != "a\n" {
		t.Fatalf("undo: %v, %v", err, p.Conflicts)
	}
}

// A snapshot whose run cmdai did not see end cannot tell the command's changes from later ones: every
// change is a conflict.
func TestUncommittedAsks(t *testing.T) {
	e := newEnv(t)
	e.write("notes.txt", "notes\n")
	if _, err := undo.Prepare(context.Background(), "rm notes.txt", e.dir, safety.Options{}, e.o); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(e.dir, "notes.txt")); err != nil {
		t.Fatal(err)
	}
	p, c, err := e.undo(false)
	if err != nil || len(p.Conflicts) != 1 || c.Restored != 0 {
		t.Fatalf("conflicts %v, counts %+v, %v", p.Conflicts, c, err)
	}
	if _, _, err := e.undo(true); err != nil || e.read("notes.txt") != "notes\n" {
		t.Fatalf("with consent: %v", err)
	}
}

func TestFind(t *testing.T) {
	e := newEnv(t)
	if _, err := undo.Find(e.o, ""); !errors.Is(err, undo.ErrNotFound) {
		t.Fatalf("empty store: %v", err)
	}
	e.write("a.txt", "a\n")
	s := e.run("rm a.txt")
	for _, key := range []string{s.ID(), s.ID()[:3], ""} {
		if m, err := undo.Find(e.o, key); err != nil || m.ID != s.ID() {
			t.Errorf("Find(%q) = %v, %v", key, m.ID, err)
		}
	}
	if _, err := undo.Find(e.o, "zz"); !errors.Is(err, undo.ErrNotFound) {
		t.Errorf("Find(zz): %v", err)
	}
	// A history entry is found by its own ID only: an entry whose ID is a prefix of the snapshot's
	// (entry "a", snapshot "a0d0...") has no snapshot.
	if err := s.Commit(context.Background(), "01HISTORYB", 0); err != nil {
		t.Fatal(err)
	}
	if m, err := undo.FindForHistory(e.o, "01HISTORYB"); err != nil || m.ID != s.ID() {
		t.Errorf("FindForHistory(01HISTORYB) = %v, %v", m.ID, err)
	}
	for _, key := range []string{s.ID()[:1], s.ID(), ""} {
		if _, err := undo.FindForHistory(e.o, key); !errors.Is(err, undo.ErrNotFound) {
			t.Errorf("FindForHistory(%q): %v, want not found", key, err)
		}
	}
}

// The collector expires snapshots each round and returns when its context ends.
func TestCollect(t *testing.T) {
	e := newEnv(t)
	e.write("a.txt", "a\n")
	e.run("rm a.txt")
	e.o.Keep = time.Nanosecond
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	removed := make(chan struct{}, 1)
	go func() {
		defer close(done)
		undo.Collect(ctx, 10*time.Millisecond, func() undo.Options { return e.o }, func(msg string, _ ...any) {
			if msg == "undo: expired snapshots" {
				select {
				case removed <- struct{}{}:
				default:
				}
			}
		})
	}()
	select {
	case <-removed:
	case <-time.After(10 * time.Second):
		t.Fatal("the collector expired nothing")
	}
	cancel()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("the collector did not return when its context ended")
	}
	if ms, _ := undo.List(e.o); len(ms) != 0 {
		t.Fatalf("%d snapshots left", len(ms))
	}
}

// What no snapshot of files can take back is said: a write to a device is recorded as not undoable, a
// push beside a deletion as a note of the snapshot.
func TestUndoSaysWhatItCannotTakeBack(t *testing.T) {
	e := newEnv(t)
	snap, err := undo.Prepare(context.Background(), "dd if=/dev/zero of=/dev/sdz bs=1M", e.dir, safety.Options{}, e.o)
	if snap != nil || err != nil {
		t.Fatalf("dd: snapshot %v, %v", snap, err)
	}
	ms, _ := undo.List(e.o)
	if len(ms) != 1 || ms[0].Unavailable == "" || !strings.Contains(strings.Join(ms[0].Notes, "\n"), "writes to a disk or device") {
		t.Fatalf("records %+v", ms)
	}
	if _, err := undo.Find(e.o, ""); !errors.Is(err, undo.ErrNotFound) {
		t.Fatalf("the dd is something to undo: %v", err)
	}
	if _, err := undo.PlanUndo(context.Background(), e.o, ms[0]); err == nil || !strings.Contains(err.Error(), "cannot be undone") {
		t.Fatalf("plan of the dd: %v", err)
	}

	e.write("build/a.txt", "a\n")
	snap, err = undo.Prepare(context.Background(), "rm -rf build && git push --force origin main", e.dir, safety.Options{}, e.o)
	if err != nil || snap == nil {
		t.Fatalf("prepare: %v", err)
	}
	if notes := strings.Join(snap.Manifest().Notes, "\n"); !strings.Contains(notes, "not undone: effects on other machines") {
		t.Fatalf("notes %q", notes)
	}
}

// rm -r through a symlink with a trailing slash deletes what the link points to: that is what is kept.
func TestUndoThroughSymlink(t *testing.T) {
	e := newEnv(t)
	e.write("real/a.txt", "a\n")
	if err := os.Symlink("real", filepath.Join(e.dir, "link")); err != nil {
		t.Fatal(err)
	}
	e.run("rm -rf link/")
	if p, _, err := e.undo(false); err != nil || len(p.Conflicts) > 0 {
		t.Fatalf("undo: %v %v", err, p.Conflicts)
	}
	if got := e.read("real/a.txt"); got != "a\n" {
		t.Fatalf("real/a.txt %q", got)
	}
}
