// Command cmdai turns a request in plain words into a shell command, shows how risky it is, and runs it
// only after the person confirms.
package main

import (
	"os"

	"github.com/cmdai/cmdai/cli"
	"github.com/cmdai/cmdai/daemon"
	"github.com/cmdai/cmdai/models/embedded"
)

// main hands `cmdai daemon run` to the daemon and everything else to the CLI. The split lives here so
// that the CLI package never links the store (badger) or the model runtimes: only this binary does, and
// it hands the CLI the embedded backend for --no-daemon, loaded with the daemon's settings.
func main() {
	if len(os.Args) >= 3 && os.Args[1] == "daemon" && os.Args[2] == "run" {
		os.Exit(daemon.Main(os.Args[3:]))
	}
	os.Exit(cli.Main(os.Args[1:], cli.WithEmbedded(cli.Embedded{Open: daemon.OpenEmbedded, Cached: embedded.CachedPath,
		Built: embedded.Available()})))
}
