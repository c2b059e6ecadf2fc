package tui

import (
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/cmdai/cmdai/safety"
)

// While a command is being edited, its verdict follows the text: the safety engine checks what is
// typed once the typing pauses, and until it has, the preview shows no verdict rather than the old
// one. The organisation's policy is asked when the edit is done (Enter), as before.

// editCheckDelay is the pause in typing after which the edited command is checked.
const editCheckDelay = 150 * time.Millisecond

// EditCheckMsg asks for the check of the edit numbered Seq.
type EditCheckMsg struct{ Seq int }

// editCheck is the verdict on the text being edited, for the text it was made for.
type editCheck struct {
	seq     int
	text    string
	verdict *safety.Verdict
}

// edited notes that the editor's text may have changed, and schedules its check.
func (m *Model) edited() tea.Cmd {
	if m.editor.Value() == m.live.text {
		return nil
	}
	m.live.seq++
	m.live.text, m.live.verdict = m.editor.Value(), nil
	seq := m.live.seq
	return tea.Tick(editCheckDelay, func(time.Time) tea.Msg { return EditCheckMsg{Seq: seq} })
}

// checkEdit checks the edit when no key came since it was asked for.
func (m *Model) checkEdit(msg EditCheckMsg) {
	if !m.editing || msg.Seq != m.live.seq {
		return
	}
	v := safety.Check(m.live.text, m.cfg.Safety)
	m.live.verdict = &v
}

// editingPreview is the preview to draw under the editor: the verdict of what is typed once it has
// been checked, "checking…" until then, and no explanation or blast radius of the command it was.
func (m *Model) editingPreview() preview {
	p := m.preview
	text := m.editor.Value()
	if text == p.command {
		return p
	}
	p.explanation, p.impact, p.exit = "(edited)", "", nil
	if m.live.verdict != nil && m.live.text == text {
		p.verdict = *m.live.verdict
	} else {
		p.verdict = safety.Verdict{Risk: safety.High, Findings: []safety.Finding{{Rule: "checking", Risk: safety.High, Message: "checking…"}}}
	}
	return p
}
