// Command cmdai-eval scores a backend (the offline engine by default, or a model served by Ollama or an
// OpenAI-compatible server) on NL-to-bash corpora with the NLC2CMD metric and writes docs/eval.md; run it
// with `task eval` or see eval.CLI for its flags.
package main

import (
	"fmt"
	"os"

	"github.com/cmdai/cmdai/eval"
)

func main() {
	if err := eval.CLI(os.Args[1:], os.Stdout, os.Stderr, eval.OpenBackend); err != nil {
		fmt.Fprintln(os.Stderr, "cmdai-eval:", err)
		os.Exit(1)
	}
}
