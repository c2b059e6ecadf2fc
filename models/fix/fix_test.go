package fix

import (
	"errors"
	"testing"

	"github.com/cmdai/cmdai/models"
)

func TestSuggest(t *testing.T) {
	installed := map[string]bool{"git": true, "ls": true, "apt-get": true, "grep": true, "mkdir": true, "cd": true, "gzip": true}
	f := Fixer{Exists: func(n string) bool { return installed[n] }}
	for _, tc := range []struct {
		cmd  string
		code int
		want string
		err  error
	}{
		{"gti status", 127, "git status", nil},
		{"sl -la", 127, "ls -la", nil},
		{"grpe -r foo .", 127, "grep -r foo .", nil},
		{"mkdri -p a/b", 127, "mkdir -p a/b", nil},
		{"git stauts", 1, "git status", nil},
		{"git comit -m 'x y'", 1, "git commit -m 'x y'", nil},
		{"apt-get install -y jq", 100, "sudo apt-get install -y jq", nil},
		{"systemctl restart nginx", 1, "sudo systemctl restart nginx", nil},
		{"git status", 0, "", ErrNothingToFix},
		{"cd /nonexistant", 1, "", ErrNoFix},
		{"frobnicate --all", 127, "", ErrNoFix},
		{"./build.sh", 127, "", ErrNoFix},
		{"grep foo missing.txt", 2, "", ErrNoFix},
		{"sudo apt-get install jq", 100, "", ErrNoFix},
		{"", 1, "", ErrNoFix},
	} {
		t.Run(tc.cmd, func(t *testing.T) {
			got, err := f.Suggest([]models.HistoryHint{{Command: "ls", ExitCode: 0}, {Command: tc.cmd, ExitCode: tc.code}})
			if tc.err != nil {
				if !errors.Is(err, tc.err) {
					t.Fatalf("Suggest(%q, %d) = %q, %v; want %v", tc.cmd, tc.code, got.Command, err, tc.err)
				}
				return
			}
			if err != nil || got.Command != tc.want || got.Explanation == "" {
				t.Fatalf("Suggest(%q, %d) = %q (%q), %v; want %q", tc.cmd, tc.code, got.Command, got.Explanation, err, tc.want)
			}
		})
	}
}

func TestDistance(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want int
	}{{"gti", "git", 1}, {"git", "git", 0}, {"", "ls", 2}, {"mkdri", "mkdir", 1}, {"kitten", "sitting", 3}} {
		if got := distance(tc.a, tc.b); got != tc.want {
			t.Errorf("distance(%q, %q) = %d; want %d", tc.a, tc.b, got, tc.want)
		}
	}
}
