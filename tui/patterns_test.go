package tui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/cmdai/cmdai/ipc"
)

// The fill form has one field per parameter, ${HOME} never among them (the shell expands it); a
// parameter's description is the hint in its empty field.
func TestFillFormFields(t *testing.T) {
	st := NewStyles(true)
	f := newFillForm(&st, ipc.Pattern{Name: "unit log", Command: "journalctl -u ${unit} -n ${lines} > ${HOME}/${unit}.log",
		Params: []ipc.PatternParam{{Name: "unit", Description: "the systemd unit"}, {Name: "lines", Type: "int", Default: "50"}}})
	view := ansi.Strip(f.View(100))
	if !strings.Contains(view, "unit (string)") || !strings.Contains(view, "lines (int)") || strings.Contains(view, "HOME (") {
		t.Fatalf("fields:\n%s", view)
	}
	if !strings.Contains(view, "the systemd unit") {
		t.Errorf("the description is not the hint of the unit field:\n%s", view)
	}
	f.inputs[0].SetValue("nginx")
	if cmd, bad := f.result(); len(bad) != 0 || cmd != "journalctl -u nginx -n 50 > ${HOME}/nginx.log" {
		t.Errorf("filled as %q %v", cmd, bad)
	}
}
