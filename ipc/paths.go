package ipc

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"syscall"
)

// SocketDir is the private directory that holds the socket and the daemon's lock files:
// $XDG_RUNTIME_DIR/cmdai when XDG_RUNTIME_DIR is an absolute path, else /tmp/cmdai-$UID.
func SocketDir() string {
	if d := os.Getenv("XDG_RUNTIME_DIR"); filepath.IsAbs(d) {
		return filepath.Join(d, "cmdai")
	}
	// /tmp itself, not $TMPDIR: every client must agree on the path whatever its environment.
	return filepath.Join("/tmp", "cmdai-"+strconv.Itoa(os.Getuid()))
}

// SocketPath is where the daemon listens.
func SocketPath() string { return filepath.Join(SocketDir(), "cmdai.sock") }

// DaemonLockPath is the file the running daemon holds locked, so that one user runs one daemon.
func DaemonLockPath(socket string) string { return filepath.Join(filepath.Dir(socket), "daemon.lock") }

// startLockPath serialises clients that find no daemon, so only one of them starts it.
func startLockPath(socket string) string { return filepath.Join(filepath.Dir(socket), "start.lock") }

// EnsureSocketDir creates dir with mode 0700 when it is missing and refuses one that another user owns
// or that others can enter: in /tmp anyone could have created it first.
func EnsureSocketDir(dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("create socket directory: %w", err)
	}
	fi, err := os.Lstat(dir)
	if err != nil {
		return fmt.Errorf("check socket directory: %w", err)
	}
	if !fi.IsDir() {
		return fmt.Errorf("socket directory %s is not a directory", dir)
	}
	if st, ok := fi.Sys().(*syscall.Stat_t); ok && int(st.Uid) != os.Getuid() {
		return fmt.Errorf("socket directory %s belongs to uid %d, not to you: remove it", dir, st.Uid)
	}
	if fi.Mode().Perm() != 0o700 {
		if err := os.Chmod(dir, 0o700); err != nil {
			return fmt.Errorf("make socket directory private: %w", err)
		}
	}
	return nil
}
