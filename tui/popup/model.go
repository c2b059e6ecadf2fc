// Package popup is the compact inline program the shell's Ctrl-G binding runs: it takes the current
// command line as a request, streams the answer, shows its risk and findings, and lets the person accept,
// edit or cancel. It draws below the prompt, never on the alternate screen, and erases itself on exit.
package popup

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/cmdai/cmdai/gate"
	"github.com/cmdai/cmdai/safety"
)

// Answer is a generated command and its safety verdict.
type Answer struct {
	Command     string
	Explanation string
	Verdict     safety.Verdict
	// Impact is what the command would touch, in words (one or more lines); empty when it changes nothing.
	Impact string
	// ID is the history entry the daemon recorded the answer under; empty when none was recorded.
	ID string
	// Policy says what the organisation's policy decided, in words; empty when it allows silently.
	Policy string
}

// GateFunc asks the execution gate whether command, rated v, may run with what the person confirmed.
type GateFunc func(command string, v safety.Verdict, confirmed gate.Confirmation) gate.Decision

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
	// Gate, when Enter runs the command, decides whether it may: a refusal is shown and ends the popup
	// (Refused), a critical command needs the word yes typed out. Nil accepts any answer: the command
	// goes onto the shell's line, where the person's own Enter runs it.
	Gate   GateFunc
	Styles Styles
	Keys   KeyMap
}

// MaxLines is the most lines the popup draws; the caller may reserve that much room below the prompt.
const MaxLines = 10

type phase int

const (
	thinking phase = iota
	ready
	editing
	confirming // the gate asks for the word yes
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
	// since is when the generation started: the thinking line counts from it.
	since time.Time

	phase    phase
	tokens   strings.Builder
	answer   Answer
	err      error
	input    lineEdit
	word     lineEdit // what the person types when the gate asks for the word yes
	notice   string   // why the last Enter did not run the command
	width    int
	done     bool
	edited   bool // the command is the person's edit (input), not the answer
	accepted bool
	refused  error // the gate's refusal, once the person has seen it
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
		m.since = time.Now()
		go m.generate() // ends when Generate returns; it sends into a buffer or gives up when ctx ends
	})
}

// Init starts the generation and waits for its first event.
func (m *Model) Init() tea.Cmd {
	m.Start()
	return m.next
}

// tickMsg redraws the thinking line, so that a slow or silent backend still shows time passing.
type tickMsg struct{}

func (m *Model) generate() {
	defer close(m.events)
	send := func(msg tea.Msg) {
		select {
		case m.events <- msg:
		case <-m.ctx.Done():
		}
	}
	done := make(chan AnswerMsg, 1)
	go func() { // ends when Generate returns, which it does soon after ctx ends
		a, err := m.cfg.Generate(m.ctx, func(tok string) { send(TokenMsg(tok)) })
		done <- AnswerMsg{Answer: a, Err: err}
	}()
	// While the answer is on its way, the thinking line's clock moves ten times a second; a tick that
	// finds the queue busy is dropped, the next one will do.
	t := time.NewTicker(100 * time.Millisecond)
	defer t.Stop()
	for {
		select {
		case a := <-done:
			send(a)
			return
		case <-t.C:
			select {
			case m.events <- tickMsg{}:
			default:
			}
		}
	}
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
	return m.command(), true
}

// Answer is the generated answer (its verdict follows the person's edits).
func (m *Model) Answer() Answer { return m.answer }

// Refused is the gate's refusal (a *gate.RefusedError) when the popup ended on one, else nil.
func (m *Model) Refused() error { return m.refused }

// command is the command as shown: the answer, or the person's edit of it.
func (m *Model) command() string {
	if m.edited {
		return m.input.value()
	}
	return m.answer.Command
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
	case tickMsg:
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
	if m.phase == confirming {
		return m.confirmKey(msg)
	}
	switch {
	case key.Matches(msg, k.Cancel):
		m.done = true
		return m, tea.Quit
	case key.Matches(msg, k.Accept):
		switch m.phase {
		case ready, editing:
			if strings.TrimSpace(m.command()) == "" {
				return m.quit()
			}
			return m.accept(gate.Accepted)
		case failed:
			return m.quit()
		}
		return m, nil
	case key.Matches(msg, k.Edit) && m.phase == ready:
		m.phase, m.edited, m.notice = editing, true, ""
		m.input.set(m.answer.Command)
		return m, nil
	}
	if m.phase == editing {
		before := m.input.value()
		m.input.update(msg)
		if after := m.input.value(); after != before && m.cfg.Check != nil {
			m.answer.Verdict = m.cfg.Check(after)
			m.answer.Impact = "" // it described the command before the edit
		}
	}
	return m, nil
}

// accept takes the command with the person's confirmation, as the gate allows.
func (m *Model) accept(confirmed gate.Confirmation) (tea.Model, tea.Cmd) {
	if m.cfg.Gate == nil {
		m.accepted = true
		return m.quit()
	}
	d := m.cfg.Gate(m.command(), m.answer.Verdict, confirmed)
	switch d.Outcome {
	case gate.Allow:
		m.accepted = true
		return m.quit()
	case gate.Refuse:
		m.refused = d.Err()
		return m.quit()
	}
	m.phase, m.notice = confirming, d.Reason
	if m.word.value() != "" {
		m.notice = "not run: " + d.Reason
	}
	m.word.set("")
	return m, nil
}

