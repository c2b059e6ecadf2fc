package eval

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/cmdai/cmdai/models/offline/recall"
)

// RecallAsset is where the offline engine's recall model lives, relative to the repository root.
const RecallAsset = "assets/recall/nl2bash.bin"

// RecallSplits are the NL2Bash splits the shipped recall model learns from: the test split stays unseen.
var RecallSplits = []string{"train", "dev"}

// TrainRecall builds a recall model from the given NL2Bash splits of the corpus directory dir.
func TrainRecall(dir string, splits []string, p recall.Params) (*recall.Model, recall.BuildStats, error) {
	var examples []recall.Example
	for _, split := range splits {
		if split == "test" {
			return nil, recall.BuildStats{}, errors.New("train recall model: the test split is for scoring only")
		}
		s, err := LoadNL2Bash(filepath.Join(dir, SetNL2Bash), split)
		if err != nil {
			return nil, recall.BuildStats{}, fmt.Errorf("train recall model: %w", err)
		}
		for _, inv := range s.Invocations {
			examples = append(examples, recall.Example{Request: inv.NL, Commands: inv.Refs})
		}
	}
	return recall.Build(examples, p)
}

// TrainCLI is the command line of cmdai-train: it builds the recall model from the corpus and writes
// it to assets/recall/nl2bash.bin, or with -check fails when the file there differs from a fresh build.
func TrainCLI(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("cmdai-train", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: cmdai-train [flags]\n\nBuilds the offline engine's recall model from the NL2Bash %s splits (the test split\nstays unseen) and writes it to %s.\n\n", strings.Join(RecallSplits, " and "), RecallAsset)
		fs.PrintDefaults()
	}
	data := fs.String("data", "", "corpus directory; relative paths start at the repository root (default $"+DataEnv+" or "+DefaultData+")")
	out := fs.String("out", "", "where to write the model (default "+RecallAsset+" in the repository)")
	check := fs.Bool("check", false, "do not write: fail when the model at -out differs from a fresh build")
	dir, help, err := parseFlags(fs, args, data)
	if help || err != nil {
		return err
	}
	path := *out
	if path == "" {
		root, err := RepoRoot()
		if err != nil {
			return err
		}
		path = filepath.Join(root, RecallAsset)
	}
	m, st, err := TrainRecall(dir, RecallSplits, recall.DefaultParams)
	if err != nil {
		return err
	}
	b := m.Encode()
	fmt.Fprintf(stdout, "%d requests, %d kept (%d commands without an NLC2CMD shape dropped), %d templates, %d terms, %d postings: %d bytes\n",
		st.Examples, st.Kept, st.Dropped, st.Templates, st.Terms, st.Postings, len(b))
	if *check {
		have, err := os.ReadFile(path)
		if err != nil {
			return fmt.Errorf("check recall model: %w", err)
		}
		if !bytes.Equal(have, b) {
			// Another CPU may round a weight differently; anything more is a stale model.
			old, err := recall.Decode(have)
			if err == nil {
				err = m.Diff(old)
			}
			if err != nil {
				return fmt.Errorf("%s differs from a fresh build (%w): run `task train` and commit it", path, err)
			}
		}
		fmt.Fprintf(stdout, "%s is up to date\n", path)
		return nil
	}
	return writeFile(path, func(w io.Writer) error { _, err := w.Write(b); return err })
}
