package config

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/cmdai/cmdai/assets"
	"github.com/cmdai/cmdai/safety"
)

// The shipped, commented config must decode to exactly the defaults: one source of truth.
func TestDefaultFileMatchesDefaults(t *testing.T) {
	got, err := Parse("config.toml", []byte(assets.DefaultConfig))
	if err != nil {
		t.Fatalf("default config does not parse: %v", err)
	}
	if want := Default(); !reflect.DeepEqual(got, want) {
		t.Fatalf("default file decodes to\n%+v\nwant\n%+v", got, want)
	}
}

func TestLoadMissingFileGivesDefaults(t *testing.T) {
	cfg, err := Load(filepath.Join(t.TempDir(), "nope.toml"))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(cfg, Default()) {
		t.Fatalf("got %+v", cfg)
	}
}

func TestParseSettings(t *testing.T) {
	cfg, err := Parse("c.toml", []byte(`
backend = "offline"
shell = "zsh"
[safety]
mode = "strict"
[[safety.deny]]
command = "terraform"
args = ["apply"]
risk = "high"
reason = "use the pipeline"
[ollama]
url = "http://10.0.0.2:11434"
`))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Backend != "offline" || cfg.Shell != "zsh" || cfg.Safety.Mode != "strict" {
		t.Fatalf("got %+v", cfg)
	}
	want := []safety.Rule{{Command: "terraform", Args: []string{"apply"}, Risk: safety.High, Reason: "use the pipeline"}}
	if !reflect.DeepEqual(cfg.Safety.Deny, want) {
		t.Fatalf("deny = %+v", cfg.Safety.Deny)
	}
	if cfg.Ollama.URL != "http://10.0.0.2:11434" || cfg.Ollama.Model != Default().Ollama.Model {
		t.Fatalf("ollama = %+v: unset keys must keep their defaults", cfg.Ollama)
	}
	opts := cfg.SafetyOptions("zsh")
	if opts.Mode != safety.ModeStrict || opts.Shell != "zsh" || len(opts.Deny) != 1 {
		t.Fatalf("options = %+v", opts)
	}
}

func TestParseErrorsNameTheLine(t *testing.T) {
	tests := []struct {
		name, file, want string
	}{
		{"unknown key", "backend = \"auto\"\n\n[safety]\nmod = \"strict\"\n", "c.toml:4: unknown key safety.mod; did you mean safety.mode?"},
		{"syntax", "backend = \"auto\"\nshell = \n", "c.toml:2:"},
		{"bad value", "backend = \"auto\"\n[safety]\n\nmode = \"paranoid\"\n", `c.toml:4: safety.mode: unknown safety mode "paranoid"`},
		{"bad backend", "backend = \"gpt\"\n", `c.toml:1: backend: unknown backend "gpt"`},
		{"bad risk", "[[safety.deny]]\ncommand = \"x\"\nrisk = \"extreme\"\n", "c.toml:3:"},
		{"rule without command", "[[safety.allow]]\nargs = [\"-f\"]\n", "safety.allow[0]: command is required"},
		{"bad ollama url", "[ollama]\nurl = \"localhost:11434\"\n", `ollama.url: "localhost:11434" is not an http or https URL`},
		{"bad openai url", "[openai]\nurl = \"\"\n", `openai.url: "" is not an http or https URL`},
		{"negative threads", "[embedded]\nthreads = -2\n", "embedded: context_size and threads must not be negative"},
		{"negative max_tokens", "[embedded]\nmax_tokens = -1\n", "embedded: max_tokens must not be negative"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("c.toml", []byte(tt.file))
			var ce *Error
			if !errors.As(err, &ce) {
				t.Fatalf("err = %v, want *config.Error", err)
			}
			if !strings.HasPrefix(err.Error(), tt.want) && !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %q, want it to contain %q", err, tt.want)
			}
		})
	}
}

func TestPathsFollowXDG(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(dir, "c"))
	t.Setenv("XDG_DATA_HOME", filepath.Join(dir, "d"))
	t.Setenv("XDG_STATE_HOME", "relative/is/ignored")
	t.Setenv("HOME", dir)
	if got := Path(); got != filepath.Join(dir, "c", "cmdai", "config.toml") {
		t.Errorf("Path() = %s", got)
	}
	if got := DataDir(); got != filepath.Join(dir, "d", "cmdai") {
		t.Errorf("DataDir() = %s", got)
	}
	if got := StateDir(); got != filepath.Join(dir, ".local", "state", "cmdai") {
		t.Errorf("StateDir() = %s: a relative XDG path must be ignored, as the spec says", got)
	}
}

func TestLoadUnreadableFile(t *testing.T) {
	if os.Geteuid() == 0 {
		// root reads any file; use a directory instead, which no one can read as a file.
		_, err := Load(t.TempDir())
		if err == nil {
			t.Fatal("loading a directory succeeded")
		}
		return
	}
	p := filepath.Join(t.TempDir(), "c.toml")
	os.WriteFile(p, []byte("backend='auto'"), 0o000)
	if _, err := Load(p); err == nil {
		t.Fatal("loading an unreadable file succeeded")
	}
}
