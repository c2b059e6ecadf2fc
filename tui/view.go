package tui

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/cmdai/cmdai/ipc"
	"github.com/cmdai/cmdai/safety/wire"
)

// View draws the whole screen: the focused screen's content, a notice, the help bar and the status bar.
func (m *Model) View() tea.View {
	v := tea.NewView(m.render())
	v.AltScreen = true
	v.WindowTitle = "cmdai"
	return v
}

func (m *Model) render() string {
	w := m.contentWidth()
	footer := m.footer()
	status := m.statusBar(m.width)

	bodyHeight := m.bodyHeight()
	var body string
	switch m.screen {
	case screenHistory:
		body = m.history.View(w, bodyHeight, m.cfg.Now())
	case screenPatterns:
		body = m.patterns.View(w, bodyHeight)
	case screenFill:
		body = m.fill.View(w)
	case screenSave:
		body = m.save.View(w)
	case screenExplain:
		body = m.explain.View(w, bodyHeight)
	default:
		body = m.mainView(w, bodyHeight)
	}
	body = fit(body, bodyHeight)
	return m.styles.App.Render(body+"\n"+footer) + "\n" + status
}

// footer is the notice, when there is one, and the help bar.
func (m *Model) footer() string {
	w := m.contentWidth()
	foot := []string{}
	if m.notice != "" {
		st := m.styles.Notice
		if m.noticeIsErr {
			st = m.styles.Error
		}
		foot = append(foot, lipgloss.Wrap(st.Render(m.notice), w, " "))
	}
	foot = append(foot, m.helpView())
	return strings.Join(foot, "\n")
}

// bodyHeight is the number of rows the focused screen gets above the footer and the status bar.
func (m *Model) bodyHeight() int { return max(m.height-lipgloss.Height(m.footer())-1, 1) }

// mainView is the prompt box with what is below it: the request in flight, its error, or the preview.
func (m *Model) mainView(width, height int) string {
	s := m.styles
	var parts []string
	if m.screen == screenPrompt {
		parts = append(parts, m.prompt.View(width))
	}
	switch {
	case m.gen != nil:
		elapsed := m.cfg.Now().Sub(m.gen.started)
		line := m.spinner.View() + " " + s.Muted.Render("thinking… "+formatDuration(elapsed)+" · esc to cancel")
		parts = append(parts, line)
		if t := strings.TrimSpace(m.gen.streamed(width * 3)); t != "" {
			parts = append(parts, s.Muted.Render(lipgloss.Wrap(t, width, " ")))
		}
	case m.genErr != nil:
		parts = append(parts, s.Error.Render(lipgloss.Wrap("no answer: "+m.genErr.Error(), width, " ")))
		if ipc.IsNoAnswer(m.genErr) {
			if readings := ipc.NoAnswerReadings(m.genErr); len(readings) > 0 {
				parts = append(parts, s.Muted.Render(lipgloss.Wrap("closest readings: "+strings.Join(readings, " · "), width, " ")))
			}
			for _, a := range m.cfg.NoAnswerAdvice {
				parts = append(parts, s.Muted.Render(lipgloss.Wrap(a, width, " ")))
			}
		}
		if shapes := ipc.NoAnswerAlternatives(m.genErr); len(shapes) > 0 {
			// Shown to adapt by hand, not to run: they never become the preview.
			parts = append(parts, "", s.Muted.Render(lipgloss.Wrap(
				"commands written for similar requests (not an answer: check every argument):", width, " ")))
			for _, a := range shapes {
				b := badge(*s, wire.Risk(a.Risk))
				parts = append(parts, b+" "+s.Command.Render(truncate(oneLine(a.Command), max(width-lipgloss.Width(b)-1, 10))))
			}
		}
	case m.screen == screenPreview:
		prompt := s.Label.Render("asked ") + s.Muted.Render(truncate(oneLine(m.preview.prompt), max(width-6, 5)))
		parts = append(parts, prompt)
		editor := ""
		if m.editing {
			editor = m.editor.View()
		}
		pv := m.preview
		if m.editing {
			pv = m.editingPreview() // editcheck.go: never the old command's verdict under new text
		}
		parts = append(parts, pv.View(width, editor))
		if m.confirming {
			parts = append(parts, s.Finding[m.preview.verdict.Risk].Render("This command is critical.")+" "+m.confirm.View())
		}
	case m.screen == screenPrompt && !m.hasPreview:
		parts = append(parts, s.Muted.Render(lipgloss.Wrap(
			"Describe a task in plain words and press Enter. cmdai writes the command, rates how risky it is, and runs it only when you say so.",
			width, " ")))
	}
	return strings.Join(parts, "\n")
}

