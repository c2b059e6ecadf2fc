package cli_test

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/cmdai/cmdai/cli"
	"github.com/cmdai/cmdai/daemon"
	"github.com/cmdai/cmdai/models/embedded"
	"github.com/rogpeppe/go-internal/testscript"
)

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		// The same dispatch as cmd/cmdai's main, so flows reach a real daemon that clients autostart.
		"cmdai": func() {
			if len(os.Args) >= 3 && os.Args[1] == "daemon" && os.Args[2] == "run" {
				os.Exit(daemon.Main(os.Args[3:]))
			}
			os.Exit(cli.Main(os.Args[1:], cli.WithEmbedded(cli.Embedded{Open: daemon.OpenEmbedded, Cached: embedded.CachedPath,
				Built: embedded.Available()})))
		},
	})
}

// TestScripts runs the CLI flows in testdata/script: each .txtar is a small shell session against the
// real binary, with its own home, config and working directory.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 filepath.Join("testdata", "script"),
		RequireExplicitExec: true,
		Setup: func(env *testscript.Env) error {
			for _, kv := range [][2]string{
				{"HOME", env.WorkDir + "/home"},
				{"XDG_CONFIG_HOME", env.WorkDir + "/config"},
				{"XDG_DATA_HOME", env.WorkDir + "/data"},
				{"XDG_STATE_HOME", env.WorkDir + "/state"},
				{"XDG_RUNTIME_DIR", env.WorkDir + "/run"},
				{"SHELL", "/bin/sh"},
				{"TERM", "xterm-256color"},
				{"NO_COLOR", "1"},
			} {
				env.Setenv(kv[0], kv[1])
			}
			return os.MkdirAll(env.WorkDir+"/home", 0o755)
		},
		// [llamacpp]: this test binary links llama.cpp (built with -tags llamacpp).
		Condition: func(cond string) (bool, error) {
			if cond == "llamacpp" {
				return embedded.Available(), nil
			}
			return false, fmt.Errorf("unknown condition %q", cond)
		},
		Cmds: map[string]func(*testscript.TestScript, bool, []string){
			"pty":           ptyCmd,
			"exitcode":      exitCodeCmd,
			"ollama-stub":   ollamaStubCmd,
			"silent-server": silentServerCmd,
			"mktree":        mkTreeCmd,
			"treehash":      treeHashCmd,
		},
	})
}
