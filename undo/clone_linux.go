package undo

import (
	"os"

	"golang.org/x/sys/unix"
)

const noFollow = unix.O_NOFOLLOW

// cloneFile makes dst share src's blocks (FICLONE: btrfs, XFS with reflink, bcachefs); false where the file
// system cannot, and dst is then untouched.
func cloneFile(dst, src *os.File) bool {
	return unix.IoctlFileClone(int(dst.Fd()), int(src.Fd())) == nil
}
