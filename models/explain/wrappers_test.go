package explain

import (
	"slices"
	"testing"
)

// TestWrappedProgramAfterOptionValues: a wrapper's option that takes a value ("xargs -d '\n'",
// "sudo -u www-data") is skipped whole, so that the program it runs is the one explained.
func TestWrappedProgramAfterOptionValues(t *testing.T) {
	for cmd, want := range map[string][]string{
		`xargs -d '\n' rm -- < stale.txt`: {"xargs", "rm"},
		"sudo -u www-data crontab -l":     {"sudo", "crontab"},
		"xargs -n 1 -P 4 gzip":            {"xargs", "gzip"},
		"timeout -s KILL 10 curl -sI x":   {"timeout", "curl"},
	} {
		var got []string
		for _, s := range Programs(cmd) {
			got = append(got, s.Program)
		}
		if !slices.Equal(got, want) {
			t.Errorf("Programs(%q) = %v, want %v", cmd, got, want)
		}
	}
}
