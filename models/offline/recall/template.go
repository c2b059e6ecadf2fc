package recall

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"

	"mvdan.cc/sh/v3/syntax"

	"github.com/cmdai/cmdai/models/offline/shape"
)

// Hole is the kind of an argument a template left open.
type Hole byte

// The kinds of holes. A template keeps what shapes a command (utilities, options, find's {} and \;,
// short words like find's f or d) and opens the rest.
const (
	HolePath    Hole = 'p' // a file or directory, or a variable standing for one
	HolePattern Hole = 'g' // a glob
	HoleText    Hole = 't' // a quoted string: a search term, a message
	HoleWord    Hole = 'w' // any other word: a name, a host, a user
	// HoleNumber is a number; its sign and unit stay outside (+N M for +10M). Unfilled, it reads as the
	// example's own number.
	HoleNumber Hole = 'n'
)

// holeMark starts a hole in a template's text; the kind byte follows it, and a number hole's default
// and a closing holeMark follow that.
const holeMark = '\x00'

// Placeholder is what an unfilled hole reads as: a word the shell parses and a person sees to replace.
func (h Hole) Placeholder() string {
	switch h {
	case HolePath:
		return "PATH"
	case HolePattern:
		return "'PATTERN'"
	case HoleText:
		return "'TEXT'"
	default:
		return "NAME"
	}
}

// Template is a command with its arguments opened as holes.
type Template struct {
	text string
}

// Holes returns the kinds of the template's holes in order.
func (t Template) Holes() []Hole {
	var hs []Hole
	t.walk(func(lit string) {}, func(h Hole, _ string) { hs = append(hs, h) })
	return hs
}

// walk calls text for each run of literal text and hole for each hole, in order, with a number hole's
// default.
func (t Template) walk(text func(string), hole func(h Hole, def string)) {
	s := t.text
	for {
		i := strings.IndexByte(s, holeMark)
		if i < 0 || i+1 == len(s) {
			text(s)
			return
		}
		text(s[:i])
		h, def := Hole(s[i+1]), ""
		s = s[i+2:]
		if h == HoleNumber {
			end := strings.IndexByte(s, holeMark)
			if end < 0 {
				end = len(s)
			}
			def, s = s[:end], s[min(end+1, len(s)):]
		}
		hole(h, def)
	}
}

// Filler gives the value of a template's hole: h is its kind, i counts the holes of that kind before
// it, and before is the command rendered up to it (so "chown " before a hole says it wants a user).
type Filler func(h Hole, i int, before string) (string, bool)

// Fill renders the template, asking fill for the value of each hole in order; a hole fill leaves open
// reads as its Placeholder, or a number hole as the example's number. It reports whether every hole
// other than a number was filled.
func (t Template) Fill(fill Filler) (string, bool) {
	var b strings.Builder
	seen := map[Hole]int{}
	complete := true
	t.walk(func(lit string) { b.WriteString(lit) }, func(h Hole, def string) {
		v, ok := "", false
		if fill != nil {
			v, ok = fill(h, seen[h], b.String())
		}
		seen[h]++
		switch {
		case ok:
		case h == HoleNumber:
			v = def
		default:
			v, complete = h.Placeholder(), false
		}
		b.WriteString(v)
	})
	return b.String(), complete
}

// String is the template with every hole read as its placeholder.
func (t Template) String() string {
	s, _ := t.Fill(nil)
	return s
}

// kept are structural words that shape a command and carry nothing of the example they came from.
var kept = map[string]bool{"{}": true, ";": true, `\;`: true, "+": true, "!": true, `\!`: true, "(": true,
	")": true, `\(`: true, `\)`: true, "-": true, "--": true, "'{}'": true, `"{}"`: true, "{} +": true}

// numericTests are the options whose number may carry a minus sign that is not an option itself:
// find -mtime -7 means less than 7 days.
var numericTests = map[string]bool{"-mtime": true, "-mmin": true, "-atime": true, "-amin": true, "-ctime": true,
	"-cmin": true, "-size": true, "-used": true, "-links": true, "-uid": true, "-gid": true}

