package eval

import (
	"errors"
	"fmt"
	"path/filepath"

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
