package recall

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"

	"mvdan.cc/sh/v3/syntax"

	"github.com/cmdai/cmdai/eval/nlc2cmd"
)

// Hole is the kind of an argument a template left open.
type Hole byte

// The kinds of holes. A template keeps what shapes a command (utilities, options, numbers, find's {}
// and \;, short words like find's f or d) and opens the rest.
const (
	HolePath    Hole = 'p' // a file or directory, or a variable standing for one
	HolePattern Hole = 'g' // a glob
	HoleText    Hole = 't' // a quoted string: a search term, a message
	HoleWord    Hole = 'w' // any other word: a name, a host, a user
)

// holeMark starts a hole in a template's text; the kind byte follows it.
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
	for i := 0; i < len(t.text)-1; i++ {
		if t.text[i] == holeMark {
			hs = append(hs, Hole(t.text[i+1]))
			i++
		}
	}
	return hs
}

// Fill renders the template, asking fill for the value of each hole in order (i counts holes of the
// same kind); a hole fill leaves open reads as its Placeholder. It reports whether every hole was filled.
func (t Template) Fill(fill func(h Hole, i int) (string, bool)) (string, bool) {
	var b strings.Builder
	seen := map[Hole]int{}
	complete := true
	for i := 0; i < len(t.text); i++ {
		if t.text[i] != holeMark || i+1 == len(t.text) {
			b.WriteByte(t.text[i])
			continue
		}
		h := Hole(t.text[i+1])
		i++
		v, ok := "", false
		if fill != nil {
			v, ok = fill(h, seen[h])
		}
		seen[h]++
		if !ok {
			v, complete = h.Placeholder(), false
		}
		b.WriteString(v)
	}
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

// buildVocab is what abstract needs besides kept, made on first use: only training abstracts.
var buildVocab = sync.OnceValue(func() (v struct {
	number    *regexp.Regexp
	utilities map[string]bool
}) {
	v.number = regexp.MustCompile(`^[+-]?[0-9]+(\.[0-9]+)?[a-zA-Z]?$`)
	v.utilities = map[string]bool{}
	for _, u := range nlc2cmd.Grammar() {
		v.utilities[u] = true
	}
	return v
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
	}
	var spans []span
	open := func(w *syntax.Word) {
		if h, ok := holeFor(cmd, w); ok {
			spans = append(spans, span{int(w.Pos().Offset()), int(w.End().Offset()), h})
		}
	}
	syntax.Walk(f, func(n syntax.Node) bool {
		switch n := n.(type) {
		case *syntax.CallExpr:
			for _, a := range n.Assigns {
				if a.Value != nil {
					open(a.Value)
				}
			}
			for i, w := range n.Args {
				if i > 0 {
					open(w)
				}
			}
		case *syntax.Redirect:
			if n.Word != nil && n.Hdoc == nil {
				open(n.Word)
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
			at = s.to
		}
		b.WriteString(cmd[at:])
		return Template{text: b.String()}
	}
	want, err := nlc2cmd.Utilities(cmd)
	if err != nil || len(want) == 0 {
		return Template{}, fmt.Errorf("shape of %q: %w", cmd, errNoShape)
	}
	// Some arguments are options in disguise (tar's "xzf", ps's "aux"): when opening every argument
	// changes the shape, keep one of them as written.
	for skip := -1; skip < len(spans); skip++ {
		t := render(skip)
		if got, err := nlc2cmd.Utilities(t.String()); err == nil && sameShape(got, want) {
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
	case strings.HasPrefix(src, "-"), kept[src], buildVocab().utilities[lit], buildVocab().number.MatchString(src),
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

func sameShape(a, b []nlc2cmd.Utility) bool {
	return slices.EqualFunc(a, b, func(x, y nlc2cmd.Utility) bool {
		return x.Name == y.Name && slices.Equal(x.Flags, y.Flags)
	})
}