// fit pads or cuts s to exactly height lines, so that the footer stays at the bottom.
func fit(s string, height int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > height {
		lines = lines[:height]
	}
	for len(lines) < height {
		lines = append(lines, "")
	}
	return strings.Join(lines, "\n")
}

// helpView is the help bar: the keys of the focused screen, all of them when "?" is on.
func (m *Model) helpView() string {
	short, full := m.bindings()
	if m.fullHelp {
		return truncateLines(m.help.FullHelpView(full), m.contentWidth())
	}
	return m.shortHelp(short, m.contentWidth())
}

// shortHelp is one line of keys, as many as fit in width, in order of importance. (help.Model's own
// short view overflows when the ellipsis does not fit.)
func (m *Model) shortHelp(bindings []key.Binding, width int) string {
	s := m.styles
	sep := s.HelpSep.Render(" • ")
	var b strings.Builder
	used := 0
	for _, kb := range bindings {
		if !kb.Enabled() {
			continue
		}
		item := s.HelpKey.Render(kb.Help().Key) + " " + s.HelpDesc.Render(kb.Help().Desc)
		if used > 0 {
			item = sep + item
		}
		w := lipgloss.Width(item)
		if used+w > width {
			break
		}
		b.WriteString(item)
		used += w
	}
	return b.String()
}

// truncateLines cuts every line of styled text to width cells.
func truncateLines(s string, width int) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = truncateStyled(l, width)
	}
	return strings.Join(lines, "\n")
}

func (m *Model) bindings() (short []key.Binding, full [][]key.Binding) {
	k := m.keys
	help := k.Help
	help.SetHelp("?", "more keys")
	if m.fullHelp {
		help.SetHelp("?", "fewer keys")
	}
	switch {
	case m.gen != nil:
		return []key.Binding{k.Cancel}, [][]key.Binding{{k.Cancel, k.Quit}}
	case m.screen == screenHistory && m.history.confirmDelete, m.screen == screenPatterns && m.patterns.confirmDelete:
		return []key.Binding{k.Confirm, k.Keep}, [][]key.Binding{{k.Confirm, k.Keep}}
	case m.screen == screenHistory && m.history.undoPlan != nil:
		yes := k.Confirm
		yes.SetHelp("y", "undo")
		return []key.Binding{yes, k.Keep}, [][]key.Binding{{yes, k.Keep}}
	case m.screen == screenHistory:
		open, cancel := k.HistoryOpen, k.Cancel
		open.SetHelp("enter", "open")
		cancel.SetHelp("esc", "back")
		short = []key.Binding{k.HistoryUp, open, k.HistoryEdit, k.Delete, k.HistoryScope, cancel, help}
		return short, [][]key.Binding{{k.HistoryUp, open, k.HistoryEdit}, {k.Delete, k.Undo, k.HistoryScope, cancel}, {k.Quit, help}}
	case m.screen == screenPatterns:
		use, cancel := k.Submit, k.Cancel
		use.SetHelp("enter", "use")
		cancel.SetHelp("esc", "back")
		short = []key.Binding{k.HistoryUp, use, k.Delete, cancel, help}
		return short, [][]key.Binding{{k.HistoryUp, use}, {k.Delete, cancel}, {k.Quit, help}}
	case m.screen == screenFill:
		insert, cancel := k.Submit, k.Cancel
		insert.SetHelp("enter", "insert")
		cancel.SetHelp("esc", "back")
		return []key.Binding{insert, k.NextField, cancel}, [][]key.Binding{{insert, k.NextField, cancel}}
	case m.screen == screenSave:
		save, cancel := k.Submit, k.Cancel
		save.SetHelp("enter", "save")
		cancel.SetHelp("esc", "cancel")
		return []key.Binding{save, k.NextField, cancel}, [][]key.Binding{{save, k.NextField, cancel}}
	case m.screen == screenExplain:
		cancel := k.Cancel
		cancel.SetHelp("esc", "back")
		short = []key.Binding{k.ScrollUp, k.PageUp, k.Run, cancel, help}
		return short, [][]key.Binding{{k.ScrollUp, k.PageUp}, {k.Run, cancel}, {k.Quit, help}}
	case m.screen == screenPreview && m.editing:
		done, cancel := k.Submit, k.Cancel
		done.SetHelp("enter", "check edit")
		cancel.SetHelp("esc", "discard edit")
		return []key.Binding{done, k.Newline, cancel}, [][]key.Binding{{done, k.Newline, cancel}}
	case m.screen == screenPreview && m.confirming:
		run, cancel := k.Run, k.Cancel
		run.SetHelp("enter", "confirm")
		return []key.Binding{run, cancel}, [][]key.Binding{{run, cancel}}
	case m.screen == screenPreview:
		other := k.OtherWay
		other.SetEnabled(len(m.preview.ways) > 1)
		short = []key.Binding{k.Run, k.Edit, other, k.Explain, help, k.SavePattern, k.Copy, k.Regenerate, k.NewPrompt, k.History, k.Patterns}
		return short, [][]key.Binding{{k.Run, k.Edit, k.Copy}, {other, k.Explain, k.SavePattern, k.Regenerate}, {k.NewPrompt, k.History, k.Patterns}, {k.Quit, help}}
	}
	short = []key.Binding{k.Submit, k.History, k.Patterns, help, k.Newline, k.Recall, k.Quit}
	return short, [][]key.Binding{{k.Submit, k.Newline, k.Recall}, {k.History, k.Patterns, k.Cancel}, {k.Quit, help}}
}

