package tui

import (
	"context"
	"errors"
	"runtime"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/spinner"
	"charm.land/bubbles/v2/textarea"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/cmdai/cmdai/ipc"
	"github.com/cmdai/cmdai/safety"
	"github.com/cmdai/cmdai/safety/wire"
	"github.com/cmdai/cmdai/undo"
)

// Config is what the interface needs from the command line that starts it.
type Config struct {
	// Client reaches the daemon; every request, check and history query goes through it.
	Client *ipc.Client
	// Shell is the shell commands are written for: bash, zsh, fish or sh.
	Shell string
	// Safety carries the mode (which decides whether a command runs, needs the word yes, or is refused)
	// and the rules the blast-radius estimate uses.
	Safety safety.Options
	// Cwd is the directory commands run in and history is filtered by.
	Cwd string
	// Undo is where the snapshots taken before a command runs go, for 'cmdai undo' and the history's
	// undo key; the zero value (no Dir) takes none.
	Undo undo.Options
	// Backend and Model override the daemon's configuration; empty means its own.
	Backend, Model string
	// Dark forces a dark or light theme; nil asks the terminal for its background colour.
	Dark *bool
	// Now is the clock (tests fix it); nil means time.Now.
	Now func() time.Time
	// StatusEvery is how often the status bar polls the daemon; zero means every 2 seconds.
	StatusEvery time.Duration
	// NoAnswerAdvice says how to get an answer when the backend will not guess (how to get a model for
	// this build); shown under the refusal.
	NoAnswerAdvice []string
	// Local answers a request in this process when no daemon can be reached or started, as the
	// one-shot does; nil leaves such requests failed.
	Local func(ctx context.Context, req ipc.GenerateRequest, onToken func(string)) (ipc.GenerateResult, error)
}

type screen int

const (
	screenPrompt screen = iota
	screenPreview
	screenHistory
	screenPatterns
	screenFill
	screenSave
	screenExplain
)

// Model is the root model: it owns every piece of state and which component has the keyboard.
type Model struct {
	cfg Config
	// ctx bounds all IO the model starts; it ends when the program does.
	ctx    context.Context
	styles *Styles
	keys   KeyMap
	help   help.Model

	width, height int
	screen        screen
	back          screen // where Esc in the history browser returns to
	patternsBack  screen // where Esc in the patterns browser returns to
	fullHelp      bool

	prompt  promptBox
	spinner spinner.Model
	gen     *generation
	genSeq  int
	genErr  error

	preview    preview
	hasPreview bool
	editing    bool
	editor     textarea.Model
	live       editCheck // the verdict on the text being edited (editcheck.go)
	confirming bool
	confirm    textinput.Model

	history  historyBrowser
	patterns patternBrowser
	fill     fillForm
	save     saveForm
	explain  explainPane
	daemon   daemonState

	notice      string
	noticeIsErr bool
}

// New returns the interface for cfg. IO it starts ends with ctx.
func New(ctx context.Context, cfg Config) *Model {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.StatusEvery <= 0 {
		cfg.StatusEvery = 2 * time.Second
	}
	if cfg.Shell == "" {
		cfg.Shell = "bash"
	}
	if cfg.Safety.Mode == "" {
		cfg.Safety.Mode = safety.ModeModerate
	}
	dark := true
	if cfg.Dark != nil {
		dark = *cfg.Dark
	}
	st := NewStyles(dark)
	m := &Model{cfg: cfg, ctx: ctx, styles: &st, keys: DefaultKeyMap(), width: 80, height: 24}
	m.help = help.New()
	m.prompt = newPromptBox(m.styles, m.keys)
	m.history = newHistoryBrowser(m.styles)
	m.patterns = newPatternBrowser(m.styles)
	m.spinner = spinner.New(spinner.WithSpinner(spinner.MiniDot))
	m.editor = textarea.New()
	m.editor.ShowLineNumbers = false
	m.editor.Prompt = ""
	m.editor.KeyMap.InsertNewline = m.keys.Newline
	m.confirm = textinput.New()
	m.confirm.Prompt = "type yes to run it: "
	m.confirm.CharLimit = 16
	m.restyle()
	m.layout()
	return m
}

