package safety

import (
	"strings"
)

// Fish is checked as the bash it means. A fish command line is translated into bash with the same
// effect, which the engine parses, and every finding's span is mapped back onto the fish text:
//
//	(cmd)                     $(cmd)      (outside quotes; fish has no backquote substitution)
//	; and cmd / ; or cmd      && cmd / || cmd   (also after a newline)
//	not cmd                   ! cmd
//	if c; …; else if c; …; else; …; end    if c; then …; elif c; then …; else …; fi
//	while c; …; end / for x in …; …; end  while c; do …; done / for x in …; do …; done
//	begin; …; end             { …; }
//	function f …; …; end      f() { …; }
//	switch v; case a b; …; end            case v in a|b) …; ;; esac
//	'it\'s' (fish escapes in single quotes)  'it'\''s'
//	>? (no-clobber)           >
//
// What fish writes like bash (pipes, &&, ||, redirections, $var, globs, braces) passes unchanged.

// fishAsBash translates a fish command line into bash. pos maps each byte of the bash text to the
// offset in src it came from, so that spans found in the bash text point into the fish text.
func fishAsBash(src string) (bash string, pos []int) {
	t := &fishTranslator{src: src}
	t.statements(0, len(src), true)
	return t.out.String(), t.pos
}

// checkFish is Check for a fish command line: the bash it means, checked, with spans on the fish text.
func checkFish(cmd string, opts Options) Verdict {
	bash, pos := fishAsBash(cmd)
	opts.Shell = "bash"
	v := Check(bash, opts)
	for i := range v.Findings {
		v.Findings[i].Span = fishSpan(v.Findings[i].Span, pos, len(cmd))
	}
	return v
}

// fishSpan maps a span of the translated text back onto the fish text of length n.
func fishSpan(s Span, pos []int, n int) Span {
	at := func(i int) int {
		switch {
		case i <= 0 || len(pos) == 0:
			return 0
		case i >= len(pos):
			return n
		}
		return pos[i]
	}
	start := at(s.Start)
	end := n
	if s.End > 0 && s.End <= len(pos) {
		end = pos[s.End-1] + 1
	}
	return Span{Start: start, End: max(start, min(end, n))}
}

type fishTranslator struct {
	src string
	out strings.Builder
	pos []int
	// blocks are the open fish blocks, innermost last.
	blocks []fishBlock
}

// fishBlock is an open block: if, while, for, begin, function, switch or case (a switch's arm).
// body is set once the part being read (the block's, or since its last else) has a command: bash
// allows no empty bodies, fish does.
type fishBlock struct {
	kind string
	body bool
}

// open starts a block of kind.
func (t *fishTranslator) open(kind string) { t.blocks = append(t.blocks, fishBlock{kind: kind}) }

// inner is the innermost block's kind, or "".
func (t *fishTranslator) inner() string {
	if len(t.blocks) == 0 {
		return ""
	}
	return t.blocks[len(t.blocks)-1].kind
}

// command notes that the innermost block's body has a command.
func (t *fishTranslator) command() {
	if len(t.blocks) > 0 {
		t.blocks[len(t.blocks)-1].body = true
	}
}

// conditionRead notes that the innermost block's condition has been read: what follows is its body.
func (t *fishTranslator) conditionRead() {
	if len(t.blocks) > 0 {
		t.blocks[len(t.blocks)-1].body = false
	}
}

// fill gives the innermost block an empty command when its body has none, as bash needs.
func (t *fishTranslator) fill(at int) {
	if len(t.blocks) > 0 && !t.blocks[len(t.blocks)-1].body {
		t.emit(":; ", at)
		t.blocks[len(t.blocks)-1].body = true
	}
}

// emit writes s to the bash text as coming from offset at of the fish text.
func (t *fishTranslator) emit(s string, at int) {
	t.out.WriteString(s)
	for range len(s) {
		t.pos = append(t.pos, at)
	}
}

// copy writes src[from:to] unchanged.
func (t *fishTranslator) copy(from, to int) {
	t.out.WriteString(t.src[from:to])
	for i := from; i < to; i++ {
		t.pos = append(t.pos, i)
	}
}

