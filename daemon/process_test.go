package daemon

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/cmdai/cmdai/ipc"
)

// world is one test's setting for real cmdai processes: this test binary run as "cmdai" (TestMain
// dispatches it as cmd/cmdai does), with its own home, runtime, config, data and state directories.
type world struct {
	t      *testing.T
	exe    string
	root   string
	env    []string
	client *ipc.Client
}

func newWorld(t *testing.T) *world {
	t.Helper()
	root := t.TempDir()
	run, err := os.MkdirTemp("", "cmdai-proc") // short: socket paths are limited to about 100 bytes
	if err != nil {
		t.Fatal(err)
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	w := &world{t: t, exe: exe, root: root,
		env: []string{"HOME=" + root, "PATH=" + os.Getenv("PATH"), "SHELL=/bin/sh", "XDG_RUNTIME_DIR=" + run,
			"XDG_CONFIG_HOME=" + filepath.Join(root, "config"), "XDG_DATA_HOME=" + filepath.Join(root, "data"),
			"XDG_STATE_HOME=" + filepath.Join(root, "state"), IdleExitEnv + "=2m"},
		client: &ipc.Client{Socket: filepath.Join(run, "cmdai", "cmdai.sock")},
	}
	// Registered first, so it runs last: whatever daemon still holds the lock (one a test stopped with
	// SIGSTOP included) is killed before its runtime directory goes.
	t.Cleanup(func() {
		defer os.RemoveAll(run)
		defer w.client.Close()
		if pid := w.client.DaemonPID(); pid != 0 {
			syscall.Kill(pid, syscall.SIGKILL)
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			if err := w.client.WaitStopped(ctx); err != nil {
				t.Errorf("daemon (pid %d) left running: %v", pid, err)
			}
		}
	})
	return w
}

// result is how one cmdai process ended.
type result struct {
	stdout, stderr string
	code           int
	took           time.Duration
}

// command prepares `cmdai args...`, killed when ctx ends.
func (w *world) command(ctx context.Context, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, w.exe, args...)
	cmd.Args[0] = "cmdai"
	cmd.Env, cmd.Dir = w.env, w.root
	return cmd
}

// cmdai runs `cmdai args...` to its end, which must come within limit: the test fails, and the process
// is killed, when it does not.
func (w *world) cmdai(limit time.Duration, args ...string) result {
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	cmd := w.command(ctx, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	t0 := time.Now()
	err := cmd.Run()
	r := result{stdout: stdout.String(), stderr: stderr.String(), took: time.Since(t0)}
	var exit *exec.ExitError
	switch {
	case ctx.Err() != nil:
		w.t.Errorf("cmdai %q still ran after %s (killed)\nstderr: %s", args, limit, r.stderr)
		r.code = -1
	case errors.As(err, &exit):
		r.code = exit.ExitCode()
	case err != nil:
		w.t.Fatalf("cmdai %q: %v", args, err)
	}
	return r
}
