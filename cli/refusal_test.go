package cli

import (
	"errors"
	"strings"
	"testing"

	"github.com/cmdai/cmdai/config"
	"github.com/cmdai/cmdai/ipc"
	"github.com/cmdai/cmdai/models"
)

func TestShortNoAnswer(t *testing.T) {
	viaDaemon := &ipc.Error{Code: ipc.CodeNoAnswer, Message: "the offline engine is not sure what you mean",
		Readings: []string{"Synchronise SRC to DEST, preserving attributes", "List the current directory"}}
	if got, want := shortNoAnswer(viaDaemon).Error(), "the offline engine is not sure what you mean; closest: Synchronise SRC to DEST, preserving attributes (say it another way)"; got != want {
		t.Errorf("through the daemon: %q, want %q", got, want)
	}
	inProcess := &models.NoAnswerError{Reason: "the offline engine did not understand the request"}
	if got, want := shortNoAnswer(inProcess).Error(), "the offline engine did not understand the request (say it another way)"; got != want {
		t.Errorf("in process: %q, want %q", got, want)
	}
	other := errors.New("ollama is not running")
	if shortNoAnswer(other) != other {
		t.Error("an error that is not a refusal to guess changed")
	}
}

func TestModelAdvice(t *testing.T) {
	cfg := config.Default()
	if a := modelAdvice(true, cfg, ""); !strings.Contains(a, "cmdai model pull ") || strings.Contains(a, "llama") && strings.Contains(a, "Ollama") {
		t.Errorf("a build with llama.cpp: %q, want cmdai model pull", a)
	}
	if a := modelAdvice(false, cfg, ""); !strings.Contains(a, "ollama pull "+cfg.Ollama.Model) || strings.Contains(a, "cmdai model pull") {
		t.Errorf("a build without llama.cpp: %q, want Ollama", a)
	}
	cfg.Backend = "offline"
	if a := modelAdvice(false, cfg, ""); !strings.Contains(a, `backend = "auto"`) {
		t.Errorf("backend = offline in the config: %q, want how to set auto", a)
	}
}
