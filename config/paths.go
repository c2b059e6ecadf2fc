package config

import (
	"os"
	"path/filepath"
)

// Dir is cmdai's config directory: $XDG_CONFIG_HOME/cmdai, or ~/.config/cmdai.
func Dir() string { return xdg("XDG_CONFIG_HOME", ".config") }

// Path is the config file's location.
func Path() string { return filepath.Join(Dir(), "config.toml") }

// DataDir holds the store and models: $XDG_DATA_HOME/cmdai, or ~/.local/share/cmdai.
func DataDir() string { return xdg("XDG_DATA_HOME", filepath.Join(".local", "share")) }

// StateDir holds logs: $XDG_STATE_HOME/cmdai, or ~/.local/state/cmdai.
func StateDir() string { return xdg("XDG_STATE_HOME", filepath.Join(".local", "state")) }

func xdg(env, fallback string) string {
	if d := os.Getenv(env); filepath.IsAbs(d) {
		return filepath.Join(d, "cmdai")
	}
	home, err := os.UserHomeDir()
	if err != nil {
		home = os.TempDir()
	}
	return filepath.Join(home, fallback, "cmdai")
}
