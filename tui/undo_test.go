package tui

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/cmdai/cmdai/gate"
	"github.com/cmdai/cmdai/safety"
	"github.com/cmdai/cmdai/undo"
)

// A command the TUI runs is snapshotted first, with its history entry; ctrl+z on that entry in the
// history browser asks, then puts the files back.
func TestHistoryUndo(t *testing.T) {
	t.Setenv("SHELL", "/bin/sh")
	ctx := context.Background()
	dir := t.TempDir()
	build := filepath.Join(dir, "build")
	if err := os.MkdirAll(build, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(build, "out.bin"), []byte("built\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	o := undo.Options{Dir: filepath.Join(t.TempDir(), "undo"), MaxBytes: 1e9}
	cmd := "rm -rf " + build
	d := gate.Decide(gate.Input{Command: cmd, Mode: safety.ModeModerate, Confirmed: gate.Accepted})
	var out strings.Builder
	r := &shellRun{ctx: ctx, decision: d, stdin: strings.NewReader("\n"), stdout: &out, stderr: &out,
		undo: undoRun{cwd: dir, safety: safety.Options{Shell: "bash"}, opts: o, historyID: "b"}}
	if err := r.Run(); err != nil || r.code != 0 {
		t.Fatalf("run: %v, code %d: %s", err, r.code, out.String())
	}
	if _, err := os.Stat(build); !os.IsNotExist(err) {
		t.Fatalf("build is still there: %v", err)
	}

	m := newTestModel(t, nil, true, 100, 30)
	m.cfg.Undo = o
	m.openHistory()
	m.Update(HistoryMsg{Seq: m.history.seq, Entries: historyEntries()})
	press(m, "down") // entry b
	_, plan := m.Update(tea.KeyPressMsg{Code: 'z', Mod: tea.ModCtrl})
	if plan == nil {
		t.Fatal("ctrl+z plans nothing")
	}
	m.Update(plan())
	if view := ansi.Strip(m.View().Content); !strings.Contains(view, "Undo this run? 2 paths put back. y undoes it") {
		t.Fatalf("no question:\n%s", view)
	}
	_, apply := m.Update(keyMsg("y"))
	if apply == nil {
		t.Fatal("y applies nothing")
	}
	m.Update(apply())
	if !strings.HasPrefix(m.notice, "undone: 2 paths put back") {
		t.Fatalf("notice %q", m.notice)
	}
	if b, err := os.ReadFile(filepath.Join(build, "out.bin")); err != nil || string(b) != "built\n" {
		t.Fatalf("out.bin: %q, %v", b, err)
	}

	// An entry without a snapshot says so.
	press(m, "up")
	_, plan = m.Update(tea.KeyPressMsg{Code: 'z', Mod: tea.ModCtrl})
	m.Update(plan())
	if !strings.HasPrefix(m.notice, "nothing to undo") || m.history.undoPlan != nil {
		t.Fatalf("notice %q", m.notice)
	}
}

// Over the size bound, the preview says the command will run without a snapshot.
func TestPreviewSaysUndoNotAvailable(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "big.bin"), make([]byte, 3000), 0o644); err != nil {
		t.Fatal(err)
	}
	msg := impactOf(context.Background(), "rm big.bin", dir, safety.Options{Shell: "bash"}, undo.Options{MaxBytes: 1000})().(ImpactMsg)
	if msg.Text != "would delete ./big.bin (3.0 KB)\nundo not available: 3.0 KB would be touched" {
		t.Fatalf("impact %q", msg.Text)
	}
}
