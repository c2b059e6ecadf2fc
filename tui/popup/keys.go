package popup

import "charm.land/bubbles/v2/key"

// KeyMap is the popup's keys.
type KeyMap struct {
	Accept key.Binding
	Edit   key.Binding
	Cancel key.Binding
}

// DefaultKeyMap is Enter to accept, Tab to edit and Esc or Ctrl-C to cancel.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Accept: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "accept")),
		Edit:   key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "edit")),
		Cancel: key.NewBinding(key.WithKeys("esc", "ctrl+c", "ctrl+g"), key.WithHelp("esc", "cancel")),
	}
}