// confirmKey reads the word the gate asked for; Esc goes back to the answer without running it.
func (m *Model) confirmKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	switch {
	case key.Matches(msg, m.cfg.Keys.Cancel):
		m.phase, m.notice = ready, ""
		if m.edited {
			m.phase = editing
		}
		return m, nil
	case key.Matches(msg, m.cfg.Keys.Accept):
		typed := m.word.value()
		confirmed := gate.ParseAnswer(typed)
		if confirmed == gate.NotAsked && typed == "" {
			return m, nil
		}
		return m.accept(confirmed) // the typed word stays for accept's "not run" notice
	}
	m.word.update(msg)
	return m, nil
}

func (m *Model) quit() (tea.Model, tea.Cmd) {
	m.done = true
	return m, tea.Quit
}

// gateNow is what the gate would say if the person pressed Enter now, for showing a refusal before they do.
func (m *Model) gateNow() (gate.Decision, bool) {
	// While the person types, the gate is asked on Enter only: it may ask the daemon about the policy.
	if m.cfg.Gate == nil || m.phase != ready || strings.TrimSpace(m.command()) == "" {
		return gate.Decision{}, false
	}
	return m.cfg.Gate(m.command(), m.answer.Verdict, gate.Accepted), true
}

// View draws the popup; once done it is empty, which erases the popup from the terminal.
func (m *Model) View() tea.View {
	if m.done {
		return tea.NewView("")
	}
	return tea.NewView(lipgloss.NewStyle().MaxWidth(m.width).Render(fitLines(m.render(), MaxLines)))
}

// fitLines keeps s within n lines: past that, the lines before the last two (what to type and the keys)
// give way to an ellipsis, so that the way out is always on the screen.
func fitLines(s string, n int) string {
	lines := strings.Split(s, "\n")
	if len(lines) <= n {
		return s
	}
	keep := lines[:n-3]
	keep = append(keep, "  …")
	return strings.Join(append(keep, lines[len(lines)-2:]...), "\n")
}

// wrap breaks text into lines of the popup's width, the first after a prefix of first columns and the
// others indented by indent columns, so that long findings read whole instead of running off the edge.
func (m *Model) wrap(text string, first, indent int) string {
	width := max(m.width-first, 20)
	lines := strings.Split(lipgloss.Wrap(text, width, " "), "\n")
	for i := 1; i < len(lines); i++ {
		lines[i] = strings.Repeat(" ", indent) + lines[i]
	}
	return strings.Join(lines, "\n")
}

func (m *Model) render() string {
	s := m.cfg.Styles
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s\n", s.Title.Render("cmdai"), s.Prompt.Render(m.cfg.Title))
	switch m.phase {
	case thinking:
		b.WriteString("  " + s.Dim.Render(fmt.Sprintf("thinking… %.1fs ", time.Since(m.since).Seconds())+lastLine(m.tokens.String())) + "\n")
		b.WriteString("  " + s.Help.Render("esc cancel"))
	case failed:
		msg := "no answer"
		if m.err != nil {
			msg = m.err.Error()
		}
		b.WriteString("  " + s.Error.Render(m.wrap(msg, 2, 2)) + "\n")
		b.WriteString("  " + s.Help.Render("esc close"))
	case ready, editing, confirming:
		if m.edited {
			if m.phase == editing {
				b.WriteString("  " + m.input.view() + "\n")
			} else {
				b.WriteString("  " + s.Command.Render(m.input.value()) + "\n")
			}
		} else {
			b.WriteString("  " + s.Command.Render(m.answer.Command) + "\n")
		}
		v := m.answer.Verdict
		b.WriteString("  " + s.Badge[v.Risk].Render(" "+strings.ToUpper(v.Risk.String())+" "))
		if m.answer.Explanation != "" && !m.edited {
			badge := lipgloss.Width(strings.ToUpper(v.Risk.String())) + 2
			b.WriteString("  " + s.Dim.Render(m.wrap(m.answer.Explanation, 4+badge, 4+badge)))
		}
		b.WriteString("\n")
		for _, f := range v.Findings {
			b.WriteString("    " + s.Finding[f.Risk].Render(fmt.Sprintf("%-8s", f.Risk)) + "  " + m.wrap(f.Message, 14, 14) + "\n")
		}
		if m.answer.Policy != "" && !m.edited {
			b.WriteString("  " + s.Error.Render(m.wrap(m.answer.Policy, 2, 2)) + "\n")
		}
		for l := range strings.SplitSeq(m.answer.Impact, "\n") {
			if l != "" {
				b.WriteString("  " + s.Finding[v.Risk].Render(m.wrap("▸ "+l, 2, 4)) + "\n")
			}
		}
		if m.phase == confirming {
			b.WriteString("  " + s.Finding[v.Risk].Render(m.notice) + "\n")
			b.WriteString("  " + s.Badge[v.Risk].Render(" type yes ") + " " + m.word.view() + "\n")
			b.WriteString("  " + s.Help.Render("enter run · esc back"))
			break
		}
		if d, ok := m.gateNow(); ok && d.Outcome == gate.Refuse {
			b.WriteString("  " + s.Error.Render(d.Err().Error()) + "\n")
			b.WriteString("  " + s.Help.Render("esc close"))
			break
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
