package safety

import (
	"cmp"
	"strconv"
	"strings"

	"mvdan.cc/sh/v3/syntax"
)

// arg is one resolved field of a command line: what the shell would pass after quote removal, tilde and
// brace expansion and the substitution of variables whose value is known.
type arg struct {
	// Value is the resolved text. Parts that stay dynamic keep their source text ("$DIR", "$(cat x)").
	Value string
	// Dynamic is set when part of the value is only known at run time.
	Dynamic bool
	// Head and Tail are the static text before the first and after the last dynamic part; both equal
	// Value when the field is static. "$DIR/"* has Head "" and Tail "/*".
	Head, Tail string
	// Glob is set when the field holds an unquoted *, ? or [ that the shell would expand.
	Glob bool
	// Guarded is set when a dynamic part refuses to expand empty (${X:?}), so "$X/" cannot become "/".
	Guarded bool
	// Tree is set for find -exec's {} when it stands for every file under a directory, so a plain rm
	// of it deletes a whole tree.
	Tree bool
	// Selected is set for find -exec's {} when find's tests (size, time, type ...) pick some of the files
	// under a directory: the command acts on those, not on every file there.
	Selected bool
	// Subs are indices into the walker's calls of commands run by $(…), `…` or <(…) inside the word.
	Subs []int
	// Fed is the text a word made of one process substitution, <(…), gives whoever reads the file it
	// names, when the walker knows it: bash <(echo 'rm -rf ~') runs that text.
	Fed *string
	// Span locates the word in the checked text.
	Span Span
}

// piece is one run of text while a word is being resolved.
type piece struct {
	text    string
	dyn     bool
	split   bool // unquoted expansion: the shell splits it on blanks
	glob    bool
	guarded bool
}

// maxFields caps brace expansion so that {1..100000} cannot blow up a check, and maxBraces the brace
// expansions a word may hold to be expanded at all: each one rebuilds every field so far, so a thousand
// {a,b} in a row cost a thousand times maxFields fields of a thousand parts.
const (
	maxFields = 64
	maxBraces = 32
)

// fields resolves a word into the fields the shell would produce.
func (w *walker) fields(word *syntax.Word) []arg {
	if word == nil || len(word.Parts) == 0 {
		return nil
	}
	span := w.span(word)
	variants := [][]syntax.WordPart{word.Parts}
	if hasBraceLit(word) {
		cp := &syntax.Word{Parts: append([]syntax.WordPart(nil), word.Parts...)}
		if syntax.SplitBraces(cp) {
			if braceCount(cp.Parts, maxBraces) > maxBraces {
				// Keep the word as written, braces and all.
				w.tooComplex("a word holds more than %d brace expansions", maxBraces)
			} else {
				variants = expandBraces(cp.Parts)
			}
		}
	}
	var out []arg
	var subs []int
	for vi, parts := range variants {
		var ps []piece
		collect := vi == 0 // substitutions run once, whatever the brace expansion
		var sp *[]int
		if collect {
			sp = &subs
		}
		for i, p := range parts {
			ps = w.resolvePart(ps, p, false, i == 0, sp)
		}
		size := 0
		for _, p := range ps {
			size += len(p.text)
		}
		if !w.grow(size) {
			// Variables that double, or braces over a long word: keep the word as written, unknown.
			out = append(out, arg{Value: w.text(word), Dynamic: true, Span: span})
			break
		}
		out = appendFields(out, ps, span, w.splitChars())
	}
	if len(subs) > 0 {
		for i := range out {
			out[i].Subs = subs
		}
	}
	if ps, ok := word.Parts[0].(*syntax.ProcSubst); ok && len(word.Parts) == 1 && len(out) == 1 && ps.Op == syntax.CmdIn {
		if t, ok := w.printedText(w.walkSubOut(ps.Stmts).out); ok {
			out[0].Fed = &t
		}
	}
	return out
}

// word resolves a word into a single field, joining what splitting would separate.
func (w *walker) word(word *syntax.Word) arg {
	fs := w.fields(word)
	switch len(fs) {
	case 0:
		if word == nil {
			return arg{}
		}
		return arg{Span: w.span(word)}
	case 1:
		return fs[0]
	}
	a := fs[0]
	var b strings.Builder
	b.WriteString(a.Value)
	for _, f := range fs[1:] {
		b.WriteString(" ")
		b.WriteString(f.Value)
		a.Dynamic = a.Dynamic || f.Dynamic
		a.Glob = a.Glob || f.Glob
		a.Tail = f.Tail
	}
	a.Value = b.String()
	if a.Dynamic && !fs[0].Dynamic {
		a.Head = fs[0].Value
	}
	return a
}

