package popup

import (
	"context"
	"errors"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/cmdai/cmdai/gate"
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

// With a gate, Enter runs: a critical command needs the word yes typed out, a refusal ends the popup
// with the reason, and an edit is weighed as edited.
func TestGate(t *testing.T) {
	withGate := func(t *testing.T, a Answer, mode safety.Mode) *Model {
		m := newTestModel(t, a, nil)
		m.cfg.Gate = func(cmd string, v safety.Verdict, c gate.Confirmation) gate.Decision {
			return gate.Decide(gate.Input{Command: cmd, Verdict: v, Mode: mode, Confirmed: c})
		}
		return m
	}
	critical := Answer{Command: "rm -rf ~", Verdict: safety.Verdict{Risk: safety.Critical}, Impact: "would delete 3 files (12 B) under /home/x", ID: "01ABC"}
	t.Run("critical needs the word", func(t *testing.T) {
		m := withGate(t, critical, safety.ModeModerate)
		if v := m.View().Content; !strings.Contains(v, "▸ would delete 3 files") {
			t.Fatalf("no blast radius:\n%s", v)
		}
		press(m, "enter")
		if _, ok := m.Result(); ok || m.done {
			t.Fatal("one Enter accepted a critical command")
		}
		if v := m.View().Content; !strings.Contains(v, "type the word yes") || !strings.Contains(v, "type yes") {
			t.Fatalf("view:\n%s", v)
		}
		press(m, "y", "enter")
		if v := m.View().Content; m.done || !strings.Contains(v, "not run: ") {
			t.Fatalf("a plain y:\n%s", v)
		}
		press(m, "backspace", "y", "e", "s", "enter")
		if cmd, ok := m.Result(); !ok || cmd != "rm -rf ~" || m.Refused() != nil {
			t.Fatalf("Result() = %q, %v; refused %v", cmd, ok, m.Refused())
		}
	})
	t.Run("esc goes back", func(t *testing.T) {
		m := withGate(t, critical, safety.ModeModerate)
		press(m, "enter", "esc")
		if m.done || !strings.Contains(m.View().Content, "tab edit") {
			t.Fatalf("esc from the question:\n%s", m.View().Content)
		}
		press(m, "esc")
		if _, ok := m.Result(); ok || !m.done {
			t.Fatal("the second esc did not cancel")
		}
	})
	t.Run("strict refuses", func(t *testing.T) {
		m := withGate(t, critical, safety.ModeStrict)
		if v := m.View().Content; !strings.Contains(v, "refused: the strict safety mode does not run critical commands") || !strings.Contains(v, "esc close") {
			t.Fatalf("the refusal is not shown before Enter:\n%s", v)
		}
		press(m, "enter")
		if _, ok := m.Result(); ok || !gate.IsRefused(m.Refused()) || !m.done {
			t.Fatalf("refused %v, done %v", m.Refused(), m.done)
		}
	})
	t.Run("safe runs on enter", func(t *testing.T) {
		m := withGate(t, Answer{Command: "mkdir demo", Verdict: safety.Verdict{Risk: safety.Safe}}, safety.ModeStrict)
		press(m, "enter")
		if cmd, ok := m.Result(); !ok || cmd != "mkdir demo" {
			t.Fatalf("Result() = %q, %v", cmd, ok)
		}
	})
	t.Run("an edit is weighed as edited", func(t *testing.T) {
		m := withGate(t, Answer{Command: "mkdir demo", Verdict: safety.Verdict{Risk: safety.Safe}}, safety.ModeStrict)
		press(m, "tab", " ", "&", "&", " ", "r", "m", " ", "x", "enter") // the test's Check rates rm as high
		if _, ok := m.Result(); ok || !gate.IsRefused(m.Refused()) {
			t.Fatalf("strict mode ran an edit rated high: refused %v", m.Refused())
		}
	})
}
