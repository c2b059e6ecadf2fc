package safety

import (
	"path/filepath"
	"strings"

	"mvdan.cc/sh/v3/syntax"
)

// cwdTracker follows cd through a command line, so that "cd build && rm -rf *" counts build's contents.
// Check's walker has no use for the working directory and does not say which calls share a subshell, so
// the tracker reads the subshell spans of the top-level text itself: a cd inside "( … )" or "$( … )" ends
// with it. Inside nested strings (bash -c '…'), whose calls all carry the outer word's span, a cd lasts until
// the walk leaves that string.
type cwdTracker struct {
	base   string
	scopes []Span // subshells of the top-level text
	events []cdEvent
	// nested holds the directory at each depth > 0 while the walk is inside the nested strings of the word
	// at nestedSpan.
	nested     []string
	nestedSpan Span
}

// cdEvent is a cd at the top level: from offset at onwards, within scope, the directory is dir.
type cdEvent struct {
	at    int
	scope Span
	dir   string
}

func newCwdTracker(cmd, cwd, shell string) *cwdTracker {
	t := &cwdTracker{base: cwd}
	if len(cmd) > maxText || tooManyGroups(cmd) {
		return t // the walker refused to parse it too, and found no calls to place
	}
	f, err := syntax.NewParser(syntax.Variant(dialect(shell))).Parse(strings.NewReader(cmd), "")
	if err != nil {
		return t
	}
	syntax.Walk(f, func(n syntax.Node) bool {
		switch n.(type) {
		case *syntax.Subshell, *syntax.CmdSubst, *syntax.ProcSubst:
			t.scopes = append(t.scopes, Span{Start: int(n.Pos().Offset()), End: int(n.End().Offset())})
		}
		return true
	})
	return t
}

// at is the directory call c runs in; "" when a dynamic cd made it unknown.
func (t *cwdTracker) at(c call) string {
	if c.Depth == 0 {
		t.nested = nil
		return t.top(c.Span.Start)
	}
	if c.Span != t.nestedSpan {
		t.nested, t.nestedSpan = nil, c.Span // another nested string starts from the top level's directory
	}
	if len(t.nested) > c.Depth {
		t.nested = t.nested[:c.Depth] // back from a deeper string
	}
	for len(t.nested) < c.Depth {
		seed := t.top(c.Span.Start)
		if len(t.nested) > 0 {
			seed = t.nested[len(t.nested)-1]
		}
		t.nested = append(t.nested, seed)
	}
	return t.nested[c.Depth-1]
}

// top is the directory at offset pos of the top-level text.
func (t *cwdTracker) top(pos int) string {
	dir := t.base
	for _, ev := range t.events {
		if ev.at <= pos && ev.scope.Start <= pos && pos < ev.scope.End {
			dir = ev.dir
		}
	}
	return dir
}

// cd records that c, a cd, pushd or popd, changes the directory to dir.
func (t *cwdTracker) cd(c call, dir string) {
	if c.Depth > 0 {
		t.at(c)
		t.nested[c.Depth-1] = dir
		return
	}
	scope := Span{Start: 0, End: int(^uint(0) >> 1)}
	for _, s := range t.scopes { // the innermost subshell holding the cd
		if s.Start <= c.Span.Start && c.Span.End <= s.End && s.Start >= scope.Start {
			scope = s
		}
	}
	t.events = append(t.events, cdEvent{at: c.Span.End, scope: scope, dir: dir})
}

// chdir is the directory after a cd, pushd or popd run in c.cwd; "" when it cannot be known before run time.
func (im *impactor) chdir(c impactCall) string {
	p := parseGNU(c.Args, gnuSpec{})
	switch {
	case c.Name == "popd":
		return ""
	case len(p.operands) == 0:
		if c.Name == "pushd" {
			return "" // swaps with the directory stack, which Impact does not know
		}
		return im.home
	case p.operands[0].Value == "-":
		return ""
	}
	fields, dyn := im.x.fields(p.operands[0], c.cwd)
	if dyn || len(fields) != 1 {
		return ""
	}
	if filepath.IsAbs(fields[0]) {
		return filepath.Clean(fields[0])
	}
	return filepath.Join(c.cwd, fields[0])
}