func hasBraceLit(word *syntax.Word) bool {
	for _, p := range word.Parts {
		if l, ok := p.(*syntax.Lit); ok && strings.IndexByte(l.Value, '{') >= 0 {
			return true
		}
	}
	return false
}

// braceCount counts the brace expansions in parts, nested ones included, stopping once past limit.
func braceCount(parts []syntax.WordPart, limit int) int {
	n := 0
	for _, p := range parts {
		if be, ok := p.(*syntax.BraceExp); ok {
			n++
			for _, e := range be.Elems {
				if n > limit {
					return n
				}
				n += braceCount(e.Parts, limit-n)
			}
		}
		if n > limit {
			break
		}
	}
	return n
}

// expandBraces turns a word holding BraceExp parts into the list of words it stands for, capped at maxFields.
func expandBraces(parts []syntax.WordPart) [][]syntax.WordPart {
	results := [][]syntax.WordPart{nil}
	for _, p := range parts {
		be, ok := p.(*syntax.BraceExp)
		if !ok {
			for i := range results {
				results[i] = append(results[i], p)
			}
			continue
		}
		var alts [][]syntax.WordPart
		if be.Sequence {
			alts = braceSequence(be)
		} else {
			for _, e := range be.Elems {
				alts = append(alts, expandBraces(e.Parts)...)
				if len(alts) >= maxFields {
					break
				}
			}
		}
		next := make([][]syntax.WordPart, 0, len(results)*len(alts))
		for _, r := range results {
			for _, a := range alts {
				if len(next) >= maxFields {
					break
				}
				n := make([]syntax.WordPart, 0, len(r)+len(a))
				n = append(append(n, r...), a...)
				next = append(next, n)
			}
		}
		if len(next) == 0 {
			next = [][]syntax.WordPart{nil}
		}
		results = next
	}
	return results
}

func braceSequence(be *syntax.BraceExp) [][]syntax.WordPart {
	lit := func(s string) []syntax.WordPart { return []syntax.WordPart{&syntax.Lit{Value: s}} }
	if len(be.Elems) < 2 {
		return [][]syntax.WordPart{lit("")}
	}
	from, to := be.Elems[0].Lit(), be.Elems[1].Lit()
	step := 1
	if len(be.Elems) > 2 {
		if n, err := strconv.Atoi(be.Elems[2].Lit()); err == nil && n != 0 {
			step = max(n, -n)
		}
	}
	var out [][]syntax.WordPart
	if a, err1 := strconv.Atoi(from); err1 == nil {
		if b, err2 := strconv.Atoi(to); err2 == nil {
			if a <= b {
				for i := a; i <= b && len(out) < maxFields; i += step {
					out = append(out, lit(strconv.Itoa(i)))
				}
			} else {
				for i := a; i >= b && len(out) < maxFields; i -= step {
					out = append(out, lit(strconv.Itoa(i)))
				}
			}
			return out
		}
	}
	if len(from) == 1 && len(to) == 1 {
		a, b := int(from[0]), int(to[0])
		if a <= b {
			for i := a; i <= b && len(out) < maxFields; i += step {
				out = append(out, lit(string(rune(i))))
			}
		} else {
			for i := a; i >= b && len(out) < maxFields; i -= step {
				out = append(out, lit(string(rune(i))))
			}
		}
		return out
	}
	return [][]syntax.WordPart{lit("{" + from + ".." + to + "}")}
}

// defaultIFS is the shell's IFS until a command assigns it.
const defaultIFS = " \t\n"

// splitChars are the characters unquoted expansions split on.
func (w *walker) splitChars() string {
	if w.ifsSet {
		return w.ifs
	}
	return defaultIFS
}

