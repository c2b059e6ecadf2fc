package popup

import (
	"unicode"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
)

// lineEdit is a one-line editor for the command: the usual readline keys, nothing more. (bubbles'
// textinput would pull a clipboard module in for a feature the popup does not need.)
type lineEdit struct {
	text   []rune
	cursor int
}

func (e *lineEdit) set(s string) { e.text, e.cursor = []rune(s), len([]rune(s)) }

func (e *lineEdit) value() string { return string(e.text) }

// update applies one key press and reports whether it was an editing key.
func (e *lineEdit) update(k tea.KeyPressMsg) bool {
	switch k.String() {
	case "left", "ctrl+b":
		e.cursor = max(e.cursor-1, 0)
	case "right", "ctrl+f":
		e.cursor = min(e.cursor+1, len(e.text))
	case "home", "ctrl+a":
		e.cursor = 0
	case "end", "ctrl+e":
		e.cursor = len(e.text)
	case "backspace", "ctrl+h":
		if e.cursor > 0 {
			e.text = append(e.text[:e.cursor-1], e.text[e.cursor:]...)
			e.cursor--
		}
	case "delete", "ctrl+d":
		if e.cursor < len(e.text) {
			e.text = append(e.text[:e.cursor], e.text[e.cursor+1:]...)
		}
	case "ctrl+u":
		e.text, e.cursor = e.text[e.cursor:], 0
	case "ctrl+k":
		e.text = e.text[:e.cursor]
	case "ctrl+w", "alt+backspace":
		i := e.cursor
		for i > 0 && unicode.IsSpace(e.text[i-1]) {
			i--
		}
		for i > 0 && !unicode.IsSpace(e.text[i-1]) {
			i--
		}
		e.text, e.cursor = append(e.text[:i], e.text[e.cursor:]...), i
	default:
		if k.Text == "" {
			return false
		}
		ins := []rune(k.Text)
		e.text = append(e.text[:e.cursor], append(ins, e.text[e.cursor:]...)...)
		e.cursor += len(ins)
	}
	return true
}

// view draws the text with a reverse-video cursor.
func (e *lineEdit) view() string {
	cur := lipgloss.NewStyle().Reverse(true)
	if e.cursor >= len(e.text) {
		return string(e.text) + cur.Render(" ")
	}
	return string(e.text[:e.cursor]) + cur.Render(string(e.text[e.cursor])) + string(e.text[e.cursor+1:])
}
