package ipc

import (
	"strings"
	"testing"
)

// The shell's last commands travel with a generation, within a bound.
func TestDecodeGenerateHistory(t *testing.T) {
	req, err := DecodeGenerate(strings.NewReader(`{"prompt":"fix it","history":[{"command":"gti status","exit_code":127}]}`))
	if err != nil || len(req.History) != 1 || req.History[0] != (HistoryHint{Command: "gti status", ExitCode: 127}) {
		t.Fatalf("DecodeGenerate = %+v, %v", req, err)
	}
	many := `{"prompt":"x","history":[` + strings.TrimSuffix(strings.Repeat(`{"command":"ls"},`, MaxHistoryHints+1), ",") + `]}`
	if _, err := DecodeGenerate(strings.NewReader(many)); err == nil || !strings.Contains(err.Error(), "history hints") {
		t.Fatalf("%d history hints: %v", MaxHistoryHints+1, err)
	}
}
