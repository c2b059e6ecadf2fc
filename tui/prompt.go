package tui

import (
	"context"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textarea"
	tea "charm.land/bubbletea/v2"
	"github.com/cmdai/cmdai/ipc"
)

// RecallMsg carries earlier requests, newest first, for Up and Down in the prompt box.
type RecallMsg struct{ Prompts []string }

// loadRecall fetches the newest requests from history.
func loadRecall(ctx context.Context, c *ipc.Client) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		defer cancel()
		entries, err := c.History(ctx, ipc.HistoryQuery{Limit: 100})
		if err != nil {
			return RecallMsg{}
		}
		seen := map[string]bool{}
		var prompts []string
		for _, e := range entries {
			if e.Prompt != "" && !seen[e.Prompt] {
				seen[e.Prompt] = true
				prompts = append(prompts, e.Prompt)
			}
		}
		return RecallMsg{Prompts: prompts}
	}
}

// promptBox is where the person types a request: Enter submits (the root model decides), Alt+Enter or
// Ctrl+J adds a line, Up on the first line and Down on the last walk through earlier requests.
type promptBox struct {
	styles *Styles
	area   textarea.Model
	recall []string
	// pos is the recalled request shown, -1 for the person's own draft.
	pos   int
	draft string
}

func newPromptBox(styles *Styles, keys KeyMap) promptBox {
	ta := textarea.New()
	ta.Placeholder = "what do you want to do? e.g. find files over 100MB in this directory"
	ta.ShowLineNumbers = false
	ta.Prompt = ""
	ta.CharLimit = 8 << 10
	ta.KeyMap.InsertNewline = keys.Newline
	ta.SetHeight(1)
	p := promptBox{styles: styles, area: ta, pos: -1}
	p.restyle()
	p.area.Focus()
	return p
}

// restyle applies the theme after the background is known.
func (p *promptBox) restyle() {
	st := textarea.DefaultStyles(p.styles.Dark)
	st.Cursor.Blink = false
	st.Focused.CursorLine = st.Focused.Text
	st.Focused.Text = p.styles.PromptText
	st.Focused.Placeholder = p.styles.Muted
	st.Blurred.Placeholder = p.styles.Muted
	p.area.SetStyles(st)
}

func (p *promptBox) setSize(width, height int) {
	p.area.SetWidth(max(width-p.styles.PromptBox.GetHorizontalFrameSize(), 10))
	p.area.SetHeight(height)
}

func (p *promptBox) value() string { return p.area.Value() }

func (p *promptBox) set(s string) {
	p.area.SetValue(s)
	p.area.MoveToEnd()
}

// update handles a key the root model did not take.
func (p *promptBox) update(msg tea.Msg, keys KeyMap) tea.Cmd {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(k, keys.Recall) && p.area.Line() == 0 && len(p.recall) > 0:
			if p.pos == -1 {
				p.draft = p.area.Value()
			}
			if p.pos < len(p.recall)-1 {
				p.pos++
				p.set(p.recall[p.pos])
			}
			return nil
		case key.Matches(k, keys.RecallNext) && p.area.Line() == p.area.LineCount()-1 && p.pos >= 0:
			p.pos--
			if p.pos == -1 {
				p.set(p.draft)
			} else {
				p.set(p.recall[p.pos])
			}
			return nil
		}
	}
	var cmd tea.Cmd
	p.area, cmd = p.area.Update(msg)
	return cmd
}

// remember puts a submitted request at the front of the recall list.
func (p *promptBox) remember(s string) {
	out := []string{s}
	for _, r := range p.recall {
		if r != s {
			out = append(out, r)
		}
	}
	p.recall, p.pos, p.draft = out, -1, ""
}

// View draws the box in width columns.
func (p promptBox) View(width int) string {
	return p.styles.PromptBox.Width(width).Render(p.area.View())
}