// appendFields joins pieces into fields, splitting unquoted expansions on the characters of ifs as the
// shell does.
func appendFields(out []arg, ps []piece, span Span, ifs string) []arg {
	isSep := func(r rune) bool { return strings.ContainsRune(ifs, r) }
	var cur arg
	var b strings.Builder
	started := false
	seenDyn := false
	flush := func() {
		if !started {
			return
		}
		cur.Value = b.String()
		if !cur.Dynamic {
			cur.Head, cur.Tail = cur.Value, cur.Value
		}
		cur.Span = span
		out = append(out, cur)
		cur = arg{}
		b.Reset()
		started, seenDyn = false, false
	}
	for _, p := range ps {
		if p.split && !p.dyn && ifs != "" && strings.ContainsAny(p.text, ifs) {
			var words []string
			if ifs == defaultIFS {
				words = strings.Fields(p.text)
			} else {
				words = strings.FieldsFunc(p.text, isSep)
			}
			if len(words) == 0 {
				flush() // nothing but separators: the field so far ends here
				continue
			}
			lead := strings.IndexByte(ifs, p.text[0]) >= 0
			for i, wd := range words {
				if i > 0 || lead {
					flush()
				}
				b.WriteString(wd)
				started = true
				if seenDyn {
					cur.Tail += wd
				}
			}
			if strings.IndexByte(ifs, p.text[len(p.text)-1]) >= 0 {
				flush()
			}
			continue
		}
		started = true
		b.WriteString(p.text)
		if p.glob {
			cur.Glob = true
		}
		if p.dyn {
			if !cur.Dynamic {
				cur.Head = b.String()[:b.Len()-len(p.text)]
			}
			cur.Dynamic = true
			cur.Guarded = cur.Guarded || p.guarded
			cur.Tail = ""
			seenDyn = true
			continue
		}
		if seenDyn {
			cur.Tail += p.text
		}
	}
	flush()
	return out
}

// resolvePart appends the pieces one word part stands for. first marks the word's first part, where a
// tilde expands. subs, when not nil, collects the calls run by substitutions.
func (w *walker) resolvePart(ps []piece, part syntax.WordPart, quoted, first bool, subs *[]int) []piece {
	switch p := part.(type) {
	case *syntax.Lit:
		if quoted {
			return append(ps, piece{text: unescapeDouble(p.Value)})
		}
		v := p.Value
		if first && strings.HasPrefix(v, "~") {
			v = w.tilde(v)
		}
		return append(ps, piece{text: unescapeBare(p.Value, v), glob: hasGlob(p.Value)})
	case *syntax.SglQuoted:
		if p.Dollar {
			return append(ps, piece{text: ansiC(p.Value)})
		}
		return append(ps, piece{text: p.Value})
	case *syntax.DblQuoted:
		for _, q := range p.Parts {
			ps = w.resolvePart(ps, q, true, false, subs)
		}
		if len(p.Parts) == 0 {
			ps = append(ps, piece{})
		}
		return ps
	case *syntax.ParamExp:
		return append(ps, w.param(p, quoted, subs))
	case *syntax.CmdSubst:
		sw := w.walkSubOut(p.Stmts)
		if subs != nil {
			*subs = append(*subs, sw.all...)
		}
		if t, ok := w.substText(sw.out); ok {
			// $(echo rm), $(printf '\x2f'), $(echo Lwo= | base64 -d): the output is known, and is split
			// and globbed like any unquoted expansion.
			return append(ps, piece{text: t, split: !quoted, glob: !quoted && hasGlob(t)})
		}
		return append(ps, piece{text: w.text(p), dyn: true})
	case *syntax.ProcSubst:
		idx := w.walkSub(p.Stmts)
		if subs != nil {
			*subs = append(*subs, idx...)
		}
		return append(ps, piece{text: w.text(p), dyn: true})
	case *syntax.ArithmExp:
		w.walkNodeSubs(p, subs)
		return append(ps, piece{text: w.text(p), dyn: true})
	case *syntax.ExtGlob:
		return append(ps, piece{text: w.text(p), glob: true})
	case *syntax.BraceExp:
		// Only reached for nested braces that expandBraces left alone; keep the text.
		return append(ps, piece{text: w.text(p)})
	}
	return ps
}

