package tui

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/cmdai/cmdai/ipc"
	"github.com/cmdai/cmdai/safety"
)

// -update rewrites the golden files. teatest's golden package may have registered the flag already.
func init() {
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, "rewrite the golden files under testdata/")
	}
}

func updating() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

// t0 is the fixed clock of rendering tests.
var t0 = time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)

const testHome = "/home/ada"

// newTestModel is the interface at a size and theme, with a fixed clock, directory and daemon status.
// client may be nil for tests that only render.
func newTestModel(t *testing.T, client *ipc.Client, dark bool, width, height int) *Model {
	t.Helper()
	t.Setenv("HOME", testHome)
	if client == nil {
		client = &ipc.Client{Socket: filepath.Join(t.TempDir(), "none.sock")}
	}
	m := New(context.Background(), Config{
		Client: client, Shell: "bash", Cwd: testHome + "/project", Dark: &dark, Now: func() time.Time { return t0 },
		Safety: safety.Options{Shell: "bash", Mode: safety.ModeModerate, Home: testHome},
	})
	m.Update(tea.WindowSizeMsg{Width: width, Height: height})
	m.Update(StatusMsg{Status: ipc.Status{PID: 42, Backend: "offline", Warm: true}})
	return m
}

// press sends keys by name ("enter", "esc", "ctrl+r", "alt+enter") or as text.
func press(m *Model, keys ...string) {
	for _, k := range keys {
		m.Update(keyMsg(k))
	}
}

func keyMsg(k string) tea.KeyPressMsg {
	named := map[string]tea.KeyPressMsg{
		"enter":     {Code: tea.KeyEnter},
		"alt+enter": {Code: tea.KeyEnter, Mod: tea.ModAlt},
		"esc":       {Code: tea.KeyEscape},
		"tab":       {Code: tea.KeyTab},
		"up":        {Code: tea.KeyUp},
		"down":      {Code: tea.KeyDown},
		"backspace": {Code: tea.KeyBackspace},
		"ctrl+r":    {Code: 'r', Mod: tea.ModCtrl},
		"ctrl+u":    {Code: 'u', Mod: tea.ModCtrl},
		"ctrl+e":    {Code: 'e', Mod: tea.ModCtrl},
		"ctrl+c":    {Code: 'c', Mod: tea.ModCtrl},
		"ctrl+d":    {Code: 'd', Mod: tea.ModCtrl},
		"ctrl+t":    {Code: 't', Mod: tea.ModCtrl},
		"shift+tab": {Code: tea.KeyTab, Mod: tea.ModShift},
		"pgdown":    {Code: tea.KeyPgDown},
		"space":     {Code: tea.KeySpace, Text: " "},
	}
	if msg, ok := named[k]; ok {
		return msg
	}
	r := []rune(k)
	return tea.KeyPressMsg{Code: r[0], Text: k}
}

// answer makes the model show cmd as generation 1's answer, rated by the real safety engine, with the
// given alternatives.
func answer(m *Model, prompt, cmd, explanation, impact string, alts ...ipc.Alternative) {
	risk, findings := check(m, cmd)
	for i := range alts {
		alts[i].Risk, alts[i].Findings = check(m, alts[i].Command)
	}
	m.genSeq++
	m.gen = &generation{id: m.genSeq, prompt: prompt, started: t0, cancel: func() {}}
	m.Update(AnswerMsg{ID: m.genSeq, Result: ipc.GenerateResult{ID: "h1", Command: cmd, Explanation: explanation,
		Risk: risk, Findings: findings, Backend: "offline", Alternatives: alts}})
	m.Update(ImpactMsg{Command: cmd, Text: impact})
}

func check(m *Model, cmd string) (string, []ipc.Finding) {
	v := safety.Check(cmd, m.cfg.Safety)
	var findings []ipc.Finding
	for _, f := range v.Findings {
		findings = append(findings, ipc.Finding{Rule: f.Rule, Risk: f.Risk.String(), Message: f.Message,
			Span: ipc.Span{Start: f.Span.Start, End: f.Span.End}})
	}
	return v.Risk.String(), findings
}

func historyEntries() []ipc.HistoryEntry {
	return []ipc.HistoryEntry{
		{ID: "a", Prompt: "archive the logs", Command: "tar czf logs.tar.gz logs", Risk: "safe",
			Cwd: testHome + "/project", Created: t0.Add(-3 * time.Minute), Executed: true, Count: 2},
		{ID: "b", Prompt: "delete the build directory", Command: "rm -r build", Risk: "high",
			Findings: []ipc.Finding{{Rule: "fs.rm-recursive", Risk: "high", Message: "deletes a directory tree", Span: ipc.Span{Start: 0, End: 11}}},
			Cwd:      testHome + "/project", Created: t0.Add(-2 * time.Hour), Executed: true, ExitCode: 1},
		{ID: "c", Prompt: "show disk usage", Command: "df -h", Risk: "safe", Cwd: "/tmp", Created: t0.Add(-72 * time.Hour)},
	}
}