// numberRe matches a number argument: sign, digits, one-letter unit (+10M, -7, 644).
var numberRe = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^([+-]?)([0-9]+(?:\.[0-9]+)?)([a-zA-Z]?)$`) })

// utilities are the names NLC2CMD knows as utilities, made on first use: only training abstracts.
var utilities = sync.OnceValue(func() map[string]bool {
	m := map[string]bool{}
	for _, u := range shape.Grammar() {
		m[u] = true
	}
	return m
})

// abstract opens the arguments of cmd as holes. It fails when cmd does not parse or when the template's
// shape (utilities and options, as NLC2CMD reads them) differs from cmd's, so that a template always
// stands for what its example did.
func abstract(cmd string) (Template, error) {
	f, err := syntax.NewParser(syntax.Variant(syntax.LangBash)).Parse(strings.NewReader(cmd), "")
	if err != nil {
		return Template{}, fmt.Errorf("parse %q: %w", cmd, err)
	}
	type span struct {
		from, to int
		h        Hole
		def      string // a number hole's default
	}
	var spans []span
	open := func(w *syntax.Word, prev string) {
		from, to := int(w.Pos().Offset()), int(w.End().Offset())
		if m := numberRe().FindStringSubmatch(cmd[from:to]); m != nil && (m[1] != "-" || numericTests[prev]) {
			// The sign and the unit stay: the hole is the digits.
			spans = append(spans, span{from + len(m[1]), to - len(m[3]), HoleNumber, m[2]})
			return
		}
		if h, ok := holeFor(cmd, w); ok {
			spans = append(spans, span{from, to, h, ""})
		}
	}
	syntax.Walk(f, func(n syntax.Node) bool {
		switch n := n.(type) {
		case *syntax.CallExpr:
			for _, a := range n.Assigns {
				if a.Value != nil {
					open(a.Value, "")
				}
			}
			for i, w := range n.Args {
				if i > 0 {
					open(w, n.Args[i-1].Lit())
				}
			}
		case *syntax.Redirect:
			if n.Word != nil && n.Hdoc == nil {
				open(n.Word, "")
			}
		}
		return true
	})
	slices.SortFunc(spans, func(a, b span) int { return a.from - b.from })
	render := func(skip int) Template {
		var b strings.Builder
		at := 0
		for i, s := range spans {
			if s.from < at || i == skip {
				continue // inside a word already opened, or kept
			}
			b.WriteString(cmd[at:s.from])
			b.WriteByte(holeMark)
			b.WriteByte(byte(s.h))
			if s.h == HoleNumber {
				b.WriteString(s.def)
				b.WriteByte(holeMark)
			}
			at = s.to
		}
		b.WriteString(cmd[at:])
		return Template{text: b.String()}
	}
	want, err := shape.Utilities(cmd)
	if err != nil || len(want) == 0 {
		return Template{}, fmt.Errorf("shape of %q: %w", cmd, errNoShape)
	}
	// Some arguments are options in disguise (tar's "xzf", ps's "aux"): when opening every argument
	// changes the shape, keep one of them as written.
	for skip := -1; skip < len(spans); skip++ {
		t := render(skip)
		if got, err := shape.Utilities(t.String()); err == nil && sameShape(got, want) {
			return t, nil
		}
	}
	return Template{}, fmt.Errorf("every template of %q changes its shape: %w", cmd, errNoShape)
}

var errNoShape = fmt.Errorf("no NLC2CMD shape")

// holeFor decides whether argument w of cmd opens, and as what.
func holeFor(cmd string, w *syntax.Word) (Hole, bool) {
	src := cmd[w.Pos().Offset():w.End().Offset()]
	lit := w.Lit()
	switch {
	case strings.HasPrefix(src, "-"), kept[src], utilities()[lit],
		lit != "" && len(lit) <= 2:
		return 0, false
	}
	quoted, param := false, false
	for _, p := range w.Parts {
		switch p := p.(type) {
		case *syntax.CmdSubst, *syntax.ProcSubst, *syntax.ArithmExp:
			return 0, false // its commands are part of the shape; their words open on their own
		case *syntax.DblQuoted:
			quoted = true
			for _, q := range p.Parts {
				switch q.(type) {
				case *syntax.CmdSubst, *syntax.ArithmExp:
					return 0, false
				case *syntax.ParamExp:
					param = true
				}
			}
		case *syntax.SglQuoted:
			quoted = true
		case *syntax.ParamExp:
			param = true
		}
	}
	unquoted := strings.Trim(src, `"'`)
	switch {
	case strings.ContainsAny(unquoted, "*?[") && !param && !strings.Contains(unquoted, "/"):
		return HolePattern, true
	case param, strings.Contains(unquoted, "/"), strings.HasPrefix(unquoted, "."), strings.HasPrefix(unquoted, "~"):
		return HolePath, true
	case quoted:
		return HoleText, true
	}
	return HoleWord, true
}

func sameShape(a, b []shape.Utility) bool {
	return slices.EqualFunc(a, b, func(x, y shape.Utility) bool {
		return x.Name == y.Name && slices.Equal(x.Flags, y.Flags)
	})
}
