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
	"github.com/cmdai/cmdai/pattern"
)

// PatternsMsg answers pattern query Seq.
type PatternsMsg struct {
	Seq      int
	Patterns []ipc.Pattern
	Err      error
}

// PatternUsedMsg reports that the daemon counted a use of a pattern.
type PatternUsedMsg struct{ Err error }

// patternLimit is how many patterns one query brings back.
const patternLimit = 200

// patternBrowser searches the local and team patterns as the person types.
type patternBrowser struct {
	styles *Styles
	input  textinput.Model
	results[ipc.Pattern]
	// confirmDelete is set while the browser asks whether to delete the selected pattern.
	confirmDelete bool
}

func newPatternBrowser(styles *Styles) patternBrowser {
	in := textinput.New()
	in.Prompt = "search: "
	in.Placeholder = "name, tag or words of the command"
	return patternBrowser{styles: styles, input: in}
}

func (b *patternBrowser) query(ctx context.Context, c *ipc.Client) tea.Cmd {
	seq, q := b.start(), b.input.Value()
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		defer cancel()
		ps, err := c.SearchPatterns(ctx, q, patternLimit)
		return PatternsMsg{Seq: seq, Patterns: ps, Err: err}
	}
}

func usePattern(ctx context.Context, c *ipc.Client, id string) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		defer cancel()
		_, err := c.UsePattern(ctx, id)
		return PatternUsedMsg{Err: err}
	}
}

