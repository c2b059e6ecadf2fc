package cli

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"

	"github.com/cmdai/cmdai/config"
	"github.com/cmdai/cmdai/models"
	"github.com/cmdai/cmdai/models/backends"
	"github.com/cmdai/cmdai/models/modelcache"
)

// openBackend opens the backend named by the flag, else by the config, in this process (--no-daemon, or
// no daemon reachable). model is the --model flag; empty means each backend's configured model.
func openBackend(ctx context.Context, cfg config.Config, emb Embedded, name, model string) (models.Backend, error) {
	name = cmp.Or(name, cfg.Backend)
	if !slices.Contains(config.Backends, name) {
		return nil, usageErrorf("unknown backend %q (want one of auto, offline, embedded, ollama, openai)", name)
	}
	p := &inProcess{cfg: cfg, emb: emb, model: model, open: map[string]models.Backend{}}
	if name == "auto" {
		return &autoBackend{p}, nil
	}
	return p.backend(ctx, name)
}

// inProcess runs backends in this process, each opened when first asked for and closed with it.
type inProcess struct {
	cfg   config.Config
	emb   Embedded
	model string // the --model flag; empty: each backend's configured one

	mu   sync.Mutex
	open map[string]models.Backend
}

// backend opens the named backend, once.
func (p *inProcess) backend(ctx context.Context, name string) (models.Backend, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if b, ok := p.open[name]; ok {
		return b, nil
	}
	var b models.Backend
	var err error
	if name == "embedded" {
		b, err = openEmbedded(ctx, p.cfg, p.emb, p.model)
	} else {
		b, err = backends.Open(name, backends.FromConfig(p.cfg, name, p.model))
	}
	if err != nil {
		return nil, err
	}
	p.open[name] = b
	return b, nil
}

// readyTimeout bounds how long `auto` waits for a model server to say it is there before answering
// without it.
const readyTimeout = 2 * time.Second

// Ready implements backends.Runner: the embedded model is ready when the binary runs llama.cpp and the
// model is cached; a server when it answers within readyTimeout.
func (p *inProcess) Ready(ctx context.Context, name string) error {
	switch name {
	case "offline":
		return nil
	case "embedded":
		if p.emb.Cached == nil {
			return errNoEmbedded
		}
		_, err := p.emb.Cached(modelcache.DefaultDir(), cmp.Or(p.model, backends.ModelFor(p.cfg, name)))
		return err
	}
	b, err := p.backend(ctx, name)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, readyTimeout)
	defer cancel()
	return b.Health(ctx)
}

// Generate implements backends.Runner.
func (p *inProcess) Generate(ctx context.Context, name string, req models.Request, onToken models.TokenFunc) (models.Response, error) {
	b, err := p.backend(ctx, name)
	if err != nil {
		return models.Response{}, err
	}
	return b.Generate(ctx, req, onToken)
}

func (p *inProcess) Close() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	var errs []error
	for name, b := range p.open {
		errs = append(errs, b.Close())
		delete(p.open, name)
	}
	return errors.Join(errs...)
}

// autoBackend is `auto` without a daemon, in the order the daemon's follows (backends.Auto). It has no
// history or patterns to answer from: those are the daemon's.
type autoBackend struct {
	p *inProcess
}

func (a *autoBackend) Name() string { return "auto" }
func (a *autoBackend) Close() error { return a.p.Close() }

func (a *autoBackend) Health(ctx context.Context) error {
	if backends.Choose(ctx, a.p) == "" {
		return backends.ErrNoBackend
	}
	return nil
}

func (a *autoBackend) Generate(ctx context.Context, req models.Request, onToken models.TokenFunc) (models.Response, error) {
	return backends.Auto(ctx, a.p, req, onToken)
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
