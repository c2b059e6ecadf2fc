package safety

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"mvdan.cc/sh/v3/syntax"
)

// Parameter expansions with operators on variables whose value is known: ${HOME%/*} is /home,
// ${HOME:0:1} is /, ${HOME/#\/home\/u/\/} is /. Without them rm -rf "${HOME%/*}" hides its target.

// maxOpValue bounds the values operators are applied to, as pattern removal tries every prefix or
// suffix; maxReplValue bounds those ${x/pat/rep} searches, which try every substring.
const (
	maxOpValue   = 1 << 10
	maxReplValue = 256
)

// unknownCwd stands for the working directory when no cd made it known, so that an operator on $PWD can
// tell results that hold part of it (dynamic) from those that do not (${PWD%%/*} is always empty).
const unknownCwd = "/\x00cwd\x00/\x00cwd\x00"

// paramOp applies the operator of p to the known value v. ok is false when the result cannot be known.
func (w *walker) paramOp(p *syntax.ParamExp, v string) (string, bool) {
	if len(v) > maxOpValue {
		return "", false
	}
	switch {
	case p.Length:
		return strconv.Itoa(utf8.RuneCountInString(v)), true
	case p.Slice != nil:
		return w.slice(p.Slice, v)
	case p.Repl != nil:
		return w.replace(p.Repl, v)
	case p.Exp != nil:
		return w.expansion(p.Exp, v)
	}
	return "", false
}

// pattern resolves the pattern or replacement word of an operator; only static words are used.
func (w *walker) pattern(word *syntax.Word) (string, bool) {
	if word == nil {
		return "", true
	}
	a := w.word(word)
	return a.Value, !a.Dynamic
}

func (w *walker) expansion(e *syntax.Expansion, v string) (string, bool) {
	switch e.Op {
	case syntax.AlternateUnset, syntax.AlternateUnsetOrNull:
		if v == "" && e.Op == syntax.AlternateUnsetOrNull {
			return "", true
		}
		return w.pattern(e.Word)
	case syntax.AssignUnset, syntax.AssignUnsetOrNull:
		if v == "" && e.Op == syntax.AssignUnsetOrNull {
			return w.pattern(e.Word)
		}
		return v, true
	case syntax.UpperAll:
		return strings.ToUpper(v), true
	case syntax.LowerAll:
		return strings.ToLower(v), true
	case syntax.UpperFirst, syntax.LowerFirst:
		if v == "" {
			return v, true
		}
		r, n := utf8.DecodeRuneInString(v)
		s := string(r)
		if e.Op == syntax.UpperFirst {
			s = strings.ToUpper(s)
		} else {
			s = strings.ToLower(s)
		}
		return s + v[n:], true
	case syntax.RemSmallPrefix, syntax.RemLargePrefix, syntax.RemSmallSuffix, syntax.RemLargeSuffix:
		pat, ok := w.pattern(e.Word)
		if !ok {
			return "", false
		}
		return removeMatch(v, pat, e.Op == syntax.RemSmallPrefix || e.Op == syntax.RemLargePrefix,
			e.Op == syntax.RemLargePrefix || e.Op == syntax.RemLargeSuffix), true
	}
	return "", false
}

// removeMatch removes the shortest or longest prefix or suffix of v matching the shell pattern pat.
func removeMatch(v, pat string, prefix, longest bool) string {
	n := len(v)
	for k := 0; k <= n; k++ {
		i := k
		if longest {
			i = n - k
		}
		if prefix {
			if shellMatch(pat, v[:i]) {
				return v[i:]
			}
		} else if shellMatch(pat, v[n-i:]) {
			return v[:n-i]
		}
	}
	return v
}

