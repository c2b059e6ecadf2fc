package safety

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// FuzzImpact runs Impact on arbitrary commands against a small tree and checks that it never panics, never
// fails except through its context, and never changes a file.
func FuzzImpact(f *testing.F) {
	for _, seed := range []string{
		"rm -rf build", "rm logs/*.log", "rm -rf ~/cache", "rm -f nope", "rm -rf link/", "cd build && rm -rf *",
		`rm -rf "$DIR"`, "ls | xargs rm", "find tmp -name '*.tmp' -delete", "find . -type f -mtime +3 -size -1k -delete",
		"find tmp ( -name a -o ! -path '*/x/*' ) -prune , -exec rm -rf {} +", "mv notes.txt dst/",
		"chmod -R -w build", "echo > notes.txt", "git clean -fdx", "rsync -a --delete sync/src/ sync/dst",
		"truncate -s 0 notes.txt", "sudo env -C build rm -rf .", "bash -c 'eval rm -rf build'",
		"for d in build logs; do rm -rf $d; done", "rm -rf {a,b}/{c,d}*", "dd of=notes.txt", "rm -rf /nonexistent/*",
		strings.Repeat("eval ", maxDepth+2) + "rm -rf build", strings.Repeat("rm -rf build; ", maxCalls+1),
		"rm -rf " + strings.Repeat("{a,b}", maxBraces+1),
	} {
		f.Add(seed)
	}
	root := f.TempDir()
	impactTree(f, root, impactTestTree)
	before := impactListing(f, root)
	opts := Options{Home: filepath.Join(root, "home")}
	saved := impactLimits
	impactLimits.entries, impactLimits.time = 5000, 50*time.Millisecond // "rm -rf /" must stay cheap
	f.Cleanup(func() { impactLimits = saved })

	f.Fuzz(func(t *testing.T, cmd string) {
		got, err := Impact(context.Background(), cmd, root, opts)
		if err != nil && !errors.Is(err, context.Canceled) && !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("Impact(%q): %v", cmd, err)
		}
		_ = got.String()
		if _, err := json.Marshal(got); err != nil {
			t.Fatalf("marshal: %v", err)
		}
		for _, a := range got.Actions {
			if a.Files < 0 || a.Dirs < 0 || a.Bytes < 0 || len(a.Targets) > maxListedTargets {
				t.Fatalf("impossible action %+v", a)
			}
			if a.Span.Start < 0 || a.Span.End > len(cmd) || a.Span.Start > a.Span.End {
				t.Fatalf("span %v outside %q", a.Span, cmd)
			}
		}
		if after := impactListing(t, root); after != before {
			t.Fatalf("Impact(%q) changed the tree", cmd)
		}
	})
}

// BenchmarkImpact measures the preview of destructive commands over a tree of 5,000 files in 51 dirs.
func BenchmarkImpact(b *testing.B) {
	root := b.TempDir()
	spec := map[string]string{}
	for i := range 5000 {
		spec[fmt.Sprintf("tree/d%02d/f%04d.%s", i%50, i, []string{"log", "txt"}[i%2])] = "0123456789"
	}
	impactTree(b, root, spec)
	// A deadline far away replaces the 300 ms budget, so a loaded machine slows the benchmark rather than
	// truncating what it measures.
	ctx, cancel := context.WithTimeout(context.Background(), time.Hour)
	defer cancel()
	for _, cmd := range []string{"rm -rf tree", "find tree -name '*.log' -delete", "rm tree/*/*.log", "chmod -R 700 tree"} {
		b.Run(cmd, func(b *testing.B) {
			for b.Loop() {
				got, err := Impact(ctx, cmd, root, Options{})
				if err != nil || got.Truncated || got.Files == 0 {
					b.Fatalf("%v %+v", err, got)
				}
			}
		})
	}
}
