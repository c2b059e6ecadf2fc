package popup

import (
	"context"
	"errors"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/cmdai/cmdai/safety"
)

func newTestModel(t *testing.T, a Answer, err error) *Model {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	m := New(ctx, Config{
		Title:  "create a directory named demo",
		Styles: DefaultStyles(), Keys: DefaultKeyMap(),
		Generate: func(_ context.Context, onToken func(string)) (Answer, error) {
			onToken(`{"command":`)
			return a, err
		},
		Check: func(cmd string) safety.Verdict {
			if strings.Contains(cmd, "rm") {
				return safety.Verdict{Risk: safety.High, Findings: []safety.Finding{{Risk: safety.High, Message: "deletes files"}}}
			}
			return safety.Verdict{Risk: safety.Safe}
		},
	})
	// Drive the generation the way the program would: Init's command, then each event's next one.
	for cmd := m.Init(); cmd != nil; {
		msg := cmd()
		if msg == nil {
			break
		}
		_, cmd = m.Update(msg)
	}
	return m
}

func press(m *Model, keys ...string) {
	for _, k := range keys {
		var msg tea.KeyPressMsg
		switch k {
		case "enter":
			msg = tea.KeyPressMsg{Code: tea.KeyEnter}
		case "tab":
			msg = tea.KeyPressMsg{Code: tea.KeyTab}
		case "esc":
			msg = tea.KeyPressMsg{Code: tea.KeyEscape}
		case "backspace":
			msg = tea.KeyPressMsg{Code: tea.KeyBackspace}
		default:
			msg = tea.KeyPressMsg{Code: []rune(k)[0], Text: k}
		}
		m.Update(msg)
	}
}

func TestAcceptEditCancel(t *testing.T) {
	answer := Answer{Command: "mkdir demo", Explanation: "Create the directory demo", Verdict: safety.Verdict{Risk: safety.Safe}}
	t.Run("accept", func(t *testing.T) {
		m := newTestModel(t, answer, nil)
		if v := m.View().Content; !strings.Contains(v, "mkdir demo") || !strings.Contains(v, "SAFE") || !strings.Contains(v, "enter accept") {
			t.Fatalf("view:\n%s", v)
		}
		press(m, "enter")
		if cmd, ok := m.Result(); !ok || cmd != "mkdir demo" {
			t.Fatalf("Result() = %q, %v", cmd, ok)
		}
		if m.View().Content != "" {
			t.Fatal("the popup is not erased once done")
		}
	})
	t.Run("edit", func(t *testing.T) {
		m := newTestModel(t, answer, nil)
		press(m, "tab", "backspace", "backspace", "backspace", "backspace", "x", ";", " ", "r", "m", " ", "x")
		if v := m.View().Content; !strings.Contains(v, "HIGH") || !strings.Contains(v, "deletes files") {
			t.Fatalf("an edited command is not checked again:\n%s", v)
		}
		press(m, "enter")
		if cmd, ok := m.Result(); !ok || cmd != "mkdir x; rm x" {
			t.Fatalf("Result() = %q, %v", cmd, ok)
		}
	})
	t.Run("cancel", func(t *testing.T) {
		m := newTestModel(t, answer, nil)
		press(m, "esc")
		if cmd, ok := m.Result(); ok {
			t.Fatalf("Result() = %q after esc", cmd)
		}
	})
	t.Run("no answer", func(t *testing.T) {
		m := newTestModel(t, Answer{}, errors.New("no fix found"))
		if v := m.View().Content; !strings.Contains(v, "no fix found") {
			t.Fatalf("view:\n%s", v)
		}
		press(m, "enter")
		if _, ok := m.Result(); ok {
			t.Fatal("enter accepted a missing answer")
		}
	})
}