// View draws the title, the search line, the list and the selected pattern's detail in height rows.
func (b patternBrowser) View(width, height int) string {
	s := b.styles
	b.input.SetWidth(max(width-lipgloss.Width(b.input.Prompt)-1, 10))
	head := s.Title.Render("Patterns")
	for _, hint := range []string{"yours and your team's · ${name} marks a parameter", "yours and your team's"} {
		if lipgloss.Width(hint)+10 <= width {
			head += "  " + s.Muted.Render(hint)
			break
		}
	}
	lines := []string{head, b.input.View()}
	detail := b.detail(width)
	if height < 12 {
		detail = "" // too small for both: the list wins
	}
	if b.confirmDelete {
		p, _ := b.current()
		detail = strings.TrimSuffix(s.Error.Render(truncate("Delete the pattern “"+p.Name+"”? y deletes, n keeps it", width))+"\n"+detail, "\n")
	}
	listRows := max(height-len(lines)-lipgloss.Height(detail), 1)
	switch {
	case b.err != nil:
		lines = append(lines, s.Error.Render(truncate("patterns: "+b.err.Error(), width)))
	case len(b.items) == 0 && b.loading:
		lines = append(lines, s.Muted.Render("searching…"))
	case len(b.items) == 0 && b.input.Value() == "":
		lines = append(lines, s.Muted.Render(lipgloss.Wrap("no patterns yet: press s on an answer to save it as one", width, " ")))
	case len(b.items) == 0:
		lines = append(lines, s.Muted.Render("nothing matches"))
	default:
		first := max(0, b.selected-listRows+1)
		for i := first; i < len(b.items) && i < first+listRows; i++ {
			lines = append(lines, b.row(b.items[i], i == b.selected, width))
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

func (b patternBrowser) row(p ipc.Pattern, selected bool, width int) string {
	s := b.styles
	mark, style := "  ", s.ListItem
	if selected {
		mark, style = s.ListSelected.Render("▸ "), s.ListSelected
	}
	meta := fmt.Sprintf("%s · %d %s", sourceName(p), p.Uses, plural(p.Uses, "use", "uses"))
	tags := ""
	if len(p.Tags) > 0 {
		tags = " " + s.FilterOff.Render("#"+strings.Join(p.Tags, " #"))
	}
	right := s.Muted.Render(meta)
	nameWidth := max(width-2-lipgloss.Width(right)-1, 8)
	left := style.Render(truncate(p.Name, nameWidth))
	if lipgloss.Width(left)+lipgloss.Width(tags) <= nameWidth {
		left += tags
	}
	gap := max(width-2-lipgloss.Width(left)-lipgloss.Width(right), 1)
	return truncateStyled(mark+left+strings.Repeat(" ", gap)+right, width)
}

func sourceName(p ipc.Pattern) string {
	if p.Source == ipc.PatternTeam {
		if p.Team != "" {
			return "team " + p.Team
		}
		return "team"
	}
	return "local"
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// detail shows the selected pattern's template, parameters and description.
func (b patternBrowser) detail(width int) string {
	p, ok := b.current()
	if !ok {
		return ""
	}
	return patternCard(b.styles, p, width)
}

// patternCard is a framed pattern: its template, its parameters with types and defaults, its description.
func patternCard(s *Styles, p ipc.Pattern, width int) string {
	inner := max(width-s.PreviewBox.GetHorizontalFrameSize(), 10)
	var b strings.Builder
	b.WriteString(lipgloss.Wrap(templateView(s, p.Command), inner, " "))
	if params := paramsOf(p); len(params) > 0 {
		var parts []string
		for _, prm := range params {
			part := s.Label.Render(prm.Name) + s.Muted.Render(" "+string(prm.Type))
			if prm.Default != "" {
				part += s.Muted.Render(" = " + prm.Default)
			}
			parts = append(parts, part)
		}
		b.WriteString("\n" + lipgloss.Wrap(strings.Join(parts, s.Muted.Render(" · ")), inner, " "))
	}
	if p.Description != "" {
		b.WriteString("\n" + s.Muted.Render(lipgloss.Wrap(p.Description, inner, " ")))
	}
	return s.PreviewBox.Width(width).Render(b.String())
}

// paramsOf are the parameters a person fills for p: the declared ones, then the template's undeclared
// placeholders.
func paramsOf(p ipc.Pattern) []pattern.Param {
	declared := make([]pattern.Param, 0, len(p.Params))
	for _, prm := range p.Params {
		declared = append(declared, pattern.Param{Name: prm.Name, Type: pattern.Type(prm.Type), Default: prm.Default, Description: prm.Description})
	}
	return pattern.Params(p.Command, declared)
}

// templateView paints a template with its placeholders in the accent colour.
func templateView(s *Styles, template string) string {
	var b strings.Builder
	last := 0
	for _, loc := range pattern.Spans(template) {
		b.WriteString(s.Command.Render(template[last:loc[0]]))
		b.WriteString(s.ListSelected.Render(template[loc[0]:loc[1]]))
		last = loc[1]
	}
	b.WriteString(s.Command.Render(template[last:]))
	return b.String()
}

// fillForm asks for a pattern's parameters, defaults filled in, and shows the command as it will be.
type fillForm struct {
	styles  *Styles
	pattern ipc.Pattern
	params  []pattern.Param
	inputs  []textinput.Model
	focus   int
	errs    map[string]error
}

func newFillForm(styles *Styles, p ipc.Pattern) fillForm {
	f := fillForm{styles: styles, pattern: p, params: paramsOf(p)}
	for _, prm := range f.params {
		in := textinput.New()
		in.Prompt = ""
		in.Placeholder = prm.Description
		if in.Placeholder == "" {
			in.Placeholder = map[pattern.Type]string{pattern.TypeInt: "a whole number", pattern.TypePath: "a path, e.g. ./logs",
				pattern.TypeBool: "true or false"}[prm.Type]
		}
		if in.Placeholder == "" {
			in.Placeholder = "text, quoted for you"
		}
		in.SetValue(prm.Default)
		in.SetStyles(inputStyles(styles))
		f.inputs = append(f.inputs, in)
	}
	return f
}

func (f *fillForm) focusField(i int) tea.Cmd {
	if len(f.inputs) == 0 {
		return nil
	}
	f.inputs[f.focus].Blur()
	f.focus = (i + len(f.inputs)) % len(f.inputs)
	f.inputs[f.focus].CursorEnd()
	return f.inputs[f.focus].Focus()
}

func (f *fillForm) values() map[string]string {
	v := map[string]string{}
	for i, prm := range f.params {
		v[prm.Name] = f.inputs[i].Value()
	}
	return v
}

// result fills the template; the errors name the fields that do not read as their type.
func (f *fillForm) result() (string, map[string]error) {
	return pattern.Fill(f.pattern.Command, f.params, f.values())
}

func (f *fillForm) update(msg tea.Msg) tea.Cmd {
	if len(f.inputs) == 0 {
		return nil
	}
	var cmd tea.Cmd
	f.inputs[f.focus], cmd = f.inputs[f.focus].Update(msg)
	delete(f.errs, f.params[f.focus].Name)
	return cmd
}

// View draws the pattern, one labelled field per parameter and the filled command.
func (f fillForm) View(width int) string {
	s := f.styles
	lines := []string{s.Title.Render("Use pattern") + "  " + s.ListSelected.Render(truncate(f.pattern.Name, max(width-14, 5))),
		s.Muted.Render(truncateStyled(templateView(s, f.pattern.Command), width))}
	labelWidth := 0
	for _, prm := range f.params {
		labelWidth = max(labelWidth, lipgloss.Width(prm.Name+" ("+string(prm.Type)+")"))
	}
	labelWidth = min(labelWidth, width/2)
	for i, prm := range f.params {
		label := fmt.Sprintf("%-*s", labelWidth, truncate(prm.Name+" ("+string(prm.Type)+")", labelWidth))
		mark := "  "
		if i == f.focus {
			mark = s.ListSelected.Render("▸ ")
		}
		in := f.inputs[i]
		in.SetWidth(max(width-labelWidth-5, 8))
		lines = append(lines, mark+s.Label.Render(label)+"  "+in.View())
		if err := f.errs[prm.Name]; err != nil {
			lines = append(lines, strings.Repeat(" ", labelWidth+4)+s.Error.Render(truncate(err.Error(), max(width-labelWidth-4, 5))))
		}
	}
	cmd, _ := f.result()
	lines = append(lines, "", s.Label.Render("command ")+lipgloss.Wrap(templateView(s, cmd), max(width-8, 10), " "))
	return strings.Join(lines, "\n")
}