// param resolves $x, ${x} and their forms; only plain references to known constants become static.
func (w *walker) param(p *syntax.ParamExp, quoted bool, subs *[]int) piece {
	dyn := piece{text: w.text(p), dyn: true}
	if p.Param == nil {
		return dyn
	}
	name := p.Param.Value
	if p.Excl || p.Width || p.Names != 0 || p.NestedParam != nil || len(p.Modifiers) > 0 ||
		p.Flags != nil || p.IsSet {
		return dyn
	}
	v, known := w.lookup(name)
	if p.Index != nil {
		// ${a[@]}, ${a[*]} and ${a[N]} of an array assigned a list.
		if !known || !v.static || p.Exp != nil || p.Repl != nil || p.Slice != nil || p.Length {
			return dyn
		}
		switch idx := arrayIndex(p.Index); {
		case idx == "@" || idx == "*":
			if subs != nil {
				*subs = append(*subs, v.subs...)
			}
			return piece{text: v.value, split: !quoted || idx == "@", glob: !quoted && hasGlob(v.value)}
		default:
			n, err := strconv.Atoi(idx)
			if err != nil || n < 0 || n >= max(len(v.elems), 1) {
				return dyn
			}
			e := v.value
			if v.elems != nil {
				e = v.elems[n]
			}
			return piece{text: e, split: !quoted, glob: !quoted && hasGlob(e)}
		}
	}
	if known && subs != nil {
		*subs = append(*subs, v.subs...)
	}
	if p.Exp != nil {
		if p.Exp.Word != nil {
			w.walkNodeSubs(p.Exp.Word, subs)
		}
		switch p.Exp.Op {
		case syntax.ErrorUnset, syntax.ErrorUnsetOrNull:
			dyn.guarded = true
		}
		if known && v.static && (p.Exp.Op == syntax.DefaultUnset ||
			p.Exp.Op == syntax.DefaultUnsetOrNull || p.Exp.Op == syntax.ErrorUnset || p.Exp.Op == syntax.ErrorUnsetOrNull) {
			return piece{text: v.value, split: !quoted}
		}
		if !known && (scratchVars[name] || localName(name)) && (p.Exp.Op == syntax.DefaultUnset || p.Exp.Op == syntax.DefaultUnsetOrNull) {
			// ${TMPDIR:-/tmp}: where the variable is set, it names the same kind of place as its default.
			if d, ok := w.pattern(p.Exp.Word); ok {
				return piece{text: d, split: !quoted}
			}
		}
	}
	if p.Exp != nil || p.Length || p.Slice != nil || p.Repl != nil {
		if !known || !v.static {
			return dyn
		}
		val := v.value
		if name == "PWD" {
			val = cmp.Or(w.cwd, unknownCwd)
		}
		r, ok := w.paramOp(p, val)
		if !ok || strings.Contains(r, "\x00") {
			return dyn
		}
		return piece{text: r, split: !quoted, glob: !quoted && hasGlob(r)}
	}
	if !known || !v.static {
		return dyn
	}
	// "$@" is one field per argument, near enough to splitting the arguments joined.
	return piece{text: v.value, split: !quoted || name == "@", glob: !quoted && hasGlob(v.value)}
}

// arrayIndex is the text of a subscript that is a plain word: @, *, or a number.
func arrayIndex(e syntax.ArithmExpr) string {
	if wd, ok := e.(*syntax.Word); ok {
		return wd.Lit()
	}
	return ""
}

// localName reports a variable the environment is unlikely to set: lowercase names are the shell's own,
// and an interactive shell has no positional parameters. ${dir:-/} is then its default.
func localName(name string) bool {
	if name == "" || name == "0" {
		return false
	}
	if name[0] >= '1' && name[0] <= '9' {
		return true
	}
	return strings.ToUpper(name) != name
}

// scratchVars name per-user directories whose usual default stands for them: ${TMPDIR:-/tmp}.
var scratchVars = setOf("TMPDIR", "XDG_CACHE_HOME", "XDG_RUNTIME_DIR")

// tilde expands ~ and ~user at the start of an unquoted word.
func (w *walker) tilde(v string) string {
	rest := v[1:]
	user := rest
	if i := strings.IndexByte(rest, '/'); i >= 0 {
		user, rest = rest[:i], rest[i:]
	} else {
		rest = ""
	}
	switch user {
	case "":
		return w.home + rest
	case "root":
		return "/root" + rest
	case "+", "-":
		return "." + rest
	}
	if strings.ContainsAny(user, "\\'\"$`") {
		return v
	}
	return "/home/" + user + rest
}
