package tui

import (
	"context"
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/cmdai/cmdai/ipc"
	"github.com/cmdai/cmdai/safety/wire"
	"github.com/cmdai/cmdai/undo"
)

// HistoryMsg answers history query Seq.
type HistoryMsg struct {
	Seq     int
	Entries []ipc.HistoryEntry
	Err     error
}

// historyScope narrows the browser: every entry, this directory's, those that ran, those that failed.
type historyScope int

const (
	scopeAll historyScope = iota
	scopeHere
	scopeRan
	scopeFailed
	scopeCount
)

var scopeNames = [scopeCount]string{"all", "this directory", "ran", "failed"}

// historyLimit is how many entries one query brings back.
const historyLimit = 200

// historyBrowser searches the daemon's history as the person types.
type historyBrowser struct {
	styles *Styles
	input  textinput.Model
	scope  historyScope
	// results holds the latest answer after the scope's filters.
	results[ipc.HistoryEntry]
	// confirmDelete is set while the browser asks whether to delete the selected entry.
	confirmDelete bool
	// undoPlan is set while the browser asks whether to undo the selected entry's run.
	undoPlan *undo.Plan
}

func newHistoryBrowser(styles *Styles) historyBrowser {
	in := textinput.New()
	in.Prompt = "search: "
	in.Placeholder = "words from a request or a command"
	st := textinput.DefaultStyles(styles.Dark)
	st.Cursor.Blink = false
	in.SetStyles(st)
	return historyBrowser{styles: styles, input: in}
}

// query asks the daemon for entries matching the search and scope.
func (h *historyBrowser) query(ctx context.Context, c *ipc.Client, cwd string) tea.Cmd {
	seq, scope := h.start(), h.scope
	q := ipc.HistoryQuery{Search: strings.TrimSpace(h.input.Value()), Limit: historyLimit}
	if scope == scopeHere {
		q.Cwd = cwd
	}
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		defer cancel()
		entries, err := c.History(ctx, q)
		kept := entries[:0]
		for _, e := range entries {
			if scope == scopeRan && !e.Executed || scope == scopeFailed && (!e.Executed || e.ExitCode == 0) {
				continue
			}
			kept = append(kept, e)
		}
		if q.Search == "" {
			kept = groupRepeats(kept) // history_group.go
		}
		return HistoryMsg{Seq: seq, Entries: kept, Err: err}
	}
}

// View draws the search line, the scope filters, the list and the selected entry's detail in height rows.
func (h historyBrowser) View(width, height int, now time.Time) string {
	s := h.styles
	h.input.SetWidth(max(width-lipgloss.Width(h.input.Prompt)-1, 10))
	var filters []string
	for i, name := range scopeNames {
		if historyScope(i) == h.scope {
			filters = append(filters, s.FilterOn.Render(name))
		} else {
			filters = append(filters, s.FilterOff.Render(name))
		}
	}
	head := s.Title.Render("History") + "  " + strings.Join(filters, s.Muted.Render(" · "))
	lines := []string{truncateStyled(head, width), h.input.View()}

	detail := h.detail(width)
	if h.confirmDelete {
		detail = s.Error.Render(truncate("Delete this entry from history? y deletes, n keeps it", width)) + "\n" + detail
	}
	if h.undoPlan != nil {
		detail = s.Error.Render(truncate(undoQuestion(h.undoPlan), width)) + "\n" + detail
	}
	listRows := max(height-len(lines)-lipgloss.Height(detail)-1, 1)
	switch {
	case h.err != nil:
		lines = append(lines, s.Error.Render(truncate("history: "+h.err.Error(), width)))
	case len(h.items) == 0 && h.loading:
		lines = append(lines, s.Muted.Render("searching…"))
	case len(h.items) == 0:
		lines = append(lines, s.Muted.Render("nothing matches"))
	default:
		first := max(0, h.selected-listRows+1)
		for i := first; i < len(h.items) && i < first+listRows; i++ {
			lines = append(lines, h.row(h.items[i], i == h.selected, width, now))
		}
	}
	if detail != "" {
		for len(lines) < height-lipgloss.Height(detail) {
			lines = append(lines, "")
		}
		lines = append(lines, detail)
	}
	return strings.Join(lines, "\n")
}

func (h historyBrowser) row(e ipc.HistoryEntry, selected bool, width int, now time.Time) string {
	s := h.styles
	mark, style := "  ", s.ListItem
	if selected {
		mark, style = s.ListSelected.Render("▸ "), s.ListSelected
	}
	r := wire.Risk(e.Risk)
	status := " "
	if e.Executed {
		status = s.Success.Render("✓")
		if e.ExitCode != 0 {
			status = s.Error.Render("✗")
		}
	}
	age := fmt.Sprintf("%4s", ago(now, e.Created))
	lead := mark + s.Muted.Render(age) + " " + s.Finding[r].Render(fmt.Sprintf("%-8s", r)) + " " + status + " "
	return lead + style.Render(truncate(oneLine(e.Command), max(width-lipgloss.Width(lead), 5)))
}

// detail describes the selected entry: its request, command, verdict and how it ended.
func (h historyBrowser) detail(width int) string {
	e, ok := h.current()
	if !ok {
		return ""
	}
	s := h.styles
	inner := max(width-s.PreviewBox.GetHorizontalFrameSize(), 10)
	var b strings.Builder
	b.WriteString(s.Label.Render("asked ") + lipgloss.Wrap(e.Prompt, inner-6, " ") + "\n")
	b.WriteString(lipgloss.Wrap(highlight(*s, e.Command, wire.Verdict(e.Risk, e.Findings).Findings), inner, " ") + "\n")
	meta := []string{badge(*s, wire.Risk(e.Risk))}
	if e.Executed {
		meta = append(meta, fmt.Sprintf("exit %d", e.ExitCode))
	} else {
		meta = append(meta, "not run")
	}
	if e.Cwd != "" {
		meta = append(meta, e.Cwd)
	}
	if e.Count > 1 {
		meta = append(meta, fmt.Sprintf("%d times", e.Count))
	}
	b.WriteString(truncateStyled(strings.Join(meta, s.Muted.Render(" · ")), inner))
	return s.PreviewBox.Width(width).Render(b.String())
}

// ago is a compact age: 42s, 5m, 3h, 2d.
func ago(now, t time.Time) string {
	d := now.Sub(t)
	switch {
	case t.IsZero():
		return "?"
	case d < time.Minute:
		return fmt.Sprintf("%ds", max(int(d.Seconds()), 0))
	case d < time.Hour:
		return fmt.Sprintf("%dm", int(d.Minutes()))
	case d < 48*time.Hour:
		return fmt.Sprintf("%dh", int(d.Hours()))
	}
	return fmt.Sprintf("%dd", int(d.Hours()/24))
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// truncateStyled cuts styled text to width cells.
func truncateStyled(s string, width int) string {
	return lipgloss.NewStyle().MaxWidth(width).Render(s)
}
