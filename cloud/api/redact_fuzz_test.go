package api

import "testing"

// FuzzRedact checks that Redact's shortcut never skips a string the regular expressions would change.
func FuzzRedact(f *testing.F) {
	for _, s := range []string{
		"", "GET", "/api/v1/commands", "ada@example.com", "key cmdai_abc and cmdair_def", "eyJa.eyJb.c",
		"Bearer x", "BEARER\ty", "bEaReR  z", "bearer", "beare r", "ﬀbearer x", "KBearer x", "x@y.zz",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := Redact(s), redactAll(s); got != want {
			t.Fatalf("Redact(%q) = %q, want %q", s, got, want)
		}
	})
}
