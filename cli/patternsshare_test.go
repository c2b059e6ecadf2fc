package cli

import (
	"strings"
	"testing"
)

// The team server reads every ${...} as a parameter: the shell's own variables go out as $NAME, and
// where that would change the command the person is asked to rewrite it.
func TestTeamTemplate(t *testing.T) {
	for _, tt := range []struct{ in, want, err string }{
		{"tail ${file} > ${HOME}/out", "tail ${file} > $HOME/out", ""},
		{"echo ${PATH} ${USER}", "echo $PATH $USER", ""},
		{"ls ${dir}", "ls ${dir}", ""},
		{"ls ${HOME}x", "", `write it as "$HOME"x`},
	} {
		got, err := teamTemplate(tt.in)
		switch {
		case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)):
			t.Errorf("teamTemplate(%q) error = %v, want %q", tt.in, err, tt.err)
		case tt.err == "" && (err != nil || got != tt.want):
			t.Errorf("teamTemplate(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
}
