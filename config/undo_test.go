package config

import (
	"strings"
	"testing"
)

func TestUndoSettings(t *testing.T) {
	cfg, err := Parse("c.toml", []byte("[undo]\nenabled = false\nmax_size = \"500MB\"\nkeep_days = 3\n"))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Undo != (Undo{Enabled: false, MaxSize: "500MB", KeepDays: 3}) {
		t.Fatalf("undo %+v", cfg.Undo)
	}
	for in, want := range map[string]string{
		"[undo]\nmax_size = \"lots\"\n": "undo.max_size",
		"[undo]\nkeep_days = 0\n":       "undo.keep_days: 0 is less than one day",
	} {
		if _, err := Parse("c.toml", []byte(in)); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: err %v, want %q", in, err, want)
		}
	}
}
