package server

import (
	"fmt"
	"net"

	"golang.org/x/sys/unix"
)

// refuseNewConnections makes the kernel drop every new connection attempt to ln (a socket filter that
// drops each packet; a client's SYN is retried, then refused once the listener is closed), so that the
// connections it has already accepted into the listen queue can be taken and served before the listener
// closes: closing a listener resets the connections still queued.
func refuseNewConnections(ln *net.TCPListener) error {
	rc, err := ln.SyscallConn()
	if err != nil {
		return fmt.Errorf("listener socket: %w", err)
	}
	drop := []unix.SockFilter{{Code: unix.BPF_RET | unix.BPF_K, K: 0}}
	var serr error
	err = rc.Control(func(fd uintptr) {
		serr = unix.SetsockoptSockFprog(int(fd), unix.SOL_SOCKET, unix.SO_ATTACH_FILTER,
			&unix.SockFprog{Len: uint16(len(drop)), Filter: &drop[0]})
	})
	if err == nil {
		err = serr
	}
	if err != nil {
		return fmt.Errorf("stop new connections: %w", err)
	}
	return nil
}
