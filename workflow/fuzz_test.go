package workflow_test

import (
	"os"
	"strings"
	"testing"

	"mvdan.cc/sh/v3/syntax"

	"github.com/cmdai/cmdai/workflow"
)

// FuzzParse: any file parses or is refused with an error, validation never panics, and a value
// interpolated into a command never changes how many words the shell sees.
func FuzzParse(f *testing.F) {
	if seed, err := os.ReadFile("testdata/deploy-nextjs-to-aws.yaml"); err == nil {
		f.Add(string(seed), "x; rm -rf ~")
	}
	f.Add("name: a\nsteps:\n  - name: b\n    action: command\n    command: echo ${p}\n", `'"$(id)"`)
	f.Fuzz(func(t *testing.T, src, value string) {
		if w, err := workflow.Parse([]byte(src)); err == nil {
			_ = workflow.Validate(w, nil)
			_ = workflow.FindCycle(w)
		}
		if strings.IndexByte(value, 0) >= 0 {
			return
		}
		sc := workflow.Scope{Params: map[string]string{"p": value}}
		cmd, err := sc.ExpandShell(`printf '%s\n' ${p} "${p}" 'a${p}b'`)
		if err != nil {
			t.Fatal(err)
		}
		file, err := syntax.NewParser().Parse(strings.NewReader(cmd), "")
		if err != nil {
			t.Fatalf("%q made %q, which does not parse: %v", value, cmd, err)
		}
		if len(file.Stmts) != 1 {
			t.Fatalf("%q made %d statements: %q", value, len(file.Stmts), cmd)
		}
		call, ok := file.Stmts[0].Cmd.(*syntax.CallExpr)
		if !ok || len(call.Args) != 5 {
			t.Fatalf("%q changed the command's words: %q", value, cmd)
		}
		syntax.Walk(file, func(n syntax.Node) bool {
			switch n.(type) {
			case *syntax.CmdSubst, *syntax.ParamExp, *syntax.ArithmExp, *syntax.ProcSubst:
				t.Fatalf("%q runs as code in %q", value, cmd)
			}
			return true
		})
	})
}
