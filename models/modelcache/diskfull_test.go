//go:build linux

package modelcache

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestPullDiskFull fills a real 1 MiB tmpfs. As root it mounts one directly; otherwise it reruns itself
// in a new user and mount namespace, where an unprivileged user may mount tmpfs.
func TestPullDiskFull(t *testing.T) {
	dir, here := smallFileSystem(t, "1m")
	if !here {
		return
	}
	srv := newServer(t)
	data := model(3<<20, 13)
	srv.files["/m.gguf"] = data
	c, err := Open(filepath.Join(dir, "models"))
	if err != nil {
		t.Fatal(err)
	}

	// The size is known up front: refused before a byte is written, naming what is needed.
	c.Catalogue = []Model{{ID: "big", File: "m.gguf", URL: srv.URL + "/m.gguf", Size: int64(len(data))}}
	_, err = c.Pull(context.Background(), "big", PullOptions{})
	var full *DiskFullError
	if !errors.As(err, &full) || full.Need != int64(len(data)) || !strings.Contains(err.Error(), c.Dir()) ||
		!strings.Contains(err.Error(), "needs 3 MB more and 1 MB is free") {
		t.Fatalf("pull of a known-size model onto a full disk: %v", err)
	}

	// The size is unknown (chunked): the write itself fails with ENOSPC.
	srv.noLength = true
	c.Catalogue[0].Size = 0
	_, err = c.Pull(context.Background(), "big", PullOptions{})
	if !errors.As(err, &full) || !errors.Is(err, syscall.ENOSPC) || full.Kept == 0 || !strings.Contains(err.Error(), "pull again to resume") {
		t.Fatalf("pull that fills the disk: %v", err)
	}
	if _, err := os.Stat(filepath.Join(c.Dir(), "m.gguf")); !errors.Is(err, os.ErrNotExist) {
		t.Fatal("a model file appeared although the disk was full")
	}
	if list, _ := c.List(); len(list) != 0 {
		t.Fatalf("manifest lists %+v", list)
	}
}

// smallFileSystem mounts a tmpfs of the given size on a temporary directory. When this process may not
// mount, it runs the calling test again inside a user namespace and reports here=false: the child's
// result stands for the test's.
func smallFileSystem(t *testing.T, size string) (dir string, here bool) {
	t.Helper()
	dir = t.TempDir()
	err := syscall.Mount("tmpfs", dir, "tmpfs", 0, "size="+size)
	if err == nil {
		t.Cleanup(func() { _ = syscall.Unmount(dir, syscall.MNT_DETACH) })
		return dir, true
	}
	if !errors.Is(err, syscall.EPERM) || os.Getenv("CMDAI_TEST_IN_USERNS") != "" {
		t.Fatalf("mount a %s tmpfs to fill: %v", size, err)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^"+t.Name()+"$", "-test.count=1")
	cmd.Env = append(os.Environ(), "CMDAI_TEST_IN_USERNS=1")
	cmd.SysProcAttr = &syscall.SysProcAttr{
		Cloneflags:  syscall.CLONE_NEWUSER | syscall.CLONE_NEWNS,
		UidMappings: []syscall.SysProcIDMap{{ContainerID: 0, HostID: os.Getuid(), Size: 1}},
		GidMappings: []syscall.SysProcIDMap{{ContainerID: 0, HostID: os.Getgid(), Size: 1}},
	}
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "PASS") {
		t.Fatalf("run in a user namespace (to mount tmpfs without root): %v\n%s", err, out)
	}
	return "", false
}
