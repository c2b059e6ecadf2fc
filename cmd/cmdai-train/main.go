// Command cmdai-train builds the offline engine's recall model from the NL2Bash corpus into
// assets/recall/nl2bash.bin; run it with `task train` or see eval.TrainCLI for its flags.
package main

import (
	"fmt"
	"os"

	"github.com/cmdai/cmdai/eval"
)

func main() {
	if err := eval.TrainCLI(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "cmdai-train:", err)
		os.Exit(1)
	}
}
