package daemon

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/cmdai/cmdai/ipc"
)

// A request whose body trickles in, a byte at a time and never all of it, is cut off at the read
// deadline with a 400; it does not hold the daemon busy, and the daemon still exits when idle.
func TestTricklingBodyCannotHoldIdleExit(t *testing.T) {
	e := newEnv(t)
	t.Setenv(IdleExitEnv, "300ms")
	opts := e.opts
	opts.readTimeout = 500 * time.Millisecond
	r := e.start(opts)

	conn, err := net.Dial("unix", opts.Socket)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := fmt.Fprint(conn, "POST /v1/check HTTP/1.1\r\nHost: cmdai\r\nContent-Type: application/json\r\n"+
		"Content-Length: 4096\r\n\r\n{\"command\":\""); err != nil {
		t.Fatal(err)
	}
	stop := make(chan struct{})
	defer close(stop)
	go func() { // ends when the test does, or when the daemon closes the connection
		for {
			select {
			case <-stop:
				return
			case <-time.After(50 * time.Millisecond):
			}
			if _, err := conn.Write([]byte("x")); err != nil {
				return
			}
		}
	}()
	conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("no answer to a trickling body: %v", err)
	}
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(string(body), "timeout") {
		t.Fatalf("trickling body: %s %s", resp.Status, body)
	}
	if err := r.wait(t, 10*time.Second); err != nil {
		t.Fatal(err)
	}
}

// The read deadline ends with the body: a generation that streams for longer than it is not cut.
func TestLongGenerationOutlivesReadDeadline(t *testing.T) {
	e := newEnv(t)
	b := newBlocking()
	opts := e.opts
	opts.readTimeout = 200 * time.Millisecond
	opts.Factories = map[string]Factory{"offline": b.factory(1)}
	e.start(opts)

	done := make(chan error, 1)
	var tokens []string
	go func() {
		res, err := e.client.Generate(context.Background(), ipc.GenerateRequest{Prompt: "slow"}, func(tok string) {
			tokens = append(tokens, tok)
		})
		if err == nil && res.Command != "echo slow" {
			err = fmt.Errorf("answer %+v", res)
		}
		done <- err
	}()
	recv(t, b.started, "the generation")
	select {
	case p := <-b.cancelled:
		t.Fatalf("generation %q cancelled", p)
	case err := <-done:
		t.Fatalf("the generation ended early: %v", err)
	case <-time.After(5 * opts.readTimeout):
	}
	close(b.release)
	if err := <-done; err != nil {
		t.Fatalf("a generation streaming past the body deadline: %v", err)
	}
	if len(tokens) != 1 {
		t.Fatalf("tokens %q", tokens)
	}
}
