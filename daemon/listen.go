package daemon

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"os"
	"strconv"
	"strings"
	"time"

	"golang.org/x/sys/unix"
)

// lockDaemon takes the per-user daemon lock, writing this process's id into the file for the person
// who wonders what holds it. The kernel releases the lock when the process dies, however it dies.
func lockDaemon(path string) (unlock func(), err error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("open daemon lock: %w", err)
	}
	if err := flockSoon(f); err != nil {
		defer f.Close()
		if errors.Is(err, unix.EWOULDBLOCK) {
			data := make([]byte, 32)
			n, _ := f.ReadAt(data, 0)
			if pid := strings.TrimSpace(string(data[:n])); pid != "" {
				return nil, fmt.Errorf("%w (pid %s): stop it with 'cmdai daemon stop'", ErrAlreadyRunning, pid)
			}
			return nil, fmt.Errorf("%w: stop it with 'cmdai daemon stop'", ErrAlreadyRunning)
		}
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	_ = f.Truncate(0)
	_, _ = f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	return func() {
		_ = f.Truncate(0)
		_ = unix.Flock(int(f.Fd()), unix.LOCK_UN)
		f.Close()
	}, nil
}

// flockSoon takes the lock on f, trying again for a moment while it is held: clients that check whether
// a daemon still runs (ipc's lockFree) hold it for an instant, and must not make a starting daemon think
// another one runs.
func flockSoon(f *os.File) error {
	var err error
	for range 10 {
		if err = unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB); !errors.Is(err, unix.EWOULDBLOCK) {
			return err
		}
		time.Sleep(10 * time.Millisecond)
	}
	return err
}

// listen creates the socket with mode 0600. A socket file left by a daemon that died is removed, but
// only after dialling it: something that still answers is never taken over.
func listen(ctx context.Context, path string) (net.Listener, error) {
	if _, err := os.Lstat(path); err == nil {
		dctx, cancel := context.WithTimeout(ctx, time.Second)
		var d net.Dialer
		c, err := d.DialContext(dctx, "unix", path)
		cancel()
		if err == nil {
			c.Close()
			return nil, fmt.Errorf("%w: something answers on %s", ErrAlreadyRunning, path)
		}
		if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("remove stale socket: %w", err)
		}
	}
	// The umask makes the socket 0600 from the moment it exists; chmod afterwards would leave a window.
	old := unix.Umask(0o177)
	ln, err := net.Listen("unix", path)
	unix.Umask(old)
	if err != nil {
		return nil, fmt.Errorf("listen on %s: %w", path, err)
	}
	return ln, nil
}
