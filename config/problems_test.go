package config

import (
	"errors"
	"strings"
	"testing"
)

// Every problem of a file comes back at once, in line order, each with its line: unknown keys and
// tables with what they were likely meant to be, values of the wrong type with the type the setting
// takes, and values cmdai cannot use. What is fine in the file still applies.
func TestParseReportsEveryProblem(t *testing.T) {
	file := `backend = "offline"
shel = "zsh"

[safty]
mode = "strict"

[models]
max_size = 20

[daemon]
keep_warm = "forever"
autostart = "yes"

[[safety.deny]]
command = "terraform"
args = ["destroy"]

[[safety.deny]]
risk = "extreme"
command = "kubectl"

[[safety.deny]]
args = ["-rf"]
`
	cfg, err := Parse("c.toml", []byte(file))
	var es Errors
	if !errors.As(err, &es) {
		t.Fatalf("err = %v, want Errors", err)
	}
	want := []string{
		`c.toml:2: unknown key shel; did you mean shell?`,
		`c.toml:4: unknown table [safty]; did you mean [safety]?`,
		`c.toml:8: models.max_size: expected a string in quotes such as "20GB", got the number 20`,
		`c.toml:11: daemon.keep_warm: invalid duration "forever"`,
		`c.toml:12: daemon.autostart: expected true or false, got "yes"`,
		`c.toml:19: safety.deny[1].risk: `,
		`c.toml:22: safety.deny[2]: command is required`,
	}
	if len(es) != len(want) {
		t.Fatalf("%d problems, want %d:\n%v", len(es), len(want), err)
	}
	for i, w := range want {
		if !strings.HasPrefix(es[i].Error(), w) {
			t.Errorf("problem %d = %q, want %q…", i, es[i].Error(), w)
		}
	}
	// The rest of the file applies; each broken setting is its default.
	def := Default()
	if cfg.Backend != "offline" || cfg.Models.MaxSize != def.Models.MaxSize || cfg.Daemon.KeepWarm != def.Daemon.KeepWarm ||
		cfg.Daemon.Autostart != def.Daemon.Autostart || cfg.Safety.Mode != def.Safety.Mode {
		t.Errorf("config %+v: want the file's backend and the defaults for the broken settings", cfg)
	}
	// A deny rule with a bad risk still denies, at the default risk; one without a command goes.
	if len(cfg.Safety.Deny) != 2 || cfg.Safety.Deny[0].Command != "terraform" || cfg.Safety.Deny[1].Command != "kubectl" ||
		cfg.Safety.Deny[1].Risk != 0 {
		t.Errorf("deny rules %+v: want terraform's and kubectl's kept", cfg.Safety.Deny)
	}
}

func TestParseSyntaxErrorIsOneProblem(t *testing.T) {
	cfg, err := Parse("c.toml", []byte("backend = \"offline\"\nshell = \n"))
	var es Errors
	if !errors.As(err, &es) || len(es) != 1 || es[0].Line != 2 {
		t.Fatalf("err = %#v, want one problem on line 2", err)
	}
	if cfg.Backend != Default().Backend {
		t.Errorf("a file that does not parse gives the defaults, got %+v", cfg)
	}
}

func TestClosest(t *testing.T) {
	for s, want := range map[string]string{"safty": "safety", "mod": "mode", "Backend": "backend", "keepwarm": "keep_warm", "colour": ""} {
		if got := closest(s, []string{"backend", "safety", "mode", "keep_warm", "shell"}); got != want {
			t.Errorf("closest(%q) = %q, want %q", s, got, want)
		}
	}
}
