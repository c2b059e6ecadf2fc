//go:build darwin

package daemon

import "golang.org/x/sys/unix"

// socketUID reads the peer's user id with LOCAL_PEERCRED.
func socketUID(fd int) (int, error) {
	cred, err := unix.GetsockoptXucred(fd, unix.SOL_LOCAL, unix.LOCAL_PEERCRED)
	if err != nil {
		return -1, err
	}
	return int(cred.Uid), nil
}
