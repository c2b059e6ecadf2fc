package shape

import (
	"errors"
	"fmt"
	"path"
	"slices"
	"sort"
	"strings"

	"github.com/cmdai/cmdai/internal/shellword"
	"mvdan.cc/sh/v3/syntax"
)

// Mode picks how a command is turned into utilities: as the NLC2CMD reference parser would, or leniently.
type Mode int

const (
	// Reference mimics the NLC2CMD reference parser (Tellina's bashlint). A command yields no utilities when it
	// is a list (&&, ||, ;), has a redirection, uses a compound command (subshell, if, for, ...) or a utility
	// outside bashlint's grammar (see [Grammar]), or is BSD-style ps (ps aux). Flags of nested utilities also
	// count for the outer one, and xargs always has an implicit -I. The NLC2CMD scores of docs/eval.md use
	// this mode; only its "lenient" column uses Lenient.
	Reference Mode = iota
	// Lenient reads every command mvdan.cc/sh can parse: lists, redirections, compound commands and any
	// utility name, without the reference's quirks. Scores on its shapes are "NLC2CMD-style", not
	// comparable with published NLC2CMD numbers.
	Lenient
)

// String names the mode as reports show it.
func (m Mode) String() string {
	if m == Lenient {
		return "lenient"
	}
	return "reference"
}

// Utility is one utility invocation of a command and the option names it uses.
type Utility struct {
	// Name is lower-cased, without a directory (/usr/bin/find is find).
	Name string
	// Flags is the sorted set of option names, arguments dropped (-n 5 is -n, --color=auto is --color).
	Flags []string
}

// ErrUnsupported means the reference parser yields no utilities for a command that is valid shell.
var ErrUnsupported = errors.New("not in the reference parser's grammar")

// Utilities returns the utilities of cmd in pre-order as the reference parser sees them (Reference mode).
func Utilities(cmd string) ([]Utility, error) { return Reference.Utilities(cmd) }

// Utilities returns the utilities of cmd in pre-order: left to right, outer before inner, including pipeline
// stages, command substitutions, find -exec commands and the command run by xargs. An empty command has none.
// A command that does not parse, or (in Reference mode) that the reference parser rejects, yields an error
// and no utilities; errors for the latter match ErrUnsupported.
func (m Mode) Utilities(cmd string) ([]Utility, error) {
	if strings.TrimSpace(cmd) == "" {
		return nil, nil
	}
	f, err := syntax.NewParser(syntax.Variant(syntax.LangBash)).Parse(strings.NewReader(cmd), "")
	if err != nil {
		return nil, fmt.Errorf("parse command: %w", err)
	}
	if m == Reference {
		if err := checkReference(f); err != nil {
			return nil, err
		}
	}
	x := extractor{mode: m}
	if err := x.walk(f); err != nil {
		return nil, err
	}
	return x.out, nil
}

func unsupported(what string) error { return fmt.Errorf("%s: %w", what, ErrUnsupported) }

// checkReference rejects the shapes bashlint yields nothing for: anything but one pipeline of simple commands,
// possibly with substitutions that are themselves such pipelines.
func checkReference(f *syntax.File) error {
	if len(f.Stmts) != 1 {
		return unsupported("list of commands")
	}
	var err error
	syntax.Walk(f, func(n syntax.Node) bool {
		if err != nil {
			return false
		}
		switch n := n.(type) {
		case *syntax.Stmt:
			if len(n.Redirs) > 0 {
				err = unsupported("redirection")
			}
			switch c := n.Cmd.(type) {
			case *syntax.CallExpr:
			case *syntax.BinaryCmd:
				if c.Op != syntax.Pipe {
					err = unsupported("list of commands")
				}
			case nil:
				err = unsupported("empty statement")
			default:
				err = unsupported(fmt.Sprintf("compound command %T", c))
			}
		case *syntax.CmdSubst:
			if len(n.Stmts) != 1 {
				err = unsupported("list of commands in a substitution")
			}
		case *syntax.ProcSubst:
			if len(n.Stmts) != 1 {
				err = unsupported("list of commands in a substitution")
			}
		}
		return err == nil
	})
	return err
}

// extractor collects utilities in pre-order.
type extractor struct {
	mode Mode
	out  []Utility
}

