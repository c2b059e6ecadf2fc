package popup

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/cmdai/cmdai/safety"
)

// A backend that is slow to say anything still shows time passing: the thinking line counts up while
// no token has come.
func TestThinkingShowsElapsedTime(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	release := make(chan struct{})
	m := New(ctx, Config{Title: "list files", Styles: DefaultStyles(), Keys: DefaultKeyMap(),
		Generate: func(ctx context.Context, _ func(string)) (Answer, error) {
			<-release
			return Answer{Command: "ls"}, nil
		},
		Check: func(string) safety.Verdict { return safety.Verdict{} },
	})
	cmd := m.Init()
	deadline := time.Now().Add(2 * time.Second)
	clock := regexp.MustCompile(`thinking… (\d+\.\d)s`)
	for time.Now().Before(deadline) {
		_, cmd = m.Update(cmd()) // the next tick: nothing else comes while the backend is silent
		if c := clock.FindStringSubmatch(ansiStrip(m.View().Content)); c != nil && c[1] >= "0.3" {
			break
		}
	}
	v := ansiStrip(m.View().Content)
	if c := clock.FindStringSubmatch(v); c == nil || c[1] < "0.3" || !strings.Contains(v, "esc cancel") {
		t.Fatalf("after the backend said nothing for a while:\n%s", v)
	}
	close(release)
	for msg := cmd(); msg != nil; msg = cmd() {
		if _, cmd = m.Update(msg); cmd == nil {
			break
		}
	}
	if !strings.Contains(ansiStrip(m.View().Content), "ls") {
		t.Fatalf("the answer did not replace the thinking line:\n%s", m.View().Content)
	}
}
