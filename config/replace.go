package config

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// ReplaceFile writes data to path through a synced temporary file in the same directory and one rename,
// so that whoever reads it (an editor, the daemon's config watcher, another cmdai) sees the old file or
// the new one, never half of one. The file gets perm from the start, so a secret is never readable by
// others; the directory is synced so that the rename survives a crash.
func ReplaceFile(path string, data []byte, perm fs.FileMode) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return fmt.Errorf("replace %s: %w", path, err)
	}
	err = f.Chmod(perm)
	if err == nil {
		_, err = f.Write(data)
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err == nil {
		err = SyncDir(filepath.Dir(path))
	}
	if err != nil {
		_ = os.Remove(f.Name())
		return fmt.Errorf("replace %s: %w", path, err)
	}
	return nil
}

// SyncDir flushes a directory's entries (a rename or a new file in it) to disk.
func SyncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}
