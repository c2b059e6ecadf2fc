package daemon

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/cmdai/cmdai/ipc"
	"github.com/cmdai/cmdai/models"
	"github.com/cmdai/cmdai/models/offline"
)

// Factory opens one kind of backend.
type Factory struct {
	// Open loads the backend for model (empty: the backend's default). It may take long (a model load).
	Open func(ctx context.Context, model string) (models.Backend, error)
	// Concurrency is how many generations the backend runs at once; further requests wait their turn.
	// A local model answers one request at a time; the offline engine answers many.
	Concurrency int
}

// autoOrder is the order `auto` tries backends in, as the architecture describes; this build has only
// the offline engine, and the others slot in as factories.
var autoOrder = []string{"embedded", "ollama", "offline"}

// DefaultFactories are the backends this build can run.
func DefaultFactories() map[string]Factory {
	return map[string]Factory{
		"offline": {
			Open: func(context.Context, string) (models.Backend, error) {
				e, err := offline.New()
				if err != nil {
					return nil, err
				}
				return e, nil
			},
			Concurrency: runtime.GOMAXPROCS(0),
		},
	}
}

// backends holds the loaded backends, one slot per backend and model, and queues generations per slot.
// check and history requests never come here, so they never wait behind a generation.
type backends struct {
	factories map[string]Factory
	log       *slog.Logger

	mu    sync.Mutex
	slots map[string]*slot
}

// slot is one backend and model: its queue, and the loaded backend while it is warm.
type slot struct {
	name, model string
	factory     Factory
	turns       chan struct{} // a token per running generation; its capacity is the concurrency

	mu       sync.Mutex // guards the fields below, and serialises loading
	b        models.Backend
	active   int
	lastUsed time.Time
}

func newBackends(factories map[string]Factory, log *slog.Logger) *backends {
	return &backends{factories: factories, log: log, slots: map[string]*slot{}}
}

// resolve turns a backend name from a request or the config into one this build runs.
func (bs *backends) resolve(name string) (string, error) {
	if name == "auto" || name == "" {
		for _, n := range autoOrder {
			if _, ok := bs.factories[n]; ok {
				return n, nil
			}
		}
	}
	if _, ok := bs.factories[name]; ok {
		return name, nil
	}
	return "", &ipc.Error{Status: 400, Code: ipc.CodeBadRequest,
		Message: fmt.Sprintf("the %s backend is not available in this build: use --backend offline (or auto)", name)}
}

func (bs *backends) slot(name, model string) *slot {
	bs.mu.Lock()
	defer bs.mu.Unlock()
	key := name + "\x00" + model
	s, ok := bs.slots[key]
	if !ok {
		f := bs.factories[name]
		s = &slot{name: name, model: model, factory: f, turns: make(chan struct{}, max(1, f.Concurrency))}
		bs.slots[key] = s
	}
	return s
}

// generate waits for a turn on the backend, loading it when cold, and answers req. A request whose
// context ends while it waits leaves the queue at once.
func (bs *backends) generate(ctx context.Context, name, model string, req models.Request, onToken models.TokenFunc) (models.Response, error) {
	s := bs.slot(name, model)
	select {
	case s.turns <- struct{}{}:
	case <-ctx.Done():
		return models.Response{}, context.Cause(ctx)
	}
	defer func() { <-s.turns }()
	if err := ctx.Err(); err != nil {
		// Both were ready and select chose the turn: the client is still gone.
		return models.Response{}, context.Cause(ctx)
	}
	b, err := s.acquire(ctx, bs.log)
	if err != nil {
		return models.Response{}, err
	}
	defer s.release()
	return b.Generate(ctx, req, onToken)
}

// preload loads a backend ahead of the first request.
func (bs *backends) preload(ctx context.Context, name, model string) error {
	s := bs.slot(name, model)
	if _, err := s.acquire(ctx, bs.log); err != nil {
		return err
	}
	s.release()
	return nil
}

func (s *slot) acquire(ctx context.Context, log *slog.Logger) (models.Backend, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.b == nil {
		t0 := time.Now()
		b, err := s.factory.Open(ctx, s.model)
		if err != nil {
			return nil, fmt.Errorf("load the %s backend: %w", s.name, err)
		}
		s.b = b
		log.Info("backend loaded", "backend", s.name, "model", s.model, "took_ms", time.Since(t0).Milliseconds())
	}
	s.active++
	s.lastUsed = time.Now()
	return s.b, nil
}

func (s *slot) release() {
	s.mu.Lock()
	s.active--
	s.lastUsed = time.Now()
	s.mu.Unlock()
}

// unloadIdle closes backends unused for longer than ttl; ttl <= 0 keeps them loaded.
func (bs *backends) unloadIdle(ttl time.Duration) {
	if ttl <= 0 {
		return
	}
	for _, s := range bs.all() {
		s.mu.Lock()
		if s.b != nil && s.active == 0 && time.Since(s.lastUsed) > ttl {
			if err := s.b.Close(); err != nil {
				bs.log.Warn("unload backend", "backend", s.name, "err", err)
			}
			s.b = nil
			bs.log.Info("backend unloaded after idle", "backend", s.name, "model", s.model, "keep_warm", ttl.String())
		}
		s.mu.Unlock()
	}
}

// warm reports whether the named backend (any model when model is "*") is loaded.
func (bs *backends) warm(name, model string) bool {
	for _, s := range bs.all() {
		s.mu.Lock()
		loaded := s.b != nil
		s.mu.Unlock()
		if loaded && s.name == name && (model == "*" || s.model == model) {
			return true
		}
	}
	return false
}

// close unloads every backend; generations have finished by the time the daemon calls it.
func (bs *backends) close() error {
	var errs []error
	for _, s := range bs.all() {
		s.mu.Lock()
		if s.b != nil {
			errs = append(errs, s.b.Close())
			s.b = nil
		}
		s.mu.Unlock()
	}
	return errors.Join(errs...)
}

func (bs *backends) all() []*slot {
	bs.mu.Lock()
	defer bs.mu.Unlock()
	out := make([]*slot, 0, len(bs.slots))
	for _, s := range bs.slots {
		out = append(out, s)
	}
	slices.SortFunc(out, func(a, b *slot) int { return strings.Compare(a.name+"\x00"+a.model, b.name+"\x00"+b.model) })
	return out
}