// statusBar is the bottom line: the daemon's state, backend and model, warmth, and the safety mode.
func (m *Model) statusBar(width int) string {
	s := m.styles
	sep := s.StatusKey.Render(" │ ")
	var daemon string
	switch {
	case m.daemon.down:
		daemon = s.StatusBad.Render("○ daemon down")
	case !m.daemon.known:
		daemon = s.StatusKey.Render("◌ connecting")
	default:
		daemon = s.StatusGood.Render("● daemon")
	}
	parts := []string{s.StatusBar.Bold(true).Render(" cmdai"), daemon}
	if m.daemon.known && !m.daemon.down {
		st := m.daemon.status
		backend := st.Backend
		if m.cfg.Backend != "" {
			backend = m.cfg.Backend
		}
		model := st.Model
		if m.cfg.Model != "" {
			model = m.cfg.Model
		}
		if model != "" {
			backend += " · " + model
		}
		parts = append(parts, s.StatusBar.Render(backend))
		if st.Warm {
			parts = append(parts, s.StatusGood.Render("warm"))
		} else {
			parts = append(parts, s.StatusKey.Render("cold"))
		}
		if sync := syncPart(s, st.Sync); sync != "" {
			parts = append(parts, sync)
		}
	}
	parts = append(parts, s.StatusKey.Render("mode ")+s.StatusBar.Render(string(m.cfg.Safety.Mode)))
	left := strings.Join(parts, sep)
	right := s.StatusKey.Render(shortPath(m.cfg.Cwd) + " ")
	gap := width - lipgloss.Width(left) - lipgloss.Width(right)
	if gap < 1 {
		return truncateStyled(left+s.StatusBar.Render(strings.Repeat(" ", max(width-lipgloss.Width(left), 0))), width)
	}
	return left + s.StatusBar.Render(strings.Repeat(" ", gap)) + right
}

// syncPart is the status bar's word on cloud sync: nothing until the person logs in, then whether the
// last round failed, how many changes wait, or that all is synced.
func syncPart(s *Styles, st *ipc.SyncStatus) string {
	if st == nil || !st.LoggedIn {
		return ""
	}
	switch {
	case st.LastError != "" && !st.ErrorAt.Before(st.LastPush) && !st.ErrorAt.Before(st.LastPull):
		return s.StatusBad.Render(fmt.Sprintf("sync failed (%d pending)", st.Pending))
	case st.Rejected > 0:
		return s.StatusBad.Render(fmt.Sprintf("sync: %d rejected", st.Rejected))
	case st.Pending > 0:
		return s.StatusKey.Render(fmt.Sprintf("sync ↑%d", st.Pending))
	}
	return s.StatusGood.Render("synced")
}

// shortPath writes a directory under the home directory as ~/….
func shortPath(p string) string {
	home, err := os.UserHomeDir()
	if err != nil || home == "" || p == "" {
		return p
	}
	if rel, err := filepath.Rel(home, p); err == nil && !strings.HasPrefix(rel, "..") {
		if rel == "." {
			return "~"
		}
		return "~/" + rel
	}
	return p
}
