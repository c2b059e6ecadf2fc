package daemon

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/cmdai/cmdai/config"
	"github.com/cmdai/cmdai/ipc"
	"github.com/cmdai/cmdai/models"
	"github.com/cmdai/cmdai/models/backends"
)

// Factory opens one kind of backend.
type Factory struct {
	// Open loads the backend for model (empty: the backend's default). It may take long (a model load).
	Open func(ctx context.Context, model string) (models.Backend, error)
	// Concurrency is how many generations the backend runs at once; further requests wait their turn.
	// A local model answers one request at a time; the offline engine answers many.
	Concurrency int
	// Ready reports, cheaply, whether the backend could answer for model now (a server answers, a model
	// file is cached); `auto` skips backends that are not. Nil means always ready.
	Ready func(ctx context.Context, model string) error
}

// readyProbeTimeout bounds resolve's readiness checks. Status resolves `auto`, and a client gives up on
// a daemon whose answer has not begun within its header wait.
const readyProbeTimeout = ipc.DefaultHeaderTimeout / 2

// readyMemo is how long a Ready result is trusted, so that `auto` does not probe a server per request.
const readyMemo = 10 * time.Second

// DefaultFactories are the backends this build can run, with the default settings (config.Default).
// A running daemon uses the same factories bound to its live config.
func DefaultFactories() map[string]Factory {
	return configuredFactories(config.Default, config.DataDir(), slog.New(slog.DiscardHandler))
}

// pool holds the loaded backends, one slot per backend and model, and queues generations per slot.
// check and history requests never come here, so they never wait behind a generation.
type pool struct {
	factories map[string]Factory
	log       *slog.Logger
	// cfg is the live config, for each backend's default model; nil means config.Default.
	cfg func() config.Config

	mu    sync.Mutex
	slots map[string]*slot
	ready map[string]readyResult // by backend and model
}

type readyResult struct {
	err error
	at  time.Time
}

// slot is one backend and model: its queue, and the loaded backend while it is warm.
type slot struct {
	name, model string
	factory     Factory
	turns       chan struct{} // a token per running generation; its capacity is the concurrency

	// load serialises loading. It is not mu: a model load takes seconds, and status and the idle
	// watcher, which read the fields below, must not wait for it.
	load     sync.Mutex
	mu       sync.Mutex // guards the fields below
	b        models.Backend
	active   int
	lastUsed time.Time
}

func newPool(factories map[string]Factory, log *slog.Logger) *pool {
	return &pool{factories: factories, log: log, slots: map[string]*slot{}, ready: map[string]readyResult{}}
}

func (bs *pool) config() config.Config {
	if bs.cfg == nil {
		return config.Default()
	}
	return bs.cfg()
}

// modelFor is the model a backend uses when the request names none (backends.ModelFor).
func (bs *pool) modelFor(name string) string { return backends.ModelFor(bs.config(), name) }

// resolve turns a backend name from a request or the config into one this build runs. `auto` becomes
// the backend backends.Choose picks now; backends.Auto puts the instant path in front of that choice.
func (bs *pool) resolve(name string) (string, error) {
	if name == "auto" || name == "" {
		ctx, cancel := context.WithTimeout(context.Background(), readyProbeTimeout)
		defer cancel()
		if n := backends.Choose(ctx, autoRunner{pool: bs}); n != "" {
			return n, nil
		}
		return "", &ipc.Error{Status: 503, Code: ipc.CodeBackend, Message: backends.ErrNoBackend.Error()}
	}
	if _, ok := bs.factories[name]; ok {
		return name, nil
	}
	return "", &ipc.Error{Status: 400, Code: ipc.CodeBadRequest,
		Message: fmt.Sprintf("the %s backend is not available in this build: use --backend offline (or auto)", name)}
}

// isReady asks the factory's Ready, trusting an answer for readyMemo.
func (bs *pool) isReady(ctx context.Context, name, model string) error {
	key := name + "\x00" + model
	bs.mu.Lock()
	r, ok := bs.ready[key]
	bs.mu.Unlock()
	if ok && time.Since(r.at) < readyMemo {
		return r.err
	}
	f := bs.factories[name]
	if f.Ready == nil {
		return nil
	}
	err := f.Ready(ctx, model)
	bs.mu.Lock()
	bs.ready[key] = readyResult{err: err, at: time.Now()}
	bs.mu.Unlock()
	return err
}

// notReady records that a backend just failed, so that `auto` passes it over for a while.
func (bs *pool) notReady(name, model string, err error) {
	bs.mu.Lock()
	bs.ready[name+"\x00"+model] = readyResult{err: err, at: time.Now()}
	bs.mu.Unlock()
}

// autoRunner runs `auto` on the pool (backends.Auto): a backend is ready when this build has it and its
// factory says so, remembered for readyMemo; a model backend that fails is passed over for as long.
// model is the request's (empty: each backend's configured one).
type autoRunner struct {
	pool  *pool
	model string
}