// restyle applies the current styles to the components that keep their own copies.
func (m *Model) restyle() {
	s := m.styles
	m.prompt.restyle()
	m.history.input.SetStyles(inputStyles(s))
	m.patterns.input.SetStyles(inputStyles(s))
	for i := range m.fill.inputs {
		m.fill.inputs[i].SetStyles(inputStyles(s))
	}
	for i := range m.save.inputs {
		m.save.inputs[i].SetStyles(inputStyles(s))
	}
	m.confirm.SetStyles(inputStyles(s))
	est := textarea.DefaultStyles(s.Dark)
	est.Cursor.Blink = false
	est.Focused.CursorLine = s.Command
	est.Focused.Text = s.Command
	m.editor.SetStyles(est)
	m.spinner.Style = s.Spinner
	m.help.Styles = help.Styles{
		Ellipsis: s.HelpSep, ShortKey: s.HelpKey, ShortDesc: s.HelpDesc, ShortSeparator: s.HelpSep,
		FullKey: s.HelpKey, FullDesc: s.HelpDesc, FullSeparator: s.HelpSep,
	}
}

func inputStyles(s *Styles) textinput.Styles {
	st := textinput.DefaultStyles(s.Dark)
	st.Cursor.Blink = false
	st.Focused.Prompt = s.Label
	st.Focused.Placeholder = s.Muted
	st.Blurred.Placeholder = s.Muted
	return st
}

// Init starts the first status poll, loads earlier requests and asks the terminal for its background.
// It does no IO itself, so that the first frame draws at once.
func (m *Model) Init() tea.Cmd {
	cmds := []tea.Cmd{
		fetchStatus(m.ctx, m.cfg.Client, true),
		loadRecall(m.ctx, m.cfg.Client),
	}
	if m.cfg.Dark == nil {
		cmds = append(cmds, tea.RequestBackgroundColor)
	}
	return tea.Batch(cmds...)
}

// Update routes messages: window and theme changes, IO results, then keys to the focused component.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		m.layout()
		return m, nil
	case tea.BackgroundColorMsg:
		if m.cfg.Dark == nil {
			*m.styles = NewStyles(msg.IsDark())
			m.restyle()
		}
		return m, nil
	case tea.KeyPressMsg:
		return m, m.key(msg)
	case tea.PasteMsg:
		return m, m.paste(msg)
	case spinner.TickMsg:
		if m.gen == nil {
			return m, nil
		}
		var cmd tea.Cmd
		m.spinner, cmd = m.spinner.Update(msg)
		return m, cmd
	}
	return m, m.io(msg)
}

// io applies the result of a command.
func (m *Model) io(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case TokenMsg:
		if m.gen == nil || msg.ID != m.gen.id {
			return nil
		}
		m.gen.text = append(m.gen.text, msg.Text...)
		return m.gen.nextToken
	case AnswerMsg:
		return m.answered(msg)
	case EditCheckMsg:
		m.checkEdit(msg)
		return nil
	case ImpactMsg:
		if m.hasPreview && msg.Command == m.preview.command {
			m.preview.impact = msg.Text
		}
	case CheckMsg:
		if !m.hasPreview || msg.Command != m.preview.command {
			return nil
		}
		if msg.Err != nil {
			m.setNotice("could not check the edited command: "+msg.Err.Error(), true)
			m.preview.verdict = safety.Verdict{Risk: safety.High, Findings: []safety.Finding{{
				Rule: "unchecked", Risk: safety.High, Message: "not checked: the daemon did not answer"}}}
			return nil
		}
		m.preview.verdict, m.preview.policy, m.preview.checking = msg.Verdict, msg.Policy, false
	case ExitMsg:
		m.preview.exit = &msg
		if msg.Err == nil && m.preview.historyID != "" {
			return recordExit(m.ctx, m.cfg.Client, m.preview.historyID, msg.Command, msg.Code, msg.Duration)
		}
	case ExitRecordedMsg:
		if msg.Err != nil {
			m.setNotice("could not record the exit status in history: "+msg.Err.Error(), true)
		}
	case StatusMsg:
		if notice, isErr := m.daemon.update(msg); notice != "" {
			m.setNotice(notice, isErr)
		}
		return statusTick(m.cfg.StatusEvery)
	case statusTickMsg:
		return fetchStatus(m.ctx, m.cfg.Client, m.daemon.down)
	case HistoryMsg:
		m.history.apply(msg.Seq, msg.Entries, msg.Err)
	case UndoPlanMsg:
		m.undoPlanned(msg)
	case UndoneMsg:
		if msg.Err != nil {
			m.setNotice("undo: "+oneLine(msg.Err.Error()), true)
			return nil
		}
		m.setNotice("undone: "+msg.Counts.String(), false)
	case HistoryDeletedMsg:
		if msg.Err != nil {
			m.setNotice("could not delete the entry: "+msg.Err.Error(), true)
			return nil
		}
		m.setNotice("deleted from history", false)
		return m.history.query(m.ctx, m.cfg.Client, m.cfg.Cwd)
	case PatternsMsg:
		m.patterns.apply(msg.Seq, msg.Patterns, msg.Err)
	case PatternUsedMsg:
		if msg.Err != nil {
			m.setNotice("could not count the pattern's use: "+msg.Err.Error(), true)
		}
	case PatternDeletedMsg:
		if msg.Err != nil {
			m.setNotice("could not delete the pattern: "+msg.Err.Error(), true)
			return nil
		}
		m.setNotice("pattern deleted", false)
		return m.patterns.query(m.ctx, m.cfg.Client)
	case PatternSavedMsg:
		return m.patternSaved(msg)
	case ExplainMsg:
		if m.explain.command == msg.Command && m.explain.ex == nil {
			m.explain.err = msg.Err
			if msg.Err == nil {
				m.explain.ex = &msg.Explanation
			}
		}
	case RecallMsg:
		// Requests made in this session come first; the stored ones follow, newest first.
		for _, p := range msg.Prompts {
			if !contains(m.prompt.recall, p) {
				m.prompt.recall = append(m.prompt.recall, p)
			}
		}
	}
	return nil
}

