package testproc

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"syscall"
)

// postgresBin finds the directory of initdb and pg_ctl: Debian keeps them in /usr/lib/postgresql/N/bin.
func postgresBin() (string, error) {
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Strings(dirs)
	for i := len(dirs) - 1; i >= 0; i-- {
		if _, err := os.Stat(filepath.Join(dirs[i], "initdb")); err == nil {
			return dirs[i], nil
		}
	}
	if p, err := exec.LookPath("initdb"); err == nil {
		return filepath.Dir(p), nil
	}
	return "", errors.New("initdb not found in /usr/lib/postgresql/*/bin or PATH: run 'bash scripts/test-deps.sh'")
}

// PostgreSQL refuses to run as root, so a root test runs it as the postgres account.
func postgresIDs() (uid, gid int, ok bool, err error) {
	if os.Geteuid() != 0 {
		return 0, 0, false, nil
	}
	u, err := user.Lookup("postgres")
	if err != nil {
		return 0, 0, false, fmt.Errorf("running as root, and PostgreSQL needs a non-root account: %w", err)
	}
	uid, _ = strconv.Atoi(u.Uid)
	gid, _ = strconv.Atoi(u.Gid)
	return uid, gid, true, nil
}

func chownToPostgres(dir string) error {
	uid, gid, ok, err := postgresIDs()
	if err != nil || !ok {
		return err
	}
	if err := os.Chown(dir, uid, gid); err != nil {
		return fmt.Errorf("hand %s to the postgres account: %w", dir, err)
	}
	return nil
}

func asPostgres(cmd *exec.Cmd) error {
	uid, gid, ok, err := postgresIDs()
	if err != nil || !ok {
		return err
	}
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}}
	return nil
}
