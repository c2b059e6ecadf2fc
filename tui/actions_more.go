package tui

import (
	"context"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/cmdai/cmdai/ipc"
	"github.com/cmdai/cmdai/safety"
)

// HistoryDeletedMsg reports how deleting history entry ID went.
type HistoryDeletedMsg struct {
	ID  string
	Err error
}

// PatternDeletedMsg reports how deleting a local pattern went.
type PatternDeletedMsg struct {
	ID  string
	Err error
}

func deleteHistory(ctx context.Context, c *ipc.Client, id string) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		defer cancel()
		return HistoryDeletedMsg{ID: id, Err: c.DeleteHistory(ctx, id)}
	}
}

func deletePattern(ctx context.Context, c *ipc.Client, id string) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		defer cancel()
		return PatternDeletedMsg{ID: id, Err: c.DeletePattern(ctx, id)}
	}
}

// confirmDeleteKey answers the "delete this?" question: y deletes, anything else keeps.
func (m *Model) confirmDeleteKey(msg tea.KeyPressMsg, confirming *bool, del func() tea.Cmd) tea.Cmd {
	*confirming = false
	if key.Matches(msg, m.keys.Confirm) {
		return del()
	}
	m.setNotice("kept", false)
	return nil
}

func (m *Model) openPatterns() tea.Cmd {
	if m.screen != screenPatterns {
		m.patternsBack = m.screen
	}
	m.screen = screenPatterns
	m.prompt.area.Blur()
	m.patterns.confirmDelete = false
	return tea.Batch(m.patterns.input.Focus(), m.patterns.query(m.ctx, m.cfg.Client))
}

// leavePatterns returns to where the browser was opened from.
func (m *Model) leavePatterns() tea.Cmd {
	m.patterns.input.Blur()
	m.screen = m.patternsBack
	if m.screen == screenPrompt {
		return m.prompt.area.Focus()
	}
	return nil
}

func (m *Model) patternsKey(msg tea.KeyPressMsg) tea.Cmd {
	k := m.keys
	b := &m.patterns
	if b.confirmDelete {
		p, _ := b.current()
		return m.confirmDeleteKey(msg, &b.confirmDelete, func() tea.Cmd { return deletePattern(m.ctx, m.cfg.Client, p.ID) })
	}
	switch {
	case key.Matches(msg, k.Cancel):
		return m.leavePatterns()
	case key.Matches(msg, k.HistoryUp):
		b.move(-1)
		return nil
	case key.Matches(msg, k.HistoryDown):
		b.move(1)
		return nil
	case key.Matches(msg, k.Delete):
		p, ok := b.current()
		switch {
		case !ok:
		case p.Source == ipc.PatternTeam:
			m.setNotice("team patterns are shared: remove them in the team's settings", true)
		default:
			b.confirmDelete = true
		}
		return nil
	case key.Matches(msg, k.Submit):
		p, ok := b.current()
		if !ok {
			return nil
		}
		b.input.Blur()
		m.fill = newFillForm(m.styles, p)
		if len(m.fill.params) == 0 {
			return m.insertPattern()
		}
		m.screen = screenFill
		return m.fill.focusField(0)
	}
	before := b.input.Value()
	var cmd tea.Cmd
	b.input, cmd = b.input.Update(msg)
	if b.input.Value() != before {
		b.selected = 0
		return tea.Batch(cmd, b.query(m.ctx, m.cfg.Client))
	}
	return cmd
}

func (m *Model) fillKey(msg tea.KeyPressMsg) tea.Cmd {
	k := m.keys
	f := &m.fill
	switch {
	case key.Matches(msg, k.Cancel):
		f.inputs[f.focus].Blur()
		m.screen = screenPatterns
		return m.patterns.input.Focus()
	case key.Matches(msg, k.NextField):
		return f.focusField(f.focus + 1)
	case key.Matches(msg, k.PrevField):
		return f.focusField(f.focus - 1)
	case key.Matches(msg, k.Submit):
		return m.insertPattern()
	}
	return f.update(msg)
}