// statements translates src[i:end], a list of statements; top says it is the whole line rather than a
// command substitution.
func (t *fishTranslator) statements(i, end int, top bool) {
	cmdPos := true
	// pending is the word bash needs once the condition just read ends: "then" after if, "do" after
	// while and for.
	pending := ""
	// swallow drops the separator after words bash wants no separator after ({, else, case v in, a)).
	swallow := false
	for i < end {
		c := t.src[i]
		switch {
		case c == ' ' || c == '\t':
			t.copy(i, i+1)
			i++
		case c == '\\' && i+1 < end && t.src[i+1] == '\n':
			t.copy(i, i+2) // a continued line
			i += 2
		case c == '#' && cmdPos:
			j := i
			for j < end && t.src[j] != '\n' {
				j++
			}
			t.copy(i, j)
			i = j
		case c == ';' || c == '\n':
			// ; and X, newline or X: a conjunction with the job before.
			if j, op, ok := t.conjunction(i+1, end); ok {
				t.emit(" "+op, i)
				i = j
				cmdPos = true
				continue
			}
			switch {
			case swallow:
				t.emit(" ", i)
				swallow = false
			case pending != "":
				t.copy(i, i+1)
				t.emit(" "+pending, i)
				pending = ""
				t.conditionRead()
			default:
				t.copy(i, i+1)
			}
			i++
			cmdPos = true
		case c == '&' && i+1 < end && t.src[i+1] == '>':
			t.words(i, end, &i) // &> file: a redirection
		case c == '&' || c == '|':
			j := i + 1
			switch {
			case j < end && t.src[j] == c: // && ||
				j++
			case c == '&' && j < end && t.src[j] == '|': // fish's &| pipes both outputs
				t.emit("|&", i)
				i, cmdPos = j+1, true
				continue
			}
			t.copy(i, j)
			i, cmdPos = j, true
		case cmdPos:
			w, j := t.word(i, end)
			k, ok := t.keyword(w, i, j, end, &pending, &swallow)
			if ok {
				i = k
				continue
			}
			t.command()
			t.words(i, end, &i)
			cmdPos = false
		default:
			t.words(i, end, &i)
		}
	}
	if top {
		// An unfinished block (a line typed without its end) is closed, so the rest is still checked.
		if pending != "" {
			t.emit("; "+pending+" ", end)
			t.conditionRead()
		}
		for len(t.blocks) > 0 {
			t.emit("\n", end)
			t.closeBlock(end)
		}
	}
}

// conjunction reports whether src[i:end] starts, after blanks, with fish's and/or, and returns where
// the command after it starts and the bash operator.
func (t *fishTranslator) conjunction(i, end int) (int, string, bool) {
	for i < end && (t.src[i] == ' ' || t.src[i] == '\t' || t.src[i] == '\n') {
		i++
	}
	w, j := t.word(i, end)
	switch w {
	case "and":
		return j, "&&", true
	case "or":
		return j, "||", true
	}
	return 0, "", false
}

// word returns the bare word at src[i:end] (letters, digits, -, _) and where it ends.
func (t *fishTranslator) word(i, end int) (string, int) {
	j := i
	for j < end && (isWordByte(t.src[j])) {
		j++
	}
	if j < end && !strings.ContainsRune(" \t\n;&|", rune(t.src[j])) {
		return "", i // more than a bare word: not a keyword
	}
	return t.src[i:j], j
}

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-'
}

// keyword translates the fish keyword w at src[i:j] in command position, and reports whether it was one.
func (t *fishTranslator) keyword(w string, i, j, end int, pending *string, swallow *bool) (int, bool) {
	switch w {
	case "and", "or":
		// At the start of the line: nothing to join, run the command.
		return j, true
	case "not":
		t.emit("!", i)
		return j, true
	case "if", "while", "for":
		t.command()
		t.copy(i, j)
		t.open(w)
		*pending = map[string]string{"if": "then", "while": "do", "for": "do"}[w]
		return j, true
	case "else":
		if t.inner() != "if" {
			return 0, false
		}
		t.fill(i)
		t.blocks[len(t.blocks)-1].body = false
		if k := skipBlanks(t.src, j, end); strings.HasPrefix(t.src[k:], "if") && (k+2 == end || !isWordByte(t.src[k+2])) {
			t.emit("elif", i)
			*pending = "then"
			return k + 2, true
		}
		t.copy(i, j)
		*swallow = true
		return j, true
	case "begin":
		t.command()
		t.emit("{", i)
		t.open(w)
		*swallow = true
		return j, true
	case "function":
		// function NAME [options]: bash has the body only; the options (-d 'text', -a args) go.
		k := skipBlanks(t.src, j, end)
		name, n := t.word(k, end)
		if name == "" {
			return 0, false
		}
		t.command()
		t.copy(k, n)
		t.emit("() {", i)
		for n < end && t.src[n] != ';' && t.src[n] != '\n' {
			n++
		}
		t.open(w)
		*swallow = true
		return n, true
	case "switch":
		t.command()
		t.emit("case", i)
		k := skipBlanks(t.src, j, end)
		t.copy(j, k)
		var n int
		t.words(k, end, &n)
		t.emit(" in", n)
		t.open(w)
		*swallow = true
		return n, true
	case "case":
		switch t.inner() {
		case "case":
			t.emit(";; ", i) // the arm before ends
			t.blocks[len(t.blocks)-1].body = true
		case "switch":
			t.open("case")
			t.blocks[len(t.blocks)-1].body = true // an empty arm is fine in bash
		default:
			return 0, false
		}
		// case a b c: the patterns, joined with |.
		k := skipBlanks(t.src, j, end)
		first := true
		for k < end && t.src[k] != ';' && t.src[k] != '\n' {
			if !first {
				t.emit("|", k)
			}
			first = false
			t.words(k, end, &k)
			k = skipBlanks(t.src, k, end)
		}
		t.emit(")", k)
		*swallow = true
		return k, true
	case "end":
		if len(t.blocks) == 0 {
			return 0, false
		}
		if *pending != "" { // if end: a condition with no separator before end
			t.emit("; "+*pending+" ", i)
			*pending = ""
			t.conditionRead()
		}
		t.closeBlock(i)
		return j, true
	}
	return 0, false
}

