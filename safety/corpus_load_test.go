package safety_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/cmdai/cmdai/safety/corpus"
)

// corpusPath is the labelled corpus, relative to this package.
const corpusPath = "testdata/corpus.tsv"

// loadCorpus reads the labelled corpus or stops the test.
func loadCorpus(tb testing.TB) []corpus.Case {
	tb.Helper()
	cases, err := corpus.LoadFile(corpusPath)
	if err != nil {
		tb.Fatal(err)
	}
	return cases
}

// caseName names a corpus case's subtest after its line, label and command, so a failure reads as the
// command itself. Slashes become a look-alike so that -run does not split the name into sub-subtests.
func caseName(c corpus.Case) string {
	cmd := []rune(c.Command)
	if len(cmd) > 60 {
		cmd = append(cmd[:57], '.', '.', '.')
	}
	return fmt.Sprintf("L%03d %s %s", c.Line, c.Label, strings.ReplaceAll(string(cmd), "/", "∕"))
}
