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

// agreementAsset is where the offline engine's agreement index lives, relative to the repository root.
const agreementAsset = "assets/recall/everyday.bin"

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

// trainAgreement builds the agreement index from the everyday rounds under the repository root.
func trainAgreement(root string) (*recall.Agreement, recall.BuildStats, error) {
	examples, err := eval.AgreementExamples(root)
	if err != nil {
		return nil, recall.BuildStats{}, fmt.Errorf("train agreement index: %w", err)
	}
	return recall.BuildAgreement(examples)
}

// run is the command line: it builds the recall model from the corpus and writes it to
// assets/recall/nl2bash.bin, or with -check fails when the file there differs from a fresh build.
func run(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("cmdai-train", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: cmdai-train [flags]\n\nBuilds the offline engine's recall model from the NL2Bash %s splits (the test split\nstays unseen) and writes it to %s, and its agreement index from cmdai's everyday\nrounds (eval/everyday/round*) to %s.\n\n", strings.Join(recallSplits, " and "), recallAsset, agreementAsset)
		fs.PrintDefaults()
	}
	data := fs.String("data", "", "corpus directory; relative paths start at the repository root (default $"+eval.DataEnv+" or "+eval.DefaultData+")")
	out := fs.String("out", "", "where to write the model (default "+recallAsset+" in the repository)")
	agreeOut := fs.String("agreement-out", "", "where to write the agreement index (default "+agreementAsset+" in the repository)")
	check := fs.Bool("check", false, "do not write: fail when the model at -out or the index at -agreement-out differs from a fresh build")
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
	root, err := eval.RepoRoot()
	if err != nil {
		return err
	}
	path, agreePath := orRoot(*out, root, recallAsset), orRoot(*agreeOut, root, agreementAsset)
	m, st, err := train(dir, recallSplits, recall.DefaultParams)
	if err != nil {
		return err
	}
	b := m.Encode()
	fmt.Fprintf(stdout, "recall model: %d requests, %d kept (%d commands without an NLC2CMD shape dropped), %d templates, %d terms, %d postings: %d bytes\n",
		st.Examples, st.Kept, st.Dropped, st.Templates, st.Terms, st.Postings, len(b))
	a, ast, err := trainAgreement(root)
	if err != nil {
		return err
	}
	ab := a.Encode()
	fmt.Fprintf(stdout, "agreement index: %d requests, %d kept (%d commands that do not parse dropped), %d shapes, %d terms, %d postings: %d bytes\n",
		ast.Examples, ast.Kept, ast.Dropped, ast.Templates, ast.Terms, ast.Postings, len(ab))
	if *check {
		// Another CPU may round a weight differently; anything more is a stale file.
		err := checkFile(stdout, path, b, func(have []byte) error {
			old, err := recall.Decode(have)
			if err == nil {
				err = m.Diff(old)
			}
			return err
		})
		if err != nil {
			return err
		}
		return checkFile(stdout, agreePath, ab, func(have []byte) error {
			old, err := recall.DecodeAgreement(have)
			if err == nil {
				err = a.Diff(old)
			}
			return err
		})
	}
	if err := writeFile(path, b); err != nil {
		return fmt.Errorf("write recall model: %w", err)
	}
	if err := writeFile(agreePath, ab); err != nil {
		return fmt.Errorf("write agreement index: %w", err)
	}
	return nil
}

// orRoot is path, or def under the repository root when path is empty.
func orRoot(path, root, def string) string {
	if path == "" {
		return filepath.Join(root, def)
	}
	return path
}

// checkFile fails when the file at path is neither want nor within diff's rounding of it.
func checkFile(stdout io.Writer, path string, want []byte, diff func(have []byte) error) error {
	have, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("check %s: %w", path, err)
	}
	if !bytes.Equal(have, want) {
		if err := diff(have); err != nil {
			return fmt.Errorf("%s differs from a fresh build (%w): run `task train` and commit it", path, err)
		}
	}
	fmt.Fprintf(stdout, "%s is up to date\n", path)
	return nil
}

func writeFile(path string, b []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, b, 0o644)
}
