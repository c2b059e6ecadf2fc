package api_test

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/cmdai/cmdai/cloud/api"
	"github.com/cmdai/cmdai/cloud/auth"
	"github.com/cmdai/cmdai/cloud/internal/testdb"
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

func TestRequestLinesCarryTheRequestID(t *testing.T) {
	var buf bytes.Buffer
	pool := testdb.New(t)
	h := api.NewHandler(api.Deps{
		DB: pool, Redis: testdb.Redis(t), Logger: api.NewLogger(&buf, slog.LevelInfo),
		Auth: &auth.Service{DB: pool, Tokens: auth.Tokens{Secret: testSecret}, Argon2: cheapArgon2},
	})
	req := httptest.NewRequest("GET", "/api/v1/commands", nil)
	req.Header.Set("X-Request-Id", "req-42")
	req.Header.Set("Authorization", "Bearer cmdai_notARealKey")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusUnauthorized || rec.Header().Get("X-Request-Id") != "req-42" {
		t.Fatalf("answer %d, X-Request-Id %q", rec.Code, rec.Header().Get("X-Request-Id"))
	}
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	var msgs []string
	for _, l := range lines {
		var e map[string]any
		if err := json.Unmarshal([]byte(l), &e); err != nil {
			t.Fatalf("log line %q: %v", l, err)
		}
		if e["request_id"] != "req-42" || e["level"] != "INFO" {
			t.Errorf("line without the request id or its level: %s", l)
		}
		msgs = append(msgs, e["msg"].(string))
	}
	if strings.Join(msgs, ",") != "authentication refused,request" || strings.Contains(buf.String(), "notARealKey") {
		t.Fatalf("log lines: %s", buf.String())
	}
}
