package daemon

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cmdai/cmdai/ipc"
)

// A client that meets a daemon speaking an older protocol stops it and starts its own.
func TestOlderDaemonIsRestarted(t *testing.T) {
	e := newEnv(t)
	old := e.opts
	old.protocol = -1
	oldRun := e.start(old)

	var started atomic.Int32
	c := &ipc.Client{Socket: e.opts.Socket, Autostart: func(context.Context) error {
		started.Add(1)
		e.start(e.opts)
		return nil
	}}
	defer c.Close()
	res, err := c.Check(context.Background(), ipc.CheckRequest{Command: "ls"})
	if err != nil || res.Risk != "safe" {
		t.Fatalf("check through a restart: %+v, %v", res, err)
	}
	if err := oldRun.wait(t, 5*time.Second); err != nil {
		t.Fatalf("old daemon: %v", err)
	}
	st, err := c.Status(context.Background())
	if err != nil || st.Protocol != ipc.ProtocolVersion || started.Load() != 1 {
		t.Fatalf("after restart: %+v, %v, started %d times", st, err, started.Load())
	}
}

// Many clients that find no daemon at once start exactly one, under the start lock.
func TestAutostartStartsOneDaemon(t *testing.T) {
	e := newEnv(t)
	var started atomic.Int32
	var once sync.Once
	autostart := func(context.Context) error {
		started.Add(1)
		once.Do(func() { e.start(e.opts) })
		return nil
	}
	var wg sync.WaitGroup
	for range 10 {
		wg.Go(func() {
			c := &ipc.Client{Socket: e.opts.Socket, Autostart: autostart}
			defer c.Close()
			if _, err := c.History(context.Background(), ipc.HistoryQuery{}); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if n := started.Load(); n != 1 {
		t.Fatalf("autostart ran %d times, want 1", n)
	}
}

// Without a daemon and without autostart, calls fail with an error callers can match.
func TestNoDaemonIsUnavailable(t *testing.T) {
	e := newEnv(t)
	_, err := e.client.Check(context.Background(), ipc.CheckRequest{Command: "ls"})
	if !strings.Contains(err.Error(), "cmdai daemon start") || !isUnavailable(err) {
		t.Fatalf("err = %v", err)
	}
	failing := &ipc.Client{Socket: e.opts.Socket, StartTimeout: time.Second, Autostart: func(context.Context) error { return nil }}
	if _, err := failing.Status(context.Background()); !isUnavailable(err) {
		t.Fatalf("status never autostarts: %v", err)
	}
	if _, err := failing.Check(context.Background(), ipc.CheckRequest{Command: "ls"}); !isUnavailable(err) {
		t.Fatalf("a daemon that never comes up: %v", err)
	}
}

// An edit to the config file applies without a restart; a broken edit keeps the previous settings.
func TestConfigHotReload(t *testing.T) {
	e := newEnv(t)
	e.writeConfig("[safety]\nmode = \"moderate\"\n")
	e.start(e.opts)
	ctx := context.Background()
	risk := func() string {
		res, err := e.client.Check(ctx, ipc.CheckRequest{Command: "terraform apply"})
		if err != nil {
			t.Fatal(err)
		}
		return res.Risk
	}
	eventually := func(want string) {
		t.Helper()
		deadline := time.Now().Add(5 * time.Second)
		for risk() != want {
			if time.Now().After(deadline) {
				t.Fatalf("risk stayed %s, want %s", risk(), want)
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	if r := risk(); r == "critical" {
		t.Fatalf("terraform apply is %s before any rule", r)
	}
	// Editors replace the file by renaming a new one over it.
	tmp := e.opts.ConfigPath + ".tmp"
	os.WriteFile(tmp, []byte("[[safety.deny]]\ncommand = \"terraform\"\nargs = [\"apply\"]\nrisk = \"critical\"\n"), 0o600)
	if err := os.Rename(tmp, e.opts.ConfigPath); err != nil {
		t.Fatal(err)
	}
	eventually("critical")

	e.writeConfig("[safety]\nmode = \"paranoid\"\n")
	time.Sleep(3 * reloadDebounce)
	if r := risk(); r != "critical" {
		t.Fatalf("a broken edit replaced the config: risk %s", r)
	}
	err := e.client.ReloadConfig(ctx)
	if err == nil || !strings.Contains(err.Error(), "paranoid") || !strings.Contains(err.Error(), "config.toml:2") {
		t.Fatalf("reload of a broken file: %v", err)
	}
	e.writeConfig("")
	if err := e.client.ReloadConfig(ctx); err != nil {
		t.Fatal(err)
	}
	if r := risk(); r == "critical" {
		t.Fatal("an explicit reload did not apply")
	}
}

func TestIdleExit(t *testing.T) {
	e := newEnv(t)
	t.Setenv(IdleExitEnv, "300ms")
	r := e.start(e.opts)
	if _, err := e.client.Status(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := r.wait(t, 5*time.Second); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(e.opts.Socket); !os.IsNotExist(err) {
		t.Fatalf("socket left behind: %v", err)
	}
}

// A daemon whose runtime directory disappears (a test's temp dir, a logout) exits.
func TestRemovedSocketStopsDaemon(t *testing.T) {
	e := newEnv(t)
	r := e.start(e.opts)
	if err := os.RemoveAll(filepath.Dir(e.opts.Socket)); err != nil {
		t.Fatal(err)
	}
	if err := r.wait(t, 5*time.Second); err != nil {
		t.Fatal(err)
	}
}

// A daemon whose whole world is deleted after it wrote history (its socket, data and state directories
// together, as when a test's temp dirs are removed) still exits: badger would retry flushing its
// memtable into the missing directory forever.
func TestDeletedDataDirStillStopsDaemon(t *testing.T) {
	e := newEnv(t)
	r := e.start(e.opts)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, err := e.client.Generate(ctx, ipc.GenerateRequest{Prompt: "create a directory named demo", Shell: "bash"}, nil); err != nil {
		t.Fatal(err)
	}
	for _, dir := range []string{filepath.Dir(e.opts.Socket), e.opts.DataDir, e.opts.StateDir} {
		if err := os.RemoveAll(dir); err != nil {
			t.Fatal(err)
		}
	}
	if err := r.wait(t, 5*time.Second); err != nil {
		t.Fatal(err)
	}
}

func TestKeepWarmUnloadsIdleBackend(t *testing.T) {
	e := newEnv(t)
	e.writeConfig("[daemon]\nkeep_warm = \"100ms\"\n")
	e.start(e.opts)
	ctx := context.Background()
	// Preload runs beside start-up and keep_warm is short, so the start may be seen warm or already
	// unloaded; a generation loads it for sure. (TestStatusGenerateHistoryAndExit covers preloading.)
	if _, err := e.client.Generate(ctx, ipc.GenerateRequest{Prompt: "create a directory named x"}, nil); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		st, err := e.client.Status(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if !st.Warm {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the backend stayed loaded past keep_warm")
		}
		time.Sleep(50 * time.Millisecond)
	}
	if _, err := e.client.Generate(ctx, ipc.GenerateRequest{Prompt: "create a directory named x"}, nil); err != nil {
		t.Fatal(err)
	}
	if st, _ := e.client.Status(ctx); !st.Warm {
		t.Fatal("a generation did not load the backend again")
	}
}

func TestLogRotation(t *testing.T) {
	path := filepath.Join(t.TempDir(), "daemon.log")
	l, err := openLogFile(path, 100, 2)
	if err != nil {
		t.Fatal(err)
	}
	line := []byte(strings.Repeat("x", 39) + "\n")
	for range 20 {
		if _, err := l.Write(line); err != nil {
			t.Fatal(err)
		}
	}
	l.Close()
	for _, name := range []string{"daemon.log", "daemon.log.1", "daemon.log.2"} {
		fi, err := os.Stat(filepath.Join(filepath.Dir(path), name))
		if err != nil || fi.Size() == 0 || fi.Size() > 100 {
			t.Errorf("%s: %v, %v", name, fi, err)
		}
	}
	if _, err := os.Stat(path + ".3"); !os.IsNotExist(err) {
		t.Errorf("kept more than 2 old logs")
	}
}

func isUnavailable(err error) bool {
	return err != nil && strings.Contains(err.Error(), "daemon not running") && errors.Is(err, ipc.ErrDaemonUnavailable)
}
