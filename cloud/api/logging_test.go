package api_test

import (
	"bytes"
	"log/slog"
	"strings"
	"testing"

	"github.com/cmdai/cmdai/cloud/api"
)

func TestLoggerRedactsPII(t *testing.T) {
	var buf bytes.Buffer
	log := api.NewLogger(&buf, slog.LevelInfo)
	secrets := []string{"ada.lovelace", "cmdai_s3cr3tKEYvalue", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig", "hunter2hunter2", "rm -rf my-secret-dir"}
	log.Info("login by ada.lovelace@example.com",
		slog.String("detail", "key cmdai_s3cr3tKEYvalue and Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig"),
		slog.String("password", "hunter2hunter2"),
		slog.String("prompt", "rm -rf my-secret-dir"),
		slog.Int("status", 200))
	out := buf.String()
	for _, s := range secrets {
		if strings.Contains(out, s) {
			t.Errorf("log line leaks %q: %s", s, out)
		}
	}
	if !strings.Contains(out, "***@example.com") || !strings.Contains(out, `"status":200`) {
		t.Errorf("log line lost what it may keep: %s", out)
	}
}