// closeBlock writes what ends the innermost block, as if at offset at, right after a separator.
func (t *fishTranslator) closeBlock(at int) {
	t.fill(at)
	b := t.blocks[len(t.blocks)-1]
	t.blocks = t.blocks[:len(t.blocks)-1]
	switch b.kind {
	case "if":
		t.emit("fi", at)
	case "while", "for":
		t.emit("done", at)
	case "begin", "function":
		t.emit("}", at)
	case "case":
		t.emit(";; ", at)
		if t.inner() == "switch" {
			t.blocks = t.blocks[:len(t.blocks)-1]
		}
		t.emit("esac", at)
	case "switch":
		t.emit("esac", at)
	}
}

func skipBlanks(s string, i, end int) int {
	for i < end && (s[i] == ' ' || s[i] == '\t') {
		i++
	}
	return i
}

// words translates one shell word starting at i (quotes, substitutions and all) and stores where it
// ends in *next. Separators end it; a lone separator is copied.
func (t *fishTranslator) words(i, end int, next *int) {
	start := i
	for i < end {
		c := t.src[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == ';' || c == '|' ||
			c == '&' && !(i > start && t.src[i-1] == '>') && !(i+1 < end && t.src[i+1] == '>'):
			if i == start {
				t.copy(i, i+1)
				i++
			}
			*next = i
			return
		case c == '\\' && i+1 < end:
			t.copy(i, i+2)
			i += 2
		case c == '\'':
			i = t.singleQuoted(i, end)
		case c == '"':
			i = t.doubleQuoted(i, end)
		case c == '`':
			t.emit("\\`", i) // an ordinary character in fish
			i++
		case c == '$' && i+1 < end && t.src[i+1] == '(':
			t.emit("$(", i)
			i = t.substitution(i+2, end)
		case c == '(':
			t.emit("$(", i)
			i = t.substitution(i+1, end)
		case c == '>' && i+1 < end && t.src[i+1] == '?':
			t.copy(i, i+1) // >? writes only a new file: as bash's > for what it could destroy
			i += 2
		default:
			t.copy(i, i+1)
			i++
		}
	}
	*next = i
}

// substitution translates the statements inside a command substitution that starts at i (after its
// opening parenthesis) and returns the offset after its closing one.
func (t *fishTranslator) substitution(i, end int) int {
	close := matchParen(t.src, i, end)
	blocks := t.blocks
	t.blocks = nil
	t.statements(i, close, true)
	t.blocks = blocks
	t.command()
	if close < end {
		t.copy(close, close+1)
		return close + 1
	}
	t.emit(")", end) // unterminated: closed so the rest still parses
	return end
}

// matchParen returns the offset of the parenthesis closing the one before i, or end.
func matchParen(s string, i, end int) int {
	depth := 1
	for i < end {
		switch s[i] {
		case '\\':
			i++
		case '\'':
			for i++; i < end && s[i] != '\''; i++ {
				if s[i] == '\\' {
					i++
				}
			}
		case '"':
			for i++; i < end && s[i] != '"'; i++ {
				if s[i] == '\\' {
					i++
				}
			}
		case '(':
			depth++
		case ')':
			if depth--; depth == 0 {
				return i
			}
		}
		i++
	}
	return end
}

// singleQuoted translates a fish single-quoted string at i, where \' and \\ are escapes, and returns
// the offset after it.
func (t *fishTranslator) singleQuoted(i, end int) int {
	t.copy(i, i+1)
	i++
	for i < end {
		switch c := t.src[i]; {
		case c == '\\' && i+1 < end && t.src[i+1] == '\'':
			t.emit(`'\''`, i)
			i += 2
		case c == '\\' && i+1 < end && t.src[i+1] == '\\':
			t.emit(`\`, i)
			i += 2
		case c == '\'':
			t.copy(i, i+1)
			return i + 1
		default:
			t.copy(i, i+1)
			i++
		}
	}
	return end
}

// doubleQuoted copies a double-quoted string at i, with fish's $(…) inside (3.4 and later) translated,
// and returns the offset after it. Backquotes are ordinary there too.
func (t *fishTranslator) doubleQuoted(i, end int) int {
	t.copy(i, i+1)
	i++
	for i < end {
		switch c := t.src[i]; {
		case c == '\\' && i+1 < end:
			t.copy(i, i+2)
			i += 2
		case c == '`':
			t.emit("\\`", i)
			i++
		case c == '$' && i+1 < end && t.src[i+1] == '(':
			t.emit("$(", i)
			i = t.substitution(i+2, end)
		case c == '"':
			t.copy(i, i+1)
			return i + 1
		default:
			t.copy(i, i+1)
			i++
		}
	}
	return end
}
