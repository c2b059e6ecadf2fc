package cli

import (
	"fmt"
	"io"
	"sync"
	"time"
)

// spinner shows, on a terminal, that an answer is on its way and how long it has taken, so that a slow
// or silent backend never leaves a blank screen. It appears after spinnerDelay (a quick answer does not
// flicker), moves ten times a second and erases itself when stopped.
type spinner struct {
	w    io.Writer
	stop chan struct{}
	done sync.WaitGroup
}

// spinnerDelay is how long an answer may take before the spinner shows.
const spinnerDelay = 100 * time.Millisecond

var spinnerFrames = []string{"⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"}

// startSpinner shows the spinner on w until stop is called; on anything but a terminal it shows nothing.
func startSpinner(w io.Writer) (stop func()) {
	if !isTerminal(w) {
		return func() {}
	}
	s := &spinner{w: w, stop: make(chan struct{})}
	s.done.Add(1)
	go s.run(time.Now()) // ends when stop is called; stop waits for it
	var once sync.Once
	return func() {
		once.Do(func() {
			close(s.stop)
			s.done.Wait()
		})
	}
}

func (s *spinner) run(start time.Time) {
	defer s.done.Done()
	delay := time.NewTimer(spinnerDelay)
	defer delay.Stop()
	select {
	case <-s.stop:
		return
	case <-delay.C:
	}
	t := time.NewTicker(100 * time.Millisecond)
	defer t.Stop()
	for i := 0; ; i++ {
		fmt.Fprintf(s.w, "\r\x1b[K%s", spinnerLine(spinnerFrames[i%len(spinnerFrames)], time.Since(start)))
		select {
		case <-s.stop:
			fmt.Fprint(s.w, "\r\x1b[K")
			return
		case <-t.C:
		}
	}
}

// spinnerLine is what the spinner says after elapsed: the time, and past a few seconds why it may be
// slow.
func spinnerLine(frame string, elapsed time.Duration) string {
	line := fmt.Sprintf("%s thinking… %.1fs · Ctrl-C cancels", frame, elapsed.Seconds())
	if elapsed >= 5*time.Second {
		line += " · a model may be loading, or its server may not answer"
	}
	return line
}
