package cli_test

import (
	"os"
	"strconv"

	"github.com/cmdai/cmdai/internal/treetest"
	"github.com/rogpeppe/go-internal/testscript"
)

// mkTreeCmd runs `mktree DIR N`: a tree of N files under DIR with nested and empty directories, many
// modes and times, symlinks and hard links.
func mkTreeCmd(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: mktree DIR N")
	}
	n, err := strconv.Atoi(args[1])
	if err != nil {
		ts.Fatalf("mktree: %v", err)
	}
	ts.Check(treetest.Make(ts.MkAbs(args[0]), n, 0))
}

// treeHashCmd runs `treehash DIR FILE`: writes to FILE the hash of DIR's tree (paths, kinds, modes,
// owners, modification times, contents, link targets, hard links).
func treeHashCmd(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: treehash DIR FILE")
	}
	h, err := treetest.Hash(ts.MkAbs(args[0]))
	ts.Check(err)
	ts.Check(os.WriteFile(ts.MkAbs(args[1]), []byte(h+"\n"), 0o600))
}
