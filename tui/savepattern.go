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

// PatternSavedMsg reports how saving a pattern went.
type PatternSavedMsg struct {
	Pattern ipc.Pattern
	Err     error
}

// saveForm turns the previewed command into a pattern: a name, a description, tags and the template,
// whose ${name} placeholders become its parameters.
type saveForm struct {
	styles *Styles
	inputs [saveFields]textinput.Model
	focus  int
	err    error
	saving bool
}

const (
	fieldName = iota
	fieldDescription
	fieldTags
	fieldTemplate
	saveFields
)

var saveLabels = [saveFields]string{"name", "description", "tags", "template"}

func newSaveForm(styles *Styles, command, prompt string) saveForm {
	f := saveForm{styles: styles}
	placeholders := [saveFields]string{"a short name, e.g. tail logs", "what it is for (optional)",
		"comma-separated, e.g. logs, debug", ""}
	for i := range f.inputs {
		in := textinput.New()
		in.Prompt = ""
		in.Placeholder = placeholders[i]
		in.CharLimit = 200
		in.SetStyles(inputStyles(styles))
		f.inputs[i] = in
	}
	f.inputs[fieldTemplate].CharLimit = ipc.MaxCommandBytes
	f.inputs[fieldTemplate].SetValue(command)
	f.inputs[fieldDescription].SetValue(prompt)
	return f
}

func (f *saveForm) focusField(i int) tea.Cmd {
	f.inputs[f.focus].Blur()
	f.focus = (i + saveFields) % saveFields
	f.inputs[f.focus].CursorEnd()
	return f.inputs[f.focus].Focus()
}

func (f *saveForm) update(msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	f.inputs[f.focus], cmd = f.inputs[f.focus].Update(msg)
	f.err = nil
	return cmd
}

// pattern is what the form describes; the parameters are the template's placeholders, typed by name.
func (f *saveForm) pattern() ipc.Pattern {
	p := ipc.Pattern{
		Name:        strings.TrimSpace(f.inputs[fieldName].Value()),
		Description: strings.TrimSpace(f.inputs[fieldDescription].Value()),
		Command:     strings.TrimSpace(f.inputs[fieldTemplate].Value()),
	}
	for _, t := range strings.Split(f.inputs[fieldTags].Value(), ",") {
		if t = strings.TrimSpace(t); t != "" {
			p.Tags = append(p.Tags, t)
		}
	}
	for _, name := range pattern.Placeholders(p.Command) {
		p.Params = append(p.Params, ipc.PatternParam{Name: name, Type: string(pattern.GuessType(name))})
	}
	return p
}

// save checks the form and sends it to the daemon.
func (f *saveForm) save(ctx context.Context, c *ipc.Client) tea.Cmd {
	p := f.pattern()
	switch {
	case p.Name == "":
		f.err = fmt.Errorf("give the pattern a name")
		return f.focusField(fieldName)
	case p.Command == "":
		f.err = fmt.Errorf("the template is empty")
		return f.focusField(fieldTemplate)
	}
	f.saving = true
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		defer cancel()
		saved, err := c.SavePattern(ctx, p)
		return PatternSavedMsg{Pattern: saved, Err: err}
	}
}

// View draws the fields, the parameters found in the template and any error.
func (f saveForm) View(width int) string {
	s := f.styles
	lines := []string{s.Title.Render("Save as pattern"),
		s.Muted.Render(truncate("write ${name} in the template where a value changes from one use to the next", width))}
	labelWidth := 11
	for i := range f.inputs {
		mark := "  "
		if i == f.focus {
			mark = s.ListSelected.Render("▸ ")
		}
		in := f.inputs[i]
		in.SetWidth(max(width-labelWidth-5, 8))
		lines = append(lines, mark+s.Label.Render(fmt.Sprintf("%-*s", labelWidth, saveLabels[i]))+"  "+in.View())
	}
	p := f.pattern()
	params := s.Muted.Render("none: the command is saved as it is")
	if len(p.Params) > 0 {
		var parts []string
		for _, prm := range p.Params {
			parts = append(parts, s.ListSelected.Render("${"+prm.Name+"}")+s.Muted.Render(" "+prm.Type))
		}
		params = strings.Join(parts, s.Muted.Render(" · "))
	}
	lines = append(lines, "", lipgloss.Wrap(s.Label.Render("parameters ")+params, width, " "))
	switch {
	case f.err != nil:
		lines = append(lines, s.Error.Render(lipgloss.Wrap(f.err.Error(), width, " ")))
	case f.saving:
		lines = append(lines, s.Muted.Render("saving…"))
	}
	return strings.Join(lines, "\n")
}
