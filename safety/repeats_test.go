package safety

import "testing"

// Each reason is given once, however many places in the command it applies to.
func TestFindingsAreNotRepeated(t *testing.T) {
	for _, cmd := range []string{
		":(){ :|:& };:",
		"bomb(){ bomb|bomb& }; bomb",
		"rm -rf ~/a; rm -rf ~/a",
		"sudo reboot; sudo reboot",
	} {
		v := Check(cmd, Options{Shell: "bash"})
		seen := map[[2]string]bool{}
		for _, f := range v.Findings {
			k := [2]string{f.Rule, f.Message}
			if seen[k] {
				t.Errorf("%q: %s %q twice", cmd, f.Rule, f.Message)
			}
			seen[k] = true
		}
		if len(v.Findings) == 0 {
			t.Errorf("%q: no findings", cmd)
		}
	}
}
