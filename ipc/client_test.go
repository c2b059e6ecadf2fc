package ipc

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// fakeDaemon serves handler on a real socket in a temp dir. At the end of the test it closes done, on
// which handlers that hang should wait, then stops serving.
func fakeDaemon(t *testing.T, done chan struct{}, handler http.HandlerFunc) (socket string) {
	t.Helper()
	socket = filepath.Join(t.TempDir(), "cmdai.sock")
	ln, err := net.Listen("unix", socket)
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: handler}
	go srv.Serve(ln) // ends with srv.Close below
	t.Cleanup(func() {
		close(done)
		srv.Close()
	})
	return socket
}

// holdLock takes the daemon lock of socket as a running daemon does, naming pid; the returned function
// lets go of it.
func holdLock(t *testing.T, socket string, pid int) (unlock func()) {
	t.Helper()
	f, err := os.OpenFile(DaemonLockPath(socket), os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	if err := unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB); err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(f, "%d\n", pid)
	unlock = func() { f.Close() }
	t.Cleanup(unlock)
	return unlock
}

// A socket that accepts connections and never answers, as a daemon stopped with SIGSTOP does, fails
// each call after the header wait with an error that names the daemon's pid and matches both
// ErrDaemonNotResponding and ErrDaemonUnavailable.
func TestSilentDaemonIsNotResponding(t *testing.T) {
	socket := filepath.Join(t.TempDir(), "cmdai.sock")
	ln, err := net.Listen("unix", socket)
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close() // never accepted: the kernel queues the connections, as for a stopped process
	holdLock(t, socket, 4242)
	c := &Client{Socket: socket, HeaderTimeout: 200 * time.Millisecond}
	defer c.Close()
	for name, call := range map[string]func() error{
		"status":  func() error { _, err := c.Status(context.Background()); return err },
		"history": func() error { _, err := c.History(context.Background(), HistoryQuery{}); return err },
		"generate": func() error {
			_, err := c.Generate(context.Background(), GenerateRequest{Prompt: "x"}, nil)
			return err
		},
		"probe": func() error { return c.Probe(context.Background()) },
	} {
		t0 := time.Now()
		err := call()
		took := time.Since(t0)
		if !errors.Is(err, ErrDaemonNotResponding) || !errors.Is(err, ErrDaemonUnavailable) {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if msg := err.Error(); !strings.Contains(msg, "(pid 4242)") || !strings.Contains(msg, "within 200ms") {
			t.Errorf("%s: %q", name, msg)
		}
		if took < 200*time.Millisecond || took > 2*time.Second {
			t.Errorf("%s gave up after %s, want about 200ms", name, took)
		}
	}
	// The caller's own deadline, when shorter, is what it gets.
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if _, err := c.Status(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("status under a shorter deadline: %v", err)
	}
}

// DaemonPID names the process that holds the daemon lock, and nobody once it lets go.
func TestDaemonPID(t *testing.T) {
	socket := filepath.Join(t.TempDir(), "cmdai.sock")
	c := &Client{Socket: socket}
	if pid := c.DaemonPID(); pid != 0 {
		t.Fatalf("no lock file: pid %d", pid)
	}
	unlock := holdLock(t, socket, 4242)
	if pid := c.DaemonPID(); pid != 4242 {
		t.Fatalf("held lock: pid %d, want 4242", pid)
	}
	unlock()
	if pid := c.DaemonPID(); pid != 0 {
		t.Fatalf("a lock nobody holds: pid %d", pid)
	}
}

// A generation stream that goes quiet is checked on: the client gives up on a daemon that no longer
// answers, and waits for one that does (queued, loading a model).
func TestQuietGenerationStream(t *testing.T) {
	for _, tc := range []struct {
		name     string
		answers  bool // whether status answers while the stream is quiet
		quietFor time.Duration
	}{
		{"daemon stops answering", false, 10 * time.Second},
		{"daemon still answers", true, time.Second},
	} {
		t.Run(tc.name, func(t *testing.T) {
			done := make(chan struct{})
			socket := fakeDaemon(t, done, func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set(VersionHeader, fmt.Sprint(ProtocolVersion))
				switch r.URL.Path {
				case "/v1/status":
					if !tc.answers {
						<-done
						return
					}
					w.Write([]byte("{}"))
				case "/v1/generate":
					w.WriteHeader(http.StatusOK)
					http.NewResponseController(w).Flush()
					select {
					case <-done:
					case <-time.After(tc.quietFor):
						fmt.Fprintln(w, `{"type":"result","result":{"command":"ls"}}`)
					}
				}
			})
			c := &Client{Socket: socket, HeaderTimeout: 200 * time.Millisecond, quietCheck: 100 * time.Millisecond}
			defer c.Close()
			t0 := time.Now()
			res, err := c.Generate(context.Background(), GenerateRequest{Prompt: "x"}, nil)
			took := time.Since(t0)
			switch {
			case tc.answers && (err != nil || res.Command != "ls"):
				t.Fatalf("a quiet stream from a daemon that answers: %+v, %v", res, err)
			case !tc.answers && !errors.Is(err, ErrDaemonNotResponding):
				t.Fatalf("a quiet stream from a daemon that stopped answering: %v", err)
			case !tc.answers && took > 3*time.Second:
				t.Fatalf("gave up after %s, want under a second", took)
			}
		})
	}
}
