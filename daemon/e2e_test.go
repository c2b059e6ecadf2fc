package daemon

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"github.com/cmdai/cmdai/ipc"
)

// A new user's first query starts the daemon, which answers it and records it; the one-shot JSON is
// the contract's, whichever way it was answered. The binary under test is this test binary run as
// "cmdai", which dispatches like cmd/cmdai.
func TestOneShotStartsTheDaemon(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the binary and a daemon process")
	}
	root := t.TempDir()
	run, err := os.MkdirTemp("", "cmdai-e2e")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(run)
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	env := []string{"HOME=" + root, "PATH=" + os.Getenv("PATH"), "SHELL=/bin/sh", "XDG_RUNTIME_DIR=" + run,
		"XDG_CONFIG_HOME=" + filepath.Join(root, "config"), "XDG_DATA_HOME=" + filepath.Join(root, "data"),
		"XDG_STATE_HOME=" + filepath.Join(root, "state"), IdleExitEnv + "=20s"}
	cmdai := func(args ...string) ([]byte, error) {
		cmd := &exec.Cmd{Path: exe, Args: append([]string{"cmdai"}, args...), Env: env, Dir: root}
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			t.Logf("cmdai %v: %v\n%s", args, err, stderr.Bytes())
		}
		return out, err
	}
	c := &ipc.Client{Socket: filepath.Join(run, "cmdai", "cmdai.sock")}
	defer c.Close()
	defer func() {
		cmdai("daemon", "stop")
	}()

	out, err := cmdai("--json", "create", "a", "directory", "named", "e2e")
	if err != nil {
		t.Fatal(err)
	}
	contract := regexp.MustCompile(`^\{"command":"[^"]+","explanation":"[^"]*","risk":"safe","findings":\[\],"backend":"offline","model":"[^"]*","elapsed_ms":[0-9.]+\}\n$`)
	if !contract.Match(out) {
		t.Fatalf("one-shot JSON = %s", out)
	}
	st, err := c.Status(context.Background())
	if err != nil {
		t.Fatalf("the first query did not leave a daemon running: %v", err)
	}
	if st.History != 1 || st.PID == os.Getpid() {
		t.Fatalf("status = %+v", st)
	}
	out, err = cmdai("history", "--json")
	if err != nil {
		t.Fatal(err)
	}
	var e ipc.HistoryEntry
	if err := json.Unmarshal(out, &e); err != nil || e.Prompt != "create a directory named e2e" || e.Cwd != root {
		t.Fatalf("history = %s (%v)", out, err)
	}
	if out, err = cmdai("--no-daemon", "--print", "create", "a", "directory", "named", "e2e"); err != nil || len(out) == 0 {
		t.Fatalf("--no-daemon: %q, %v", out, err)
	}
	if st, _ := c.Status(context.Background()); st.History != 1 {
		t.Fatalf("--no-daemon reached the daemon: %d entries", st.History)
	}
	if _, err := cmdai("daemon", "stop"); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := c.WaitStopped(ctx); err != nil {
		t.Fatal(err)
	}
}
