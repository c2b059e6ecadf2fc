package undo

import (
	"path/filepath"
	"time"

	"github.com/cmdai/cmdai/config"
)

// Options say where snapshots live, how much one may hold and how long they are kept.
type Options struct {
	// Dir is the store; empty means DefaultDir().
	Dir string
	// MaxBytes bounds the file contents one snapshot holds: a command that would touch more runs without
	// one. Zero or less means no bound.
	MaxBytes int64
	// Keep is how long snapshots are kept; zero means DefaultKeep.
	Keep time.Duration
	// Disabled takes no snapshots at all.
	Disabled bool
}

// DefaultKeep is how long snapshots are kept when Options do not say.
const DefaultKeep = 7 * 24 * time.Hour

// DefaultDir is the store's place: $XDG_DATA_HOME/cmdai/undo.
func DefaultDir() string { return filepath.Join(config.DataDir(), "undo") }

// OptionsFrom reads the undo section of the configuration.
func OptionsFrom(cfg config.Config) Options {
	size, _ := config.ParseSize(cfg.Undo.MaxSize) // validated when the file was loaded
	return Options{Dir: DefaultDir(), MaxBytes: size, Keep: time.Duration(cfg.Undo.KeepDays) * 24 * time.Hour,
		Disabled: !cfg.Undo.Enabled}
}

func (o Options) withDefaults() Options {
	if o.Dir == "" {
		o.Dir = DefaultDir()
	}
	if o.Keep <= 0 {
		o.Keep = DefaultKeep
	}
	return o
}
