package ipc

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"golang.org/x/sys/unix"
)

// Start starts the daemon when none answers and waits until one does; it reports whether this call
// started it. Concurrent callers, and clients that autostart, queue on one lock: the first starts the
// daemon and the others find it answering. A daemon that another launcher (a service manager, a
// terminal) starts at the same moment is waited for, not reported as a failure. Start needs Autostart;
// a daemon that holds the socket but does not respond is an error that matches ErrDaemonNotResponding.
func (c *Client) Start(ctx context.Context) (started bool, err error) {
	if c.Autostart == nil {
		return false, errors.New("ipc: Start needs Client.Autostart")
	}
	switch err := c.Probe(ctx); {
	case err == nil || errors.Is(err, ErrDaemonOutdated):
		// An older daemon is restarted by the first request that needs this protocol.
		return false, nil
	case errors.Is(err, ErrDaemonNotResponding) || !errors.Is(err, ErrDaemonUnavailable):
		return false, err
	}
	return c.start(ctx)
}

// start launches the daemon under the start lock and waits until it answers. Clients that find no
// daemon at the same moment queue on the lock; the first starts it and the others find it running.
func (c *Client) start(ctx context.Context) (started bool, err error) {
	ctx, cancel := context.WithTimeout(ctx, c.startTimeout())
	defer cancel()
	socket := c.socket()
	if err := EnsureSocketDir(filepath.Dir(socket)); err != nil {
		return false, &unusableError{socket: socket, err: err}
	}
	unlock, err := lockFile(ctx, startLockPath(socket))
	if err != nil {
		return false, &unavailableError{socket: socket, err: fmt.Errorf("wait for another client starting the daemon: %w", err)}
	}
	defer unlock()
	for {
		if c.answers(ctx) {
			return false, nil
		}
		err := c.Autostart(ctx)
		if err == nil {
			return true, c.waitUntil(ctx, true)
		}
		if !errors.Is(err, ErrAlreadyRunning) {
			return false, &unavailableError{socket: socket, err: err}
		}
		// A daemon holds the lock that was launched without this lock (by a service manager or in a
		// terminal) or is still stopping: wait until it answers, or lets go and can be replaced.
		lock := DaemonLockPath(socket)
		if !poll(ctx, func() bool { return c.answers(ctx) || lockFree(lock) }) {
			return false, &unavailableError{socket: socket, err: fmt.Errorf("%w but does not answer: see its log", err)}
		}
	}
}

// restart stops a daemon that speaks an older protocol and starts this one's.
func (c *Client) restart(ctx context.Context) error {
	if c.Autostart == nil {
		return &Error{Code: CodeInternal, Message: "the running daemon is older than this client: restart it with 'cmdai daemon stop' and 'cmdai daemon start'"}
	}
	sctx, cancel := context.WithTimeout(ctx, c.startTimeout())
	defer cancel()
	// An old daemon may fail to answer the shutdown cleanly (it drops the connection as it exits).
	_ = c.do(sctx, call{method: "POST", path: "/v1/shutdown", control: true}, nil)
	if err := c.waitUntil(sctx, false); err != nil {
		return fmt.Errorf("stop the older daemon: %w", err)
	}
	c.Close()
	_, err := c.start(ctx)
	return err
}

// WaitStopped waits until nothing answers on the socket, or ctx ends.
func (c *Client) WaitStopped(ctx context.Context) error { return c.waitUntil(ctx, false) }

// waitUntil polls the socket until a daemon answers (up) or none does.
func (c *Client) waitUntil(ctx context.Context, up bool) error {
	lock := DaemonLockPath(c.socket())
	// Stopped means the old process has let go of the daemon lock too (it closes the store after it
	// stops listening), so that a daemon started right after does not find it still held.
	if poll(ctx, func() bool { return up && c.answers(ctx) || !up && !c.answers(ctx) && lockFree(lock) }) {
		return nil
	}
	state := "answer"
	if !up {
		state = "stop"
	}
	return &unavailableError{socket: c.socket(), err: fmt.Errorf("the daemon did not %s in time: see its log", state)}
}

// poll calls done with bounded exponential backoff until it reports true (poll returns true) or ctx
// ends (false).
func poll(ctx context.Context, done func() bool) bool {
	delay := 5 * time.Millisecond
	for {
		if done() {
			return true
		}
		select {
		case <-ctx.Done():
			return false
		case <-time.After(delay):
		}
		delay = min(delay*2, 200*time.Millisecond)
	}
}

// answers reports whether a daemon of the current protocol answers a status request.
func (c *Client) answers(ctx context.Context) bool {
	ctx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	resp, err := c.roundTrip(ctx, call{method: "GET", path: "/v1/status", control: true})
	if err != nil {
		return false
	}
	resp.Body.Close()
	return resp.StatusCode == 200 || resp.StatusCode == 403
}

// Probe reports how the daemon on the socket stands: nil when one of this protocol answers,
// ErrDaemonUnavailable (matched with errors.Is) when none does, ErrDaemonNotResponding when one holds
// the socket but does not answer, ErrDaemonOutdated when an older one answers.
func (c *Client) Probe(ctx context.Context) error {
	resp, err := c.roundTrip(ctx, call{method: "GET", path: "/v1/status", control: true})
	if err != nil {
		if isDialError(err) {
			return &unavailableError{socket: c.socket(), err: dialCause(err)}
		}
		return err
	}
	defer resp.Body.Close()
	if parseVersion(resp.Header.Get(VersionHeader)) < ProtocolVersion {
		return ErrDaemonOutdated
	}
	if resp.StatusCode/100 != 2 {
		return readError(resp)
	}
	return nil
}

// ErrDaemonOutdated means the running daemon speaks an older protocol than this client.
var ErrDaemonOutdated = errors.New("the running daemon is older than this client")

// lockFile takes an exclusive flock on path, polling until ctx ends; the lock goes with the process, so
// a client killed while starting the daemon never blocks the others.
func lockFile(ctx context.Context, path string) (unlock func(), err error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("open lock: %w", err)
	}
	delay := time.Millisecond
	for {
		err := unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB)
		if err == nil {
			return func() { _ = unix.Flock(int(f.Fd()), unix.LOCK_UN); f.Close() }, nil
		}
		if !errors.Is(err, unix.EWOULDBLOCK) && !errors.Is(err, unix.EINTR) {
			f.Close()
			return nil, fmt.Errorf("lock %s: %w", path, err)
		}
		select {
		case <-ctx.Done():
			f.Close()
			return nil, ctx.Err()
		case <-time.After(delay):
		}
		delay = min(delay*2, 50*time.Millisecond)
	}
}

// DaemonPID is the process id that the running daemon wrote into its lock file, or 0 when no process
// holds the lock (none runs) or the file names none.
func (c *Client) DaemonPID() int {
	path := DaemonLockPath(c.socket())
	data, err := os.ReadFile(path)
	if err != nil {
		return 0
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(data)))
	if err != nil || pid <= 0 || lockFree(path) {
		return 0
	}
	return pid
}

// lockFree reports whether no process holds the lock file at path.
func lockFree(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return true
	}
	defer f.Close()
	if err := unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB); err != nil {
		return false
	}
	_ = unix.Flock(int(f.Fd()), unix.LOCK_UN)
	return true
}
