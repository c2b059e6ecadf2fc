package recall

import (
	"errors"
	"strings"
	"testing"

	"github.com/cmdai/cmdai/models/offline/shape"
)

func TestAbstract(t *testing.T) {
	for _, tc := range []struct{ cmd, want string }{
		// Paths, globs, quoted text and words open; options, numbers, short words like . or f, {} and \;
		// stay.
		{`find /var/log -name "*.log" -mtime +7 -exec rm {} \;`, `find PATH -name 'PATTERN' -mtime +7 -exec rm {} \;`},
		{`grep -r "TODO" src`, `grep -r 'TEXT' NAME`},
		{`find . -type f | xargs grep -l foo`, `find . -type f | xargs grep -l NAME`},
		{`chown alice:staff ~/notes.txt`, `chown NAME PATH`},
		{`head -n 10 "$file"`, `head -n 10 PATH`},
		// A command substitution is part of the shape: its own arguments open.
		{`cd $(find . -name Subscription.java -printf '%h\n')`, `cd $(find . -name NAME -printf 'TEXT')`},
		// tar's bundled options are arguments to a shell but options to NLC2CMD: opening them would
		// change the shape, so they stay.
		{`tar xzf archive.tar.gz`, `tar xzf NAME`},
	} {
		tpl, err := abstract(tc.cmd)
		if err != nil {
			t.Errorf("abstract(%q): %v", tc.cmd, err)
			continue
		}
		if got := tpl.String(); got != tc.want {
			t.Errorf("abstract(%q) = %q, want %q", tc.cmd, got, tc.want)
		}
		want, _ := shape.Utilities(tc.cmd)
		got, _ := shape.Utilities(tpl.String())
		if !sameShape(got, want) {
			t.Errorf("abstract(%q) changed the shape: %v, want %v", tc.cmd, got, want)
		}
	}
}

func TestAbstractRefuses(t *testing.T) {
	for _, cmd := range []string{
		`find . -name "unterminated`, // does not parse
		`awk '{print $1}' file`,      // outside the NLC2CMD grammar: no shape to keep
		`ls > out.txt`,               // a redirection: no shape either
		``,
	} {
		if tpl, err := abstract(cmd); err == nil {
			t.Errorf("abstract(%q) = %q, want an error", cmd, tpl)
		}
	}
	if _, err := abstract(`awk '{print $1}' file`); !errors.Is(err, errNoShape) {
		t.Errorf("abstract(awk): %v, want errNoShape", err)
	}
}

func TestFill(t *testing.T) {
	tpl, err := abstract(`find /srv -name '*.go' -exec grep -l "main" {} + | xargs wc -l`)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := tpl.Holes(), []Hole{HolePath, HolePattern, HoleText}; string(got) != string(want) {
		t.Fatalf("Holes() = %q, want %q", got, want)
	}
	values := map[Hole][]string{HolePath: {"src"}, HolePattern: {"'*.c'"}}
	got, complete := tpl.Fill(func(h Hole, i int, before string) (string, bool) {
		if h == HolePath && before != "find " {
			t.Errorf("the path hole comes after %q, want %q", before, "find ")
		}
		if i < len(values[h]) {
			return values[h][i], true
		}
		return "", false
	})
	if want := `find src -name '*.c' -exec grep -l 'TEXT' {} + | xargs wc -l`; got != want || complete {
		t.Errorf("Fill = %q, %v; want %q, false", got, complete, want)
	}
	got, complete = tpl.Fill(func(Hole, int, string) (string, bool) { return "x", true })
	if strings.Contains(got, "PATH") || !complete {
		t.Errorf("Fill with every value = %q, %v; want no placeholder and complete", got, complete)
	}
}

// TestNumberHoles: numbers open with their sign and unit kept outside, read as the example's own when
// unfilled, and a leading minus opens only where it cannot be an option (find -mtime -7, not ls -1).
func TestNumberHoles(t *testing.T) {
	tpl, err := abstract(`find /tmp -size +10M -mtime -7 | head -n 20 | ls -1`)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := tpl.Holes(), []Hole{HolePath, HoleNumber, HoleNumber, HoleNumber}; string(got) != string(want) {
		t.Fatalf("Holes() = %q, want %q", got, want)
	}
	if got, want := tpl.String(), `find PATH -size +10M -mtime -7 | head -n 20 | ls -1`; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
	nums := []string{"1.5", "3", "5"}
	got, complete := tpl.Fill(func(h Hole, i int, _ string) (string, bool) {
		if h == HoleNumber {
			return nums[i], true
		}
		return "", false
	})
	if want := `find PATH -size +1.5M -mtime -3 | head -n 5 | ls -1`; got != want || complete {
		t.Errorf("Fill = %q, %v; want %q, false (the path is still open)", got, complete, want)
	}
}
