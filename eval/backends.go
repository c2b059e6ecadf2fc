package eval

import (
	"context"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/cmdai/cmdai/models"
	"github.com/cmdai/cmdai/models/offline"
	"github.com/cmdai/cmdai/models/ollama"
	"github.com/cmdai/cmdai/models/openai"
)

// BackendNames are the backends cmdai-eval can score.
var BackendNames = []string{"offline", "ollama", "openai"}

// Endpoint says where a model backend listens and which model it asks; empty fields take the backend's
// defaults.
type Endpoint struct {
	URL, Model, APIKeyEnv string
	// Timeout bounds one answer; zero means a minute.
	Timeout time.Duration
}

// OpenBackend opens the named backend for scoring. Model backends answer through Generate, one request
// at a time, with confidence 1 (they cannot tell), so their δ=conf score equals their δ=1 score.
func OpenBackend(name string, ep Endpoint) (Backend, error) {
	switch name {
	case "", "offline":
		engine, err := offline.New()
		if err != nil {
			return Backend{}, fmt.Errorf("load the offline engine: %w", err)
		}
		return Backend{Name: "offline", Answerer: engine, Threshold: offline.Threshold}, nil
	case "ollama":
		b, err := ollama.New(ollama.Options{URL: ep.URL, Model: ep.Model})
		if err != nil {
			return Backend{}, err
		}
		return modelBackend("ollama", b, ep), nil
	case "openai":
		b, err := openai.New(openai.Options{URL: ep.URL, Model: ep.Model, APIKeyEnv: ep.APIKeyEnv})
		if err != nil {
			return Backend{}, err
		}
		return modelBackend("openai", b, ep), nil
	}
	return Backend{}, fmt.Errorf("unknown backend %q (want one of %v)", name, BackendNames)
}

func modelBackend(name string, b models.Backend, ep Endpoint) Backend {
	if ep.Model != "" {
		name += " (" + ep.Model + ")"
	}
	return Backend{Name: name, Answerer: &ModelAnswerer{Backend: b, Timeout: ep.Timeout}, Close: b.Close,
		Health: b.Health}
}

// ModelAnswerer scores any models.Backend: a failed or refused generation is an empty answer, counted in
// Failures so a report can say how many answers were lost to errors rather than to wrong commands.
type ModelAnswerer struct {
	Backend models.Backend
	Timeout time.Duration

	failures atomic.Int64
	lastErr  atomic.Value // error
}

// Answer asks the backend, waiting at most Timeout.
func (m *ModelAnswerer) Answer(req models.Request) models.Response {
	timeout := m.Timeout
	if timeout <= 0 {
		timeout = time.Minute
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	resp, err := m.Backend.Generate(ctx, req, nil)
	if err != nil {
		m.failures.Add(1)
		m.lastErr.Store(err)
		return models.Response{}
	}
	if resp.Confidence == 0 {
		resp.Confidence = 1
	}
	return resp
}

// Failures is how many generations failed, and the last error.
func (m *ModelAnswerer) Failures() (int64, error) {
	err, _ := m.lastErr.Load().(error)
	return m.failures.Load(), err
}
