package daemon

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/cmdai/cmdai/ipc"
)

// kill -9 in the middle of a thousand concurrent history writes loses none that were acknowledged: an
// answer carries its history id only after the entry is synced to disk. The daemon runs in a child
// process (this test binary, re-executed) so that it can really be killed.
func TestKillDuringWritesLosesNoAcknowledgedWrite(t *testing.T) {
	if testing.Short() {
		t.Skip("starts and kills a daemon process")
	}
	root := t.TempDir()
	run, err := os.MkdirTemp("", "cmdai-crash")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(run)
	env := append(os.Environ(), "CMDAI_TEST_RUN_DAEMON=1", "XDG_RUNTIME_DIR="+run,
		"XDG_CONFIG_HOME="+filepath.Join(root, "config"), "XDG_DATA_HOME="+filepath.Join(root, "data"),
		"XDG_STATE_HOME="+filepath.Join(root, "state"))
	socket := filepath.Join(run, "cmdai", "cmdai.sock")
	spawn := func() *exec.Cmd {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = env
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		c := &ipc.Client{Socket: socket}
		defer c.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		for c.Probe(ctx) != nil {
			if ctx.Err() != nil {
				cmd.Process.Kill()
				t.Fatal("the daemon process did not come up")
			}
			time.Sleep(10 * time.Millisecond)
		}
		return cmd
	}

	daemon := spawn()
	c := &ipc.Client{Socket: socket}
	defer c.Close()
	var mu sync.Mutex
	var acked []string
	killed := make(chan struct{})
	var killOnce sync.Once
	var wg sync.WaitGroup
	const writers, each = 200, 5
	for w := range writers {
		wg.Go(func() {
			for i := range each {
				res, err := c.Generate(context.Background(), ipc.GenerateRequest{Prompt: fmt.Sprintf("create a directory named w%dn%d", w, i)}, nil)
				if err != nil {
					return // the daemon died under us: expected once it is killed
				}
				mu.Lock()
				acked = append(acked, res.ID)
				n := len(acked)
				mu.Unlock()
				if n == writers*each/3 {
					killOnce.Do(func() {
						daemon.Process.Signal(syscall.SIGKILL)
						close(killed)
					})
				}
			}
		})
	}
	wg.Wait()
	daemon.Wait()
	select {
	case <-killed:
	default:
		t.Fatal("the writes finished before the daemon was killed")
	}
	mu.Lock()
	ids := append([]string(nil), acked...)
	mu.Unlock()
	t.Logf("%d writes acknowledged before and during kill -9", len(ids))

	// The next daemon finds the socket stale and the store intact.
	daemon = spawn()
	defer func() {
		daemon.Process.Signal(syscall.SIGTERM)
		daemon.Wait()
	}()
	c2 := &ipc.Client{Socket: socket}
	defer c2.Close()
	for _, id := range ids {
		if _, err := c2.HistoryEntry(context.Background(), id); err != nil {
			t.Fatalf("acknowledged entry %s lost: %v", id, err)
		}
	}
	st, err := c2.Status(context.Background())
	if err != nil || st.History < len(ids) {
		t.Fatalf("status after restart: %+v, %v", st, err)
	}
}
