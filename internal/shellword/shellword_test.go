package shellword

import (
	"strings"
	"testing"

	"mvdan.cc/sh/v3/syntax"
)

func TestLiteral(t *testing.T) {
	for _, c := range []struct {
		word, want string
		static     bool
	}{
		{`rm`, "rm", true},
		{`r\m`, "rm", true},
		{`'r m'`, "r m", true},
		{`"a\$b\x"`, `a$b\x`, true},
		{`a\ b`, "a b", true},
		{`\;`, ";", true},
		{`*.txt`, "*.txt", true},
		{`pre$HOME/x`, "pre", false},
		{`"in $USER"`, "in ", false},
		{`$(date)`, "", false},
	} {
		f, err := syntax.NewParser().Parse(strings.NewReader("x "+c.word), "")
		if err != nil {
			t.Fatalf("parse %q: %v", c.word, err)
		}
		w := f.Stmts[0].Cmd.(*syntax.CallExpr).Args[1]
		got, static := Literal(w)
		if got != c.want || static != c.static {
			t.Errorf("Literal(%s) = %q, %v; want %q, %v", c.word, got, static, c.want, c.static)
		}
	}
}

func TestUnescapeContinuation(t *testing.T) {
	if got := Unescape("a\\\nb", ""); got != "ab" {
		t.Errorf("escaped newline: got %q, want %q", got, "ab")
	}
	if got := Unescape(`a\b`, "$"); got != `a\b` {
		t.Errorf("in double quotes a backslash before b stays: got %q", got)
	}
}
