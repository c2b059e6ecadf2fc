package tui

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest/v2"
	"github.com/cmdai/cmdai/ipc"
	"github.com/cmdai/cmdai/safety"
)

// recorder wraps the root model and keeps the last frame it drew, so that a test can wait for what the
// person would see without racing the program's goroutine.
type recorder struct {
	*Model
	mu    sync.Mutex
	frame string
}

func (r *recorder) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	_, cmd := r.Model.Update(msg)
	return r, cmd
}

func (r *recorder) View() tea.View {
	v := r.Model.View()
	r.mu.Lock()
	r.frame = ansi.Strip(v.Content)
	r.mu.Unlock()
	return v
}

func (r *recorder) last() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.frame
}

type flow struct {
	t  *testing.T
	tm *teatest.TestModel
	r  *recorder
}

// startFlow runs the interface as a program against client at 100×30.
func startFlow(t *testing.T, client *ipc.Client) *flow {
	t.Helper()
	t.Setenv("HOME", testHome)
	dark := true
	ctx, cancel := context.WithCancel(context.Background())
	m := New(ctx, Config{Client: client, Shell: "bash", Cwd: testHome + "/project", Dark: &dark,
		Safety: safety.Options{Shell: "bash", Mode: safety.ModeModerate, Home: testHome}})
	r := &recorder{Model: m}
	tm := teatest.NewTestModel(t, r, teatest.WithInitialTermSize(100, 30))
	f := &flow{t: t, tm: tm, r: r}
	t.Cleanup(func() {
		_ = tm.Quit()
		tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
		cancel()
	})
	f.waitFor("● daemon")
	return f
}

// waitFor waits until every part shows on screen.
func (f *flow) waitFor(parts ...string) string {
	f.t.Helper()
	return f.waitUntil(strings.Join(parts, " and "), func(frame string) bool {
		for _, p := range parts {
			if !strings.Contains(frame, p) {
				return false
			}
		}
		return true
	})
}

