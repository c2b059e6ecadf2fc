// Package ollamatest runs a real Ollama server for tests: built from the ollama module version this
// repository pins, started on a free loopback port with its own model store and home directory, and loaded
// with a tiny generated model. Tests that use it fail, never skip, when the server cannot run.
package ollamatest

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/cmdai/cmdai/models/internal/tinygguf"
)

// Server is a running Ollama server.
type Server struct {
	// URL is the server's base URL, such as http://127.0.0.1:40123.
	URL string
	// Model is the name of the tiny model the server has, ready for /api/generate and /api/chat.
	Model string
}

// modelName is what the tiny model is created as.
const modelName = "tiny"

// Start builds (once, cached) and starts an Ollama server with the tiny model, and stops it when the test
// ends. It calls t.Fatal when any step fails.
func Start(t testing.TB) *Server {
	t.Helper()
	return StartWith(t, tinygguf.Small())
}

// StartWith is Start with a model of the given shape (benchmarks use tinygguf.Bench).
func StartWith(t testing.TB, opts tinygguf.Options) *Server {
	t.Helper()
	dir := t.TempDir()
	model := filepath.Join(dir, "tiny.gguf")
	if err := tinygguf.Write(model, opts); err != nil {
		t.Fatalf("ollamatest: %v", err)
	}
	return StartModel(t, model)
}

// StartModel is Start with an existing GGUF file.
func StartModel(t testing.TB, ggufPath string) *Server {
	t.Helper()
	bin, err := binary()
	if err != nil {
		t.Fatalf("ollamatest: %v", err)
	}
	dir := t.TempDir()
	addr, err := freeAddr()
	if err != nil {
		t.Fatalf("ollamatest: %v", err)
	}
	for _, d := range []string{"home", "models"} {
		if err := os.Mkdir(filepath.Join(dir, d), 0o755); err != nil {
			t.Fatalf("ollamatest: %v", err)
		}
	}
	env := serverEnv(dir, addr)
	logPath := filepath.Join(dir, "ollama.log")
	logFile, err := os.Create(logPath)
	if err != nil {
		t.Fatalf("ollamatest: %v", err)
	}

	cmd := exec.Command(bin, "serve")
	cmd.Env = env
	cmd.Dir = dir
	cmd.Stdout, cmd.Stderr = logFile, logFile
	// Its own process group, so the runner processes it starts are stopped with it.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		logFile.Close()
		t.Fatalf("ollamatest: start ollama serve: %v", err)
	}
	exited := make(chan struct{})
	go func() { cmd.Wait(); close(exited) }()
	t.Cleanup(func() {
		stop(cmd, exited)
		logFile.Close()
		if t.Failed() {
			t.Logf("ollama server log:\n%s", readTail(logPath, 8000))
		}
	})

	s := &Server{URL: "http://" + addr, Model: modelName}
	if err := waitReady(s.URL, exited, 60*time.Second); err != nil {
		t.Fatalf("ollamatest: %v\n%s", err, readTail(logPath, 4000))
	}

	// ollama create with a Modelfile that points at the file: the same path a person takes.
	modelfile := filepath.Join(dir, "Modelfile")
	abs, err := filepath.Abs(ggufPath)
	if err != nil {
		t.Fatalf("ollamatest: %v", err)
	}
	if err := os.WriteFile(modelfile, []byte("FROM "+abs+"\n"), 0o644); err != nil {
		t.Fatalf("ollamatest: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	create := exec.CommandContext(ctx, bin, "create", modelName, "-f", modelfile)
	create.Env = env
	create.Dir = dir
	if out, err := create.CombinedOutput(); err != nil {
		t.Fatalf("ollamatest: ollama create: %v\n%s\n%s", err, tail(out, 2000), readTail(logPath, 4000))
	}
	return s
}

// serverEnv is the environment of the server and the CLI calls: the caller's, minus any OLLAMA_ settings,
// plus a private home, model store and address.
func serverEnv(dir, addr string) []string {
	var env []string
	for _, kv := range os.Environ() {
		if strings.HasPrefix(kv, "OLLAMA_") || strings.HasPrefix(kv, "HOME=") {
			continue
		}
		env = append(env, kv)
	}
	return append(env,
		"HOME="+filepath.Join(dir, "home"),
		"OLLAMA_MODELS="+filepath.Join(dir, "models"),
		"OLLAMA_HOST="+addr,
		"OLLAMA_NOPRUNE=1",
		"OLLAMA_NUM_PARALLEL=1",
		"OLLAMA_MAX_LOADED_MODELS=1",
		"OLLAMA_KEEP_ALIVE=10m",
		"OLLAMA_NO_CLOUD=1",
	)
}

func freeAddr() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", fmt.Errorf("find a free port: %w", err)
	}
	defer l.Close()
	return l.Addr().String(), nil
}

func waitReady(url string, exited <-chan struct{}, limit time.Duration) error {
	deadline := time.Now().Add(limit)
	client := &http.Client{Timeout: 2 * time.Second}
	for time.Now().Before(deadline) {
		select {
		case <-exited:
			return fmt.Errorf("ollama serve exited before it answered")
		default:
		}
		resp, err := client.Get(url + "/api/version")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	return fmt.Errorf("ollama serve did not answer on %s within %s", url, limit)
}

// stop asks the server's process group to end and kills it when it does not within a few seconds.
func stop(cmd *exec.Cmd, exited <-chan struct{}) {
	pgid := cmd.Process.Pid
	syscall.Kill(-pgid, syscall.SIGTERM)
	select {
	case <-exited:
	case <-time.After(10 * time.Second):
		syscall.Kill(-pgid, syscall.SIGKILL)
		<-exited
	}
	// Runners left behind by a server that died first still belong to the group.
	syscall.Kill(-pgid, syscall.SIGKILL)
}

func readTail(path string, n int) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return err.Error()
	}
	return tail(b, n)
}