// insertPattern fills the pattern in the form and shows the command in the preview, checked by the
// daemon like an edit; it counts the use. A value that does not read as its type keeps the form open.
func (m *Model) insertPattern() tea.Cmd {
	f := &m.fill
	command, bad := f.result()
	if len(bad) > 0 {
		f.errs = bad
		for i, prm := range f.params {
			if bad[prm.Name] != nil {
				return f.focusField(i)
			}
		}
	}
	p := preview{prompt: "pattern: " + f.pattern.Name, command: command, explanation: f.pattern.Description,
		backend:  "pattern · " + sourceName(f.pattern),
		verdict:  safety.Verdict{Risk: safety.High, Findings: []safety.Finding{{Rule: "checking", Risk: safety.High, Message: "checking…"}}},
		checking: true}
	m.patterns.input.Blur()
	return tea.Batch(m.showPreview(p), checkCommand(m.ctx, m.cfg.Client, command, m.cfg.Shell, m.cfg.Cwd),
		usePattern(m.ctx, m.cfg.Client, f.pattern.ID))
}

func (m *Model) openSave() tea.Cmd {
	m.save = newSaveForm(m.styles, m.preview.command, m.preview.prompt)
	if m.preview.edited || len(m.preview.prompt) > 80 {
		m.save.inputs[fieldDescription].SetValue("")
	}
	m.screen = screenSave
	return m.save.focusField(fieldName)
}

func (m *Model) saveKey(msg tea.KeyPressMsg) tea.Cmd {
	k := m.keys
	f := &m.save
	if f.saving {
		return nil
	}
	switch {
	case key.Matches(msg, k.Cancel):
		f.inputs[f.focus].Blur()
		m.screen = screenPreview
		return nil
	case key.Matches(msg, k.NextField):
		return f.focusField(f.focus + 1)
	case key.Matches(msg, k.PrevField):
		return f.focusField(f.focus - 1)
	case key.Matches(msg, k.Submit):
		return f.save(m.ctx, m.cfg.Client)
	}
	return f.update(msg)
}

func (m *Model) patternSaved(msg PatternSavedMsg) tea.Cmd {
	if m.screen != screenSave {
		return nil
	}
	m.save.saving = false
	if msg.Err != nil {
		m.save.err = msg.Err
		return nil
	}
	m.save.inputs[m.save.focus].Blur()
	m.screen = screenPreview
	m.setNotice("saved as pattern “"+msg.Pattern.Name+"”: ctrl+t finds it", false)
	return nil
}

func (m *Model) openExplain() tea.Cmd {
	m.explain = explainPane{styles: m.styles, command: m.preview.command}
	m.screen = screenExplain
	return explainCommand(m.ctx, m.cfg.Client, ipc.ExplainRequest{Command: m.preview.command, Shell: m.cfg.Shell,
		Backend: m.cfg.Backend, Model: m.cfg.Model})
}

func (m *Model) explainKey(msg tea.KeyPressMsg) tea.Cmd {
	k := m.keys
	w, h := m.contentWidth(), m.bodyHeight()
	switch {
	case key.Matches(msg, k.Cancel), key.Matches(msg, k.Explain):
		m.screen = screenPreview
	case key.Matches(msg, k.ScrollUp):
		m.explain.scroll(-1, w, h-1)
	case key.Matches(msg, k.ScrollDown):
		m.explain.scroll(1, w, h-1)
	case key.Matches(msg, k.PageUp):
		m.explain.scroll(-(h - 2), w, h-1)
	case key.Matches(msg, k.PageDown):
		m.explain.scroll(h-2, w, h-1)
	case key.Matches(msg, k.Run):
		m.screen = screenPreview
		return m.run()
	}
	return nil
}
