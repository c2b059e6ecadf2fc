package tui

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/teatest/v2"
	"github.com/cmdai/cmdai/ipc"
	"github.com/cmdai/cmdai/safety"
)

// With no daemon to reach or start, the interface answers in its own process, as the one-shot does.
func TestFlowAnswersWithoutDaemon(t *testing.T) {
	t.Setenv("HOME", testHome)
	dark := true
	ctx, cancel := context.WithCancel(context.Background())
	asked := make(chan ipc.GenerateRequest, 1)
	local := func(_ context.Context, req ipc.GenerateRequest, onToken func(string)) (ipc.GenerateResult, error) {
		asked <- req
		onToken(`{"command": "df -h"}`)
		return ipc.GenerateResult{Command: "df -h", Explanation: "Shows free space per file system", Risk: "safe", Backend: "offline"}, nil
	}
	client := &ipc.Client{Socket: filepath.Join(t.TempDir(), "none", "cmdai.sock")} // nothing listens, nothing starts
	m := New(ctx, Config{Client: client, Shell: "bash", Cwd: testHome + "/project", Dark: &dark,
		Safety: safety.Options{Shell: "bash", Mode: safety.ModeModerate, Home: testHome}, Local: local})
	r := &recorder{Model: m}
	tm := teatest.NewTestModel(t, r, teatest.WithInitialTermSize(100, 30))
	f := &flow{t: t, tm: tm, r: r}
	t.Cleanup(func() {
		_ = tm.Quit()
		tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
		cancel()
	})
	f.waitFor("daemon down")
	f.tm.Type("show disk usage")
	f.waitFor("show disk usage")
	f.press("enter")
	f.waitFor("df -h", "SAFE", "Shows free space per file system")
	select {
	case req := <-asked:
		if req.Prompt != "show disk usage" || req.Shell != "bash" {
			t.Errorf("asked in process with %+v", req)
		}
	default:
		t.Fatal("the answer did not come from the process")
	}
}
