package ipc

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestDecodeGenerate(t *testing.T) {
	tests := []struct {
		name, body, err string
	}{
		{"ok", `{"prompt":"list files","shell":"zsh","cwd":"/tmp","cwd_entries":["a"]}`, ""},
		{"unknown fields are ignored", `{"prompt":"list files","future":1}`, ""},
		{"empty prompt", `{"prompt":""}`, "prompt is required"},
		{"relative cwd", `{"prompt":"x","cwd":"tmp"}`, "absolute"},
		{"bad shell", `{"prompt":"x","shell":"pwsh"}`, "unknown shell"},
		{"long prompt", `{"prompt":"` + strings.Repeat("a", MaxPromptBytes+1) + `"}`, "limit"},
		{"not an object", `[1,2]`, "decode request"},
		{"two values", `{"prompt":"x"}{"prompt":"y"}`, "trailing data"},
		{"too large", `{"prompt":"` + strings.Repeat("a", MaxRequestBytes) + `"}`, "request body is over"},
		{"invalid utf-8", "{\"prompt\":\"\xff\"}", ""}, // encoding/json replaces invalid bytes with U+FFFD
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := DecodeGenerate(strings.NewReader(tt.body))
			if tt.err == "" {
				if err != nil {
					t.Fatalf("unexpected error %v", err)
				}
				return
			}
			var e *Error
			if err == nil || !strings.Contains(err.Error(), tt.err) || !errors.As(err, &e) || e.Status/100 != 4 {
				t.Fatalf("err = %v, want a 4xx *Error containing %q", err, tt.err)
			}
		})
	}
}

// FuzzDecodeGenerate: no input panics; what decodes is valid and survives a round trip.
func FuzzDecodeGenerate(f *testing.F) {
	f.Add([]byte(`{"prompt":"find big files","shell":"bash","os":"linux","cwd":"/home/me","cwd_entries":["a","b"]}`))
	f.Add([]byte(`{"prompt":"x","backend":"offline","model":"m"}`))
	f.Add([]byte(`{"prompt":null}`))
	f.Add([]byte(`{"prompt":"\u0000","cwd":"/"}`))
	f.Add([]byte(`nul`))
	f.Fuzz(func(t *testing.T, data []byte) {
		req, err := DecodeGenerate(bytes.NewReader(data))
		if err != nil {
			if _, ok := err.(*Error); !ok {
				t.Fatalf("error of type %T: %v", err, err)
			}
			return
		}
		if strings.TrimSpace(req.Prompt) == "" || len(req.Prompt) > MaxPromptBytes {
			t.Fatalf("accepted an invalid prompt %q", req.Prompt)
		}
		again, err := DecodeGenerate(bytes.NewReader(mustJSON(t, req)))
		if err != nil || !reflect.DeepEqual(again, req) {
			t.Fatalf("round trip: %+v vs %+v, %v", again, req, err)
		}
	})
}

func FuzzDecodeCheck(f *testing.F) {
	f.Add([]byte(`{"command":"rm -rf ~/","shell":"zsh"}`))
	f.Add([]byte(`{"command":""}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		req, err := DecodeCheck(bytes.NewReader(data))
		if err != nil {
			return
		}
		if len(req.Command) > MaxCommandBytes {
			t.Fatalf("accepted a %d-byte command", len(req.Command))
		}
	})
}

func FuzzDecodeExit(f *testing.F) {
	f.Add([]byte(`{"exit_code":0,"duration_ms":12}`))
	f.Add([]byte(`{"exit_code":-1}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		req, err := DecodeExit(bytes.NewReader(data))
		if err != nil {
			return
		}
		if req.ExitCode < 0 || req.ExitCode > 255 || req.DurationMS < 0 {
			t.Fatalf("accepted %+v", req)
		}
	})
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestSocketPathFollowsXDG(t *testing.T) {
	t.Setenv("XDG_RUNTIME_DIR", "/run/user/1000")
	if got := SocketPath(); got != "/run/user/1000/cmdai/cmdai.sock" {
		t.Errorf("SocketPath() = %s", got)
	}
	t.Setenv("XDG_RUNTIME_DIR", "relative")
	if got := SocketDir(); !strings.HasPrefix(got, "/") || !strings.Contains(got, "cmdai-") {
		t.Errorf("fallback SocketDir() = %s", got)
	}
}
