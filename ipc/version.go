package ipc

import (
	"runtime/debug"
	"strconv"
)

// ProtocolVersion is the version of the wire protocol this package speaks. It goes up whenever a route,
// a request or a response changes in a way an older daemon would get wrong; a client that meets a daemon
// with a lower version restarts it.
const ProtocolVersion = 3

// VersionHeader carries the daemon's ProtocolVersion on every response.
const VersionHeader = "Cmdai-Version"

// parseVersion reads a VersionHeader value; a missing or malformed header is version 0, which is older
// than every real daemon.
func parseVersion(s string) int {
	v, err := strconv.Atoi(s)
	if err != nil || v < 0 {
		return 0
	}
	return v
}

// ReadyFDEnv names the environment variable through which a client that launches `cmdai daemon run`
// passes an inherited pipe: the daemon writes "ready" to it once it answers, "running: ..." when another
// daemon holds the lock (ErrAlreadyRunning), or "error: ..." if it cannot start, and closes it.
const ReadyFDEnv = "CMDAI_DAEMON_READY_FD"

// Release is the cmdai release, set at link time (-ldflags "-X github.com/cmdai/cmdai/ipc.Release=v1.2.3");
// when empty, BuildVersion falls back to what the Go toolchain recorded.
var Release = ""

// BuildVersion names the running build: Release, else the module version, else "dev-" and the VCS revision.
// The client and the daemon report the same string, so `cmdai --version` and `cmdai daemon status` agree.
func BuildVersion() string {
	if Release != "" {
		return Release
	}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "dev"
	}
	if v := info.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	rev, dirty := "", false
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	switch {
	case rev == "":
		return "dev"
	case dirty:
		return "dev-" + rev + "-dirty"
	}
	return "dev-" + rev
}