// answered ends a generation: a preview of the answer, or the reason there is none.
func (m *Model) answered(msg AnswerMsg) tea.Cmd {
	if m.gen == nil || msg.ID != m.gen.id {
		return nil
	}
	g := m.gen
	m.gen = nil
	g.cancel()
	switch {
	case errors.Is(msg.Err, context.Canceled):
		m.setNotice("cancelled", false)
		return nil
	case msg.Err != nil:
		m.genErr = msg.Err
		return nil
	}
	r := msg.Result
	m.prompt.set("")
	p := preview{
		historyID: r.ID, prompt: g.prompt, command: r.Command, explanation: r.Explanation,
		verdict: wire.Verdict(r.Risk, r.Findings), policy: wire.Policy(r.Policy), backend: r.Backend, model: r.Model,
		elapsed: m.cfg.Now().Sub(g.started),
	}
	if len(r.Alternatives) > 0 {
		p.ways = []way{{command: r.Command, explanation: r.Explanation, model: r.Model, verdict: p.verdict, policy: p.policy}}
		for _, a := range r.Alternatives {
			p.ways = append(p.ways, way{command: a.Command, explanation: a.Explanation, model: a.Model,
				verdict: wire.Verdict(a.Risk, a.Findings), policy: wire.Policy(a.Policy)})
		}
	}
	return m.showPreview(p)
}

// showPreview opens the preview of p and starts estimating what it would touch.
func (m *Model) showPreview(p preview) tea.Cmd {
	p.styles = m.styles
	m.preview, m.hasPreview = p, true
	m.screen, m.editing, m.confirming = screenPreview, false, false
	m.prompt.area.Blur()
	return impactOf(m.ctx, p.command, m.cfg.Cwd, m.cfg.Safety, m.cfg.Undo)
}

// submit sends the prompt box's request to the daemon.
func (m *Model) submit(prompt string) tea.Cmd {
	prompt = strings.TrimSpace(prompt)
	if prompt == "" || m.gen != nil {
		return nil
	}
	if len(prompt) > ipc.MaxPromptBytes {
		m.setNotice("the request is too long: describe the task in a sentence or two", true)
		return nil
	}
	m.prompt.remember(prompt)
	m.genSeq++
	m.genErr = nil
	req := ipc.GenerateRequest{Prompt: prompt, Shell: m.cfg.Shell, OS: runtime.GOOS, Cwd: m.cfg.Cwd,
		Backend: m.cfg.Backend, Model: m.cfg.Model, Alternatives: alternatives}
	g, cmd := startGeneration(m.ctx, m.cfg.Client, m.cfg.Local, m.genSeq, req, m.cfg.Now())
	m.gen = g
	m.screen = screenPrompt
	return tea.Batch(cmd, m.spinner.Tick)
}

// alternatives is how many other ways to write an answer the interface asks for; Tab cycles them.
const alternatives = 4

// cancelGeneration stops the request in flight; its AnswerMsg reports the cancellation.
func (m *Model) cancelGeneration() {
	if m.gen != nil {
		m.gen.cancel()
	}
}

func (m *Model) setNotice(s string, isErr bool) { m.notice, m.noticeIsErr = s, isErr }

// layout sizes the components for the window.
func (m *Model) layout() {
	w := m.contentWidth()
	rows := 3
	if m.height < 20 {
		rows = 1
	}
	m.prompt.setSize(w, rows)
	m.editor.SetWidth(max(w-m.styles.PreviewBox.GetHorizontalFrameSize(), 10))
	m.editor.SetHeight(3)
	m.help.SetWidth(w)
}

func (m *Model) contentWidth() int { return max(m.width-m.styles.App.GetHorizontalFrameSize(), 20) }

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
