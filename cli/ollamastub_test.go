package cli_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"

	"github.com/rogpeppe/go-internal/testscript"
)

// stubCommand is what the stub Ollama server answers every chat with.
const stubCommand = "echo from-ollama"

// ollamaStubCmd runs `ollama-stub FILE`: it starts a server that answers as Ollama does, with one model
// that says stubCommand to everything, until the script ends, and writes its URL into FILE where FILE
// says OLLAMA_URL.
func ollamaStubCmd(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: ollama-stub FILE")
	}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /api/show", func(w http.ResponseWriter, _ *http.Request) {
		_, _ = w.Write([]byte(`{"modelfile":"","details":{"format":"gguf"}}`))
	})
	mux.HandleFunc("POST /api/generate", func(w http.ResponseWriter, _ *http.Request) {
		_, _ = w.Write([]byte(`{"model":"stub","response":"","done":true}` + "\n"))
	})
	mux.HandleFunc("POST /api/chat", func(w http.ResponseWriter, _ *http.Request) {
		answer, _ := json.Marshal(map[string]string{"command": stubCommand, "explanation": "the stub model's answer"})
		w.Header().Set("Content-Type", "application/x-ndjson")
		enc := json.NewEncoder(w)
		_ = enc.Encode(map[string]any{"model": "stub", "message": map[string]string{"role": "assistant", "content": string(answer)}})
		_ = enc.Encode(map[string]any{"model": "stub", "message": map[string]string{"role": "assistant", "content": ""},
			"done": true, "done_reason": "stop"})
	})
	srv := httptest.NewServer(mux)
	ts.Defer(srv.Close)
	path := ts.MkAbs(args[0])
	data, err := os.ReadFile(path)
	ts.Check(err)
	ts.Check(os.WriteFile(path, []byte(strings.ReplaceAll(string(data), "OLLAMA_URL", srv.URL)), 0o600))
}
