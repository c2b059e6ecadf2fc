package eval

import (
	"context"
	_ "embed"
	"sync/atomic"
	"time"

	"github.com/cmdai/cmdai/models"
	"github.com/cmdai/cmdai/models/backends"
	"github.com/cmdai/cmdai/models/offline"
)

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
	b, err := backends.Open(name, backends.Endpoint{URL: ep.URL, Model: ep.Model, APIKeyEnv: ep.APIKeyEnv})
	if err != nil {
		return Backend{}, err
	}
	if engine, ok := b.(*offline.Engine); ok {
		// Scored through Answer and Candidates, so that low-confidence answers and alternatives count.
		return Backend{Name: "offline", Answerer: engine, Threshold: offline.Threshold, Offered: offline.Offered,
			About: offlineAbout, Notes: offlineNotes}, nil
	}
	return modelBackend(b.Name(), b, ep), nil
}

const offlineAbout = "The offline engine answers from its catalogue of intents (assets/offline, written for " +
	"cmdai); what the catalogue does not answer, from the tldr pages' examples (assets/tldr, CC BY 4.0) with " +
	"their placeholders filled from the request, or not at all; for its alternatives and where both are unsure, " +
	"from its recall model: templates learnt from the NL2Bash train and dev splits (assets/recall/SOURCE.md). " +
	"The test split is unseen by all three."

// offlineNotes record how the offline engine's scores moved and what was tried, with the figures on the
// dev split that decided it.
//
//go:embed offline_notes.md
var offlineNotes string

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
