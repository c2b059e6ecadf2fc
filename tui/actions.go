package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/cmdai/cmdai/gate"
	"github.com/cmdai/cmdai/safety"
	"github.com/cmdai/cmdai/safety/wire"
)

// key gives a key press to whichever part of the interface has the keyboard.
func (m *Model) key(msg tea.KeyPressMsg) tea.Cmd {
	k := m.keys
	m.notice = ""
	if key.Matches(msg, k.Quit) {
		if m.gen != nil {
			m.cancelGeneration()
			return nil
		}
		return tea.Quit
	}
	if key.Matches(msg, k.Help) && m.helpKeyFree() {
		m.fullHelp = !m.fullHelp
		return nil
	}
	switch m.screen {
	case screenHistory:
		return m.historyKey(msg)
	case screenPreview:
		return m.previewKey(msg)
	case screenPatterns:
		return m.patternsKey(msg)
	case screenFill:
		return m.fillKey(msg)
	case screenSave:
		return m.saveKey(msg)
	case screenExplain:
		return m.explainKey(msg)
	}
	return m.promptKey(msg)
}

// helpKeyFree reports whether "?" means help rather than a character for a text field: it does when
// the focused field is empty or there is none.
func (m *Model) helpKeyFree() bool {
	switch {
	case m.screen == screenHistory:
		return m.history.input.Value() == "" && !m.history.confirmDelete
	case m.screen == screenPatterns:
		return m.patterns.input.Value() == "" && !m.patterns.confirmDelete
	case m.screen == screenFill, m.screen == screenSave:
		return false
	case m.screen == screenExplain:
		return true
	case m.screen == screenPreview && m.editing:
		return false
	case m.screen == screenPreview && m.confirming:
		return m.confirm.Value() == ""
	case m.screen == screenPreview:
		return true
	}
	return m.prompt.value() == ""
}

func (m *Model) promptKey(msg tea.KeyPressMsg) tea.Cmd {
	k := m.keys
	if m.gen != nil {
		if key.Matches(msg, k.Cancel) {
			m.cancelGeneration()
		}
		return nil
	}
	switch {
	case key.Matches(msg, k.Submit):
		return m.submit(m.prompt.value())
	case key.Matches(msg, k.History):
		return m.openHistory()
	case key.Matches(msg, k.Patterns):
		return m.openPatterns()
	case key.Matches(msg, k.Cancel):
		switch {
		case m.genErr != nil:
			m.genErr = nil
		case m.hasPreview && m.prompt.value() == "":
			m.screen = screenPreview
			m.prompt.area.Blur()
		default:
			m.prompt.set("")
		}
		return nil
	}
	m.genErr = nil
	return m.prompt.update(msg, k)
}

func (m *Model) previewKey(msg tea.KeyPressMsg) tea.Cmd {
	k := m.keys
	switch {
	case m.editing:
		return m.editKey(msg)
	case m.confirming:
		return m.confirmKey(msg)
	case key.Matches(msg, k.Run):
		return m.run()
	case key.Matches(msg, k.Edit):
		m.editing = true
		m.editor.SetValue(m.preview.command)
		m.editor.MoveToEnd()
		return m.editor.Focus()
	case key.Matches(msg, k.OtherWay), key.Matches(msg, k.OtherWayBack):
		n := len(m.preview.ways)
		if n < 2 {
			return nil
		}
		step := 1
		if key.Matches(msg, k.OtherWayBack) {
			step = n - 1
		}
		return m.showPreview(m.preview.showWay((m.preview.way + step) % n))
	case key.Matches(msg, k.Copy):
		m.setNotice("copied to the clipboard", false)
		return tea.SetClipboard(m.preview.command)
	case key.Matches(msg, k.Regenerate):
		if m.preview.prompt == "" {
			return nil
		}
		return m.submit(m.preview.prompt)
	case key.Matches(msg, k.History):
		return m.openHistory()
	case key.Matches(msg, k.Patterns):
		return m.openPatterns()
	case key.Matches(msg, k.SavePattern):
		return m.openSave()
	case key.Matches(msg, k.Explain):
		return m.openExplain()
	case key.Matches(msg, k.NewPrompt):
		m.screen = screenPrompt
		return m.prompt.area.Focus()
	}
	return nil
}

// run runs the previewed command as the gate allows: the Run key is the person's plain yes, so a
// command runs at once unless the gate refuses it (strict mode) or asks for the word yes (critical).
func (m *Model) run() tea.Cmd {
	d := m.decide(gate.Accepted)
	switch {
	case d.Outcome == gate.Refuse:
		m.setNotice(d.Err().Error(), true)
		return nil
	case d.Outcome == gate.Confirm:
		m.confirming = true
		m.confirm.SetValue("")
		return m.confirm.Focus()
	}
	return runCommand(m.ctx, d, m.undoRun())
}

// decide asks the gate about the previewed command, with what the person has confirmed.
func (m *Model) decide(confirmed gate.Confirmation) gate.Decision {
	return gate.Decide(gate.Input{Command: m.preview.command, Verdict: m.preview.verdict,
		Mode: m.cfg.Safety.Mode, Policy: m.preview.policyNow(), Confirmed: confirmed})
}

