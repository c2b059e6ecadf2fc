// Package treetest builds file trees with every kind of entry undo keeps (nested directories, empty
// ones, files of many modes and times, symlinks, hard links) and hashes trees to compare them: paths,
// kinds, modes, owners, modification times, contents, link targets and which names share a file.
package treetest

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// Make creates a tree of n files under dir (created), with size bytes of content each (0: a few dozen
// bytes that differ per file): about n/10 directories, some empty, modes from 0400 to 0755, distinct
// modification times, and among the files a symlink for every 25 (some relative, some dangling) and a
// hard link for every 50.
func Make(dir string, n, size int) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	base := time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)
	modes := []fs.FileMode{0o644, 0o600, 0o755, 0o640, 0o400, 0o664, 0o700}
	var dirs []string
	for i := range max(n/10, 1) {
		d := filepath.Join(dir, fmt.Sprintf("d%02d", i%7), fmt.Sprintf("sub%03d", i))
		if err := os.MkdirAll(d, 0o755); err != nil {
			return err
		}
		dirs = append(dirs, d)
	}
	for i := range 3 {
		if err := os.MkdirAll(filepath.Join(dir, fmt.Sprintf("empty%d", i)), 0o750); err != nil {
			return err
		}
	}
	var made []string
	for i := range n {
		d := dirs[i%len(dirs)]
		p := filepath.Join(d, fmt.Sprintf("f%05d.txt", i))
		var err error
		switch {
		case i%25 == 7:
			target := fmt.Sprintf("f%05d.txt", i-1)
			if i%50 == 7 {
				target = "../no-such-file"
			}
			err = os.Symlink(target, p)
		case i%50 == 13 && len(made) > 0:
			err = os.Link(made[len(made)-1], p)
		default:
			content := []byte(fmt.Sprintf("file %d of the tree\n", i))
			if size > 0 { // a pattern, with the file's number first so that no two files are alike
				content = make([]byte, size)
				for j := range content {
					content[j] = byte(i*31 + j*7)
				}
				copy(content, fmt.Sprintf("file %d\n", i))
			}
			if err = os.WriteFile(p, content, 0o600); err == nil {
				err = os.Chmod(p, modes[i%len(modes)])
			}
			made = append(made, p)
		}
		if err != nil {
			return err
		}
		t := base.Add(time.Duration(i) * time.Minute).Add(time.Duration(i%1000) * time.Microsecond)
		if err := lchtimes(p, t); err != nil {
			return err
		}
	}
	// Directories' times last: making their entries changed them.
	return filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return err
		}
		return os.Chtimes(p, base, base.Add(-time.Duration(len(p))*time.Hour))
	})
}

func lchtimes(p string, t time.Time) error {
	ts := []unix.Timespec{unix.NsecToTimespec(t.UnixNano()), unix.NsecToTimespec(t.UnixNano())}
	return unix.UtimesNanoAt(unix.AT_FDCWD, p, ts, unix.AT_SYMLINK_NOFOLLOW)
}

// Hash describes dir and every entry under it (dir's own name left out) and hashes the description.
// Two trees hash the same when they hold the same paths with the same kinds, modes, owners,
// modification times, contents and symlink targets, and the same names share a file.
func Hash(dir string) (string, error) {
	h := sha256.New()
	inodes := map[uint64]string{}
	var paths []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		paths = append(paths, p)
		return nil
	})
	if err != nil {
		return "", err
	}
	slices.Sort(paths)
	for _, p := range paths {
		rel, _ := filepath.Rel(dir, p)
		fi, err := os.Lstat(p)
		if err != nil {
			return "", err
		}
		sys := fi.Sys().(*syscall.Stat_t)
		line := fmt.Sprintf("%s %v %d:%d mtime=%d", rel, fi.Mode(), sys.Uid, sys.Gid, fi.ModTime().UnixNano())
		switch {
		case fi.Mode()&fs.ModeSymlink != 0:
			target, err := os.Readlink(p)
			if err != nil {
				return "", err
			}
			line += " -> " + target
		case fi.Mode().IsRegular():
			if first, ok := inodes[sys.Ino]; ok {
				line += " = " + first
				break
			}
			inodes[sys.Ino] = rel
			sum, err := fileSum(p)
			if err != nil {
				return "", err
			}
			line += " " + sum
		}
		fmt.Fprintln(h, line)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

func fileSum(p string) (string, error) {
	f, err := os.Open(p)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
