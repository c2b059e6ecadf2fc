//go:build !linux && !darwin && !freebsd

package undo

import "io/fs"

// fromSys knows nothing more on this system: owners and inodes read as zero, and a file written anew
// with the same size and time reads as unchanged.
func fromSys(*State, fs.FileInfo) {}
