package tui

import (
	"context"
	"fmt"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/cmdai/cmdai/ipc"
	"github.com/cmdai/cmdai/safety/wire"
)

// ExplainMsg is the daemon's longer explanation of Command.
type ExplainMsg struct {
	Command     string
	Explanation ipc.Explanation
	Err         error
}

// explainBudget bounds the wait for an explanation: a model may write at length.
const explainBudget = 30 * time.Second

func explainCommand(ctx context.Context, c *ipc.Client, req ipc.ExplainRequest) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, explainBudget)
		defer cancel()
		ex, err := c.Explain(ctx, req)
		return ExplainMsg{Command: req.Command, Explanation: ex, Err: err}
	}
}

// explainPane shows the explanation of the previewed command, scrolled by offset.
type explainPane struct {
	styles  *Styles
	command string
	ex      *ipc.Explanation
	err     error
	offset  int
}

// lines renders the explanation in width columns, one entry per screen line.
func (e explainPane) lines(width int) []string {
	s := e.styles
	var b strings.Builder
	b.WriteString(lipgloss.Wrap(s.Command.Render(e.command), width, " ") + "\n\n")
	switch {
	case e.err != nil:
		b.WriteString(s.Error.Render(lipgloss.Wrap("no explanation: "+e.err.Error(), width, " ")))
	case e.ex == nil:
		b.WriteString(s.Muted.Render("asking the daemon…"))
	default:
		ex := e.ex
		if lead, _, ok := strings.Cut(ex.Text, "\n\n"); ok && ex.Backend != "offline" && ex.Backend != "" {
			b.WriteString(lipgloss.Wrap(lead, width, " ") + "\n\n")
		}
		b.WriteString(s.Label.Render("What runs") + "\n")
		for _, st := range ex.Steps {
			head := "• " + s.ListSelected.Render(st.Program)
			if st.Args != "" {
				head += " " + s.Muted.Render(truncate(oneLine(st.Args), max(width-lipgloss.Width(head)-1, 5)))
			}
			b.WriteString(head + "\n")
			b.WriteString(indent(lipgloss.Wrap(st.Description, max(width-2, 10), " "), "  ") + "\n")
		}
		r := wire.Risk(ex.Risk)
		b.WriteString("\n" + s.Label.Render("Risk ") + badge(*s, r) + "\n")
		if len(ex.Findings) == 0 {
			b.WriteString(s.Muted.Render("  nothing risky found") + "\n")
		}
		for _, f := range wire.Verdict(ex.Risk, ex.Findings).Findings {
			b.WriteString(lipgloss.Wrap(findingLine(*s, ex.Command, f), width, " ") + "\n")
		}
		b.WriteString("\n" + s.Muted.Render("explained by "+ex.Backend))
	}
	return strings.Split(strings.TrimRight(b.String(), "\n"), "\n")
}

// scroll moves the view by delta lines, kept within the text.
func (e *explainPane) scroll(delta, width, height int) {
	n := len(e.lines(width))
	e.offset = max(min(e.offset+delta, n-height), 0)
}

// View draws the title and the visible part of the explanation in height rows.
func (e explainPane) View(width, height int) string {
	s := e.styles
	lines := e.lines(width)
	rows := max(height-1, 1)
	offset := max(min(e.offset, len(lines)-rows), 0)
	title := s.Title.Render("Explain")
	if len(lines) > rows {
		title += "  " + s.Muted.Render(fmt.Sprintf("lines %d–%d of %d", offset+1, min(offset+rows, len(lines)), len(lines)))
	}
	end := min(offset+rows, len(lines))
	return title + "\n" + strings.Join(lines[offset:end], "\n")
}

// indent puts prefix before every line of s.
func indent(s, prefix string) string {
	return prefix + strings.ReplaceAll(s, "\n", "\n"+prefix)
}