func (f *flow) waitUntil(what string, ok func(frame string) bool) string {
	f.t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		frame := f.r.last()
		if ok(frame) {
			return frame
		}
		if time.Now().After(deadline) {
			f.t.Fatalf("timed out waiting for %s; the screen shows:\n%s", what, frame)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// asked has the daemon answer each prompt, so that history holds them (oldest first).
func asked(t *testing.T, client *ipc.Client, prompts ...string) {
	t.Helper()
	for _, p := range prompts {
		if _, err := client.Generate(context.Background(), ipc.GenerateRequest{Prompt: p, Shell: "bash"}, nil); err != nil {
			t.Fatal(err)
		}
	}
}

func (f *flow) press(keys ...string) {
	for _, k := range keys {
		f.tm.Send(keyMsg(k))
	}
}

// A request streams from the daemon and its preview shows a critical command with its findings; Enter
// asks for the word yes and anything else does not run it.
func TestFlowCriticalPreview(t *testing.T) {
	client, _ := testDaemon(t)
	f := startFlow(t, client)
	f.tm.Type("wipe my home directory")
	f.waitFor("wipe my home directory")
	f.press("enter")
	f.waitFor("rm -rf ~/", "CRITICAL", "critical deletes your whole home directory", "scripted")
	f.press("enter")
	f.waitFor("type yes to run it")
	f.tm.Type("no")
	f.press("enter")
	f.waitFor("not run: critical commands need the word yes")
}

// Esc while the daemon is still working cancels the request there too.
func TestFlowCancel(t *testing.T) {
	client, b := testDaemon(t)
	f := startFlow(t, client)
	f.tm.Type("hold")
	f.press("enter")
	f.waitFor("thinking…", `{"command":`)
	f.press("esc")
	f.waitFor("cancelled")
	select {
	case <-b.cancelled:
	case <-time.After(5 * time.Second):
		t.Fatal("the daemon's generation was not cancelled")
	}
}

// Tab shows the other ways to write the answer, each with the verdict the daemon gave it, and comes back
// round to the answer.
func TestFlowOtherWays(t *testing.T) {
	client, _ := testDaemon(t)
	f := startFlow(t, client)
	f.tm.Type("list files")
	f.press("enter")
	f.waitFor("ls -la", "SAFE", "way 1 of 3", "tab other ways")
	f.press("tab")
	f.waitFor("ls -A", "SAFE", "way 2 of 3")
	f.press("tab")
	frame := f.waitFor("rm -rf PATH", "way 3 of 3 (from similar requests)")
	if strings.Contains(frame, "SAFE") {
		t.Errorf("a recursive delete shown as safe:\n%s", frame)
	}
	f.press("tab")
	f.waitFor("ls -la", "way 1 of 3")
	// A request with no alternatives shows neither the count nor the key.
	f.press("n")
	f.tm.Type("show disk usage")
	f.press("enter")
	frame = f.waitFor("df -h", "SAFE")
	if strings.Contains(frame, "way 1") || strings.Contains(frame, "other ways") {
		t.Errorf("alternatives shown for an answer without any:\n%s", frame)
	}
}

// A refusal to guess shows the shapes recalled for similar requests under it, each with its verdict, and
// none of them becomes a preview to run.
func TestFlowRefusalShowsShapes(t *testing.T) {
	client, _ := testDaemon(t)
	f := startFlow(t, client)
	f.tm.Type("print the mimetype of photo.png")
	f.press("enter")
	frame := f.waitFor("no answer: the offline engine is not sure", "commands written for similar requests", "SAFE", "file -i NAME")
	if strings.Contains(frame, "enter run") {
		t.Errorf("a shape was offered to run:\n%s", frame)
	}
}

// Editing a safe command into a dangerous one has the daemon check it again.
func TestFlowEdit(t *testing.T) {
	client, _ := testDaemon(t)
	f := startFlow(t, client)
	f.tm.Type("list files")
	f.press("enter")
	f.waitFor("ls -la", "SAFE")
	f.press("e")
	f.waitFor("check edit")
	f.press("ctrl+u")
	f.tm.Type("rm -rf /")
	f.press("enter")
	frame := f.waitFor("rm -rf /", "CRITICAL", "edited")
	if strings.Contains(frame, "checking…") {
		t.Errorf("the verdict is still pending:\n%s", frame)
	}
}

// The history browser searches the daemon's history as the person types, filters it and opens an
// entry in the preview.
func TestFlowHistorySearch(t *testing.T) {
	client, _ := testDaemon(t)
	asked(t, client, "archive the logs", "show disk usage", "list files")
	f := startFlow(t, client)
	f.press("ctrl+r")
	f.waitFor("History", "tar czf logs.tar.gz logs", "df -h", "ls -la")
	f.tm.Type("disk")
	f.waitUntil("only df -h", func(frame string) bool {
		return strings.Contains(frame, "df -h") && !strings.Contains(frame, "tar czf") && !strings.Contains(frame, "ls -la")
	})
	f.press("tab", "tab") // this directory, then only those that ran: none has
	f.waitFor("nothing matches")
	f.press("tab", "tab") // failed, then all again
	f.waitFor("df -h")
	f.press("enter")
	f.waitFor("asked show disk usage", "SAFE", "enter run")
}

// Up in an empty prompt box recalls earlier requests from history, newest first; Down goes back.
func TestFlowRecall(t *testing.T) {
	client, _ := testDaemon(t)
	asked(t, client, "archive the logs", "show disk usage")
	f := startFlow(t, client)
	time.Sleep(100 * time.Millisecond) // let the recall list arrive
	f.press("up")
	f.waitFor("│ show disk usage")
	f.press("up")
	f.waitFor("│ archive the logs")
	f.press("down", "down")
	f.waitFor("what do you want to do?")
}
