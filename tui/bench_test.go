package tui

import (
	"context"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/cmdai/cmdai/safety"
)

// firstWrite signals when the program first writes a frame.
type firstWrite struct {
	once sync.Once
	done chan struct{}
}

func (w *firstWrite) Write(p []byte) (int, error) {
	w.once.Do(func() { close(w.done) })
	return len(p), nil
}

// BenchmarkFirstFrame measures the time from building the interface to its first frame on the terminal,
// with a daemon running (the status poll and history load it starts run behind the frame).
// Reported as ms/frame; the budget is 50 ms.
func BenchmarkFirstFrame(b *testing.B) {
	client, _ := testDaemon(b)
	dark := true
	var total time.Duration
	for b.Loop() {
		start := time.Now()
		ctx, cancel := context.WithCancel(context.Background())
		m := New(ctx, Config{Client: client, Shell: "bash", Cwd: "/tmp", Dark: &dark,
			Safety: safety.Options{Mode: safety.ModeModerate}})
		out := &firstWrite{done: make(chan struct{})}
		p := tea.NewProgram(m, tea.WithContext(ctx), tea.WithInput(nil), tea.WithOutput(out),
			tea.WithWindowSize(120, 40), tea.WithoutSignals())
		done := make(chan struct{})
		go func() { // ends when the program quits below
			_, _ = p.Run()
			close(done)
		}()
		<-out.done
		total += time.Since(start)
		p.Quit()
		<-done
		cancel()
	}
	b.ReportMetric(float64(total.Microseconds())/1000/float64(b.N), "ms/frame")
}
