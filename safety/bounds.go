package safety

import (
	"fmt"
	"strings"
)

// Bounds on the work one check does, so that hostile or generated text (substitutions nested thousands
// deep, eval chains, pipelines of thousands of stages, variables that double) costs a few megabytes and
// milliseconds at most. Past a bound the walker stops expanding that part, and the check reports the
// command as too complex to analyse, which is never below High: what was not walked could do anything.
const (
	// maxDepth bounds nested strings run as code (bash -c "bash -c '…'", eval, python -c, ssh).
	maxDepth = 8
	// maxNest bounds statements nested inside each other ($(…), (…), {…}, if, for …) across all strings.
	maxNest = 32
	// maxWrappers bounds the wrappers peeled off one command (sudo env nice timeout … rm).
	maxWrappers = 16
	// maxPipeStages bounds the stages followed upstream to learn where text comes from (echo … | base64 -d
	// | bash, curl … | cat | sh, cat ~/.ssh/id_rsa | … | nc).
	maxPipeStages = 16
	// maxLiterals bounds the string literals read from an interpreter's program.
	maxLiterals = 256
	// maxCalls bounds the calls one check collects.
	maxCalls = 512
	// maxSteps bounds the statements walked, counting each time a loop body is walked again.
	maxSteps = 1 << 14
	// maxText bounds the shell text parsed, the command and every nested string together.
	maxText = 128 << 10
	// maxGroups bounds the groups a string may open (see groupCount) before it is parsed at all: the
	// parser recurses once per level, so text nested thousands deep costs megabytes of stack.
	maxGroups = 1024
	// maxExpand bounds the resolved text the walker builds (words after variable and brace expansion,
	// find -exec and xargs replacements).
	maxExpand = 4 << 20
)

// tooComplex records the first bound the walk went past; the check turns it into a finding.
func (w *walker) tooComplex(format string, args ...any) {
	if w.overBound == "" {
		w.overBound = fmt.Sprintf(format, args...)
	}
}

// grow accounts for n more bytes of resolved text; it reports false, and marks the command too complex,
// when that would go past maxExpand.
func (w *walker) grow(n int) bool {
	if w.expanded+n > maxExpand {
		w.tooComplex("its words expand to more than %d MiB", maxExpand>>20)
		return false
	}
	w.expanded += n
	return true
}

// full reports whether the walk has collected as many calls as it may, marking the command too complex.
func (w *walker) full() bool {
	if len(w.calls) < maxCalls {
		return false
	}
	w.tooComplex("it runs %d commands or more", maxCalls)
	return true
}

// parseable reports whether src may be parsed: within what is left of maxText and with at most maxGroups
// groups. It spends src's length from the text budget.
func (w *walker) parseable(src string) bool {
	if w.parsed+len(src) > maxText {
		w.tooComplex("it holds more than %d KiB of shell code", maxText>>10)
		return false
	}
	w.parsed += len(src)
	if tooManyGroups(src) {
		w.tooComplex("it opens more than %d substitutions, groups or compound commands", maxGroups)
		return false
	}
	return true
}

// tooManyGroups reports whether src opens more than maxGroups groups. Each group takes at least a byte, so
// the commands people write, far shorter than that, need no scan.
func tooManyGroups(src string) bool {
	return len(src) > maxGroups && groupCount(src) > maxGroups
}

