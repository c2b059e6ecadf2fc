package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/cmdai/cmdai/eval"
	"github.com/cmdai/cmdai/models/offline/recall"
)

// recallAsset is where the offline engine's recall model lives, relative to the repository root.
const recallAsset = "assets/recall/nl2bash.bin"

// recallSplits are the NL2Bash splits the shipped recall model learns from: the test split stays unseen.
var recallSplits = []string{"train", "dev"}

// train builds a recall model from the given NL2Bash splits of the corpus directory dir.
func train(dir string, splits []string, p recall.Params) (*recall.Model, recall.BuildStats, error) {
	examples, err := eval.RecallExamples(dir, splits)
	if err != nil {
		return nil, recall.BuildStats{}, fmt.Errorf("train recall model: %w", err)
	}
	return recall.Build(examples, p)
}

// run is the command line: it builds the recall model from the corpus and writes it to
// assets/recall/nl2bash.bin, or with -check fails when the file there differs from a fresh build.
func run(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("cmdai-train", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: cmdai-train [flags]\n\nBuilds the offline engine's recall model from the NL2Bash %s splits (the test split\nstays unseen) and writes it to %s.\n\n", strings.Join(recallSplits, " and "), recallAsset)
		fs.PrintDefaults()
	}
	data := fs.String("data", "", "corpus directory; relative paths start at the repository root (default $"+eval.DataEnv+" or "+eval.DefaultData+")")
	out := fs.String("out", "", "where to write the model (default "+recallAsset+" in the repository)")
	check := fs.Bool("check", false, "do not write: fail when the model at -out differs from a fresh build")
	if err := fs.Parse(args); errors.Is(err, flag.ErrHelp) {
		return nil
	} else if err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q: cmdai-train takes only flags", fs.Arg(0))
	}
	dir, err := eval.DataDir(*data)
	if err != nil {
		return err
	}
	path := *out
	if path == "" {
		root, err := eval.RepoRoot()
		if err != nil {
			return err
		}
		path = filepath.Join(root, recallAsset)
	}
	m, st, err := train(dir, recallSplits, recall.DefaultParams)
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
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("write recall model: %w", err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		return fmt.Errorf("write recall model: %w", err)
	}
	return nil
}