func (r autoRunner) Ready(ctx context.Context, name string) error {
	if _, ok := r.pool.factories[name]; !ok {
		return fmt.Errorf("the %s backend is not in this build", name)
	}
	err := r.pool.isReady(ctx, name, cmp.Or(r.model, r.pool.modelFor(name)))
	if err != nil {
		r.pool.log.Debug("auto skips a backend that is not ready", "backend", name, "err", err)
	}
	return err
}

func (r autoRunner) Generate(ctx context.Context, name string, req models.Request, onToken models.TokenFunc) (models.Response, error) {
	model := ""
	if name != "offline" {
		model = cmp.Or(r.model, r.pool.modelFor(name))
	}
	resp, err := r.pool.generate(ctx, name, model, req, onToken)
	if err != nil && ctx.Err() == nil && name != "offline" {
		r.pool.notReady(name, model, err)
		r.pool.log.Warn("auto: the model backend failed; answering with the offline engine", "backend", name, "model", model, "err", err)
	}
	return resp, err
}

func (bs *pool) slot(name, model string) *slot {
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
func (bs *pool) generate(ctx context.Context, name, model string, req models.Request, onToken models.TokenFunc) (models.Response, error) {
	if name == "auto" {
		return backends.Auto(ctx, autoRunner{pool: bs, model: model}, req, onToken)
	}
	if model == "" {
		model = bs.modelFor(name)
	}
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

// warmer is a backend that can load its model ahead of the first request (Ollama).
type warmer interface {
	Warm(ctx context.Context) error
}

// preload loads a backend ahead of the first request, and has a server-side model loaded too.
func (bs *pool) preload(ctx context.Context, name, model string) error {
	if model == "" {
		model = bs.modelFor(name)
	}
	s := bs.slot(name, model)
	b, err := s.acquire(ctx, bs.log)
	if err != nil {
		return err
	}
	defer s.release()
	if w, ok := b.(warmer); ok {
		t0 := time.Now()
		if err := w.Warm(ctx); err != nil {
			return fmt.Errorf("warm the %s backend: %w", name, err)
		}
		bs.log.Info("backend warmed", "backend", name, "model", model, "took_ms", time.Since(t0).Milliseconds())
	}
	return nil
}

// reconfigure drops what depends on settings that just changed: idle backends (opened with the old
// server URL or key) and remembered readiness. Backends busy generating finish with the old settings
// and are unloaded when idle.
func (bs *pool) reconfigure() {
	bs.mu.Lock()
	clear(bs.ready)
	bs.mu.Unlock()
	for _, s := range bs.all() {
		s.mu.Lock()
		if s.b != nil && s.active == 0 && s.name != "offline" {
			if err := s.b.Close(); err != nil {
				bs.log.Warn("unload backend", "backend", s.name, "err", err)
			}
			s.b = nil
		}
		s.mu.Unlock()
	}
}

func (s *slot) acquire(ctx context.Context, log *slog.Logger) (models.Backend, error) {
	s.load.Lock()
	defer s.load.Unlock()
	if b := s.use(); b != nil {
		return b, nil
	}
	// Nothing unloads a backend that is not there, so s.b stays nil while this loads without mu.
	t0 := time.Now()
	b, err := s.factory.Open(ctx, s.model)
	if err != nil {
		return nil, fmt.Errorf("load the %s backend: %w", s.name, err)
	}
	log.Info("backend loaded", "backend", s.name, "model", s.model, "took_ms", time.Since(t0).Milliseconds())
	s.mu.Lock()
	s.b = b
	s.mu.Unlock()
	return s.use(), nil
}

// use counts one more user of the loaded backend and returns it, or nil when none is loaded.
func (s *slot) use() models.Backend {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.b == nil {
		return nil
	}
	s.active++
	s.lastUsed = time.Now()
	return s.b
}

func (s *slot) release() {
	s.mu.Lock()
	s.active--
	s.lastUsed = time.Now()
	s.mu.Unlock()
}

// unloadIdle closes backends unused for longer than ttl; ttl <= 0 keeps them loaded.
func (bs *pool) unloadIdle(ttl time.Duration) {
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
func (bs *pool) warm(name, model string) bool {
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

// close unloads every backend; generations have finished by the time the daemon calls it. A load
// still running (for a request cut off at shutdown) is waited for, so that its backend is closed too.
func (bs *pool) close() error {
	var errs []error
	for _, s := range bs.all() {
		s.load.Lock()
		s.mu.Lock()
		if s.b != nil {
			errs = append(errs, s.b.Close())
			s.b = nil
		}
		s.mu.Unlock()
		s.load.Unlock()
	}
	return errors.Join(errs...)
}

func (bs *pool) all() []*slot {
	bs.mu.Lock()
	defer bs.mu.Unlock()
	out := make([]*slot, 0, len(bs.slots))
	for _, s := range bs.slots {
		out = append(out, s)
	}
	slices.SortFunc(out, func(a, b *slot) int { return strings.Compare(a.name+"\x00"+a.model, b.name+"\x00"+b.model) })
	return out
}