func samplePatterns() []ipc.Pattern {
	return []ipc.Pattern{
		{ID: "p1", Name: "tail logs", Command: "tail -n ${lines} ${file} | grep -i ${word}", Description: "the end of a log, filtered",
			Params: []ipc.PatternParam{{Name: "lines", Type: "int", Default: "50"}, {Name: "file", Type: "path", Default: "/var/log/syslog"},
				{Name: "word", Type: "string", Default: "error"}},
			Tags: []string{"logs", "debug"}, Source: "local", Uses: 7},
		{ID: "t1", Name: "deploy to staging", Command: "make deploy ENV=${env}", Tags: []string{"ops"}, Source: "team", Team: "platform", Uses: 3},
		{ID: "p2", Name: "listening ports", Command: "ss -ltnp", Description: "what listens on this machine", Source: "local", Uses: 1},
	}
}

func sampleExplanation(cmd string) ipc.Explanation {
	v := safety.Check(cmd, safety.Options{Shell: "bash", Mode: safety.ModeModerate, Home: testHome})
	ex := ipc.Explanation{Command: cmd, Risk: v.Risk.String(), Backend: "offline", Steps: []ipc.ExplainStep{
		{Program: "find", Args: ". -type f -name '*.log' -mtime +30 -print0", Description: "walks directory trees and lists or acts on the files that match"},
		{Program: "xargs", Args: "-0 tar czf old-logs-$(date +%Y%m%d).tar.gz", Description: "runs a command with arguments read from its input"},
		{Program: "tar", Args: "czf old-logs-$(date +%Y%m%d).tar.gz", Description: "packs files into an archive or unpacks one"},
		{Program: "date", Args: "+%Y%m%d", Description: "prints or sets the date and time"},
		{Program: "find", Args: ". -type f -name '*.log' -mtime +30 -delete", Description: "walks directory trees and lists or acts on the files that match"},
		{Program: "how the parts connect", Description: "| sends each program's output into the next; && runs the next part only when the one before succeeded"},
	}}
	for _, f := range v.Findings {
		ex.Findings = append(ex.Findings, ipc.Finding{Rule: f.Rule, Risk: f.Risk.String(), Message: f.Message,
			Span: ipc.Span{Start: f.Span.Start, End: f.Span.End}})
	}
	return ex
}

const longCommand = `find . -type f -name '*.log' -mtime +30 -print0 | xargs -0 tar czf old-logs-$(date +%Y%m%d).tar.gz && find . -type f -name '*.log' -mtime +30 -delete`

