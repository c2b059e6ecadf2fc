package undo

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/cmdai/cmdai/internal/treetest"
	"github.com/cmdai/cmdai/safety"
)

// The snapshot before `rm -rf ./tree` of 10,000 files (100 MB), against `cp -al` of the same tree in the
// same run: the bar is a ratio of 2 at most. Run with
//
//	go test -run '^$' -bench Snapshot -benchtime 5x ./undo
//
// and, for a file system with reflinks, with CMDAI_UNDO_BENCH_DIR=/mnt/btrfs (the tree and the store go
// there). The report
// says how the contents went in: cloned (reflink), linked or copied.
func BenchmarkSnapshot(b *testing.B) {
	for _, bc := range []struct {
		name, cmd, baseline string
	}{
		{"rm=link", "rm -rf ./tree", "-al"},    // the files are about to be unlinked: hard links
		{"mv=copy", "mv ./tree ./moved", "-a"}, // a move keeps the inode: never a link, a reflink or a copy
	} {
		b.Run(bc.name, func(b *testing.B) {
			root := benchDir(b)
			tree := filepath.Join(root, "tree")
			if err := treetest.Make(tree, 10_000, 10_000); err != nil {
				b.Fatal(err)
			}
			var snap, cp time.Duration
			var p *putter
			b.ResetTimer()
			for i := range b.N {
				b.StopTimer()
				store := filepath.Join(root, "store")
				os.RemoveAll(store)
				os.RemoveAll(filepath.Join(root, "copy"))
				b.StartTimer()

				start := time.Now()
				s, err := Prepare(context.Background(), bc.cmd, root, safety.Options{Shell: "bash"}, Options{Dir: store, MaxBytes: 1 << 30})
				if err != nil || s == nil {
					b.Fatalf("prepare: %v", err)
				}
				snap += time.Since(start)

				start = time.Now()
				if out, err := exec.Command("cp", bc.baseline, tree, filepath.Join(root, "copy")).CombinedOutput(); err != nil {
					b.Fatalf("cp %s: %v: %s", bc.baseline, err, out)
				}
				cp += time.Since(start)
				if i == 0 {
					p = countHows(s)
				}
			}
			b.StopTimer()
			n := float64(b.N)
			b.ReportMetric(float64(snap.Milliseconds())/n, "snapshot-ms")
			b.ReportMetric(float64(cp.Milliseconds())/n, "cp"+bc.baseline+"-ms")
			b.ReportMetric(snap.Seconds()/cp.Seconds(), "ratio")
			b.ReportMetric(float64(p.cloned.Load()), "cloned")
			b.ReportMetric(float64(p.linked.Load()), "linked")
			b.ReportMetric(float64(p.copied.Load()), "copied")
		})
	}
}

// countHows reads from a snapshot's store how its files went in: a linked object shares its inode with
// the file it was taken from; clones and copies do not, and cloneSupported tells them apart.
func countHows(s *Snapshot) *putter {
	p := &putter{}
	clones := cloneSupported(s.s.tmp())
	seen := map[string]bool{}
	for _, e := range s.m.Entries {
		if e.Object == "" || seen[e.Object] {
			continue
		}
		seen[e.Object] = true
		st, err := stateOf(s.s.object(e.Object))
		switch {
		case err != nil:
		case st.Ino == e.Pre.Ino && st.Dev == e.Pre.Dev:
			p.linked.Add(1)
		case clones:
			p.cloned.Add(1)
		default:
			p.copied.Add(1)
		}
	}
	return p
}

// cloneSupported reports whether dir's file system makes reflinks.
func cloneSupported(dir string) bool {
	src, err := os.CreateTemp(dir, "probe-")
	if err != nil {
		return false
	}
	defer os.Remove(src.Name())
	defer src.Close()
	src.WriteString("probe")
	dst, err := os.CreateTemp(dir, "probe-")
	if err != nil {
		return false
	}
	defer os.Remove(dst.Name())
	defer dst.Close()
	return cloneFile(dst, src)
}

var benchRoot = os.Getenv("CMDAI_UNDO_BENCH_DIR")

// benchDir is where the benchmark's tree and store go: $CMDAI_UNDO_BENCH_DIR (a file system to measure,
// such as a btrfs mount for reflinks), else a temp dir.
func benchDir(b *testing.B) string {
	if benchRoot == "" {
		return b.TempDir()
	}
	d, err := os.MkdirTemp(benchRoot, "undo-bench-")
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { os.RemoveAll(d) })
	return d
}

// The reflink probe agrees with what a snapshot does on this file system.
func TestCloneProbe(t *testing.T) {
	dir := t.TempDir()
	t.Logf("reflinks in %s: %v", dir, cloneSupported(dir))
}

// Undoing `rm -rf ./tree` of 10,000 files (100 MB): planning (a stat per path) and putting every file
// back (a copy, or a reflink where the file system makes them), with modes, owners and times.
func BenchmarkUndo(b *testing.B) {
	root := benchDir(b)
	tree := filepath.Join(root, "tree")
	if err := treetest.Make(tree, 10_000, 10_000); err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	for range b.N {
		b.StopTimer()
		o := Options{Dir: filepath.Join(root, "store"), MaxBytes: 1 << 30}
		os.RemoveAll(o.Dir)
		s, err := Prepare(ctx, "rm -rf ./tree", root, safety.Options{Shell: "bash"}, o)
		if err != nil {
			b.Fatal(err)
		}
		if err := os.RemoveAll(tree); err != nil {
			b.Fatal(err)
		}
		if err := s.Commit(ctx, "", 0); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		p, err := PlanUndo(ctx, o, s.m)
		if err != nil {
			b.Fatal(err)
		}
		if c, err := p.Apply(ctx, false); err != nil || c.Restored < 10_000 {
			b.Fatalf("restored %+v: %v", c, err)
		}
	}
}

// What a snapshot adds before the commands most runs are: one that changes no file, and one that
// overwrites a small one (a copy, or a reflink).
func BenchmarkPrepareSmall(b *testing.B) {
	for _, cmd := range []string{"ls -la", ": > notes.txt", "rm -rf ./build"} {
		b.Run(cmd, func(b *testing.B) {
			root := benchDir(b)
			if err := os.WriteFile(filepath.Join(root, "notes.txt"), []byte("notes\n"), 0o644); err != nil {
				b.Fatal(err)
			}
			if err := treetest.Make(filepath.Join(root, "build"), 100, 0); err != nil {
				b.Fatal(err)
			}
			o := Options{Dir: filepath.Join(root, "store"), MaxBytes: 1 << 30}
			for range b.N {
				if _, err := Prepare(context.Background(), cmd, root, safety.Options{Shell: "bash"}, o); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
