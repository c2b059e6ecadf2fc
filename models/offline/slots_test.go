package offline

import (
	"slices"
	"testing"
)

// testEngine is the engine with its catalogue alone: most tests pin what the catalogue understands,
// and recalled_test.go tests how the recall model's answers join in.
func testEngine(t testing.TB) *Engine {
	t.Helper()
	return fullEngine(t).WithRecall(nil)
}

// fullEngine is the engine as New returns it, with the embedded recall model.
func fullEngine(t testing.TB) *Engine {
	t.Helper()
	e, err := New()
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return e
}

func slotsOf(e *Engine, prompt string) *slots {
	return e.extractSlots(tokenize(prompt))
}

func TestSizes(t *testing.T) {
	e := testEngine(t)
	for _, tc := range []struct{ prompt, want string }{
		{"files bigger than 1.5 GB", "+1536M"},
		{"files larger than 100MB", "+100M"},
		{"smaller than 10k", "-10k"},
		{"less than 500 bytes", "-500c"},
		{"over 2 gigabytes", "+2G"},
		{"files of 1 MB", "1M"},
		{"at least 0.5 kb", "+512c"},
		{"100MB or more", "+100M"},
	} {
		t.Run(tc.prompt, func(t *testing.T) {
			s := slotsOf(e, tc.prompt)
			if len(s.sizes) != 1 || s.sizes[0].arg != tc.want {
				t.Fatalf("sizes = %+v, want %s", s.sizes, tc.want)
			}
		})
	}
}

func TestTimes(t *testing.T) {
	e := testEngine(t)
	for _, tc := range []struct{ prompt, flag, arg string }{
		{"modified in the last 3 days", "-mtime", "-3"},
		{"older than a week", "-mtime", "+7"},
		{"changed within the last 30 minutes", "-mmin", "-30"}, // in everyday speech a changed file is a modified one
		{"status changed within the last 30 minutes", "-cmin", "-30"},
		{"files whose inode changed in the last 2 days", "-ctime", "-2"},
		{"accessed more than 2 hours ago", "-amin", "+120"},
		{"modified in the last 24 hours", "-mtime", "-1"},
		{"modified today", "-mtime", "0"},
		{"not accessed for 90 days", "-atime", "+90"},
		{"in the past hour", "-mmin", "-60"},
		{"modified exactly 5 days ago", "-mtime", "5"},
	} {
		t.Run(tc.prompt, func(t *testing.T) {
			s := slotsOf(e, tc.prompt)
			if len(s.times) != 1 || s.times[0].flag != tc.flag || s.times[0].arg != tc.arg {
				t.Fatalf("times = %+v, want %s %s", s.times, tc.flag, tc.arg)
			}
		})
	}
}

func TestCounts(t *testing.T) {
	e := testEngine(t)
	for _, tc := range []struct {
		prompt string
		want   int
	}{
		{"top 5 processes", 5},
		{"the 10 largest files", 10},
		{"first 20 lines", 20},
		{"last three lines", 3},
		{"files in /tmp", 0},
	} {
		t.Run(tc.prompt, func(t *testing.T) {
			if got := slotsOf(e, tc.prompt).count; got != tc.want {
				t.Fatalf("count = %d, want %d", got, tc.want)
			}
		})
	}
}

