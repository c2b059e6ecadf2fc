// Package config loads, validates and locates cmdai's TOML configuration; the Config struct and its
// defaults are the single source of truth for every setting.
package config

import (
	"fmt"
	"net/url"
	"slices"
	"time"

	"github.com/cmdai/cmdai/safety"
)

// Backends lists the values the backend setting accepts. `auto` tries, in order: the instant path
// (history, team patterns, the offline engine when it is confident), the embedded model when one is
// cached, Ollama when it answers, then the offline engine (models/backends decides).
var Backends = []string{"auto", "offline", "embedded", "ollama", "openai"}

// Shells lists the shells cmdai writes commands for.
var Shells = []string{"bash", "zsh", "fish", "sh"}

// Config is the whole configuration file.
type Config struct {
	// Backend is the preferred backend: auto, offline, embedded, ollama or openai.
	Backend string `toml:"backend"`
	// Model names the model for model backends; empty means the backend's default.
	Model string `toml:"model"`
	// Shell is the shell commands are written for; empty means the basename of $SHELL.
	Shell  string `toml:"shell"`
	Safety Safety `toml:"safety"`
	Ollama Ollama `toml:"ollama"`
	OpenAI OpenAI `toml:"openai"`
	// Embedded tunes the llama.cpp backend that runs models from the cache inside the daemon.
	Embedded Embedded `toml:"embedded"`
	Daemon   Daemon   `toml:"daemon"`
	Models   Models   `toml:"models"`
	Cloud    Cloud    `toml:"cloud"`
	Undo     Undo     `toml:"undo"`
}

// Safety holds the safety mode and the person's own rules.
type Safety struct {
	// Mode is strict, moderate or permissive.
	Mode  string        `toml:"mode"`
	Allow []safety.Rule `toml:"allow"`
	Deny  []safety.Rule `toml:"deny"`
}

// Ollama locates an Ollama server.
type Ollama struct {
	URL   string `toml:"url"`
	Model string `toml:"model"`
	// KeepAlive is how long Ollama keeps the model loaded after a request, as Ollama parses it ("30m").
	KeepAlive string `toml:"keep_alive"`
}

// OpenAI locates an OpenAI-compatible server (vLLM, llama-server, LM Studio).
type OpenAI struct {
	URL   string `toml:"url"`
	Model string `toml:"model"`
	// APIKeyEnv names the environment variable that holds the API key; the key itself never goes in the file.
	APIKeyEnv string `toml:"api_key_env"`
}

// Embedded tunes the in-daemon llama.cpp backend; zero values pick its defaults.
type Embedded struct {
	// ContextSize is the context window in tokens (0: 4096).
	ContextSize int `toml:"context_size"`
	// Threads is how many CPU threads generation uses (0: every CPU).
	Threads int `toml:"threads"`
	// GPULayers is how many layers go to a GPU in builds that have one; -1 offloads all, 0 none.
	GPULayers int `toml:"gpu_layers"`
	// MaxTokens bounds the tokens of one answer (0: 1024).
	MaxTokens int `toml:"max_tokens"`
}

// Daemon tunes the background process that keeps models warm.
type Daemon struct {
	// KeepWarm is how long an idle model stays loaded ("30m"; "0" never unloads).
	KeepWarm string `toml:"keep_warm"`
	// Autostart lets clients start the daemon when it is not running.
	Autostart bool `toml:"autostart"`
	// Preload loads the backend when the daemon starts rather than at the first request.
	Preload bool `toml:"preload"`
	// IdleExit stops the daemon after this long without a request ("0" never); clients start it again.
	IdleExit string `toml:"idle_exit"`
	// HistoryDays deletes history entries older than this many days; 0 keeps them all.
	HistoryDays int `toml:"history_days"`
}

// Models tunes the local model cache under the data directory.
type Models struct {
	// MaxSize caps the cache ("20GB"); beyond it the least recently used models are removed. "0" means no cap.
	MaxSize string `toml:"max_size"`
}

// Undo tunes the snapshots taken before a command deletes, overwrites, truncates or moves files, which
// `cmdai undo` restores.
type Undo struct {
	// Enabled takes the snapshots; false runs commands without them.
	Enabled bool `toml:"enabled"`
	// MaxSize is the most file content one snapshot holds ("1GB"): a command that would touch more runs
	// without one, and the preview says so. "0" means no bound.
	MaxSize string `toml:"max_size"`
	// KeepDays is how long snapshots are kept; the daemon removes older ones.
	KeepDays int `toml:"keep_days"`
}