// screens are the states the golden files show, each set up from a fresh model.
var screens = []struct {
	name  string
	setup func(m *Model)
}{
	{"prompt", func(m *Model) {}},
	{"prompt-help", func(m *Model) { press(m, "?") }},
	{"streaming", func(m *Model) {
		m.prompt.set("wipe my home directory")
		m.gen = &generation{id: 1, prompt: "wipe my home directory", started: t0.Add(-1200 * time.Millisecond),
			cancel: func() {}, text: []byte(`{"command": "rm -rf`)}
	}},
	{"error", func(m *Model) {
		m.prompt.set("do the thing")
		m.genErr = fmt.Errorf("the offline engine is not sure what you mean: rephrase the request")
	}},
	{"error-shapes", func(m *Model) {
		m.cfg.NoAnswerAdvice = []string{"Say it another way: name the files, folders, sizes or times it is about",
			"For answers from a model, install Ollama (https://ollama.com) and run: ollama pull qwen2.5-coder:1.5b"}
		m.prompt.set("print the mimetype of photo.png")
		m.genErr = &ipc.Error{Code: ipc.CodeNoAnswer, Message: "the offline engine is not sure what you mean",
			Readings: []string{"Show what kind of data photo.png hold", "Find files and directories under . named photo.png"},
			Alternatives: []ipc.Alternative{{Command: "file -i NAME", Risk: "safe", Model: "nl2bash-recall"},
				{Command: "find . -name 'PATTERN' -exec rm {} \\;", Risk: "high", Model: "nl2bash-recall"}}}
	}},
	{"critical", func(m *Model) {
		answer(m, "wipe my home directory", "rm -rf ~/", "Deletes everything in your home directory",
			"would delete ~ (1204 files, 3 dirs, 3.1 GB)")
	}},
	{"critical-confirm", func(m *Model) {
		answer(m, "wipe my home directory", "rm -rf ~/", "Deletes everything in your home directory", "")
		press(m, "enter", "y", "e")
	}},
	{"safe", func(m *Model) { answer(m, "list files", "ls -la", "Lists the files here, hidden ones too", "") }},
	{"long", func(m *Model) {
		answer(m, "archive logs older than a month into a dated tarball and delete them", longCommand, "Archives old logs, then deletes them", "")
	}},
	{"other-way", func(m *Model) {
		answer(m, "delete zip files older than 2 days", `find . -name '*.zip' -mtime +2 -exec rm {} \;`,
			"Delete files named *.zip modified more than 2 days ago", "",
			ipc.Alternative{Command: `find . -type f -name '*.zip' -mtime +2 -exec rm {} \;`, Explanation: "Delete files named *.zip modified more than 2 days ago", Confidence: 0.67},
			ipc.Alternative{Command: `find PATH -name 'PATTERN' -mtime +2 -print0 | xargs -0 rm`, Model: "nl2bash-recall",
				Explanation: "The shape of commands written for similar requests (61% alike); check its arguments.", Confidence: 1})
		press(m, "tab", "tab")
	}},
	{"other-way-riskier", func(m *Model) {
		// Shift-Tab goes back: tab, tab, shift+tab shows the second way, which deletes what the answer
		// only finds, and says so.
		answer(m, "find log files older than 7 days", `find . -name '*.log' -mtime +7`,
			"Find files named *.log modified more than 7 days ago", "",
			ipc.Alternative{Command: `find . -name '*.log' -mtime +7 -exec rm {} \;`, Model: "nl2bash-recall",
				Explanation: "The shape of commands written for similar requests (39% alike); check its arguments.", Confidence: 1},
			ipc.Alternative{Command: `find . -type f -name '*.log' -mtime +7`, Explanation: "Find files named *.log modified more than 7 days ago", Confidence: 0.72})
		press(m, "tab", "tab", "shift+tab")
	}},
	{"edit", func(m *Model) {
		answer(m, "list files", "ls -la", "Lists the files here, hidden ones too", "")
		press(m, "e", " ", "/", "é")
	}},
	{"history", func(m *Model) {
		m.openHistory()
		m.Update(HistoryMsg{Seq: m.history.seq, Entries: historyEntries()})
		press(m, "down")
	}},
	{"history-delete", func(m *Model) {
		m.openHistory()
		m.Update(HistoryMsg{Seq: m.history.seq, Entries: historyEntries()})
		press(m, "down", "ctrl+d")
	}},
	{"patterns", func(m *Model) {
		m.openPatterns()
		m.Update(PatternsMsg{Seq: m.patterns.seq, Patterns: samplePatterns()})
	}},
	{"patterns-empty", func(m *Model) {
		m.openPatterns()
		m.Update(PatternsMsg{Seq: m.patterns.seq})
	}},
	{"pattern-fill", func(m *Model) {
		m.openPatterns()
		m.Update(PatternsMsg{Seq: m.patterns.seq, Patterns: samplePatterns()})
		press(m, "enter", "backspace", "backspace", "x", "tab", "tab", "backspace", "backspace", "backspace", "backspace", "backspace")
		press(m, "it's")
		press(m, "enter")
	}},
	{"save-pattern", func(m *Model) {
		answer(m, "show the last lines of the app log", "tail -n 50 app.log", "Shows the end of app.log", "")
		press(m, "s")
		for _, r := range "tail app log" {
			press(m, string(r))
		}
		press(m, "tab", "tab", "tab", "ctrl+u")
		for _, r := range "tail -n ${lines} ${file}" {
			press(m, string(r))
		}
	}},
	{"explain", func(m *Model) {
		answer(m, "archive logs older than a month into a dated tarball and delete them", longCommand, "Archives old logs, then deletes them", "")
		press(m, "x")
		m.Update(ExplainMsg{Command: longCommand, Explanation: sampleExplanation(longCommand)})
	}},
	{"daemon-down", func(m *Model) {
		m.Update(StatusMsg{Err: fmt.Errorf("daemon not running: %w", ipc.ErrDaemonUnavailable)})
	}},
}

func TestGolden(t *testing.T) {
	sizes := []struct{ w, h int }{{80, 24}, {120, 40}, {60, 15}}
	for _, sc := range screens {
		for _, sz := range sizes {
			for _, dark := range []bool{true, false} {
				theme := "light"
				if dark {
					theme = "dark"
				}
				if sz.w == 60 && !dark {
					continue // the smallest size checks layout only
				}
				name := fmt.Sprintf("%s-%dx%d-%s", sc.name, sz.w, sz.h, theme)
				t.Run(name, func(t *testing.T) {
					m := newTestModel(t, nil, dark, sz.w, sz.h)
					sc.setup(m)
					got := m.render()
					checkFrame(t, got, sz.w, sz.h)
					golden(t, name, got)
				})
			}
		}
	}
}

// checkFrame asserts the frame fills the window exactly: no line wider than it, no more lines.
func checkFrame(t *testing.T, frame string, width, height int) {
	t.Helper()
	lines := strings.Split(frame, "\n")
	if len(lines) != height {
		t.Errorf("frame has %d lines, want %d", len(lines), height)
	}
	for i, l := range lines {
		if w := ansi.StringWidth(l); w > width {
			t.Errorf("line %d is %d cells wide, more than %d: %q", i+1, w, width, ansi.Strip(l))
		}
	}
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if updating() {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./tui -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from the golden file (go test ./tui -update rewrites it); got, without colour:\n%s",
			path, ansi.Strip(got))
	}
}