// walk appends the utilities of every simple command under n, in source order.
func (x *extractor) walk(n syntax.Node) error {
	var err error
	syntax.Walk(n, func(n syntax.Node) bool {
		if err != nil {
			return false
		}
		if d, ok := n.(*syntax.DeclClause); ok && x.mode == Lenient {
			// export NAME=value, declare -x NAME: the builtin is the utility, its options the flags,
			// and what the values substitute follows it.
			x.out = append(x.out, declUtility(d))
			for _, a := range d.Args {
				if a.Value != nil {
					if err = x.walk(a.Value); err != nil {
						return false
					}
				}
			}
			return false
		}
		call, ok := n.(*syntax.CallExpr)
		if !ok {
			return true
		}
		for _, a := range call.Assigns {
			if err = x.walk(a); err != nil {
				return false
			}
		}
		if len(call.Args) > 0 {
			var us []Utility
			us, err = x.call(call.Args)
			x.out = append(x.out, us...)
		}
		return false
	})
	return err
}

// declUtility is the utility of a declaration builtin (export, declare, local, readonly, typeset) with
// its options as flags.
func declUtility(d *syntax.DeclClause) Utility {
	u := Utility{Name: d.Variant.Value}
	for _, a := range d.Args {
		if !a.Naked || a.Value == nil {
			continue
		}
		if w, ok := shellword.Literal(a.Value); ok && strings.HasPrefix(w, "-") && len(w) > 1 {
			u.Flags = append(u.Flags, w)
		}
	}
	slices.Sort(u.Flags)
	return u
}

// nested returns the utilities inside the substitutions of w.
func (x *extractor) nested(w *syntax.Word) ([]Utility, error) {
	sub := extractor{mode: x.mode}
	if err := sub.walk(w); err != nil {
		return nil, err
	}
	return sub.out, nil
}

// call returns the utility that words run, followed by the utilities nested in its arguments.
func (x *extractor) call(words []*syntax.Word) ([]Utility, error) {
	name, static := shellword.Literal(words[0])
	if !static || name == "" {
		// $(dirname $0), $CMD: no utility of its own, but its substitutions count.
		var all []Utility
		for _, w := range words {
			us, err := x.nested(w)
			if err != nil {
				return nil, err
			}
			all = append(all, us...)
		}
		return all, nil
	}
	name = strings.ToLower(path.Base(name))
	if name == "sudo" {
		rest := skipOptions(optionsOf("sudo"), words[1:])
		if opts, ok := rootShell(words[1:]); len(rest) == 0 && ok {
			// "sudo -i", "sudo -s": sudo itself is the command, a root shell.
			return []Utility{{Name: "sudo", Flags: opts}}, nil
		}
		if len(rest) == 0 {
			if x.mode == Reference {
				return nil, unsupported("sudo without a command")
			}
			return nil, nil
		}
		return x.call(rest)
	}
	if x.mode == Reference && !grammar[name] {
		return nil, unsupported("utility " + name)
	}
	p := argParser{x: x, name: name, spec: optionsOf(name), flags: map[string]bool{}}
	if err := p.parse(words[1:]); err != nil {
		return nil, err
	}
	if x.mode == Reference {
		for _, u := range p.inner {
			for _, f := range u.Flags {
				p.flags[f] = true
			}
		}
		if name == "xargs" {
			p.flags["-I"] = true
		}
	}
	u := Utility{Name: name, Flags: sortedSet(p.flags)}
	return append([]Utility{u}, p.inner...), nil
}

func sortedSet(m map[string]bool) []string {
	if len(m) == 0 {
		return nil
	}
	s := make([]string, 0, len(m))
	for k := range m {
		s = append(s, k)
	}
	sort.Strings(s)
	return s
}

// rootShell reports whether sudo's options alone ask for a shell ("-i", "-s", "--login", "--shell"),
// and returns them.
func rootShell(words []*syntax.Word) ([]string, bool) {
	var opts []string
	for _, w := range words {
		s, _ := shellword.Literal(w)
		switch s {
		case "-i", "-s", "--login", "--shell":
			opts = append(opts, s)
		default:
			return nil, false
		}
	}
	return opts, len(opts) > 0
}
