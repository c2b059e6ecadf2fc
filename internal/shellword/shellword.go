// Package shellword reads the static text of a word parsed by mvdan.cc/sh, as the shell would see it
// once quoting and backslash escapes are removed.
package shellword

import (
	"strings"

	"mvdan.cc/sh/v3/syntax"
)

// Literal returns the text of w with quoting and escapes removed (r\m, 'rm' and "rm" are all rm). When w
// has an expansion ($HOME, $(cmd), a glob is not one) it returns the static text before the first one and
// false.
func Literal(w *syntax.Word) (string, bool) {
	var b strings.Builder
	for _, part := range w.Parts {
		switch p := part.(type) {
		case *syntax.Lit:
			b.WriteString(Unescape(p.Value, ""))
		case *syntax.SglQuoted:
			b.WriteString(p.Value)
		case *syntax.DblQuoted:
			for _, dp := range p.Parts {
				l, ok := dp.(*syntax.Lit)
				if !ok {
					return b.String(), false
				}
				b.WriteString(Unescape(l.Value, "$`\"\\\n"))
			}
		default:
			return b.String(), false
		}
	}
	return b.String(), true
}

// Unescape removes backslash escapes from s; when only is not empty (text in double quotes), only a
// backslash before one of its characters escapes. An escaped newline is a line continuation and goes.
func Unescape(s, only string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) && (only == "" || strings.IndexByte(only, s[i+1]) >= 0) {
			i++
			if s[i] != '\n' {
				b.WriteByte(s[i])
			}
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}
