//go:build !linux

package server

import (
	"errors"
	"net"
)

// refuseNewConnections is only possible on Linux; elsewhere the listen queue is emptied while new
// connections may still arrive, for at most acceptQueuedMax.
func refuseNewConnections(*net.TCPListener) error {
	return errors.New("not supported on this system")
}
