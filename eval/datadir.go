package eval

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// DataEnv names the environment variable that overrides where the corpora are.
const DataEnv = "CMDAI_EVAL_DATA"

// DefaultData is where the corpora are, relative to the repository root.
const DefaultData = "../shared/data"

// RepoRoot returns the nearest directory at or above the working directory that holds go.mod.
func RepoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", fmt.Errorf("find repository root: %w", err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("find repository root: no go.mod at or above the working directory")
		}
		dir = parent
	}
}

// DataDir resolves the corpus directory: dir if given, else $CMDAI_EVAL_DATA, else DefaultData. A relative
// path is taken from the repository root. It fails when the directory does not exist.
func DataDir(dir string) (string, error) {
	if dir == "" {
		dir = os.Getenv(DataEnv)
	}
	if dir == "" {
		dir = DefaultData
	}
	if !filepath.IsAbs(dir) {
		root, err := RepoRoot()
		if err != nil {
			return "", err
		}
		dir = filepath.Join(root, dir)
	}
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		return "", fmt.Errorf("corpus directory %s not found: pass -data DIR or set %s", dir, DataEnv)
	}
	return dir, nil
}