func (w *walker) replace(r *syntax.Replace, v string) (string, bool) {
	orig, ok := w.pattern(r.Orig)
	if !ok {
		return "", false
	}
	with, ok := w.pattern(r.With)
	if !ok {
		return "", false
	}
	switch {
	case strings.HasPrefix(orig, "#"):
		pat := orig[1:]
		for i := len(v); i >= 0; i-- {
			if shellMatch(pat, v[:i]) {
				return with + v[i:], true
			}
		}
		return v, true
	case strings.HasPrefix(orig, "%"):
		pat := orig[1:]
		for i := 0; i <= len(v); i++ {
			if shellMatch(pat, v[i:]) {
				return v[:i] + with, true
			}
		}
		return v, true
	}
	if orig == "" {
		return v, true
	}
	if len(v) > maxReplValue {
		return "", false
	}
	var b strings.Builder
	for i := 0; i < len(v); {
		end := -1
		for j := len(v); j > i; j-- { // the longest match at i
			if shellMatch(orig, v[i:j]) {
				end = j
				break
			}
		}
		if end < 0 {
			b.WriteByte(v[i])
			i++
			continue
		}
		b.WriteString(with)
		i = end
		if !r.All {
			b.WriteString(v[i:])
			break
		}
	}
	return b.String(), true
}

func (w *walker) slice(s *syntax.Slice, v string) (string, bool) {
	runes := []rune(v)
	off, ok := 0, true
	if s.Offset != nil {
		off, ok = arithConst(s.Offset)
	}
	if !ok {
		return "", false
	}
	if off < 0 {
		off += len(runes)
	}
	if off < 0 || off > len(runes) {
		return "", true
	}
	end := len(runes)
	if s.Length != nil {
		n, ok := arithConst(s.Length)
		if !ok {
			return "", false
		}
		if n < 0 {
			end += n
		} else {
			end = min(off+n, len(runes))
		}
	}
	if end < off {
		return "", true
	}
	return string(runes[off:end]), true
}

// arithConst evaluates an arithmetic expression made of a number and signs.
func arithConst(e syntax.ArithmExpr) (int, bool) {
	switch x := e.(type) {
	case *syntax.Word:
		n, err := strconv.Atoi(x.Lit())
		return n, err == nil
	case *syntax.UnaryArithm:
		n, ok := arithConst(x.X)
		if !ok || x.Post {
			return 0, false
		}
		switch x.Op {
		case syntax.Minus:
			return -n, true
		case syntax.Plus:
			return n, true
		}
	case *syntax.ParenArithm:
		return arithConst(x.X)
	}
	return 0, false
}

// shellMatch reports whether s matches the shell pattern pat, where * and ? also match /.
func shellMatch(pat, s string) bool {
	px, sx := 0, 0
	nextPx, nextSx := -1, -1
	for px < len(pat) || sx < len(s) {
		if px < len(pat) {
			switch c := pat[px]; c {
			case '*':
				nextPx, nextSx = px, sx+1
				px++
				continue
			case '?':
				if sx < len(s) {
					px++
					sx++
					continue
				}
			case '[':
				if sx < len(s) {
					if ok, width := matchClass(pat[px:], s[sx]); width > 0 {
						if ok {
							px += width
							sx++
							continue
						}
						break
					}
				}
				if sx < len(s) && s[sx] == '[' {
					px++
					sx++
					continue
				}
			case '\\':
				if px+1 < len(pat) && sx < len(s) && pat[px+1] == s[sx] {
					px += 2
					sx++
					continue
				}
			default:
				if sx < len(s) && s[sx] == c {
					px++
					sx++
					continue
				}
			}
		}
		if nextSx > 0 && nextSx <= len(s) {
			px, sx = nextPx, nextSx
			continue
		}
		return false
	}
	return true
}

// matchClass matches one byte against a [...] class at the start of pat; width is the class's length,
// 0 when pat holds no complete class.
func matchClass(pat string, c byte) (ok bool, width int) {
	end := strings.IndexByte(pat[1:], ']')
	if end == 0 && len(pat) > 2 { // []…] holds a literal ]
		if e := strings.IndexByte(pat[2:], ']'); e >= 0 {
			end = e + 1
		}
	}
	if end < 0 {
		return false, 0
	}
	body := pat[1 : end+1]
	neg := strings.HasPrefix(body, "!") || strings.HasPrefix(body, "^")
	if neg {
		body = body[1:]
	}
	for i := 0; i < len(body); i++ {
		if i+2 < len(body) && body[i+1] == '-' {
			if body[i] <= c && c <= body[i+2] {
				ok = true
			}
			i += 2
			continue
		}
		if body[i] == c {
			ok = true
		}
	}
	return ok != neg, end + 2
}