func TestPaths(t *testing.T) {
	e := testEngine(t)
	for _, tc := range []struct {
		prompt string
		want   []string
	}{
		{"files in /var/log", []string{"/var/log"}},
		{"files under ~/src", []string{"~/src"}},
		{"in this directory", []string{"."}},
		{"here", []string{"."}},
		{"in the current directory", []string{"."}},
		{"in my home directory", []string{"~"}},
		{`in "My Documents"`, []string{"My Documents"}},
		{"count lines in main.go", []string{"main.go"}},
		{"copy a.txt to b.txt", []string{"a.txt", "b.txt"}},
		{"in the src directory", []string{"src"}},
		{"everywhere on the system", []string{"/"}},
	} {
		t.Run(tc.prompt, func(t *testing.T) {
			if got := slotsOf(e, tc.prompt).paths; !slices.Equal(got, tc.want) {
				t.Fatalf("paths = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestGlobs(t *testing.T) {
	e := testEngine(t)
	for _, tc := range []struct {
		prompt string
		want   []string
	}{
		{"python files", []string{"*.py"}},
		{".txt files", []string{"*.txt"}},
		{"files named foo*", []string{"foo*"}},
		{"files ending with .log", []string{"*.log"}},
		{"files starting with 'test'", []string{"test*"}},
		{"all *.c files", []string{"*.c"}},
		{"files with extension md", []string{"*.md"}},
		{"files whose names contain 'draft'", []string{"*draft*"}},
		{"hidden files", []string{".*"}},
		{"jpg and png files", []string{"*.jpg", "*.png"}},
	} {
		t.Run(tc.prompt, func(t *testing.T) {
			if got := slotsOf(e, tc.prompt).globs; !slices.Equal(got, tc.want) {
				t.Fatalf("globs = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestPeople(t *testing.T) {
	e := testEngine(t)
	for _, tc := range []struct{ prompt, user, group string }{
		{"files owned by alice", "alice", ""},
		{"files belonging to user bob", "bob", ""},
		{"files in group staff", "", "staff"},
		{"files owned by root and group wheel", "root", "wheel"},
	} {
		t.Run(tc.prompt, func(t *testing.T) {
			s := slotsOf(e, tc.prompt)
			if s.user != tc.user || s.group != tc.group {
				t.Fatalf("user, group = %q, %q; want %q, %q", s.user, s.group, tc.user, tc.group)
			}
		})
	}
}

func TestPortsPIDsURLs(t *testing.T) {
	e := testEngine(t)
	s := slotsOf(e, "what is listening on port 8080 and kill pid 4242")
	if !slices.Equal(s.ports, []string{"8080"}) || !slices.Equal(s.pids, []string{"4242"}) {
		t.Errorf("ports %q pids %q", s.ports, s.pids)
	}
	s = slotsOf(e, "download https://example.com/a.tar.gz and ssh to deploy@10.0.0.5")
	if !slices.Equal(s.urls, []string{"https://example.com/a.tar.gz"}) {
		t.Errorf("urls %q", s.urls)
	}
	if !slices.Equal(s.hosts, []string{"example.com", "deploy@10.0.0.5"}) {
		t.Errorf("hosts %q", s.hosts)
	}
	s = slotsOf(e, "ping github.com")
	if !slices.Equal(s.hosts, []string{"github.com"}) {
		t.Errorf("hosts %q", s.hosts)
	}
	s = slotsOf(e, "rename old.txt to new.txt")
	if len(s.hosts) != 0 || s.dst != "new.txt" {
		t.Errorf("hosts %q dst %q", s.hosts, s.dst)
	}
}

func TestDepthPermEmpty(t *testing.T) {
	e := testEngine(t)
	if s := slotsOf(e, "files not in subdirectories"); s.maxDepth != 1 {
		t.Errorf("maxDepth = %d, want 1", s.maxDepth)
	}
	if s := slotsOf(e, "at most 2 levels deep"); s.maxDepth != 2 {
		t.Errorf("maxDepth = %d, want 2", s.maxDepth)
	}
	if s := slotsOf(e, "files with permission 644"); s.perm != "" || !slices.ContainsFunc(s.findPreds, func(p findPred) bool { return p.value == "-perm 644" }) {
		t.Errorf("files with a mode are a test: perm = %q, tests %v", s.perm, s.findPreds)
	}
	if s := slotsOf(e, "set the files with permission 644 to 755"); s.perm != "755" {
		t.Errorf("perm = %q", s.perm)
	}
	if s := slotsOf(e, "empty directories"); !s.empty || s.ftype != "d" {
		t.Errorf("empty %v ftype %q", s.empty, s.ftype)
	}
	if s := slotsOf(e, "files in the current directory"); s.ftype != "" {
		t.Errorf("a location is not a type: ftype %q", s.ftype)
	}
	if s := slotsOf(e, "regular files"); s.ftype != "f" {
		t.Errorf("ftype %q", s.ftype)
	}
	if s := slotsOf(e, "containing 'TODO' ignoring case"); !slices.Equal(s.patterns, []string{"TODO"}) || !s.iname {
		t.Errorf("patterns %q iname %v", s.patterns, s.iname)
	}
}

func TestFindSize(t *testing.T) {
	for _, tc := range []struct {
		num  string
		unit float64
		want string
	}{
		{"1.5", 1 << 30, "1536M"},
		{"10", 1 << 10, "10k"},
		{"2048", 1, "2k"},
		{"100", 1, "100c"},
		{"0.1", 1 << 10, "102c"},
	} {
		if got := findSize(tc.num, tc.unit); got != tc.want {
			t.Errorf("findSize(%s, %v) = %s, want %s", tc.num, tc.unit, got, tc.want)
		}
	}
}
