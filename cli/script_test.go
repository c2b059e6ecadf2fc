package cli_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/cmdai/cmdai/cli"
	"github.com/rogpeppe/go-internal/testscript"
)

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"cmdai": func() { os.Exit(cli.Main(os.Args[1:])) },
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
		Cmds: map[string]func(*testscript.TestScript, bool, []string){
			"pty":      ptyCmd,
			"exitcode": exitCodeCmd,
		},
	})
}
