package main

import (
	"os/exec"
	"strings"
	"testing"
)

// goList runs `go list` from the module root with the given arguments.
func goList(t *testing.T, args ...string) []string {
	t.Helper()
	out, err := exec.Command("go", append([]string{"list"}, args...)...).Output()
	if err != nil {
		t.Fatalf("go list %v: %v", args, err)
	}
	return strings.Split(strings.TrimSpace(string(out)), "\n")
}

// Every package says what it is for in exactly one doc comment.
func TestEveryPackageHasADocComment(t *testing.T) {
	for _, line := range goList(t, "-f", "{{.ImportPath}}\t{{.Doc}}", "github.com/cmdai/cmdai/...") {
		path, doc, _ := strings.Cut(line, "\t")
		if strings.TrimSpace(doc) == "" {
			t.Errorf("%s has no package doc comment", path)
		}
	}
}

// The binary's client side reaches the store and the llama.cpp binding only through the daemon, so it
// must not link them: they are heavy, and badger allows one process per directory.
func TestClientDoesNotLinkDaemonInternals(t *testing.T) {
	forbidden := []string{"github.com/dgraph-io/badger", "github.com/ollama/ollama/llama"}
	for _, pkg := range []string{"github.com/cmdai/cmdai/cli", "github.com/cmdai/cmdai/tui", "github.com/cmdai/cmdai/ipc"} {
		for _, dep := range goList(t, "-deps", pkg) {
			for _, f := range forbidden {
				if strings.HasPrefix(dep, f) {
					t.Errorf("%s links %s", pkg, dep)
				}
			}
		}
	}
}

// ipc is the contract package: it imports nothing else of cmdai's, so every client can share it.
func TestIPCStandsAlone(t *testing.T) {
	for _, dep := range goList(t, "-deps", "github.com/cmdai/cmdai/ipc") {
		if strings.HasPrefix(dep, "github.com/cmdai/cmdai/") && dep != "github.com/cmdai/cmdai/ipc" {
			t.Errorf("ipc imports %s", dep)
		}
	}
}
