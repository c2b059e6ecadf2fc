package cli

import (
	"context"
	"errors"
	"testing"

	"github.com/cmdai/cmdai/config"
	"github.com/cmdai/cmdai/ipc"
)

// The TUI's in-process answers are the one-shot's: checked, with alternatives checked too, and a
// refusal to guess in the daemon's form, so that the interface shows it the same way.
func TestLocalGenerate(t *testing.T) {
	t.Setenv("XDG_DATA_HOME", t.TempDir())
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	cfg := config.Default()
	cfg.Backend = "offline"
	gen := localGenerate(&streams{}, cfg)
	res, err := gen(context.Background(), ipc.GenerateRequest{Prompt: "delete all .tmp files", Shell: "bash", Alternatives: 2}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Command == "" || res.Risk != "moderate" || len(res.Findings) == 0 || res.Backend != "offline" {
		t.Errorf("result %+v: want a checked answer", res)
	}
	for _, a := range res.Alternatives {
		if a.Risk == "" {
			t.Errorf("alternative %+v is not checked", a)
		}
	}
	_, err = gen(context.Background(), ipc.GenerateRequest{Prompt: "sync the folder a to b", Shell: "bash"}, nil)
	var e *ipc.Error
	if !errors.As(err, &e) || !ipc.IsNoAnswer(err) || len(e.Readings) == 0 {
		t.Errorf("err = %#v: want a no_answer error with the closest readings", err)
	}
}
