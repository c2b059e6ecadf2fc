//go:build darwin || freebsd

package undo

import (
	"io/fs"
	"syscall"
)

// fromSys adds what only the system's stat says: owner, inode, link count and the other times.
func fromSys(st *State, fi fs.FileInfo) {
	sys, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return
	}
	st.UID, st.GID = int(sys.Uid), int(sys.Gid)
	st.Ino, st.Dev, st.Nlink = sys.Ino, uint64(sys.Dev), uint64(sys.Nlink)
	st.ATime = sys.Atimespec.Nano()
	st.CTime = sys.Ctimespec.Nano()
}
