// Package popup is the compact inline program the shell's Ctrl-G binding runs: it takes the current
// command line as a request, streams the answer, shows its risk and findings, and lets the person accept,
// edit or cancel. It draws below the prompt, never on the alternate screen, and erases itself on exit.
package popup

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/cmdai/cmdai/safety"
)

// Answer is a generated command and its safety verdict.
type Answer struct {
	Command     string
	Explanation string
	Verdict     safety.Verdict
}

// GenerateFunc produces the answer, streaming partial output to onToken (which may never be called).
// It runs in its own goroutine and must return when ctx ends.
type GenerateFunc func(ctx context.Context, onToken func(string)) (Answer, error)

// Config is what a popup needs: what it shows, how it answers and how it checks an edited command.
type Config struct {
	// Title names the request, e.g. the prompt itself or "fix: gti status (exit 127)".
	Title    string
	Generate GenerateFunc
	// Check rates an edited command; nil keeps the generated verdict.
	Check func(command string) safety.Verdict
	// AcceptHelp is what Enter does, for the help line ("accept" or "run").
	AcceptHelp string
	Styles     Styles
	Keys       KeyMap
}

// MaxLines is the most lines the popup draws; the caller may reserve that much room below the prompt.
const MaxLines = 8

type phase int

const (
	thinking phase = iota
	ready
	editing
	failed
)

// TokenMsg carries streamed output of the generation.
type TokenMsg string

// AnswerMsg ends the generation with an answer or an error.
type AnswerMsg struct {
	Answer Answer
	Err    error
}

// Model is the popup's root model.
type Model struct {
	cfg     Config
	ctx     context.Context
	events  chan tea.Msg
	started sync.Once

	phase    phase
	tokens   strings.Builder
	answer   Answer
	err      error
	input    lineEdit
	width    int
	done     bool
	accepted bool
}

// New returns the popup for cfg. The generation runs until it answers or ctx ends; end ctx once the
// program has returned so that an unfinished generation stops.
func New(ctx context.Context, cfg Config) *Model {
	if cfg.AcceptHelp == "" {
		cfg.AcceptHelp = "accept"
	}
	cfg.Keys.Accept.SetHelp("enter", cfg.AcceptHelp)
	return &Model{cfg: cfg, ctx: ctx, events: make(chan tea.Msg, 64), width: 80}
}

// Start begins the generation, if it has not begun. Init calls it; a caller may call it earlier, so that
// the answer is on its way while the program sets the terminal up.
func (m *Model) Start() {
	m.started.Do(func() {
		go m.generate() // ends when Generate returns; it sends into a buffer or gives up when ctx ends
	})
}

// Init starts the generation and waits for its first event.
func (m *Model) Init() tea.Cmd {
	m.Start()
	return m.next
}

func (m *Model) generate() {
	defer close(m.events)
	send := func(msg tea.Msg) {
		select {
		case m.events <- msg:
		case <-m.ctx.Done():
		}
	}
	a, err := m.cfg.Generate(m.ctx, func(tok string) { send(TokenMsg(tok)) })
	send(AnswerMsg{Answer: a, Err: err})
}

// next waits for the generation's next event.
func (m *Model) next() tea.Msg {
	msg, ok := <-m.events
	if !ok {
		return nil
	}
	return msg
}

// Result is the accepted command; ok is false when the person cancelled or there was nothing to accept.
func (m *Model) Result() (command string, ok bool) {
	if !m.accepted {
		return "", false
	}
	if m.phase == editing {
		return m.input.value(), true
	}
	return m.answer.Command, true
}

// Update handles keys, the window size and the generation's events.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width = max(msg.Width, 20)
		return m, nil
	case TokenMsg:
		m.tokens.WriteString(string(msg))
		return m, m.next
	case AnswerMsg:
		m.answer, m.err = msg.Answer, msg.Err
		if m.err != nil || strings.TrimSpace(m.answer.Command) == "" {
			m.phase = failed
		} else {
			m.phase = ready
		}
		return m, nil
	case tea.KeyPressMsg:
		return m.key(msg)
	}
	return m, nil
}

func (m *Model) key(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	k := m.cfg.Keys
	switch {
	case key.Matches(msg, k.Cancel):
		m.done = true
		return m, tea.Quit
	case key.Matches(msg, k.Accept):
		if m.phase == ready || (m.phase == editing && strings.TrimSpace(m.input.value()) != "") {
			m.accepted = true
		}
		if m.phase == ready || m.phase == editing || m.phase == failed {
			m.done = true
			return m, tea.Quit
		}
		return m, nil
	case key.Matches(msg, k.Edit) && m.phase == ready:
		m.phase = editing
		m.input.set(m.answer.Command)
		return m, nil
	}
	if m.phase == editing {
		before := m.input.value()
		m.input.update(msg)
		if after := m.input.value(); after != before && m.cfg.Check != nil {
			m.answer.Verdict = m.cfg.Check(after)
		}
	}
	return m, nil
}

// View draws the popup; once done it is empty, which erases the popup from the terminal.
func (m *Model) View() tea.View {
	if m.done {
		return tea.NewView("")
	}
	return tea.NewView(lipgloss.NewStyle().MaxWidth(m.width).MaxHeight(MaxLines).Render(m.render()))
}

func (m *Model) render() string {
	s := m.cfg.Styles
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s\n", s.Title.Render("cmdai"), s.Prompt.Render(m.cfg.Title))
	switch m.phase {
	case thinking:
		b.WriteString("  " + s.Dim.Render("thinking… "+lastLine(m.tokens.String())) + "\n")
		b.WriteString("  " + s.Help.Render("esc cancel"))
	case failed:
		msg := "no answer"
		if m.err != nil {
			msg = m.err.Error()
		}
		b.WriteString("  " + s.Error.Render(msg) + "\n")
		b.WriteString("  " + s.Help.Render("esc close"))
	case ready, editing:
		if m.phase == editing {
			b.WriteString("  " + m.input.view() + "\n")
		} else {
			b.WriteString("  " + s.Command.Render(m.answer.Command) + "\n")
		}
		v := m.answer.Verdict
		b.WriteString("  " + s.Badge[v.Risk].Render(" "+strings.ToUpper(v.Risk.String())+" "))
		if m.answer.Explanation != "" && m.phase == ready {
			b.WriteString("  " + s.Dim.Render(m.answer.Explanation))
		}
		b.WriteString("\n")
		for _, f := range v.Findings {
			b.WriteString("    " + s.Finding[f.Risk].Render(fmt.Sprintf("%-8s", f.Risk)) + "  " + f.Message + "\n")
		}
		help := []key.Binding{m.cfg.Keys.Accept, m.cfg.Keys.Edit, m.cfg.Keys.Cancel}
		if m.phase == editing {
			help = []key.Binding{m.cfg.Keys.Accept, m.cfg.Keys.Cancel}
		}
		parts := make([]string, 0, len(help))
		for _, h := range help {
			parts = append(parts, h.Help().Key+" "+h.Help().Desc)
		}
		b.WriteString("  " + s.Help.Render(strings.Join(parts, " · ")))
	}
	return b.String()
}

func lastLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.LastIndexByte(s, '\n'); i >= 0 {
		s = s[i+1:]
	}
	if len(s) > 60 {
		s = "…" + s[len(s)-60:]
	}
	return s
}
