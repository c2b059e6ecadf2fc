package cli

import (
	"fmt"
	"unicode/utf8"

	"golang.org/x/term"
)

// ReadKey shows prompt, then hint (the default) where the answer will go, and reads one key in raw
// mode, without waiting for Enter: the answer to a question of single letters. The hint is erased when
// the key comes. Enter, Esc, Ctrl-C and Ctrl-D come back as '\r', 27, 3 and 4. A newline typed straight
// after the key (out of habit) is taken with it, so that it reaches nothing else.
func (e *lineEditor) ReadKey(prompt, hint string) (rune, error) {
	fd := int(e.in.Fd())
	old, err := term.MakeRaw(fd)
	if err != nil {
		return 0, fmt.Errorf("set terminal to raw mode: %w", err)
	}
	defer term.Restore(fd, old)
	fmt.Fprint(e.out, prompt)
	if hint != "" {
		fmt.Fprintf(e.out, "\x1b[2m%s\x1b[0m\x1b[%dD", hint, utf8.RuneCountInString(hint))
	}
	r, _, err := e.r.ReadRune()
	fmt.Fprint(e.out, "\x1b[K")
	if err != nil {
		return 4, nil
	}
	if r == '\n' {
		r = '\r'
	}
	if r == 27 {
		// A lone Esc, or the start of a key sequence (an arrow): either way, no answer.
		for e.r.Buffered() > 0 {
			_, _, _ = e.r.ReadRune()
		}
	}
	if r != '\r' && e.r.Buffered() > 0 {
		if next, _, err := e.r.ReadRune(); err == nil && next != '\r' && next != '\n' {
			_ = e.r.UnreadRune()
		}
	}
	return r, nil
}
