package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"

	"github.com/cmdai/cmdai/config"
	"github.com/cmdai/cmdai/models"
	"github.com/cmdai/cmdai/models/offline"
)

// openBackend picks the backend named by the flag, else by the config.
func openBackend(cfg config.Config, name string) (models.Backend, error) {
	if name == "" {
		name = cfg.Backend
	}
	if !slices.Contains(config.Backends, name) {
		return nil, usageErrorf("unknown backend %q (want one of auto, offline, embedded, ollama, openai)", name)
	}
	switch name {
	case "auto", "offline":
		// auto answers with the offline engine until model backends are configured and cached.
		eng, err := offline.New()
		if err != nil {
			return nil, fmt.Errorf("load the offline engine: %w", err)
		}
		return eng, nil
	}
	return nil, fmt.Errorf("the %s backend is not available in this build: use --backend offline (or auto)", name)
}

// resolveShell picks the shell to write for: the flag, the config, then $SHELL, then bash.
func resolveShell(flag string, cfg config.Config) (string, error) {
	if flag != "" {
		if !slices.Contains(config.Shells, flag) {
			return "", usageErrorf("unknown shell %q (want bash, zsh, fish or sh)", flag)
		}
		return flag, nil
	}
	if cfg.Shell != "" {
		return cfg.Shell, nil
	}
	if base := filepath.Base(os.Getenv("SHELL")); slices.Contains(config.Shells, base) {
		return base, nil
	}
	return "bash", nil
}

// loadShellConfig loads the config and resolves the shell the command is for, as every command that
// checks or generates needs both.
func loadShellConfig(shellFlag string) (config.Config, string, error) {
	cfg, err := loadConfig()
	if err != nil {
		return cfg, "", err
	}
	shell, err := resolveShell(shellFlag, cfg)
	return cfg, shell, err
}

// loadConfig reads the config file and explains how to fix it when it is broken.
func loadConfig() (config.Config, error) {
	cfg, err := config.Load(config.Path())
	if err != nil {
		return cfg, fmt.Errorf("%w\nfix it with 'cmdai config edit'", err)
	}
	return cfg, nil
}
