// Command cmdai-train builds the offline engine's recall model from the NL2Bash corpus into
// assets/recall/nl2bash.bin; run it with `task train`, or with -h for its flags.
package main

import (
	"fmt"
	"os"
)

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "cmdai-train:", err)
		os.Exit(1)
	}
}
