package tui

import (
	"context"
	"strings"
	"testing"

	"github.com/cmdai/cmdai/ipc"
)

// A saved pattern is found by search, its parameters are filled (defaults first, types checked), and
// the filled command lands in the preview, checked by the daemon; the use is counted.
func TestFlowPatternInsert(t *testing.T) {
	client, _ := testDaemon(t)
	ctx := context.Background()
	saved, err := client.SavePattern(ctx, ipc.Pattern{Name: "tail logs", Command: "tail -n ${lines} ${file}",
		Params: []ipc.PatternParam{{Name: "lines", Type: "int", Default: "50"}, {Name: "file", Type: "path"}},
		Tags:   []string{"logs"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := client.SavePattern(ctx, ipc.Pattern{Name: "ports", Command: "ss -ltnp"}); err != nil {
		t.Fatal(err)
	}
	f := startFlow(t, client)
	f.press("ctrl+t")
	f.waitFor("Patterns", "tail logs", "ports", "#logs")
	f.tm.Type("logs")
	f.waitUntil("only tail logs", func(frame string) bool {
		return strings.Contains(frame, "tail logs") && !strings.Contains(frame, "ports")
	})
	f.press("enter")
	f.waitFor("Use pattern", "lines (int)", "file (path)")
	f.press("backspace", "backspace")
	f.tm.Type("ten")
	f.press("tab")
	f.tm.Type("my app.log")
	f.press("enter")
	f.waitFor("a whole number is needed here")
	f.press("backspace", "backspace", "backspace") // the form went back to the field in error
	f.tm.Type("20")
	f.press("enter")
	frame := f.waitFor("asked pattern: tail logs", "tail -n 20 'my app.log'", "SAFE", "enter run")
	if strings.Contains(frame, "checking…") {
		t.Errorf("the verdict is still pending:\n%s", frame)
	}
	f.waitUntil("the use counted", func(string) bool {
		p, err := client.SearchPatterns(ctx, "tail", 0)
		return err == nil && len(p) == 1 && p[0].ID == saved.ID && p[0].Uses == 1
	})
}

// s on an answer saves it as a pattern whose placeholders become typed parameters.
func TestFlowSavePattern(t *testing.T) {
	client, _ := testDaemon(t)
	f := startFlow(t, client)
	f.tm.Type("archive the logs")
	f.press("enter")
	f.waitFor("tar czf logs.tar.gz logs", "SAFE")
	f.press("s")
	f.waitFor("Save as pattern", "description  archive the logs")
	f.press("enter")
	f.waitFor("give the pattern a name")
	f.tm.Type("pack logs")
	f.press("tab", "tab")
	f.tm.Type("logs, backup")
	f.press("tab", "ctrl+u")
	f.tm.Type("tar czf ${archive_file} ${dir}")
	f.waitFor("${archive_file} path", "${dir} path")
	f.press("enter")
	f.waitFor("saved as pattern “pack logs”", "enter run")
	ps, err := client.SearchPatterns(context.Background(), "backup", 0)
	if err != nil || len(ps) != 1 {
		t.Fatalf("search = %+v, %v", ps, err)
	}
	p := ps[0]
	if p.Name != "pack logs" || p.Command != "tar czf ${archive_file} ${dir}" || p.Description != "archive the logs" ||
		len(p.Params) != 2 || p.Params[0].Type != "path" || len(p.Tags) != 2 {
		t.Fatalf("saved %+v", p)
	}
	f.press("ctrl+t")
	f.waitFor("pack logs", "#logs #backup", "local · 0 uses")
}

// x asks the daemon for the long explanation and shows it in a pane that scrolls; esc goes back.
func TestFlowExplain(t *testing.T) {
	client, _ := testDaemon(t)
	f := startFlow(t, client)
	f.tm.Type("count lines in go files")
	f.press("enter")
	f.waitFor("xargs wc -l", "enter run")
	f.press("x")
	f.waitFor("Explain", "What runs", "walks directory trees", "runs a command with arguments read from its input",
		"counts lines, words and bytes", "| sends each program's output into the next", "explained by offline")
	f.press("esc")
	f.waitFor("asked count lines in go files", "x explain more")
}

// ctrl+d in the history browser asks first; y deletes the entry and it is gone from search.
func TestFlowHistoryDelete(t *testing.T) {
	client, _ := testDaemon(t)
	asked(t, client, "archive the logs", "show disk usage")
	ctx := context.Background()
	f := startFlow(t, client)
	f.press("ctrl+r")
	f.tm.Type("disk")
	f.waitUntil("only df -h", func(frame string) bool {
		return strings.Contains(frame, "df -h") && !strings.Contains(frame, "tar czf")
	})
	f.press("ctrl+d")
	f.waitFor("Delete this entry from history?", "y delete")
	f.press("n")
	f.waitFor("kept", "df -h")
	f.press("ctrl+d")
	f.waitFor("Delete this entry from history?")
	f.press("y")
	f.waitFor("deleted from history", "nothing matches")
	entries, err := client.History(ctx, ipc.HistoryQuery{Search: "disk"})
	if err != nil || len(entries) != 0 {
		t.Fatalf("search after delete = %+v, %v", entries, err)
	}
	if all, _ := client.History(ctx, ipc.HistoryQuery{}); len(all) != 1 {
		t.Fatalf("%d entries left, want 1", len(all))
	}
}
