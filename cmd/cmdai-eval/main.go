// Command cmdai-eval scores the offline engine on NL-to-bash corpora with the NLC2CMD metric and writes
// docs/eval.md; run it with `task eval` or see eval.CLI for its flags.
package main

import (
	"fmt"
	"os"

	"github.com/cmdai/cmdai/eval"
	"github.com/cmdai/cmdai/models/offline"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "cmdai-eval:", err)
		os.Exit(1)
	}
}

func run() error {
	engine, err := offline.New()
	if err != nil {
		return err
	}
	return eval.CLI(os.Args[1:], os.Stdout, os.Stderr, eval.Backend{Name: "offline", Answerer: engine, Threshold: offline.Threshold})
}
