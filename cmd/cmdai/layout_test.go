package main

import (
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"
)

const module = "github.com/cmdai/cmdai"

// goList runs `go list` with the build tags and the given arguments. cgo is on, as in `task build`, so
// that files behind the llamacpp tag count; go list reads their imports without compiling them, so it
// needs none of the C headers a build does.
func goList(t *testing.T, tags string, args ...string) []string {
	t.Helper()
	cmd := exec.Command("go", append([]string{"list", "-tags", tags}, args...)...)
	cmd.Env = append(os.Environ(), "CGO_ENABLED=1")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list -tags %q %v: %v", tags, args, err)
	}
	return strings.Split(strings.TrimSpace(string(out)), "\n")
}

// under reports whether the import path pkg is root or a package below it.
func under(pkg, root string) bool { return pkg == root || strings.HasPrefix(pkg, root+"/") }

// Every package says what it is for in exactly one doc comment.
func TestEveryPackageHasADocComment(t *testing.T) {
	for _, line := range goList(t, "llamacpp", "-f", "{{.ImportPath}}\t{{.Doc}}", module+"/...") {
		path, doc, _ := strings.Cut(line, "\t")
		if strings.TrimSpace(doc) == "" {
			t.Errorf("%s has no package doc comment", path)
		}
	}
}

// The binary's client side reaches the store and the llama.cpp binding only through the daemon, so it
// must not link them: they are heavy, and badger allows one process per directory. The packages are
// listed as the llama.cpp build (`task build`) sees them.
func TestClientDoesNotLinkDaemonInternals(t *testing.T) {
	forbidden := []string{"github.com/dgraph-io/badger", "github.com/ollama/ollama/llama"}
	// The whole binary does link both (its daemon does): if a name went stale or the tag stopped
	// selecting the binding, the check below would pass whatever the client linked.
	whole := goList(t, "llamacpp", "-deps", module+"/cmd/cmdai")
	for _, f := range forbidden {
		if !slices.ContainsFunc(whole, func(dep string) bool { return under(dep, f) }) {
			t.Fatalf("cmd/cmdai built with -tags llamacpp does not link %s: this test checks nothing", f)
		}
	}
	for _, pkg := range []string{"cli", "tui", "tui/popup", "ipc", "pattern", "config"} {
		for _, dep := range goList(t, "llamacpp", "-deps", module+"/"+pkg) {
			for _, f := range forbidden {
				if under(dep, f) {
					t.Errorf("%s links %s", pkg, dep)
				}
			}
		}
	}
}

// ipc is the contract package: it imports nothing else of cmdai's, so every client can share it.
func TestIPCStandsAlone(t *testing.T) {
	for _, dep := range goList(t, "llamacpp", "-deps", module+"/ipc") {
		if under(dep, module) && dep != module+"/ipc" {
			t.Errorf("ipc imports %s", dep)
		}
	}
}

// cloud/apitype, the cloud API's wire types, imports only the standard library, so the server, the
// client and anything else that speaks the API can share it.
func TestAPITypeStandsAlone(t *testing.T) {
	for _, line := range goList(t, "", "-deps", "-f", "{{.ImportPath}} {{.Standard}}", module+"/cloud/apitype") {
		dep, std, _ := strings.Cut(line, " ")
		if std != "true" && dep != module+"/cloud/apitype" {
			t.Errorf("cloud/apitype imports %s", dep)
		}
	}
}

// The shipped binaries link no tooling: neither the evaluation (eval) nor the benchmarks (bench), nor the
// safety engine's labelled corpus.
func TestBinariesLinkNoTooling(t *testing.T) {
	tooling := []string{module + "/eval", module + "/bench", module + "/safety/corpus"}
	for _, tags := range []string{"", "llamacpp"} {
		deps := goList(t, tags, "-deps", module+"/cmd/cmdai", module+"/cmd/cmdai-server")
		// The offline engine, which once reached into eval for its grammar, is linked: the list is real.
		if !slices.Contains(deps, module+"/models/offline/shape") {
			t.Fatalf("-tags %q: the binaries do not link models/offline/shape; this test checks nothing", tags)
		}
		for _, dep := range deps {
			for _, tool := range tooling {
				if under(dep, tool) {
					t.Errorf("-tags %q: a shipped binary links %s", tags, dep)
				}
			}
		}
	}
}

// Only the evaluation itself and the eval and train commands import eval, and nothing imports bench:
// benchmark programs are mains that share nothing.
func TestToolingImports(t *testing.T) {
	evalUsers := []string{module + "/cmd/cmdai-eval", module + "/cmd/cmdai-train"}
	const imports = `{{.ImportPath}}{{range .Imports}} {{.}}{{end}}{{range .TestImports}} {{.}}{{end}}{{range .XTestImports}} {{.}}{{end}}`
	seen := 0
	for _, tags := range []string{"", "llamacpp"} {
		for _, line := range goList(t, tags, "-f", imports, module+"/...") {
			fields := strings.Fields(line)
			pkg := fields[0]
			for _, imp := range fields[1:] {
				switch {
				case under(imp, module+"/bench"):
					t.Errorf("%s imports %s", pkg, imp)
				case under(imp, module+"/eval") && !under(pkg, module+"/eval") && !slices.Contains(evalUsers, pkg):
					t.Errorf("%s imports %s; only the eval and train commands may", pkg, imp)
				case under(imp, module+"/eval"):
					seen++
				}
			}
		}
	}
	if seen == 0 {
		t.Fatal("no package imports eval, not even cmd/cmdai-eval: this test checks nothing")
	}
}
