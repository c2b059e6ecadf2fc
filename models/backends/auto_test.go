package backends

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/cmdai/cmdai/models"
)

// stub is one backend as a stubRunner runs it.
type stub struct {
	ready error
	resp  models.Response
	err   error
}

// stubRunner runs the backends it has; one it lacks is not in the program. It records what it asked.
type stubRunner struct {
	backends map[string]stub
	asked    []string
}

func (r *stubRunner) Ready(_ context.Context, name string) error {
	b, ok := r.backends[name]
	if !ok {
		return errors.New("not in this program")
	}
	return b.ready
}

func (r *stubRunner) Generate(_ context.Context, name string, _ models.Request, onToken models.TokenFunc) (models.Response, error) {
	r.asked = append(r.asked, name)
	b := r.backends[name]
	if b.err != nil {
		return models.Response{}, b.err
	}
	if onToken != nil {
		onToken(name + " token")
	}
	return b.resp, nil
}

func answer(name string, confidence float64) stub {
	return stub{resp: models.Response{Command: "echo " + name, Confidence: confidence}}
}

// `auto` answers from the offline engine when it is sure, else asks the first ready backend in the
// order (embedded, Ollama, offline), and falls back to the offline engine when that fails.
func TestAuto(t *testing.T) {
	down := errors.New("not ready")
	unsure := answer("offline", 0.5)
	for _, tc := range []struct {
		name     string
		backends map[string]stub
		want     string // the answer's backend; "" when it fails
		wantErr  error
		asked    []string
	}{
		{name: "offline sure", want: "offline", asked: []string{"offline"},
			backends: map[string]stub{"offline": answer("offline", 0.9), "embedded": answer("embedded", 1), "ollama": answer("ollama", 1)}},
		{name: "offline exactly at the bar", want: "offline", asked: []string{"offline"},
			backends: map[string]stub{"offline": answer("offline", InstantConfidence), "ollama": answer("ollama", 1)}},
		{name: "unsure, a model cached", want: "embedded", asked: []string{"offline", "embedded"},
			backends: map[string]stub{"offline": unsure, "embedded": answer("embedded", 1), "ollama": answer("ollama", 1)}},
		{name: "unsure, no model cached, Ollama answers", want: "ollama", asked: []string{"offline", "ollama"},
			backends: map[string]stub{"offline": unsure, "embedded": {ready: down}, "ollama": answer("ollama", 1)}},
		{name: "unsure, no llama.cpp in the program, Ollama answers", want: "ollama", asked: []string{"offline", "ollama"},
			backends: map[string]stub{"offline": unsure, "ollama": answer("ollama", 1)}},
		{name: "unsure, nothing ready: offline at its own threshold", want: "offline", asked: []string{"offline"},
			backends: map[string]stub{"offline": unsure, "embedded": {ready: down}, "ollama": {ready: down}}},
		{name: "unsure, the model fails: offline", want: "offline", asked: []string{"offline", "ollama"},
			backends: map[string]stub{"offline": unsure, "ollama": {err: errors.New("out of memory")}}},
		{name: "offline refuses, nothing ready", wantErr: models.ErrNoAnswer, asked: []string{"offline"},
			backends: map[string]stub{"offline": {err: models.ErrNoAnswer}, "ollama": {ready: down}}},
		{name: "offline refuses, the model answers", want: "ollama", asked: []string{"offline", "ollama"},
			backends: map[string]stub{"offline": {err: models.ErrNoAnswer}, "ollama": answer("ollama", 1)}},
		{name: "no offline engine, Ollama answers", want: "ollama", asked: []string{"ollama"},
			backends: map[string]stub{"ollama": answer("ollama", 1)}},
		{name: "nothing at all", wantErr: ErrNoBackend,
			backends: map[string]stub{"ollama": {ready: down}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := &stubRunner{backends: tc.backends}
			var tokens []string
			resp, err := Auto(context.Background(), r, models.Request{Prompt: "p"}, func(tok string) { tokens = append(tokens, tok) })
			if tc.wantErr != nil {
				if !errors.Is(err, tc.wantErr) {
					t.Fatalf("err = %v, want %v", err, tc.wantErr)
				}
			} else if err != nil || resp.Backend != tc.want || resp.Command != "echo "+tc.want {
				t.Fatalf("answer %+v, %v; want %s's", resp, err, tc.want)
			}
			if !slices.Equal(r.asked, tc.asked) {
				t.Errorf("asked %q, want %q", r.asked, tc.asked)
			}
			// One answer streams: the offline engine's tokens only when its answer is the one returned.
			if want := []string{tc.want + " token"}; tc.want != "" && !slices.Equal(tokens, want) {
				t.Errorf("tokens %q, want %q", tokens, want)
			}
			if tc.want == "" && len(tokens) != 0 {
				t.Errorf("tokens %q streamed for no answer", tokens)
			}
		})
	}
}

// Choose is the first ready backend in the order, whatever the offline engine would say.
func TestChoose(t *testing.T) {
	down := errors.New("not ready")
	for _, tc := range []struct {
		backends map[string]stub
		want     string
	}{
		{map[string]stub{"offline": {}, "embedded": {}, "ollama": {}}, "embedded"},
		{map[string]stub{"offline": {}, "embedded": {ready: down}, "ollama": {}}, "ollama"},
		{map[string]stub{"offline": {}, "ollama": {}}, "ollama"},
		{map[string]stub{"offline": {}, "embedded": {ready: down}, "ollama": {ready: down}}, "offline"},
		{map[string]stub{"openai": {}}, ""},
		{map[string]stub{}, ""},
	} {
		if got := Choose(context.Background(), &stubRunner{backends: tc.backends}); got != tc.want {
			t.Errorf("Choose(%v) = %q, want %q", tc.backends, got, tc.want)
		}
	}
}

// A request whose caller goes away while the model answers ends there: the offline engine does not
// answer in its place.
func TestAutoCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	r := cancelling{&stubRunner{backends: map[string]stub{"offline": answer("offline", 0.5), "ollama": {err: context.Canceled}}}, cancel}
	if resp, err := Auto(ctx, r, models.Request{}, nil); !errors.Is(err, context.Canceled) {
		t.Fatalf("Auto = %+v, %v; want the cancellation", resp, err)
	}
}

// cancelling cancels the request as its model backend answers.
type cancelling struct {
	*stubRunner
	cancel context.CancelFunc
}

func (c cancelling) Generate(ctx context.Context, name string, req models.Request, onToken models.TokenFunc) (models.Response, error) {
	if name != "offline" {
		c.cancel()
	}
	return c.stubRunner.Generate(ctx, name, req, onToken)
}