// Cloud locates the cmdai cloud API for sync.
type Cloud struct {
	URL string `toml:"url"`
	// CAFile is a PEM file of certificate authorities trusted for the server besides the system's (a
	// self-hosted server with a private CA).
	CAFile string `toml:"ca_file"`
	// AllowInsecureHTTP lets the client speak plain http:// to a server that is not on this machine;
	// without it only https:// is used there.
	AllowInsecureHTTP bool `toml:"allow_insecure_http"`
}

// Default returns the configuration used when the file is missing; every default lives here.
func Default() Config {
	return Config{
		Backend: "auto",
		Safety:  Safety{Mode: string(safety.ModeModerate)},
		Ollama:  Ollama{URL: "http://127.0.0.1:11434", Model: "qwen2.5-coder:1.5b", KeepAlive: "30m"},
		OpenAI:  OpenAI{URL: "http://127.0.0.1:8000/v1", APIKeyEnv: "OPENAI_API_KEY"},
		Daemon:  Daemon{KeepWarm: "30m", Autostart: true, Preload: true, IdleExit: "0"},
		Models:  Models{MaxSize: "20GB"},
		Undo:    Undo{Enabled: true, MaxSize: "1GB", KeepDays: 7},
	}
}

// Validate reports the first setting that holds a value cmdai cannot use, naming its key.
func (c Config) Validate() error {
	if p := c.problems(); len(p) > 0 {
		return p[0]
	}
	return nil
}

// problems lists every setting that holds a value cmdai cannot use, each message starting with its key.
func (c Config) problems() []error {
	var out []error
	add := func(format string, args ...any) { out = append(out, fmt.Errorf(format, args...)) }
	if !slices.Contains(Backends, c.Backend) {
		add("backend: unknown backend %q (want one of %v)", c.Backend, Backends)
	}
	if c.Shell != "" && !slices.Contains(Shells, c.Shell) {
		add("shell: unknown shell %q (want one of %v)", c.Shell, Shells)
	}
	if _, err := safety.ParseMode(c.Safety.Mode); err != nil {
		add("safety.mode: %w", err)
	}
	if _, err := ParseDuration(c.Daemon.KeepWarm); err != nil {
		add("daemon.keep_warm: %w", err)
	}
	if _, err := ParseDuration(c.Daemon.IdleExit); err != nil {
		add("daemon.idle_exit: %w", err)
	}
	if _, err := ParseSize(c.Models.MaxSize); err != nil {
		add("models.max_size: %w", err)
	}
	for _, u := range [][2]string{{"ollama.url", c.Ollama.URL}, {"openai.url", c.OpenAI.URL}} {
		if pu, err := url.Parse(u[1]); err != nil || (pu.Scheme != "http" && pu.Scheme != "https") || pu.Host == "" {
			add("%s: %q is not an http or https URL", u[0], u[1])
		}
	}
	if c.Embedded.ContextSize < 0 || c.Embedded.Threads < 0 {
		add("embedded: context_size and threads must not be negative (0 picks the default)")
	}
	if c.Embedded.MaxTokens < 0 {
		add("embedded: max_tokens must not be negative (0 picks the default)")
	}
	if _, err := ParseSize(c.Undo.MaxSize); err != nil {
		add("undo.max_size: %w", err)
	}
	if c.Undo.KeepDays < 1 {
		add("undo.keep_days: %d is less than one day", c.Undo.KeepDays)
	}
	if c.Daemon.HistoryDays < 0 {
		add("daemon.history_days: %d is negative (0 keeps all history)", c.Daemon.HistoryDays)
	}
	for i, r := range c.Safety.Allow {
		if r.Command == "" {
			add("safety.allow[%d]: command is required", i)
		}
	}
	for i, r := range c.Safety.Deny {
		if r.Command == "" {
			add("safety.deny[%d]: command is required", i)
		}
	}
	return out
}

// SafetyOptions turns the safety section into options for safety.Check.
func (c Config) SafetyOptions(shell string) safety.Options {
	mode, _ := safety.ParseMode(c.Safety.Mode)
	return safety.Options{Shell: shell, Mode: mode, Allow: c.Safety.Allow, Deny: c.Safety.Deny}
}

// ParseDuration reads a duration setting such as "30m" or "2h"; "0" and "" mean zero (never).
func ParseDuration(s string) (time.Duration, error) {
	if s == "" || s == "0" {
		return 0, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < 0 {
		return 0, fmt.Errorf("invalid duration %q (want a value such as \"30m\" or \"2h\", or \"0\")", s)
	}
	return d, nil
}
