package gate_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// startsProcesses lists every file outside the gate that may start a process, with what it starts. None
// of them runs a command a person asked for: those reach a shell only through gate.Run, with a Decision
// that gate.Decide made. A new file that starts a process fails this test until it is listed here, and
// listing it is a claim that the reviewer checks.
var startsProcesses = map[string]string{
	"safety/impact_git.go":              "git, read-only, to see what a git command would touch",
	"cli/daemoncmd.go":                  "this binary as the daemon",
	"cli/popup_tmux.go":                 "tmux, to draw the popup in a tmux popup window",
	"cli/configcmd.go":                  "the person's $EDITOR on the config file",
	"cli/browser.go":                    "the person's browser ($BROWSER, open or xdg-open) at their identity provider's login page",
	"models/internal/ollamatest/":       "tests: builds and serves a real Ollama server",
	"models/internal/tinygguf/vocab.go": "tests: go list to find a module's files",
	"cloud/internal/testproc/":          "tests: PostgreSQL and Redis servers",
	"internal/tmuxtest/tmuxtest.go":     "tests: tmux",
	"bench/":                            "benchmarks: the cmdai binary and tmux",
	"gate/run.go":                       "the runner itself",
	"undo/git.go":                       "git, for a command the gate allowed: reads refs and status and writes the index as a tree before it runs; cmdai undo then puts refs, stash, index and work tree back (read-tree, update-ref, symbolic-ref, stash drop/store, update-index)",
}

// processStarters are the calls that start a process.
var processStarters = map[string][]string{
	"os/exec": {"Command", "CommandContext", "Cmd"},
	"os":      {"StartProcess"},
	"syscall": {"Exec", "ForkExec", "StartProcess"},
}

// TestOnlyTheGateRunsCommands fails when code outside the listed files starts a process: a command that
// runs without the gate is the bug this package exists to prevent.
func TestOnlyTheGateRunsCommands(t *testing.T) {
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	checked := 0
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			if name := d.Name(); rel != "." && (strings.HasPrefix(name, ".") || name == "testdata" || name == "node_modules") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		checked++
		for _, use := range processStarts(f) {
			if !listed(rel) {
				t.Errorf("%s:%d starts a process (%s) outside the gate: run commands with gate.Run, or list the file in startsProcesses with what it starts",
					rel, fset.Position(use.pos).Line, use.name)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if checked < 100 {
		t.Fatalf("checked only %d files: the walk did not reach the module", checked)
	}
}

func listed(rel string) bool {
	for p := range startsProcesses {
		if rel == p || (strings.HasSuffix(p, "/") && strings.HasPrefix(rel, p)) {
			return true
		}
	}
	return false
}

type processStart struct {
	name string
	pos  token.Pos
}

// processStarts finds the uses of processStarters in f, by the name each package is imported under.
func processStarts(f *ast.File) []processStart {
	local := map[string]string{} // the name in this file -> import path
	for _, imp := range f.Imports {
		path, _ := strconv.Unquote(imp.Path.Value)
		if _, ok := processStarters[path]; !ok {
			continue
		}
		name := path[strings.LastIndex(path, "/")+1:]
		if imp.Name != nil {
			name = imp.Name.Name
		}
		local[name] = path
	}
	var uses []processStart
	ast.Inspect(f, func(n ast.Node) bool {
		sel, ok := n.(*ast.SelectorExpr)
		if !ok {
			return true
		}
		pkg, ok := sel.X.(*ast.Ident)
		if !ok {
			return true
		}
		path, ok := local[pkg.Name]
		if !ok {
			return true
		}
		for _, fn := range processStarters[path] {
			if sel.Sel.Name == fn {
				uses = append(uses, processStart{name: pkg.Name + "." + fn, pos: sel.Pos()})
			}
		}
		return true
	})
	return uses
}
