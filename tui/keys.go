package tui

import "charm.land/bubbles/v2/key"

// KeyMap is every key the interface answers to, with the help text the help bar shows.
type KeyMap struct {
	Submit     key.Binding
	Newline    key.Binding
	Recall     key.Binding
	RecallNext key.Binding
	Cancel     key.Binding
	Quit       key.Binding
	Help       key.Binding

	Run        key.Binding
	Edit       key.Binding
	Copy       key.Binding
	Regenerate key.Binding
	NewPrompt  key.Binding
	OtherWay   key.Binding
	// OtherWayBack goes back through the other ways, as Shift-Tab goes back through fields.
	OtherWayBack key.Binding

	History      key.Binding
	HistoryUp    key.Binding
	HistoryDown  key.Binding
	HistoryOpen  key.Binding
	HistoryEdit  key.Binding
	HistoryScope key.Binding
	Delete       key.Binding
	Undo         key.Binding
	Confirm      key.Binding
	Keep         key.Binding

	Patterns    key.Binding
	SavePattern key.Binding
	Explain     key.Binding
	NextField   key.Binding
	PrevField   key.Binding
	ScrollUp    key.Binding
	ScrollDown  key.Binding
	PageUp      key.Binding
	PageDown    key.Binding
}

// DefaultKeyMap is cmdai's keys: Enter submits and runs, Alt+Enter or Ctrl+J adds a line, Ctrl+R
// searches history, Ctrl+T opens the patterns, Esc backs out or cancels, Ctrl+C quits.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Submit:     key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "ask")),
		Newline:    key.NewBinding(key.WithKeys("alt+enter", "ctrl+j"), key.WithHelp("alt+enter", "new line")),
		Recall:     key.NewBinding(key.WithKeys("up"), key.WithHelp("↑/↓", "earlier requests")),
		RecallNext: key.NewBinding(key.WithKeys("down")),
		Cancel:     key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
		Quit:       key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "quit")),
		Help:       key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "more keys")),

		Run:          key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "run")),
		Edit:         key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "edit")),
		Copy:         key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "copy")),
		Regenerate:   key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "regenerate")),
		NewPrompt:    key.NewBinding(key.WithKeys("n", "esc"), key.WithHelp("n/esc", "new request")),
		OtherWay:     key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab/shift+tab", "other ways")),
		OtherWayBack: key.NewBinding(key.WithKeys("shift+tab")),

		History:      key.NewBinding(key.WithKeys("ctrl+r"), key.WithHelp("ctrl+r", "history")),
		HistoryUp:    key.NewBinding(key.WithKeys("up", "ctrl+p"), key.WithHelp("↑/↓", "select")),
		HistoryDown:  key.NewBinding(key.WithKeys("down", "ctrl+n")),
		HistoryOpen:  key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open")),
		HistoryEdit:  key.NewBinding(key.WithKeys("ctrl+e"), key.WithHelp("ctrl+e", "edit")),
		HistoryScope: key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "filter")),
		Delete:       key.NewBinding(key.WithKeys("ctrl+d"), key.WithHelp("ctrl+d", "delete")),
		Undo:         key.NewBinding(key.WithKeys("ctrl+z"), key.WithHelp("ctrl+z", "undo the run")),
		Confirm:      key.NewBinding(key.WithKeys("y", "Y"), key.WithHelp("y", "delete")),
		Keep:         key.NewBinding(key.WithKeys("n", "N", "esc"), key.WithHelp("n/esc", "keep")),

		Patterns:    key.NewBinding(key.WithKeys("ctrl+t"), key.WithHelp("ctrl+t", "patterns")),
		SavePattern: key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "save pattern")),
		Explain:     key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "explain more")),
		NextField:   key.NewBinding(key.WithKeys("tab", "down"), key.WithHelp("tab/↓", "next field")),
		PrevField:   key.NewBinding(key.WithKeys("shift+tab", "up")),
		ScrollUp:    key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/↓", "scroll")),
		ScrollDown:  key.NewBinding(key.WithKeys("down", "j")),
		PageUp:      key.NewBinding(key.WithKeys("pgup", "b"), key.WithHelp("pgup/pgdn", "page")),
		PageDown:    key.NewBinding(key.WithKeys("pgdown", " ", "f")),
	}
}
