package cli

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"unicode"
	"unicode/utf8"

	"golang.org/x/term"
)

// errEditCancelled means the person pressed Esc, Ctrl-C or Ctrl-D on an empty line.
var errEditCancelled = errors.New("edit cancelled")

// lineEditor reads one line from a terminal in raw mode, pre-filled and editable, with the keys of
// readline's emacs mode. It draws over as many rows as the line needs, so long commands wrap cleanly.
type lineEditor struct {
	in  *os.File
	out io.Writer
	r   *bufio.Reader
}

func newLineEditor(in *os.File, out io.Writer) *lineEditor {
	return &lineEditor{in: in, out: out, r: bufio.NewReader(in)}
}

// editState is the line being edited and where it is drawn.
type editState struct {
	prompt    string // plain text; its width is its rune count
	buf       []rune
	pos       int // cursor index into buf
	cursorRow int // row of the terminal cursor, relative to the first row of the prompt
	width     int
}

// ReadLine shows prompt followed by initial, lets the person edit it and returns the line on Enter.
func (e *lineEditor) ReadLine(prompt, initial string) (string, error) {
	fd := int(e.in.Fd())
	old, err := term.MakeRaw(fd)
	if err != nil {
		return "", fmt.Errorf("set terminal to raw mode: %w", err)
	}
	defer term.Restore(fd, old)

	st := &editState{prompt: prompt, buf: []rune(initial), width: 80}
	st.pos = len(st.buf)
	if w, _, err := term.GetSize(fd); err == nil && w > 0 {
		st.width = w
	}
	e.redraw(st)
	for {
		r, _, err := e.r.ReadRune()
		if err != nil {
			e.finish(st)
			return "", errEditCancelled
		}
		switch r {
		case '\r', '\n':
			e.finish(st)
			return string(st.buf), nil
		case 3: // Ctrl-C
			e.finish(st)
			return "", errEditCancelled
		case 4: // Ctrl-D: delete under the cursor, or give up on an empty line
			if len(st.buf) == 0 {
				e.finish(st)
				return "", errEditCancelled
			}
			st.deleteAt(st.pos)
		case 1: // Ctrl-A
			st.pos = 0
		case 5: // Ctrl-E
			st.pos = len(st.buf)
		case 2: // Ctrl-B
			st.pos = max(st.pos-1, 0)
		case 6: // Ctrl-F
			st.pos = min(st.pos+1, len(st.buf))
		case 8, 127: // Backspace
			if st.pos > 0 {
				st.pos--
				st.deleteAt(st.pos)
			}
		case 11: // Ctrl-K
			st.buf = st.buf[:st.pos]
		case 21: // Ctrl-U
			st.buf = append([]rune{}, st.buf[st.pos:]...)
			st.pos = 0
		case 23: // Ctrl-W
			start := st.wordStart()
			st.buf = append(st.buf[:start], st.buf[st.pos:]...)
			st.pos = start
		case 12: // Ctrl-L
		case 27:
			if e.r.Buffered() == 0 { // a lone Esc, not the start of a key sequence
				e.finish(st)
				return "", errEditCancelled
			}
			e.escape(st)
		default:
			if unicode.IsPrint(r) || r == '\t' {
				st.insert(r)
			}
		}
		e.redraw(st)
	}
}

// escape handles the key sequences terminals send for arrows, Home, End and Delete, and Alt-b/Alt-f.
func (e *lineEditor) escape(st *editState) {
	b, err := e.r.ReadByte()
	if err != nil {
		return
	}
	switch b {
	case 'b':
		st.pos = st.wordStart()
		return
	case 'f':
		st.pos = st.wordEnd()
		return
	case '[', 'O':
	default:
		return
	}
	var params []byte
	for {
		c, err := e.r.ReadByte()
		if err != nil {
			return
		}
		if c >= 0x40 && c <= 0x7e {
			e.csi(st, string(params), c)
			return
		}
		params = append(params, c)
	}
}

func (e *lineEditor) csi(st *editState, params string, final byte) {
	switch final {
	case 'C':
		st.pos = min(st.pos+1, len(st.buf))
	case 'D':
		st.pos = max(st.pos-1, 0)
	case 'H':
		st.pos = 0
	case 'F':
		st.pos = len(st.buf)
	case '~':
		switch params {
		case "1", "7":
			st.pos = 0
		case "4", "8":
			st.pos = len(st.buf)
		case "3":
			st.deleteAt(st.pos)
		}
	}
}

func (st *editState) insert(r rune) {
	st.buf = append(st.buf, 0)
	copy(st.buf[st.pos+1:], st.buf[st.pos:])
	st.buf[st.pos] = r
	st.pos++
}

func (st *editState) deleteAt(i int) {
	if i < len(st.buf) {
		st.buf = append(st.buf[:i], st.buf[i+1:]...)
	}
}

func (st *editState) wordStart() int {
	i := st.pos
	for i > 0 && st.buf[i-1] == ' ' {
		i--
	}
	for i > 0 && st.buf[i-1] != ' ' {
		i--
	}
	return i
}

func (st *editState) wordEnd() int {
	i := st.pos
	for i < len(st.buf) && st.buf[i] == ' ' {
		i++
	}
	for i < len(st.buf) && st.buf[i] != ' ' {
		i++
	}
	return i
}

// redraw repaints the prompt and line from their first row and puts the cursor back where it belongs.
func (e *lineEditor) redraw(st *editState) {
	var b []byte
	if st.cursorRow > 0 {
		b = fmt.Appendf(b, "\x1b[%dA", st.cursorRow)
	}
	b = append(b, "\r\x1b[J"...)
	b = append(b, st.prompt...)
	b = append(b, string(st.buf)...)
	total := utf8.RuneCountInString(st.prompt) + len(st.buf)
	endRow := total / st.width
	if total > 0 && total%st.width == 0 {
		b = append(b, "\r\n"...) // the terminal holds the cursor in the last column until told to wrap
	}
	cell := utf8.RuneCountInString(st.prompt) + st.pos
	row, col := cell/st.width, cell%st.width
	if up := endRow - row; up > 0 {
		b = fmt.Appendf(b, "\x1b[%dA", up)
	}
	b = append(b, '\r')
	if col > 0 {
		b = fmt.Appendf(b, "\x1b[%dC", col)
	}
	st.cursorRow = row
	e.out.Write(b)
}

// finish moves below the line so that whatever is printed next starts on a fresh row.
func (e *lineEditor) finish(st *editState) {
	st.pos = len(st.buf)
	e.redraw(st)
	e.out.Write([]byte("\r\n"))
}
