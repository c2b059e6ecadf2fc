package ollamatest

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestServerHasModelAndAnswersJSON(t *testing.T) {
	s := Start(t)
	if !strings.HasPrefix(s.URL, "http://127.0.0.1:") {
		t.Errorf("URL = %q, want a loopback address", s.URL)
	}
	client := &http.Client{Timeout: 2 * time.Minute}

	resp, err := client.Get(s.URL + "/api/tags")
	if err != nil {
		t.Fatal(err)
	}
	var tags struct {
		Models []struct{ Name, Model string } `json:"models"`
	}
	err = json.NewDecoder(resp.Body).Decode(&tags)
	resp.Body.Close()
	if err != nil {
		t.Fatalf("decode /api/tags: %v", err)
	}
	found := false
	for _, m := range tags.Models {
		found = found || m.Name == s.Model || strings.TrimSuffix(m.Name, ":latest") == s.Model
	}
	if !found {
		t.Fatalf("/api/tags lists %+v, want %q", tags.Models, s.Model)
	}

	body, _ := json.Marshal(map[string]any{
		"model":   s.Model,
		"prompt":  "list files",
		"format":  "json",
		"stream":  false,
		"options": map[string]any{"num_predict": 24, "temperature": 0, "seed": 1},
	})
	resp, err = client.Post(s.URL+"/api/generate", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		var b bytes.Buffer
		b.ReadFrom(resp.Body)
		t.Fatalf("/api/generate: %s: %s", resp.Status, b.String())
	}
	var gen struct {
		Response   string `json:"response"`
		Done       bool   `json:"done"`
		DoneReason string `json:"done_reason"`
		EvalCount  int    `json:"eval_count"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&gen); err != nil {
		t.Fatalf("decode /api/generate: %v", err)
	}
	if !gen.Done || gen.EvalCount == 0 {
		t.Fatalf("generate = %+v, want a finished answer with tokens", gen)
	}
	text := strings.TrimSpace(gen.Response)
	t.Logf("generate: %d tokens, done_reason %q: %q", gen.EvalCount, gen.DoneReason, text)
	if !strings.HasPrefix(text, "{") {
		t.Fatalf("response %q does not start a JSON object", text)
	}
	// A model with random weights may stop at num_predict inside the object; the grammar still keeps every
	// prefix valid. When it stopped by itself the object must be complete.
	if gen.DoneReason == "length" {
		if err := jsonPrefix(text); err != nil {
			t.Fatalf("response %q, cut at num_predict, is not a JSON prefix: %v", text, err)
		}
	} else if !json.Valid([]byte(text)) {
		t.Fatalf("response %q (done_reason %q) is not valid JSON", text, gen.DoneReason)
	}
}

// jsonPrefix reports whether text could be the start of a JSON document.
func jsonPrefix(text string) error {
	dec := json.NewDecoder(strings.NewReader(text))
	for {
		_, err := dec.Token()
		switch {
		case err == nil:
		case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
			return nil
		default:
			return err
		}
	}
}
