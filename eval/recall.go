package eval

import (
	"errors"
	"fmt"
	"path/filepath"
	"slices"

	"github.com/cmdai/cmdai/models/offline/recall"
)

// RecallExamples reads the requests and reference commands of the given NL2Bash splits of the corpus
// directory dir as examples the offline engine's recall model learns from. It refuses the test split,
// which is for scoring only.
func RecallExamples(dir string, splits []string) ([]recall.Example, error) {
	var examples []recall.Example
	for _, split := range splits {
		if split == "test" {
			return nil, errors.New("recall examples: the test split is for scoring only")
		}
		s, err := LoadNL2Bash(filepath.Join(dir, SetNL2Bash), split)
		if err != nil {
			return nil, fmt.Errorf("recall examples: %w", err)
		}
		for _, inv := range s.Invocations {
			examples = append(examples, recall.Example{Request: inv.NL, Commands: inv.Refs})
		}
	}
	return examples, nil
}

// AgreementExamples reads the requests and accepted commands of cmdai's everyday rounds
// (eval/everyday/round*/[ab].tsv under the repository root) as examples the offline engine's agreement
// index learns from, leaving out the rounds named in except ("round66"). The own everyday set
// (requests.tsv) is never among them: it stays a measure of requests the index never saw.
func AgreementExamples(root string, except ...string) ([]recall.Example, error) {
	files, err := filepath.Glob(filepath.Join(root, "eval", "everyday", "round*", "[ab].tsv"))
	if err != nil {
		return nil, fmt.Errorf("agreement examples: %w", err)
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("agreement examples: no everyday rounds under %s", root)
	}
	slices.Sort(files)
	var examples []recall.Example
	for _, f := range files {
		if slices.Contains(except, filepath.Base(filepath.Dir(f))) {
			continue
		}
		s, err := LoadRequests(f)
		if err != nil {
			return nil, fmt.Errorf("agreement examples: %w", err)
		}
		for _, inv := range s.Invocations {
			examples = append(examples, recall.Example{Request: inv.NL, Commands: inv.Refs})
		}
	}
	return examples, nil
}
