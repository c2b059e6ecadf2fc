// Command cmdai turns a request in plain words into a shell command, shows how risky it is, and runs it
// only after the person confirms.
package main

import (
	"os"

	"github.com/cmdai/cmdai/cli"
)

func main() {
	os.Exit(cli.Main(os.Args[1:]))
}
