//go:build llamacpp

package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cmdai/cmdai/config"
	"github.com/cmdai/cmdai/daemon"
	"github.com/cmdai/cmdai/models"
	"github.com/cmdai/cmdai/models/embedded"
	"github.com/cmdai/cmdai/models/embedded/embeddedtest"
	"golang.org/x/sys/unix"
)

// withEmbedded is the embedded backend as cmd/cmdai's main gives it to the CLI.
var withEmbedded = Embedded{Open: daemon.OpenEmbedded, Cached: embedded.CachedPath}

// inProcessEmbedded gives the CLI its own XDG directories, and returns them.
func inProcessEmbedded(t *testing.T) (dataDir, configDir string) {
	t.Helper()
	root := t.TempDir()
	for _, v := range []string{"HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_RUNTIME_DIR"} {
		dir := filepath.Join(root, strings.ToLower(v))
		if err := os.MkdirAll(dir, 0o700); err != nil {
			t.Fatal(err)
		}
		t.Setenv(v, dir)
	}
	prevLog := slog.Default()
	t.Cleanup(func() { slog.SetDefault(prevLog) })
	return filepath.Join(root, "xdg_data_home"), filepath.Join(root, "xdg_config_home")
}

// runCLI runs the command line in this process, with the embedded backend, and returns its exit code,
// stdout and stderr.
func runCLI(args ...string) (int, string, string) {
	var stdout, stderr bytes.Buffer
	code := run(args, strings.NewReader(""), &stdout, &stderr, WithEmbedded(withEmbedded))
	return code, stdout.String(), stderr.String()
}

func TestNoDaemonEmbeddedMissingModel(t *testing.T) {
	inProcessEmbedded(t)
	cfg := config.Default()
	_, err := openBackend(context.Background(), cfg, withEmbedded, "embedded", "")
	if err == nil || !strings.Contains(err.Error(), "cmdai model pull qwen2.5-coder:1.5b") {
		t.Errorf("with an empty cache and the default model: %v; want it to say how to pull the model", err)
	}
	cfg.Model = "mine"
	_, err = openBackend(context.Background(), cfg, withEmbedded, "embedded", "")
	if err == nil || !strings.Contains(err.Error(), `"mine"`) {
		t.Errorf("with an empty cache and model mine configured: %v; want it to name the model", err)
	}
	code, stdout, stderr := runCLI("--no-daemon", "--print", "--backend", "embedded", "list the files here")
	if code != ExitError || stdout != "" || !strings.Contains(stderr, "run 'cmdai model pull qwen2.5-coder:1.5b'") {
		t.Errorf("one-shot with an empty cache: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
}

// A model imported with `cmdai model pull FILE` answers one-shot queries without a daemon, with the
// config's [embedded] settings.
func TestNoDaemonEmbeddedAnswers(t *testing.T) {
	_, configDir := inProcessEmbedded(t)
	gguf := filepath.Join(t.TempDir(), "tiny.gguf")
	if err := embeddedtest.WriteSmall(gguf); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := runCLI("model", "pull", gguf); code != ExitOK {
		t.Fatalf("model pull: exit %d: %s", code, stderr)
	}

	// One thread, as below.
	conf := "backend = \"embedded\"\nmodel = \"tiny\"\n[embedded]\nthreads = 1\nmax_tokens = 256\n[daemon]\nautostart = false\n"
	if err := os.MkdirAll(filepath.Join(configDir, "cmdai"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(configDir, "cmdai", "config.toml"), []byte(conf), 0o600); err != nil {
		t.Fatal(err)
	}
	// The first model load in this process, when llama.cpp and the binding log the most: nothing of it
	// reaches the person's terminal (file descriptor 2, which C code and Go's log package write to).
	var code int
	var stdout, stderr string
	written := captureFD2(t, func() { code, stdout, stderr = runCLI("--no-daemon", "--json", "list the files here") })
	if written != "" {
		t.Errorf("loading the model in process wrote to stderr: %q", written)
	}
	if code != ExitOK {
		t.Fatalf("one-shot: exit %d: %s", code, stderr)
	}
	var a answer
	if err := json.Unmarshal([]byte(stdout), &a); err != nil {
		t.Fatalf("one-shot --json printed %q: %v", stdout, err)
	}
	if a.Command == "" || a.Backend != "embedded" || a.Model != "tiny" {
		t.Errorf("one-shot answer %+v", a)
	}
	if stderr != "" {
		t.Errorf("one-shot wrote to stderr: %q", stderr)
	}

	// auto asks the cached model when the offline engine is unsure, before Ollama, as the daemon does.
	code, stdout, stderr = runCLI("--no-daemon", "--json", "--backend", "auto", "please compose a sonnet about my cat")
	a = answer{}
	if err := json.Unmarshal([]byte(stdout), &a); code != ExitOK || err != nil || a.Backend != "embedded" || a.Model != "tiny" {
		t.Errorf("auto, unsure: exit %d, answer %+v (%v), stderr %q; want the embedded model's answer", code, a, err, stderr)
	}

	// One thread: llama.cpp threads that wait for each other spin on a busy machine.
	cfg := config.Default()
	cfg.Model = "tiny"
	cfg.Embedded.Threads = 1
	b, err := openBackend(context.Background(), cfg, withEmbedded, "embedded", "")
	if err != nil {
		t.Fatalf("open embedded: %v", err)
	}
	defer b.Close()
	var streamed strings.Builder
	resp, err := b.Generate(context.Background(), models.Request{Prompt: "list the files here", Shell: "bash", OS: "linux"},
		func(tok string) { streamed.WriteString(tok) })
	if err != nil {
		t.Fatalf("generate: %v", err)
	}
	if resp.Command == "" || resp.Backend != "embedded" || resp.Model != "tiny" || !strings.Contains(streamed.String(), `"command"`) {
		t.Errorf("answer %+v, streamed %q", resp, streamed.String())
	}
}

// captureFD2 runs fn with file descriptor 2 pointing at a file, and returns what was written to it.
func captureFD2(t *testing.T, fn func()) string {
	t.Helper()
	f, err := os.Create(filepath.Join(t.TempDir(), "fd2"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	saved, err := unix.Dup(2)
	if err != nil {
		t.Fatal(err)
	}
	defer unix.Close(saved)
	if err := unix.Dup2(int(f.Fd()), 2); err != nil {
		t.Fatal(err)
	}
	fn()
	if err := unix.Dup2(saved, 2); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(f.Name())
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