func (m *Model) confirmKey(msg tea.KeyPressMsg) tea.Cmd {
	switch {
	case key.Matches(msg, m.keys.Cancel):
		m.confirming = false
		m.confirm.Blur()
		return nil
	case key.Matches(msg, m.keys.Run):
		m.confirming = false
		m.confirm.Blur()
		d := m.decide(gate.ParseAnswer(m.confirm.Value()))
		if !d.Allowed() {
			m.setNotice("not run: "+m.preview.verdict.Risk.String()+" commands need the word yes", true)
			return nil
		}
		return runCommand(m.ctx, d, m.undoRun())
	}
	var cmd tea.Cmd
	m.confirm, cmd = m.confirm.Update(msg)
	return cmd
}

// editKey edits the command in place; Enter keeps the edit and has the daemon check it again.
func (m *Model) editKey(msg tea.KeyPressMsg) tea.Cmd {
	switch {
	case key.Matches(msg, m.keys.Cancel):
		m.editing = false
		m.editor.Blur()
		return nil
	case key.Matches(msg, m.keys.Submit):
		m.editing = false
		m.editor.Blur()
		edited := strings.TrimSpace(m.editor.Value())
		if edited == "" || edited == m.preview.command {
			return nil
		}
		p := m.preview
		p.command, p.explanation, p.edited, p.impact, p.exit = edited, "", true, "", nil
		// Until the daemon answers, the edit is unknown: never shown as safe.
		p.verdict = safety.Verdict{Risk: safety.High, Findings: []safety.Finding{{Rule: "checking", Risk: safety.High, Message: "checking…"}}}
		p.checking = true
		return tea.Batch(m.showPreview(p), checkCommand(m.ctx, m.cfg.Client, edited, m.cfg.Shell, m.cfg.Cwd))
	}
	var cmd tea.Cmd
	m.editor, cmd = m.editor.Update(msg)
	return tea.Batch(cmd, m.edited())
}

func (m *Model) openHistory() tea.Cmd {
	if m.screen != screenHistory {
		m.back = m.screen
	}
	m.history.confirmDelete, m.history.undoPlan = false, nil
	m.screen = screenHistory
	m.prompt.area.Blur()
	return tea.Batch(m.history.input.Focus(), m.history.query(m.ctx, m.cfg.Client, m.cfg.Cwd))
}

func (m *Model) historyKey(msg tea.KeyPressMsg) tea.Cmd {
	k := m.keys
	h := &m.history
	if h.confirmDelete {
		e, _ := h.current()
		return m.confirmDeleteKey(msg, &h.confirmDelete, func() tea.Cmd { return deleteHistory(m.ctx, m.cfg.Client, e.ID) })
	}
	if h.undoPlan != nil {
		return m.undoKey(msg)
	}
	switch {
	case key.Matches(msg, k.Undo):
		if e, ok := h.current(); ok {
			return planUndo(m.ctx, m.cfg.Undo, e.ID)
		}
		return nil
	case key.Matches(msg, k.Delete):
		if _, ok := h.current(); ok {
			h.confirmDelete = true
		}
		return nil
	case key.Matches(msg, k.Cancel):
		h.input.Blur()
		m.screen = m.back
		if m.screen == screenPrompt {
			return m.prompt.area.Focus()
		}
		return nil
	case key.Matches(msg, k.HistoryUp):
		h.move(-1)
		return nil
	case key.Matches(msg, k.HistoryDown):
		h.move(1)
		return nil
	case key.Matches(msg, k.HistoryScope):
		h.scope = (h.scope + 1) % scopeCount
		return h.query(m.ctx, m.cfg.Client, m.cfg.Cwd)
	case key.Matches(msg, k.HistoryOpen), key.Matches(msg, k.HistoryEdit):
		e, ok := h.current()
		if !ok {
			return nil
		}
		h.input.Blur()
		cmd := m.showPreview(preview{historyID: e.ID, prompt: e.Prompt, command: e.Command,
			explanation: e.Explanation, verdict: wire.Verdict(e.Risk, e.Findings), backend: e.Backend, model: e.Model})
		if key.Matches(msg, k.HistoryEdit) {
			m.editing = true
			m.editor.SetValue(e.Command)
			m.editor.MoveToEnd()
			return tea.Batch(cmd, m.editor.Focus())
		}
		return cmd
	}
	before := h.input.Value()
	var cmd tea.Cmd
	h.input, cmd = h.input.Update(msg)
	if h.input.Value() != before {
		h.selected = 0
		return tea.Batch(cmd, h.query(m.ctx, m.cfg.Client, m.cfg.Cwd))
	}
	return cmd
}

// paste gives pasted text to the focused field.
func (m *Model) paste(msg tea.PasteMsg) tea.Cmd {
	var cmd tea.Cmd
	switch {
	case m.screen == screenHistory:
		m.history.input, cmd = m.history.input.Update(msg)
		return tea.Batch(cmd, m.history.query(m.ctx, m.cfg.Client, m.cfg.Cwd))
	case m.screen == screenPatterns:
		m.patterns.input, cmd = m.patterns.input.Update(msg)
		return tea.Batch(cmd, m.patterns.query(m.ctx, m.cfg.Client))
	case m.screen == screenFill:
		cmd = m.fill.update(msg)
	case m.screen == screenSave:
		cmd = m.save.update(msg)
	case m.screen == screenPreview && m.editing:
		m.editor, cmd = m.editor.Update(msg)
		cmd = tea.Batch(cmd, m.edited())
	case m.screen == screenPreview && m.confirming:
		m.confirm, cmd = m.confirm.Update(msg)
	case m.screen == screenPrompt && m.gen == nil:
		m.prompt.area, cmd = m.prompt.area.Update(msg)
	}
	return cmd
}
