package cli

import (
	"cmp"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/cmdai/cmdai/config"
	"github.com/cmdai/cmdai/models"
	"github.com/cmdai/cmdai/models/offline"
	"github.com/cmdai/cmdai/models/ollama"
	"github.com/cmdai/cmdai/models/openai"
)

// openBackend opens the backend named by the flag, else by the config, in this process (--no-daemon, or
// no daemon reachable). model is the --model flag; empty means the backend's section of the config, then
// the top-level model.
func openBackend(ctx context.Context, cfg config.Config, emb Embedded, name, model string) (models.Backend, error) {
	if name == "" {
		name = cfg.Backend
	}
	if !slices.Contains(config.Backends, name) {
		return nil, usageErrorf("unknown backend %q (want one of auto, offline, embedded, ollama, openai)", name)
	}
	switch name {
	case "offline":
		return openOffline()
	case "ollama":
		return ollama.New(ollama.Options{URL: cfg.Ollama.URL, Model: cmp.Or(model, cfg.Ollama.Model, cfg.Model),
			KeepAlive: cfg.Ollama.KeepAlive})
	case "openai":
		return openai.New(openai.Options{URL: cfg.OpenAI.URL, Model: cmp.Or(model, cfg.OpenAI.Model, cfg.Model),
			APIKeyEnv: cfg.OpenAI.APIKeyEnv})
	case "embedded":
		return openEmbedded(ctx, cfg, emb, model)
	}
	eng, err := openOffline()
	if err != nil {
		return nil, err
	}
	o, err := ollama.New(ollama.Options{URL: cfg.Ollama.URL, Model: cmp.Or(model, cfg.Ollama.Model, cfg.Model),
		KeepAlive: cfg.Ollama.KeepAlive})
	if err != nil {
		return nil, err
	}
	return &autoBackend{offline: eng, model: o}, nil
}

func openOffline() (*offline.Engine, error) {
	eng, err := offline.New()
	if err != nil {
		return nil, fmt.Errorf("load the offline engine: %w", err)
	}
	return eng, nil
}

// instantConfidence is how sure the offline engine must be to answer before a model is asked; the
// daemon's auto chain uses the same bar.
const instantConfidence = 0.7

// autoBackend is `auto` without a daemon: the offline engine when it is sure, else Ollama when it
// answers, else the offline engine at its own threshold. (It leaves the embedded model to the daemon,
// which keeps it warm: loading it for one answer costs more than the answer.)
type autoBackend struct {
	offline *offline.Engine
	model   models.Backend
}

func (a *autoBackend) Name() string                     { return "auto" }
func (a *autoBackend) Health(ctx context.Context) error { return a.offline.Health(ctx) }
func (a *autoBackend) Close() error                     { return a.model.Close() }

func (a *autoBackend) Generate(ctx context.Context, req models.Request, onToken models.TokenFunc) (models.Response, error) {
	resp, offErr := a.offline.Generate(ctx, req, nil)
	if offErr == nil && resp.Confidence >= instantConfidence {
		if onToken != nil {
			onToken(resp.Command)
		}
		return resp, nil
	}
	hctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	healthErr := a.model.Health(hctx)
	cancel()
	if healthErr == nil {
		mresp, err := a.model.Generate(ctx, req, onToken)
		if err == nil || ctx.Err() != nil {
			return mresp, err
		}
	}
	if offErr == nil && onToken != nil {
		onToken(resp.Command)
	}
	return resp, offErr
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
