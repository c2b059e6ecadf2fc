package daemon

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/cmdai/cmdai/ipc"
	"github.com/cmdai/cmdai/models"
)

// A daemon stopped with SIGSTOP holds its socket and lock but answers nothing. No client waits on it
// for long: the one-shot answers in process, status and history say which daemon does not respond,
// start declines to start a second one, and stop kills it. Then a new daemon starts.
func TestStoppedDaemonDoesNotBlockClients(t *testing.T) {
	w := newWorld(t)
	if r := w.cmdai(30*time.Second, "daemon", "start"); r.code != 0 {
		t.Fatalf("daemon start exited %d: %s", r.code, r.stderr)
	}
	st, err := w.client.Status(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	pid := st.PID
	if err := syscall.Kill(pid, syscall.SIGSTOP); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { syscall.Kill(pid, syscall.SIGCONT) }) // newWorld's cleanup kills it, after this
	// A process stops thread by thread; on a busy machine one may still serve a request for a moment.
	probe := &ipc.Client{Socket: w.client.Socket, HeaderTimeout: 200 * time.Millisecond}
	defer probe.Close()
	deadline := time.Now().Add(10 * time.Second)
	for err := probe.Probe(context.Background()); !errors.Is(err, ipc.ErrDaemonNotResponding); err = probe.Probe(context.Background()) {
		if time.Now().After(deadline) {
			t.Fatalf("the daemon still answers after SIGSTOP: %v", err)
		}
	}
	notResponding := fmt.Sprintf("(pid %d) on %s did not answer within", pid, w.client.Socket)

	// A bound of several header waits: each of these makes one or two bounded calls.
	const bound = 4 * ipc.DefaultHeaderTimeout
	calls := []struct {
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{[]string{"--print", "create", "a", "directory", "named", "demo"}, 0, "mkdir demo\n", ""},
		{[]string{"daemon", "status"}, 1, "", fmt.Sprintf("cmdai daemon is not responding (pid %d, socket %s)", pid, w.client.Socket)},
		{[]string{"history"}, 1, "", notResponding},
		{[]string{"daemon", "start"}, 1, "", notResponding},
	}
	var wg sync.WaitGroup
	for _, c := range calls {
		wg.Go(func() {
			r := w.cmdai(time.Minute, c.args...)
			t.Logf("cmdai %s: exit %d after %s", strings.Join(c.args, " "), r.code, r.took.Round(time.Millisecond))
			if r.code != c.code || r.stdout != c.stdout && c.stdout != "" || !strings.Contains(r.stderr, c.stderr) {
				t.Errorf("cmdai %q: exit %d, want %d\nstdout: %q (want %q)\nstderr: %q (want it to contain %q)",
					c.args, r.code, c.code, r.stdout, c.stdout, r.stderr, c.stderr)
			}
			if r.took > bound {
				t.Errorf("cmdai %q took %s, want at most %s", c.args, r.took, bound)
			}
		})
	}
	wg.Wait()
	if got := w.client.DaemonPID(); got != pid {
		t.Fatalf("the stopped daemon %d is no longer the one that holds the lock (%d)", pid, got)
	}

	r := w.cmdai(time.Minute, "daemon", "stop")
	t.Logf("cmdai daemon stop: exit %d after %s", r.code, r.took.Round(time.Millisecond))
	if want := fmt.Sprintf("killed cmdai daemon (pid %d)", pid); r.code != 0 || !strings.Contains(r.stdout, want) {
		t.Fatalf("daemon stop: exit %d, stdout %q, stderr %q; want exit 0 and %q", r.code, r.stdout, r.stderr, want)
	}
	// A stopped process keeps its files open: the lock let go means the process is gone.
	if got := w.client.DaemonPID(); got != 0 {
		t.Fatalf("after stop, pid %d holds the daemon lock", got)
	}
	if err := w.client.Probe(context.Background()); !errors.Is(err, ipc.ErrDaemonUnavailable) || errors.Is(err, ipc.ErrDaemonNotResponding) {
		t.Fatalf("after stop, probe: %v", err)
	}
	// The killed daemon's socket is stale; a new daemon replaces it.
	if r := w.cmdai(30*time.Second, "daemon", "start"); r.code != 0 || !strings.HasPrefix(r.stdout, "started") {
		t.Fatalf("daemon start after the kill: exit %d: %s%s", r.code, r.stdout, r.stderr)
	}
	if r := w.cmdai(30*time.Second, "daemon", "stop"); r.code != 0 || !strings.HasPrefix(r.stdout, "stopped") {
		t.Fatalf("daemon stop: exit %d: %s%s", r.code, r.stdout, r.stderr)
	}
}

// A model that takes longer to load than a client's header wait trips nothing: the generation's header
// comes before the load, and status answers during it.
func TestModelLoadKeepsDaemonResponsive(t *testing.T) {
	e := newEnv(t)
	b := newBlocking()
	close(b.release)
	loading, loaded := make(chan struct{}), make(chan struct{})
	slow := Factory{Concurrency: 1, Open: func(ctx context.Context, _ string) (models.Backend, error) {
		close(loading)
		select {
		case <-loaded:
			return b, nil
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}}
	e.opts.Factories = map[string]Factory{"offline": DefaultFactories()["offline"], "ollama": slow}
	e.writeConfig("backend = \"ollama\"\n")
	e.start(e.opts)
	const wait = 300 * time.Millisecond
	c := &ipc.Client{Socket: e.opts.Socket, HeaderTimeout: wait}
	defer c.Close()

	done := make(chan error, 1)
	go func() {
		res, err := c.Generate(context.Background(), ipc.GenerateRequest{Prompt: "list files"}, nil)
		if err == nil && res.Command != "echo list files" {
			err = fmt.Errorf("answer %+v", res)
		}
		done <- err
	}()
	select {
	case <-loading:
	case <-time.After(5 * time.Second):
		t.Fatal("the model never began to load")
	}
	fastest := time.Hour
	for range 3 {
		time.Sleep(wait)
		asked := time.Now()
		st, err := c.Status(context.Background())
		if err != nil {
			t.Fatalf("status during a model load: %v", err)
		}
		fastest = min(fastest, time.Since(asked))
		if st.Warm {
			t.Fatal("status says warm while the model loads")
		}
	}
	// The bar is 100 ms; the fastest of three keeps a busy machine's scheduling out of it, while a status
	// that waits for the load would wait until the test ends it.
	if fastest > 100*time.Millisecond {
		t.Fatalf("status during a model load took at best %s, want at most 100ms", fastest)
	}
	close(loaded)
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("a generation whose model loads for %s: %v", 3*wait, err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the generation did not finish after its model loaded")
	}
}
