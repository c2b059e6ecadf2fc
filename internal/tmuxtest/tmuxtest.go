// Package tmuxtest runs a program in a private tmux server for end-to-end tests: keys go in with
// send-keys, the screen comes back with capture-pane, and the server is gone when the test ends.
package tmuxtest

import (
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Server is one tmux server, with its own socket under the TMUX_TMPDIR of Env, running one session.
type Server struct {
	t testing.TB
	// Name is the server's socket name (tmux -L).
	Name string
	// Env is the environment of every tmux command and of the program in the session.
	Env []string
	// Wait bounds WaitFor and Gone (default 10 s): generous, so that a loaded machine does not fail a
	// test, while polling keeps a fast one fast.
	Wait time.Duration
}

// Start starts a detached session of width×height in dir running argv with env, and kills the server
// when the test ends (failing the test if it survives). env should set TMUX_TMPDIR to a private
// directory, so that parallel tests never share a server. Cleanups registered after Start run before it.
func Start(t testing.TB, name string, env []string, width, height int, dir string, argv ...string) *Server {
	t.Helper()
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Fatal("tmux is not installed (scripts/test-deps.sh installs it)")
	}
	s := &Server{t: t, Name: name, Env: env, Wait: 10 * time.Second}
	t.Cleanup(s.kill)
	args := []string{"-u", "new-session", "-d", "-x", strconv.Itoa(width), "-y", strconv.Itoa(height), "-c", dir, "env"}
	s.Run(append(append(args, env...), argv...)...)
	return s
}

func (s *Server) command(args ...string) *exec.Cmd {
	cmd := exec.Command("tmux", append([]string{"-L", s.Name, "-f", "/dev/null"}, args...)...)
	cmd.Env = append(os.Environ(), s.Env...)
	return cmd
}

// Run runs one tmux command against the server and returns its output; a failure fails the test.
func (s *Server) Run(args ...string) string {
	s.t.Helper()
	out, err := s.command(args...).CombinedOutput()
	if err != nil {
		s.t.Fatalf("tmux %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// Type types text literally.
func (s *Server) Type(text string) { s.t.Helper(); s.Run("send-keys", "-l", "--", text) }

// Keys sends keys by tmux's names: Enter, Escape, C-g.
func (s *Server) Keys(keys ...string) { s.t.Helper(); s.Run(append([]string{"send-keys"}, keys...)...) }

// Screen is what the pane shows now.
func (s *Server) Screen() string { s.t.Helper(); return s.Run("capture-pane", "-p") }

// WaitFor polls the screen until cond holds and returns that screen; past Wait it fails the test with
// the screen it last saw.
func (s *Server) WaitFor(what string, cond func(screen string) bool) string {
	s.t.Helper()
	deadline := time.Now().Add(s.Wait)
	for {
		sc := s.Screen()
		if cond(sc) {
			return sc
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("waiting for %s; the screen:\n%s", what, sc)
		}
		time.Sleep(15 * time.Millisecond)
	}
}

// Shows waits until every part is on the screen.
func (s *Server) Shows(parts ...string) string {
	s.t.Helper()
	return s.WaitFor(quote(parts), func(sc string) bool {
		for _, p := range parts {
			if !strings.Contains(sc, p) {
				return false
			}
		}
		return true
	})
}

// Gone waits until none of parts is on the screen, so that the next key is not read together with an
// Escape still in flight (Esc then s would be Alt+S).
func (s *Server) Gone(parts ...string) {
	s.t.Helper()
	s.WaitFor(quote(parts)+" to go", func(sc string) bool {
		for _, p := range parts {
			if strings.Contains(sc, p) {
				return false
			}
		}
		return true
	})
}

func quote(parts []string) string { return `"` + strings.Join(parts, `", "`) + `"` }

// kill stops the server through its own socket and checks that it is gone.
func (s *Server) kill() {
	_ = s.command("kill-server").Run()
	if s.command("has-session").Run() == nil {
		s.t.Errorf("the tmux server %s is still running after kill-server", s.Name)
	}
}
