package eval

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Invocation is one request of a corpus with every reference command for it. NL2Bash pairs that share a
// description are grouped into one invocation, as the NLC2CMD setup does.
type Invocation struct {
	// ID is the corpus id of the first pair of the group.
	ID   string   `json:"id"`
	NL   string   `json:"nl"`
	Refs []string `json:"refs"`
}

// Suite is the invocations of one dataset split.
type Suite struct {
	Set         string
	Split       string
	Invocations []Invocation
}

// Pairs is the number of (invocation, reference) pairs.
func (s Suite) Pairs() int {
	n := 0
	for _, inv := range s.Invocations {
		n += len(inv.Refs)
	}
	return n
}

// Dataset and split names accepted by Load.
const (
	SetNL2Bash = "nl2bash"
	SetNL2SH   = "nl2sh"
	SetAll     = "all"
	SplitAll   = "all"
)

// nl2bashSplits are the official NL2Bash splits, in report order; "excluded" rows are not in the corpus.
var nl2bashSplits = []string{"train", "dev", "test"}

// Load reads the suites that set and split select from dir (the shared data directory). split "all" means
// each NL2Bash split on its own; NL2SH-ALFA is a test set only, so it is part of "test" and "all".
func Load(dir, set, split string) ([]Suite, error) {
	splits := []string{split}
	switch split {
	case SplitAll:
		splits = nl2bashSplits
	case "train", "dev", "test":
	default:
		return nil, fmt.Errorf("unknown split %q: want dev, test, train or all", split)
	}
	if set != SetNL2Bash && set != SetNL2SH && set != SetEveryday && set != SetAll {
		return nil, fmt.Errorf("unknown set %q: want nl2bash, nl2sh, everyday or all", set)
	}
	var suites []Suite
	if set == SetNL2Bash || set == SetAll {
		for _, sp := range splits {
			s, err := LoadNL2Bash(filepath.Join(dir, SetNL2Bash), sp)
			if err != nil {
				return nil, err
			}
			suites = append(suites, s)
		}
	}
	if (set == SetNL2SH || set == SetAll) && (split == "test" || split == SplitAll) {
		s, err := LoadNL2SH(filepath.Join(dir, SetNL2SH))
		if err != nil {
			return nil, err
		}
		suites = append(suites, s)
	}
	if set == SetEveryday {
		// cmdai's own everyday set has no splits: nothing learns from it.
		s, err := LoadEveryday()
		if err != nil {
			return nil, err
		}
		suites = append(suites, s)
	}
	if len(suites) == 0 {
		return nil, fmt.Errorf("set %q has no split %q: NL2SH-ALFA is a test set", set, split)
	}
	return suites, nil
}

// LoadNL2Bash reads one split of NL2Bash from dir (pairs.tsv and split.tsv), grouping pairs by identical
// description in corpus order.
func LoadNL2Bash(dir, split string) (Suite, error) {
	splits, err := readTSV(filepath.Join(dir, "split.tsv"), "id", "split")
	if err != nil {
		return Suite{}, err
	}
	want := map[string]bool{}
	for _, row := range splits {
		if row[1] == split {
			want[row[0]] = true
		}
	}
	if len(want) == 0 {
		return Suite{}, fmt.Errorf("nl2bash split %q has no pairs in %s", split, dir)
	}
	pairs, err := readTSV(filepath.Join(dir, "pairs.tsv"), "id", "nl", "cmd")
	if err != nil {
		return Suite{}, err
	}
	s := Suite{Set: SetNL2Bash, Split: split}
	byNL := map[string]int{}
	for _, row := range pairs {
		if !want[row[0]] {
			continue
		}
		if i, ok := byNL[row[1]]; ok {
			s.Invocations[i].Refs = appendNew(s.Invocations[i].Refs, row[2])
			continue
		}
		byNL[row[1]] = len(s.Invocations)
		s.Invocations = append(s.Invocations, Invocation{ID: row[0], NL: row[1], Refs: []string{row[2]}})
	}
	return s, nil
}

// LoadNL2SH reads the NL2SH-ALFA test set from dir: both reference commands from pairs_full.tsv, or only the
// first from pairs.tsv when the full file is absent.
func LoadNL2SH(dir string) (Suite, error) {
	s := Suite{Set: SetNL2SH, Split: "test"}
	rows, err := readTSV(filepath.Join(dir, "pairs_full.tsv"), "id", "nl", "cmd", "cmd2")
	if errors.Is(err, fs.ErrNotExist) {
		rows, err = readTSV(filepath.Join(dir, "pairs.tsv"), "id", "nl", "cmd")
	}
	if err != nil {
		return Suite{}, err
	}
	for _, row := range rows {
		inv := Invocation{ID: row[0], NL: row[1], Refs: []string{row[2]}}
		if len(row) > 3 {
			inv.Refs = appendNew(inv.Refs, row[3])
		}
		s.Invocations = append(s.Invocations, inv)
	}
	return s, nil
}

func appendNew(refs []string, ref string) []string {
	if ref == "" {
		return refs
	}
	for _, r := range refs {
		if r == ref {
			return refs
		}
	}
	return append(refs, ref)
}

// readTSV reads a headed, unquoted TSV file whose first columns are named cols, returning those columns.
func readTSV(path string, cols ...string) ([][]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read corpus: %w", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64*1024), 4*1024*1024)
	var rows [][]string
	line := 0
	for sc.Scan() {
		line++
		fields := strings.Split(sc.Text(), "\t")
		if line == 1 {
			if len(fields) < len(cols) || strings.Join(fields[:len(cols)], "\t") != strings.Join(cols, "\t") {
				return nil, fmt.Errorf("%s: header %q, want columns %q", path, sc.Text(), strings.Join(cols, " "))
			}
			continue
		}
		if len(fields) < len(cols) {
			return nil, fmt.Errorf("%s:%d: %d columns, want %d", path, line, len(fields), len(cols))
		}
		rows = append(rows, fields[:len(cols)])
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	if line == 0 {
		return nil, fmt.Errorf("%s is empty", path)
	}
	return rows, nil
}
