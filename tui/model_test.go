package tui

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/cmdai/cmdai/gate"
	"github.com/cmdai/cmdai/ipc"
	"github.com/cmdai/cmdai/safety"
)

// A command run in the shell reports its exit status, which the daemon records against the history entry.
func TestRunRecordsExit(t *testing.T) {
	client, _ := testDaemon(t)
	ctx := context.Background()
	res, err := client.Generate(ctx, ipc.GenerateRequest{Prompt: "list files", Shell: "bash"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	t.Setenv("SHELL", "/bin/sh")
	d := gate.Decide(gate.Input{Command: "echo hi; exit 3", Mode: safety.ModeModerate, Confirmed: gate.Accepted})
	r := &shellRun{ctx: ctx, decision: d, stdin: strings.NewReader("\n"), stdout: &out, stderr: &out}
	if err := r.Run(); err != nil {
		t.Fatal(err)
	}
	if r.code != 3 || !strings.Contains(out.String(), "hi\n") || !strings.Contains(out.String(), "[exit 3]") {
		t.Fatalf("code %d, output %q", r.code, out.String())
	}

	m := newTestModel(t, client, true, 80, 24)
	m.preview.historyID = res.ID
	_, cmd := m.Update(ExitMsg{Command: res.Command, Code: r.code, Duration: r.took})
	if cmd == nil {
		t.Fatal("no command records the exit status")
	}
	if msg := cmd().(ExitRecordedMsg); msg.Err != nil {
		t.Fatal(msg.Err)
	}
	e, err := client.HistoryEntry(ctx, res.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !e.Executed || e.ExitCode != 3 {
		t.Fatalf("history entry: executed %v, exit %d", e.Executed, e.ExitCode)
	}
}

// The strict mode never runs high or critical commands; moderate asks for the word yes on critical ones.
func TestRunFollowsSafetyMode(t *testing.T) {
	for _, tc := range []struct {
		mode       safety.Mode
		cmd        string
		refused    bool
		confirming bool
	}{
		{safety.ModeStrict, "rm -rf ~/", true, false},
		{safety.ModeModerate, "rm -rf ~/", false, true},
		{safety.ModePermissive, "rm -rf ~/", false, false},
		{safety.ModeStrict, "ls -la", false, false},
	} {
		t.Run(fmt.Sprintf("%s %s", tc.mode, tc.cmd), func(t *testing.T) {
			m := newTestModel(t, nil, true, 80, 24)
			m.cfg.Safety.Mode = tc.mode
			answer(m, "x", tc.cmd, "", "")
			cmd := m.run()
			if refused := strings.HasPrefix(m.notice, "refused"); refused != tc.refused {
				t.Errorf("refused = %v (notice %q)", refused, m.notice)
			}
			if m.confirming != tc.confirming {
				t.Errorf("confirming = %v", m.confirming)
			}
			if runs := cmd != nil && !m.confirming; runs != (!tc.refused && !tc.confirming) {
				t.Errorf("runs = %v", runs)
			}
		})
	}
}

// The status bar notices when the daemon goes away, comes back or is replaced.
func TestDaemonNotices(t *testing.T) {
	var d daemonState
	down := StatusMsg{Err: fmt.Errorf("dial: %w", ipc.ErrDaemonUnavailable)}
	hung := StatusMsg{Err: fmt.Errorf("status: %w", ipc.ErrDaemonNotResponding)}
	steps := []struct {
		msg    StatusMsg
		notice string
	}{
		{StatusMsg{Status: ipc.Status{PID: 1}}, ""},
		{StatusMsg{Status: ipc.Status{PID: 1}}, ""},
		{down, "the daemon stopped: reconnecting…"},
		{down, ""},
		{StatusMsg{Status: ipc.Status{PID: 2}}, "reconnected to the daemon"},
		{StatusMsg{Status: ipc.Status{PID: 3}}, "the daemon restarted"},
		{StatusMsg{Err: errors.New("boom")}, "daemon: boom"},
		{StatusMsg{Status: ipc.Status{PID: 3}}, "reconnected to the daemon"},
		{hung, hung.Err.Error()},
		{hung, ""},
	}
	for i, s := range steps {
		if got, _ := d.update(s.msg); got != s.notice {
			t.Errorf("step %d: notice %q, want %q", i, got, s.notice)
		}
	}
}

// Findings' spans may point anywhere; highlighting never splits a character or panics.
func TestHighlightSpans(t *testing.T) {
	st := NewStyles(true)
	cmd := "mkdir résumé && rm -rf ~/"
	for _, sp := range []safety.Span{{Start: 7, End: 9}, {Start: -4, End: 200}, {Start: 20, End: 3}, {Start: 8, End: 8}} {
		got := ansi.Strip(highlight(st, cmd, []safety.Finding{{Risk: safety.High, Span: sp}}))
		if got != cmd {
			t.Errorf("span %v: %q", sp, got)
		}
	}
	if got := spanText(cmd, safety.Span{Start: 8, End: 9}); got != "ré" && got != "é" {
		t.Errorf("spanText cut a character: %q", got)
	}
}

// Very small and very wide windows still draw a full frame.
func TestTinyAndHugeWindows(t *testing.T) {
	for _, sz := range [][2]int{{20, 5}, {60, 15}, {300, 80}} {
		m := newTestModel(t, nil, true, sz[0], sz[1])
		answer(m, "x", longCommand, strings.Repeat("long explanation ", 30), "")
		frame := m.render()
		if h := strings.Count(frame, "\n") + 1; h != sz[1] {
			t.Errorf("%dx%d: %d lines", sz[0], sz[1], h)
		}
	}
}

// Without colours (NO_COLOR, or a terminal that has none) the risk still reads: the badge says the level
// in words, a critical command keeps its heavy border and the risky span stays underlined.
func TestNoColour(t *testing.T) {
	m := newTestModel(t, nil, true, 80, 24)
	answer(m, "wipe my home directory", "rm -rf ~/ && ls", "", "")
	var b strings.Builder
	w := &colorprofile.Writer{Forward: &b, Profile: colorprofile.Ascii}
	if _, err := w.Write([]byte(m.render())); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if strings.Contains(out, "38;2;") || strings.Contains(out, "48;2;") {
		t.Errorf("colours left in the output: %q", out)
	}
	for _, want := range []string{"CRITICAL", "┏━", ";4m"} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in %q", want, out)
		}
	}
}
