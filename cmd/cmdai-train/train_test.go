package main

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cmdai/cmdai/assets"
	"github.com/cmdai/cmdai/eval"
	"github.com/cmdai/cmdai/models/offline/recall"
)

// TestRecallAssetIsCurrent rebuilds the recall model from the corpus and compares it with the one the
// binary embeds: the shipped model is exactly what `task train` makes of the train and dev splits.
func TestRecallAssetIsCurrent(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if err := run([]string{"-check"}, &stdout, &stderr); err != nil {
		t.Fatalf("cmdai-train -check: %v\n%s", err, stderr.String())
	}
	if !strings.Contains(stdout.String(), "is up to date") {
		t.Errorf("cmdai-train -check printed %q", stdout.String())
	}
	dir, err := eval.DataDir("")
	if err != nil {
		t.Fatal(err)
	}
	m, st, err := train(dir, recallSplits, recall.DefaultParams)
	if err != nil {
		t.Fatal(err)
	}
	embedded, err := recall.Decode(assets.Recall)
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Diff(embedded); err != nil {
		t.Errorf("the embedded recall model differs from a fresh build: %v", err)
	}
	// Nearly every request of the splits has a command NLC2CMD can read; a drop means abstraction broke.
	if st.Kept < st.Examples*98/100 {
		t.Errorf("kept %d of %d requests", st.Kept, st.Examples)
	}
}

func TestTrainRefusesTheTestSplit(t *testing.T) {
	dir, err := eval.DataDir("")
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := train(dir, []string{"train", "test"}, recall.DefaultParams); err == nil {
		t.Error("train learnt from the test split")
	}
}

func TestTrainCLIWritesAndChecks(t *testing.T) {
	out, agreeOut := filepath.Join(t.TempDir(), "m.bin"), filepath.Join(t.TempDir(), "a.bin")
	var stdout, stderr bytes.Buffer
	if err := run([]string{"-check", "-out", out, "-agreement-out", agreeOut}, &stdout, &stderr); err == nil {
		t.Error("-check passed on a missing file")
	}
	if err := run([]string{"-out", out, "-agreement-out", agreeOut}, &stdout, &stderr); err != nil {
		t.Fatalf("cmdai-train -out: %v", err)
	}
	if err := run([]string{"-check", "-out", out, "-agreement-out", agreeOut}, &stdout, &stderr); err != nil {
		t.Errorf("-check after writing: %v", err)
	}
	if err := run([]string{"extra"}, &stdout, &stderr); err == nil || !strings.Contains(err.Error(), "only flags") {
		t.Errorf("an argument: %v", err)
	}
}
