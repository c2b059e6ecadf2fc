package offline

import (
	"context"
	"strings"
	"testing"

	"github.com/cmdai/cmdai/models"
)

// An explanation says what the command's options do: it matches the command it explains.
func TestExplanationsMatchTheCommand(t *testing.T) {
	e, err := New()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		prompt string
		cmd    string // a part of the command, so that the case tests what it means to
		says   []string
		never  []string
	}{
		{"list all files including hidden", "ls -a", []string{"hidden"}, nil},
		{"list files sorted by size", "S", []string{"largest first"}, nil},
		{"extract x.tar.gz into d", "-C d", []string{"x.tar.gz", "into d"}, []string{"-C"}},
		{"show disk space", "df -h", []string{"readable sizes"}, nil},
	} {
		resp, err := e.Generate(context.Background(), models.Request{Prompt: tc.prompt, OS: "linux", Shell: "bash"}, nil)
		if err != nil {
			t.Errorf("%q: %v", tc.prompt, err)
			continue
		}
		if !strings.Contains(resp.Command, tc.cmd) {
			t.Errorf("%q: command %q does not have %q: the case tests nothing", tc.prompt, resp.Command, tc.cmd)
		}
		for _, w := range tc.says {
			if !strings.Contains(resp.Explanation, w) {
				t.Errorf("%q: %q is explained as %q, which does not say %q", tc.prompt, resp.Command, resp.Explanation, w)
			}
		}
		for _, w := range tc.never {
			if strings.Contains(resp.Explanation, w) {
				t.Errorf("%q: explanation %q has %q", tc.prompt, resp.Explanation, w)
			}
		}
	}
}

func TestSayOptions(t *testing.T) {
	e, err := New()
	if err != nil {
		t.Fatal(err)
	}
	for cmd, want := range map[string]string{
		"ls -lah /tmp":           "List /tmp, with details, including hidden files, with readable sizes",
		"tar -xzvf x.tgz -C out": "List /tmp, showing each file, into out",
		"rm -rf build":           "List /tmp, with everything in it, without asking",
		"ls -a":                  "List /tmp, including hidden files",
		"echo -n x":              "List /tmp",
		"ls --all":               "List /tmp",
	} {
		if got := e.sayOptions(cmd, "List /tmp"); got != want {
			t.Errorf("sayOptions(%q) = %q, want %q", cmd, got, want)
		}
	}
}
