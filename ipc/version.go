package ipc

import "strconv"

// ProtocolVersion is the version of the wire protocol this package speaks. It goes up whenever a route,
// a request or a response changes in a way an older daemon would get wrong; a client that meets a daemon
// with a lower version restarts it.
const ProtocolVersion = 1

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
// passes an inherited pipe: the daemon writes "ready" to it once it answers, or "error: ..." if it
// cannot start, and closes it.
const ReadyFDEnv = "CMDAI_DAEMON_READY_FD"
