package corpus

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/cmdai/cmdai/safety"
)

// Case is one labelled command of the corpus.
type Case struct {
	Line    int         // 1-based line in the corpus file
	Label   safety.Risk // the risk a person assigned
	Command string
}

// LoadFile reads a corpus file; see Load for the format.
func LoadFile(path string) ([]Case, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open corpus: %w", err)
	}
	defer f.Close()
	cases, err := Load(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return cases, nil
}

// Load reads a corpus: one "label<TAB>command" per line, where label is safe, moderate, high or critical.
// Blank lines and lines starting with '#' are skipped. A command may appear only once, so a case cannot
// carry two labels.
func Load(r io.Reader) ([]Case, error) {
	var cases []Case
	seen := map[string]int{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 1024*1024)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSuffix(sc.Text(), "\r")
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		label, cmd, ok := strings.Cut(line, "\t")
		if !ok {
			return nil, fmt.Errorf("line %d: want label<TAB>command, found no tab", n)
		}
		risk, err := safety.ParseRisk(label)
		if err != nil || label != risk.String() {
			return nil, fmt.Errorf("line %d: label %q is not one of safe, moderate, high, critical", n, label)
		}
		if strings.TrimSpace(cmd) == "" {
			return nil, fmt.Errorf("line %d: empty command", n)
		}
		if first, dup := seen[cmd]; dup {
			return nil, fmt.Errorf("line %d: command already labelled on line %d", n, first)
		}
		seen[cmd] = n
		cases = append(cases, Case{Line: n, Label: risk, Command: cmd})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read corpus: %w", err)
	}
	return cases, nil
}

// Agrees reports whether a checker's risk meets what the label demands. Safe and critical are exact: a
// read-only command must not nag, and a catastrophe must ask for "yes". Moderate is the grey zone and
// accepts moderate or high; high accepts high or critical.
func Agrees(label, got safety.Risk) bool {
	switch label {
	case safety.Safe:
		return got == safety.Safe
	case safety.Moderate:
		return got == safety.Moderate || got == safety.High
	case safety.High:
		return got >= safety.High
	default:
		return got == safety.Critical
	}
}