// groupCount is an upper bound on the levels the parser could nest while reading src: command, process
// and arithmetic substitutions, parameter expansions, subshells, brace groups and braces, backquotes and
// the keywords that open compound commands. It counts every bracket and backquote outside single quotes,
// comments and find's {}, and those keywords at the start of a word; it follows quoting only to know
// which text is single-quoted, so that awk programs and JSON payloads cost nothing. Closing brackets never
// lower the count, so no quoting, however the scan reads it, can hide groups behind quoted ones.
func groupCount(src string) int {
	type level struct {
		dq    bool // inside double quotes, where a single quote is a plain character
		close byte // the byte that ends this level
	}
	var buf [8]level
	stack := append(buf[:0], level{})
	var heredocs []heredocDelim
	n := 0
	for i := 0; i < len(src); i++ {
		top := stack[len(stack)-1]
		c := src[i]
		next := byte(0)
		if i+1 < len(src) {
			next = src[i+1]
		}
		switch {
		case c == '\\':
			if next == '`' {
				n++ // a backquote nested in backquotes
			}
			i++
		case c == '"' && top.dq && top.close == '"':
			stack = stack[:len(stack)-1]
		case c == '"':
			stack = append(stack, level{dq: true, close: '"'})
		case c == '$' && next == '(':
			n++
			stack = append(stack, level{close: ')'})
			i++
		case c == '$' && next == '{':
			n++
			stack = append(stack, level{dq: top.dq, close: '}'})
			i++
		case c == '`' && top.close == '`':
			stack = stack[:len(stack)-1]
		case c == '`':
			n++
			stack = append(stack, level{close: '`'})
		case (c == ')' || c == '}') && len(stack) > 1 && top.close == c:
			stack = stack[:len(stack)-1]
		case c == '{' && next == '}': // find's {}, a plain word
			i++
		case top.dq:
			if c == '(' || c == '{' {
				n++
			}
		case c == '\'':
			if i = indexQuote(src, i+1, false); i < 0 {
				return n // the rest is one unterminated string: nothing in it nests
			}
		case c == '$' && next == '\'':
			if i = indexQuote(src, i+2, true); i < 0 {
				return n
			}
		case c == '#' && wordStart(src, i):
			for i+1 < len(src) && src[i+1] != '\n' {
				i++
			}
		case c == '\n' && len(heredocs) > 0:
			var k int
			i, k = skipHeredocs(src, i+1, heredocs)
			n += k
			heredocs = heredocs[:0]
		case c == '<' && next == '<' && (i+2 >= len(src) || src[i+2] != '<'):
			var d heredocDelim
			d, i = readHeredocDelim(src, i+2)
			heredocs = append(heredocs, d)
		case c == '(':
			n++
			stack = append(stack, level{close: ')'})
		case c == '{':
			n++
			stack = append(stack, level{close: '}'})
		default:
			k, end := keyword(src, i)
			n += k
			i = end
		}
	}
	return n
}

// keyword counts a keyword that opens a compound command at src[i], and returns the index of the last byte
// of the word that starts there (i itself when none does).
func keyword(src string, i int) (int, int) {
	if src[i] < 'a' || src[i] > 'z' || !wordStart(src, i) {
		return 0, i
	}
	j := i
	for j < len(src) && src[j] >= 'a' && src[j] <= 'z' {
		j++
	}
	switch src[i:j] {
	case "if", "elif", "else", "while", "until", "for", "case", "select":
		return 1, j - 1
	}
	return 0, j - 1
}

// indexQuote finds the single quote that ends a string starting at from; escapes count only in $'…'.
func indexQuote(src string, from int, escapes bool) int {
	for j := from; j < len(src); j++ {
		switch {
		case escapes && src[j] == '\\':
			j++
		case src[j] == '\'':
			return j
		}
	}
	return -1
}

// wordStart reports whether src[i] begins a shell word.
func wordStart(src string, i int) bool {
	if i == 0 {
		return true
	}
	switch src[i-1] {
	case ' ', '\t', '\n', ';', '&', '|', '(', ')', '`':
		return true
	}
	return false
}

// heredocDelim is the line that ends a heredoc body; dash is set for <<-, which strips leading tabs.
type heredocDelim struct {
	word string
	dash bool
}

// readHeredocDelim reads the delimiter word after <<, quotes removed, and returns the index of its last byte.
func readHeredocDelim(src string, i int) (heredocDelim, int) {
	var d heredocDelim
	if i < len(src) && src[i] == '-' {
		d.dash = true
		i++
	}
	for i < len(src) && (src[i] == ' ' || src[i] == '\t') {
		i++
	}
	var word []byte
	var quote byte
	for ; i < len(src); i++ {
		c := src[i]
		switch {
		case quote != 0 && c == quote:
			quote = 0
		case quote != 0:
			word = append(word, c)
		case c == '\'' || c == '"':
			quote = c
		case c == '\\' && i+1 < len(src):
			i++
			word = append(word, src[i])
		case strings.IndexByte(" \t\n;&|<>()", c) >= 0:
			d.word = string(word)
			return d, i - 1
		default:
			word = append(word, c)
		}
	}
	d.word = string(word)
	return d, len(src) - 1
}

// skipHeredocs passes over the bodies of the heredocs started on the line that ended just before from. It
// returns the index of the last byte of the last body, and the groups in the bodies, counting every
// bracket, backquote and keyword whether or not the delimiter was quoted: a generous count is safe.
func skipHeredocs(src string, from int, delims []heredocDelim) (end, groups int) {
	i := from
	for _, d := range delims {
		for i < len(src) {
			j := i
			for j < len(src) && src[j] != '\n' {
				j++
			}
			line := src[i:j]
			if d.dash {
				line = strings.TrimLeft(line, "\t")
			}
			i = j + 1
			if line == d.word {
				break
			}
			for k := 0; k < len(line); k++ {
				switch line[k] {
				case '(', '{', '`':
					groups++
				default:
					g, end := keyword(line, k)
					groups += g
					k = end
				}
			}
		}
	}
	return i - 1, groups
}
