// Command cmdai turns a request in plain words into a shell command, shows how risky it is, and runs it
// only after the person confirms.
package main

import (
	"os"

	"github.com/cmdai/cmdai/cli"
	"github.com/cmdai/cmdai/daemon"
	"github.com/cmdai/cmdai/models/embedded"
	"github.com/cmdai/cmdai/telemetry"
)

// main hands `cmdai daemon run` to the daemon and everything else to the CLI. The split lives here so
// that the CLI package never links the store (badger) or the model runtimes: only this binary does, and
// it hands the CLI the embedded backend for --no-daemon, loaded with the daemon's settings. A run of the
// CLI is one span of a trace when CMDAI_TRACING is on (the daemon sets up its own).
func main() {
	if len(os.Args) >= 3 && os.Args[1] == "daemon" && os.Args[2] == "run" {
		os.Exit(daemon.Main(os.Args[3:]))
	}
	os.Exit(telemetry.RunCommand(telemetry.ServiceCLI, os.Args[1:], func() int {
		return cli.Main(os.Args[1:], cli.WithEmbedded(cli.Embedded{Open: daemon.OpenEmbedded, Cached: embedded.CachedPath,
			Built: embedded.Available()}))
	}))
}
