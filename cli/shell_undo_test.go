package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cmdai/cmdai/internal/treetest"
)

// The shell's `cmdai REQUEST` runs the accepted command in the shell itself, after the popup has ended:
// the popup snapshots what it will delete just before handing it over, record-exit commits the snapshot,
// and `cmdai undo` in the same shell puts the tree back. Real bash, zsh and fish in tmux.
func TestShellUndo(t *testing.T) {
	bin := t.TempDir()
	installCmdai(t, bin)
	for _, shell := range []string{"bash", "zsh", "fish"} {
		t.Run(shell, func(t *testing.T) {
			t.Parallel()
			s := startShell(t, shell, bin)
			s.loadIntegration(shell)
			build := filepath.Join(s.dir, "build")
			if err := treetest.Make(build, 200, 0); err != nil {
				t.Fatal(err)
			}
			before, err := treetest.Hash(build)
			if err != nil {
				t.Fatal(err)
			}

			s.Type("cmdai remove the build directory")
			s.Keys("Enter")
			s.WaitFor("the answer", func(sc string) bool { return strings.Contains(sc, "enter run") })
			s.Keys("Tab")
			s.WaitFor("the editor", func(sc string) bool { return !strings.Contains(sc, "tab edit") })
			s.Keys("C-u")
			s.Type("rm -rf ./build")
			s.Keys("Enter")
			s.WaitFor("the command to run", func(sc string) bool {
				_, err := os.Lstat(build)
				l, ok := promptLine(sc)
				return os.IsNotExist(err) && ok && l == "" && !popupOpen(sc)
			})

			s.Type("cmdai undo")
			s.Keys("Enter")
			s.waitLine("the undo", func(l string) bool { return strings.HasPrefix(l, "done: ") })
			after, err := treetest.Hash(build)
			if err != nil || after != before {
				t.Fatalf("after undo the tree differs (%v); the screen shows:\n%s", err, s.Screen())
			}
		})
	}
}
