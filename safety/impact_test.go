package safety

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// impactTree builds files under root from a spec: "dir/" is a directory, "link -> target" a symlink, and
// anything else a file holding the given content.
func impactTree(t testing.TB, root string, spec map[string]string) {
	t.Helper()
	for p, content := range spec {
		full := filepath.Join(root, p)
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		switch {
		case strings.HasSuffix(p, "/"):
			err := os.MkdirAll(full, 0o755)
			if err != nil {
				t.Fatal(err)
			}
		case strings.HasPrefix(content, "-> "):
			if err := os.Symlink(strings.TrimPrefix(content, "-> "), full); err != nil {
				t.Fatal(err)
			}
		default:
			if err := os.WriteFile(full, []byte(content), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// impactListing records every entry under root with its type, size, mode and time, to prove Impact changed nothing.
func impactListing(t testing.TB, root string) string {
	t.Helper()
	var sb strings.Builder
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		fmt.Fprintf(&sb, "%s %v %d %d\n", p, fi.Mode(), fi.Size(), fi.ModTime().UnixNano())
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return sb.String()
}

var impactTestTree = map[string]string{
	"build/a.txt":       "0123456789",                     // 10
	"build/b.txt":       "01234567890123456789",           // 20
	"build/sub/c.txt":   "012345678901234567890123456789", // 30
	"logs/a.log":        "12345",
	"logs/b.log":        "1234567",
	"logs/.hidden.log":  "123",
	"logs/keep.txt":     "1",
	"notes.txt":         "hello world!", // 12
	"empty/":            "",
	"outside/big.bin":   strings.Repeat("z", 1000),
	"link":              "-> outside",
	"home/cache/x.bin":  "1234",
	"home/cache/y.bin":  "123456",
	"src/one.txt":       "1",
	"dst/":              "",
	"tmp/x.tmp":         "abc",
	"tmp/keep.txt":      "abcdef",
	"tmp/deep/y.tmp":    "abcd",
	"tmp/deep/z.txt":    "abcde",
	"tmp/deep/e/":       "",
	"sync/src/a":        "1",
	"sync/dst/a":        "1",
	"sync/dst/stale":    "12",
	"sync/dst/old/f":    "123",
	"walk/has-link/l":   "-> ../../outside",
	"walk/has-link/f.c": "int",
}

func TestImpact(t *testing.T) {
	root := t.TempDir()
	impactTree(t, root, impactTestTree)
	before := impactListing(t, root)
	opts := Options{Home: filepath.Join(root, "home")}

	type want struct {
		files, dirs, bytes int64
		actions            int
		ops                []string
		unknown, approx    bool
		targets            []string
		missing            []string
		line               string // String() when set
	}
	tests := []struct {
		cmd string
		want
	}{
		{"rm -rf build", want{files: 3, dirs: 2, bytes: 60, actions: 1, ops: []string{OpDelete}, targets: []string{"build"},
			line: "would delete 3 files and 2 dirs (60 B) under ./build"}},
		{"sudo rm -r -f build/", want{files: 3, dirs: 2, bytes: 60, actions: 1}},
		{"bash -c 'rm -rf build'", want{files: 3, dirs: 2, bytes: 60, actions: 1}},
		{"rm -rf build build/sub", want{files: 3, dirs: 2, bytes: 60, actions: 1}},
		{"rm build", want{}},    // rm without -r refuses directories
		{"rmdir build", want{}}, // not empty
		{"rmdir empty", want{dirs: 1, actions: 1, line: "would delete 1 dir under ./empty"}},
		{"rm logs/*.log", want{files: 2, bytes: 12, actions: 1, targets: []string{"logs/a.log", "logs/b.log"},
			line: "would delete 2 files (12 B): ./logs/a.log, ./logs/b.log"}},
		{"rm logs/**.log", want{files: 2, bytes: 12, actions: 1}}, // no globstar: ** is *
		{"rm logs/{a,b}.log", want{files: 2, bytes: 12, actions: 1}},
		{"rm 'logs/*.log'", want{actions: 1, missing: []string{"logs/*.log"}}},
		{"rm logs/.*.log", want{files: 1, bytes: 3, actions: 1}},
		{"rm -rf ~/cache", want{files: 2, dirs: 1, bytes: 10, actions: 1, targets: []string{"home/cache"}}},
		{`rm -rf "$HOME"/cache/x.bin`, want{files: 1, bytes: 4, actions: 1}},
		{"rm -f nope.txt", want{actions: 1, missing: []string{"nope.txt"}, line: "would delete nothing; not found: ./nope.txt"}},
		{"rm notes.txt", want{files: 1, bytes: 12, actions: 1, line: "would delete ./notes.txt (12 B)"}},
		{"rm -rf link", want{files: 1, actions: 1}},                    // the link, not what it points to
		{"rm -rf walk", want{files: 2, dirs: 2, bytes: 3, actions: 1}}, // a link inside is not followed
		{"rm -rf link/", want{files: 1, dirs: 1, bytes: 1000, actions: 1}},
		{"cd build && rm -rf *", want{files: 3, dirs: 1, bytes: 60, actions: 1}},
		{"cd $X && rm -rf *", want{actions: 1, unknown: true}},
		{"(cd build && ls); rm -rf build", want{files: 3, dirs: 2, bytes: 60, actions: 1}},
		{"echo $(cd build; pwd); rm -rf build", want{files: 3, dirs: 2, bytes: 60, actions: 1}},
		{"(cd build && rm -rf sub)", want{files: 1, dirs: 1, bytes: 30, actions: 1}},
		{"cd build; (cd sub; rm c.txt); rm a.txt", want{files: 2, bytes: 40, actions: 2}},
		{"bash -c 'cd build && rm -rf sub'; rm -rf build/sub", want{files: 2, dirs: 2, bytes: 60, actions: 2}},
		{"bash -c 'cd build'; bash -c 'rm -rf sub'", want{actions: 1, missing: []string{"sub"}}},
		{"cd; rm -rf cache", want{files: 2, dirs: 1, bytes: 10, actions: 1}},
		{`rm -rf "$DIR"`, want{actions: 1, unknown: true, line: "would delete targets not known until run time ($DIR)"}},
		{"D=build; rm -rf $D", want{files: 3, dirs: 2, bytes: 60, actions: 1}},
		{"ls | xargs rm", want{actions: 1, unknown: true, line: "would delete targets not known until run time (xargs input)"}},
		{"find tmp -name '*.tmp' -delete", want{files: 2, bytes: 7, actions: 1, targets: []string{"tmp"},
			line: "would delete 2 files (7 B) under ./tmp"}},
		{"find tmp -name '*.tmp' -exec rm {} \\;", want{files: 2, bytes: 7, actions: 1}},
		{"find tmp -type f -name '*.tmp' -o -name '*.txt' -delete", want{files: 2, bytes: 11, actions: 1}},
		{"find tmp ! -name '*.tmp' -type f -delete", want{files: 2, bytes: 11, actions: 1}},
		{"find tmp -maxdepth 1 -type f -delete", want{files: 2, bytes: 9, actions: 1}},
		{"find tmp -mindepth 2 -type f -delete", want{files: 2, bytes: 9, actions: 1}},
		{"find tmp -type d -empty -delete", want{dirs: 1, actions: 1}},
		{"find tmp -size -5c -type f -delete", want{files: 2, bytes: 7, actions: 1}},
		{"find tmp -path '*/deep/*' -exec rm -rf {} +", want{files: 2, dirs: 1, bytes: 9, actions: 1}},
		{"find tmp -name deep -prune -o -type f -delete", want{files: 2, bytes: 9, actions: 1}},
		{"find tmp -user bob -delete", want{files: 4, dirs: 3, bytes: 18, actions: 1, approx: true}},
		{"find tmp -name '*.tmp'", want{}},
		{"find tmp -name '*.tmp' -exec sh -c 'rm \"$1\"' _ {} \\;", want{actions: 1, unknown: true,
			line: "would delete targets not known until run time (files find passes to rm)"}},
		{"find tmp -mtime +3 -delete", want{actions: 1, line: "would delete nothing under ./tmp"}},
		{"mv notes.txt dst/", want{files: 1, bytes: 12, actions: 1, ops: []string{OpMove},
			line: "would move ./notes.txt (12 B) to ./dst"}},
		{"mv src/one.txt notes.txt", want{files: 2, bytes: 13, actions: 2, ops: []string{OpMove, OpOverwrite}}},
		{"mv -n src/one.txt notes.txt", want{files: 1, bytes: 1, actions: 1}},
		{"chmod -R 755 build", want{files: 3, dirs: 2, bytes: 60, actions: 1, ops: []string{OpChmod},
			line: "would change permissions of 3 files and 2 dirs under ./build"}},
		{"chmod -R -w build", want{files: 3, dirs: 2, bytes: 60, actions: 1}},
		{"sudo chown -R root:root build", want{files: 3, dirs: 2, bytes: 60, actions: 1, ops: []string{OpChown}}},
		{"chmod 644 notes.txt", want{}},
		{"echo hi > notes.txt", want{files: 1, bytes: 12, actions: 1, ops: []string{OpOverwrite},
			line: "would overwrite ./notes.txt (12 B)"}},
		{"echo hi >> notes.txt", want{}},
		{"echo hi > new.txt 2>/dev/null", want{}},
		{"{ echo a; echo b; } > notes.txt", want{files: 1, bytes: 12, actions: 1}},
		{"truncate -s 0 notes.txt logs/a.log", want{files: 2, bytes: 17, actions: 1, ops: []string{OpTruncate}}},
		{"truncate -s +1K notes.txt", want{}},
		{"shred -u notes.txt", want{files: 1, bytes: 12, actions: 1, ops: []string{OpDelete}}},
		{"unlink notes.txt", want{files: 1, bytes: 12, actions: 1}},
		{"rsync -a --delete sync/src/ sync/dst/", want{files: 2, dirs: 1, bytes: 5, actions: 1, approx: true}},
		{"rsync -a sync/src/ sync/dst/", want{}},
		{"rsync -a --delete sync/src/ host:dst/", want{actions: 1, unknown: true, approx: true}},
		{"dd if=/dev/zero of=notes.txt bs=1 count=1", want{files: 1, bytes: 12, actions: 1}},
		{"timeout 5 nohup env A=1 rm -rf build", want{files: 3, dirs: 2, bytes: 60, actions: 1}},
		{"rm -rf build; rm notes.txt", want{files: 4, dirs: 2, bytes: 72, actions: 2}},
		{"ls -la; cat notes.txt; echo hi | grep h; git status", want{line: ""}},
		{"rm -rf 'unterminated", want{unknown: true}},
	}
	for _, tt := range tests {
		t.Run(tt.cmd, func(t *testing.T) {
			got, err := Impact(context.Background(), tt.cmd, root, opts)
			if err != nil {
				t.Fatal(err)
			}
			if got.Files != tt.files || got.Dirs != tt.dirs || got.Bytes != tt.bytes || len(got.Actions) != tt.actions {
				t.Fatalf("got %d files, %d dirs, %d bytes, %d actions; want %d, %d, %d, %d\n%s\n%+v", got.Files,
					got.Dirs, got.Bytes, len(got.Actions), tt.files, tt.dirs, tt.bytes, tt.actions, got, got.Actions)
			}
			if got.Unknown != tt.unknown || got.Approximate != tt.approx || got.Truncated {
				t.Errorf("unknown %v approximate %v truncated %v; want %v %v false", got.Unknown, got.Approximate,
					got.Truncated, tt.unknown, tt.approx)
			}
			for i, op := range tt.ops {
				if got.Actions[i].Op != op {
					t.Errorf("action %d op %q, want %q", i, got.Actions[i].Op, op)
				}
			}
			if tt.targets != nil && !slices.Equal(got.Actions[0].Targets, tt.targets) {
				t.Errorf("targets %q, want %q", got.Actions[0].Targets, tt.targets)
			}
			if tt.missing != nil && !slices.Equal(got.Actions[0].Missing, tt.missing) {
				t.Errorf("missing %q, want %q", got.Actions[0].Missing, tt.missing)
			}
			if s := got.String(); (tt.line != "" || tt.actions == 0 && !tt.unknown) && s != tt.line {
				t.Errorf("String() = %q, want %q", s, tt.line)
			}
		})
	}
	if after := impactListing(t, root); after != before {
		t.Errorf("Impact changed the tree:\nbefore:\n%s\nafter:\n%s", before, after)
	}
}

func TestImpactSpan(t *testing.T) {
	root := t.TempDir()
	impactTree(t, root, impactTestTree)
	cmd := "echo ok && rm -rf build"
	got, err := Impact(context.Background(), cmd, root, Options{})
	if err != nil || len(got.Actions) != 1 {
		t.Fatalf("%v %+v", err, got)
	}
	if sp := got.Actions[0].Span; cmd[sp.Start:sp.End] != "rm -rf build" {
		t.Errorf("span %v is %q", sp, cmd[sp.Start:sp.End])
	}
}

func TestImpactBounds(t *testing.T) {
	root := t.TempDir()
	spec := map[string]string{}
	for i := range 50 {
		spec[fmt.Sprintf("big/d%d/f%d", i%5, i)] = "12"
	}
	impactTree(t, root, spec)

	full, err := Impact(context.Background(), "rm -rf big", root, Options{})
	if err != nil || full.Files != 50 || full.Dirs != 6 || full.Bytes != 100 || full.Truncated {
		t.Fatalf("unbounded: %v %+v", err, full)
	}

	saved := impactLimits
	t.Cleanup(func() { impactLimits = saved })
	impactLimits.entries = 10
	got, err := Impact(context.Background(), "rm -rf big", root, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !got.Truncated || got.Files+got.Dirs > 10 || got.Files+got.Dirs == 0 {
		t.Fatalf("entry bound: %+v", got)
	}
	if s := got.String(); !strings.Contains(s, "would delete at least ") {
		t.Errorf("String() = %q, want an 'at least'", s)
	}

	impactLimits = saved
	impactLimits.time = time.Nanosecond
	got, err = Impact(context.Background(), "rm -rf big", root, Options{})
	if err != nil || !got.Truncated {
		t.Fatalf("time bound: %v %+v", err, got)
	}

	impactLimits = saved
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	got, err = Impact(ctx, "rm -rf big", root, Options{})
	if !errors.Is(err, context.Canceled) || !got.Truncated || got.Files != 0 {
		t.Fatalf("cancelled: %v %+v", err, got)
	}

	ctx, cancel = context.WithDeadline(context.Background(), time.Now().Add(-time.Second))
	defer cancel()
	got, err = Impact(ctx, "rm -rf big", root, Options{})
	if err != nil || !got.Truncated {
		t.Fatalf("past deadline: %v %+v", err, got)
	}
}

func TestImpactFindMtime(t *testing.T) {
	root := t.TempDir()
	impactTree(t, root, map[string]string{"old.log": "1", "new.log": "22", "mid.log": "333"})
	now := time.Now()
	for name, age := range map[string]time.Duration{"old.log": 10 * 24 * time.Hour, "mid.log": 36 * time.Hour} {
		if err := os.Chtimes(filepath.Join(root, name), now.Add(-age), now.Add(-age)); err != nil {
			t.Fatal(err)
		}
	}
	for _, tt := range []struct {
		cmd   string
		files int64
		bytes int64
	}{
		{"find . -mtime +5 -delete", 1, 1},
		{"find . -type f -mtime -1 -delete", 1, 2},
		{"find . -type f -mtime 1 -delete", 1, 3},
		{"find . -type f -mmin +60 -delete", 2, 4},
		{"find . -type f -newer mid.log -delete", 1, 2},
	} {
		got, err := Impact(context.Background(), tt.cmd, root, Options{})
		if err != nil || got.Files != tt.files || got.Bytes != tt.bytes {
			t.Errorf("%s: %v %d files %d bytes, want %d %d", tt.cmd, err, got.Files, got.Bytes, tt.files, tt.bytes)
		}
	}
}

func TestImpactGitClean(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Fatal("git is not installed (scripts/test-deps.sh installs it)")
	}
	root := t.TempDir()
	impactTree(t, root, map[string]string{
		"tracked.txt":     "keep",
		".gitignore":      "build/\n*.o\n",
		"untracked.txt":   "12345",
		"build/out.bin":   "1234567890",
		"build/sub/x.bin": "12",
		"main.o":          "123",
		"newdir/n.txt":    "1",
	})
	git := func(args ...string) {
		cmd := exec.Command("git", append([]string{"-C", root, "-c", "user.name=t", "-c", "user.email=t@t"}, args...)...)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	git("init", "-q")
	git("add", "tracked.txt", ".gitignore")
	git("commit", "-q", "-m", "init")
	before := impactListing(t, root)

	for _, tt := range []struct {
		cmd                string
		files, dirs, bytes int64
	}{
		{"git clean -fdx", 5, 3, 21},   // untracked.txt, newdir/, build/, main.o
		{"git clean -f", 1, 0, 5},      // untracked files only, not in new dirs
		{"git clean -fd", 2, 1, 6},     // and untracked dirs
		{"git clean -fX", 1, 0, 3},     // ignored files only
		{"git clean -fdX", 3, 2, 15},   // ignored files and dirs
		{"git clean -n -fdx", 0, 0, 0}, // a dry run
		{"git clean -dx", 0, 0, 0},     // refused without -f
		{"git -C . clean -fdx -e build", 3, 1, 9},
	} {
		got, err := Impact(context.Background(), tt.cmd, root, Options{})
		if err != nil || got.Files != tt.files || got.Dirs != tt.dirs || got.Bytes != tt.bytes {
			t.Errorf("%s: %v got %d/%d/%d want %d/%d/%d %+v", tt.cmd, err, got.Files, got.Dirs, got.Bytes,
				tt.files, tt.dirs, tt.bytes, got.Actions)
		}
	}
	if after := impactListing(t, root); after != before {
		t.Errorf("git clean -n changed the repository:\nbefore:\n%s\nafter:\n%s", before, after)
	}
}

func TestImpactJSON(t *testing.T) {
	b, err := json.Marshal(BlastRadius{})
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"actions":[],"files":0,"dirs":0,"bytes":0,"truncated":false,"approximate":false,"unknown":false}`; string(b) != want {
		t.Errorf("got %s\nwant %s", b, want)
	}
	if s := (BlastRadius{}).String(); s != "" {
		t.Errorf("zero String() = %q", s)
	}
}

func TestHumanBytes(t *testing.T) {
	for n, want := range map[int64]string{0: "0 B", 999: "999 B", 1000: "1.0 KB", 12_345: "12 KB",
		9_960: "10 KB", 999_600: "1.0 MB", 3_200_000_000: "3.2 GB", 1_500_000_000_000: "1.5 TB"} {
		if got := humanBytes(n); got != want {
			t.Errorf("humanBytes(%d) = %q, want %q", n, got, want)
		}
	}
	for n, want := range map[int64]string{0: "0", 999: "999", 1204: "1,204", 1_234_567: "1,234,567", -1204: "-1,204"} {
		if got := thousands(n); got != want {
			t.Errorf("thousands(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestImpactLines(t *testing.T) {
	a := ImpactAction{Verb: "rm", Op: OpDelete, Targets: []string{"build"}, Files: 1204, Dirs: 3, Bytes: 3_200_000_000,
		Truncated: true}
	if got, want := a.String(), "would delete at least 1,204 files and 3 dirs (3.2 GB) under ./build"; got != want {
		t.Errorf("got %q\nwant %q", got, want)
	}
	a = ImpactAction{Verb: "chmod", Op: OpChmod, Targets: []string{"/etc"}, Files: 3410, Dirs: 1}
	if got, want := a.String(), "would change permissions of 3,410 files and 1 dir under /etc"; got != want {
		t.Errorf("got %q\nwant %q", got, want)
	}
	a = ImpactAction{Verb: "rm", Op: OpDelete, Targets: []string{"a", "b", "c", "d"}, MoreTargets: 10, Files: 14,
		Bytes: 14, Dynamic: []string{"$X"}}
	if got, want := a.String(), "would delete 14 files (14 B): ./a, ./b, ./c and 11 more, plus targets not known until run time ($X)"; got != want {
		t.Errorf("got %q\nwant %q", got, want)
	}
}

// cancelAfter is a context that reports cancellation once Err has been asked n times, to stop a walk midway;
// Impact asks a few times before walking and then once per 32 entries.
type cancelAfter struct {
	context.Context
	n int
}

func (c *cancelAfter) Err() error {
	if c.n--; c.n < 0 {
		return context.Canceled
	}
	return nil
}

func TestImpactCancelMidWalk(t *testing.T) {
	root := t.TempDir()
	spec := map[string]string{}
	for i := range 500 {
		spec[fmt.Sprintf("big/f%03d", i)] = "1"
	}
	impactTree(t, root, spec)
	got, err := Impact(&cancelAfter{Context: context.Background(), n: 8}, "rm -rf big", root, Options{})
	if !errors.Is(err, context.Canceled) || !got.Truncated || got.Files == 0 || got.Files >= 500 {
		t.Fatalf("got %v, %d files, truncated %v; want context.Canceled after some of the 500 files", err, got.Files,
			got.Truncated)
	}
}

func TestImpactManyTargets(t *testing.T) {
	root := t.TempDir()
	spec := map[string]string{}
	for i := range 25 {
		spec[fmt.Sprintf("f%02d.log", i)] = "12"
	}
	impactTree(t, root, spec)
	got, err := Impact(context.Background(), "rm -- *.log", root, Options{Shell: "sh"})
	if err != nil || len(got.Actions) != 1 {
		t.Fatalf("%v %+v", err, got)
	}
	a := got.Actions[0]
	if a.Files != 25 || a.Bytes != 50 || len(a.Targets) != maxListedTargets || a.MoreTargets != 5 {
		t.Fatalf("got %d files %d bytes %d targets +%d", a.Files, a.Bytes, len(a.Targets), a.MoreTargets)
	}
	if s, want := got.String(), "would delete 25 files (50 B): ./f00.log, ./f01.log, ./f02.log and 22 more"; s != want {
		t.Errorf("String() = %q, want %q", s, want)
	}
}
