package daemon

import (
	"context"
	"fmt"
	"os/exec"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// Ten `cmdai daemon start` at once all succeed and leave one daemon, also when a foreground
// `cmdai daemon run` (a service manager's, a terminal's) races them without the clients' start lock.
// Each round starts from no daemon; the race lost one or two starts in ten before it was fixed.
func TestConcurrentStartsAllSucceed(t *testing.T) {
	w := newWorld(t)
	pidRE := regexp.MustCompile(`\(pid (\d+)`)
	for round := range 4 {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		var fg *exec.Cmd
		var fgOut strings.Builder
		fgDone := make(chan error, 1)
		if round%2 == 1 { // every other round, a foreground daemon joins the race
			fg = w.command(ctx, "daemon", "run")
			fg.Stderr = &fgOut
			if err := fg.Start(); err != nil {
				t.Fatal(err)
			}
			go func() { fgDone <- fg.Wait() }()
		}
		var wg sync.WaitGroup
		results := make([]result, 10)
		for i := range results {
			wg.Go(func() { results[i] = w.cmdai(30*time.Second, "daemon", "start") })
		}
		wg.Wait()
		st, err := w.client.Status(ctx)
		if err != nil {
			t.Fatalf("round %d: no daemon answers after the starts: %v", round, err)
		}
		want := fmt.Sprint(st.PID)
		started := 0
		for _, r := range results {
			m := pidRE.FindStringSubmatch(r.stdout)
			if r.code != 0 || m == nil || m[1] != want {
				t.Errorf("round %d: daemon start exited %d, want 0 naming pid %s\nstdout: %sstderr: %s", round, r.code, want, r.stdout, r.stderr)
			}
			if strings.HasPrefix(r.stdout, "started") {
				started++
			}
		}
		if started > 1 || fg != nil && fg.Process.Pid == st.PID && started > 0 {
			t.Errorf("round %d: %d starts say they started the daemon", round, started)
		}
		if fg != nil && fg.Process.Pid != st.PID {
			// It lost the race: it says so and exits while the winner runs.
			select {
			case err := <-fgDone:
				if err == nil || !strings.Contains(fgOut.String(), "already running") {
					t.Errorf("round %d: the foreground daemon that lost exited with %v: %s", round, err, fgOut.String())
				}
			case <-time.After(10 * time.Second):
				t.Fatalf("round %d: the foreground daemon neither serves nor exits", round)
			}
		}
		if r := w.cmdai(30*time.Second, "daemon", "stop"); r.code != 0 || !strings.Contains(r.stdout, "stopped cmdai daemon (pid "+want+")") {
			t.Fatalf("round %d: daemon stop exited %d: %s%s", round, r.code, r.stdout, r.stderr)
		}
		if fg != nil && fg.Process.Pid == st.PID {
			if err := <-fgDone; err != nil {
				t.Errorf("round %d: the foreground daemon served, then exited with %v: %s", round, err, fgOut.String())
			}
		}
	}
}
