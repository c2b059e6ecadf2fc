package openai

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/cmdai/cmdai/models"
	"github.com/cmdai/cmdai/models/prompt"
)

type chatRequest struct {
	Model          string           `json:"model"`
	Messages       []prompt.Message `json:"messages"`
	Stream         bool             `json:"stream"`
	Temperature    float64          `json:"temperature"`
	MaxTokens      int              `json:"max_tokens"`
	ResponseFormat *responseFormat  `json:"response_format,omitempty"`
}

type responseFormat struct {
	Type       string      `json:"type"`
	JSONSchema *jsonSchema `json:"json_schema,omitempty"`
}

type jsonSchema struct {
	Name   string          `json:"name"`
	Strict bool            `json:"strict"`
	Schema json.RawMessage `json:"schema"`
}

// chunk is one server-sent event of a streamed completion.
type chunk struct {
	Choices []struct {
		Delta struct {
			Content string `json:"content"`
		} `json:"delta"`
		FinishReason string `json:"finish_reason"`
	} `json:"choices"`
	Error *apiError `json:"error"`
}

type apiError struct {
	Message string `json:"message"`
	Type    string `json:"type"`
}

// errorBody reads the error message from a reply body: {"error":{"message"}}, {"error":"…"} or text.
func errorBody(body []byte) string {
	var e struct {
		Error json.RawMessage `json:"error"`
		Msg   string          `json:"message"`
	}
	if json.Unmarshal(body, &e) == nil {
		var ae apiError
		var s string
		switch {
		case json.Unmarshal(e.Error, &ae) == nil && ae.Message != "":
			return ae.Message
		case json.Unmarshal(e.Error, &s) == nil && s != "":
			return s
		case e.Msg != "":
			return e.Msg
		}
	}
	msg := strings.TrimSpace(string(body))
	if msg == "" {
		return "no message"
	}
	return truncate(msg, 300)
}

func (b *Backend) newRequest(ctx context.Context, method, path string, body io.Reader) (*http.Request, error) {
	req, err := http.NewRequestWithContext(ctx, method, b.base+path, body)
	if err != nil {
		return nil, fmt.Errorf("openai-compatible request: %w", err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if b.key != "" {
		req.Header.Set("Authorization", "Bearer "+b.key)
	}
	return req, nil
}

// listModels returns the ids GET /models lists.
func (b *Backend) listModels(ctx context.Context) ([]string, error) {
	req, err := b.newRequest(ctx, http.MethodGet, "/models", nil)
	if err != nil {
		return nil, err
	}
	resp, err := b.http.Do(req)
	if err != nil {
		return nil, b.explainTransport(ctx, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 4<<20))
	if err != nil {
		return nil, b.explainTransport(ctx, err)
	}
	if resp.StatusCode != http.StatusOK {
		return nil, b.explainStatus(resp.StatusCode, errorBody(body), "")
	}
	var list struct {
		Data []struct {
			ID string `json:"id"`
		} `json:"data"`
	}
	if err := json.Unmarshal(body, &list); err != nil {
		return nil, fmt.Errorf("%s/models is not an OpenAI-compatible model list: %w", b.base, err)
	}
	ids := make([]string, 0, len(list.Data))
	for _, m := range list.Data {
		ids = append(ids, m.ID)
	}
	return ids, nil
}

// complete streams one chat completion and returns the whole reply, sending its pieces to onToken. A
// server that rejects response_format is asked again without it (the reply parser copes) and is not sent
// it any more.
func (b *Backend) complete(ctx context.Context, model string, msgs []prompt.Message, onToken models.TokenFunc) (string, error) {
	b.mu.Lock()
	withSchema := !b.noSchemaField
	b.mu.Unlock()
	out, status, msg, err := b.stream(ctx, model, msgs, withSchema, onToken)
	if err == nil && status == http.StatusBadRequest && withSchema && strings.Contains(strings.ToLower(msg), "response_format") {
		b.log.Info("server rejects response_format; asking without it", "url", b.base, "msg", msg)
		b.mu.Lock()
		b.noSchemaField = true
		b.mu.Unlock()
		out, status, msg, err = b.stream(ctx, model, msgs, false, onToken)
	}
	switch {
	case err != nil:
		return "", err
	case status != http.StatusOK:
		return "", b.explainStatus(status, msg, model)
	}
	return out, nil
}

// stream sends one request; a non-200 reply comes back as its status and message.
func (b *Backend) stream(ctx context.Context, model string, msgs []prompt.Message, withSchema bool, onToken models.TokenFunc) (out string, status int, msg string, err error) {
	body := chatRequest{Model: model, Messages: msgs, Stream: true, MaxTokens: b.maxTokens}
	if withSchema {
		body.ResponseFormat = &responseFormat{Type: "json_schema",
			JSONSchema: &jsonSchema{Name: "shell_command", Strict: true, Schema: prompt.Schema}}
	}
	data, err := json.Marshal(body)
	if err != nil {
		return "", 0, "", fmt.Errorf("encode the chat request: %w", err)
	}
	req, err := b.newRequest(ctx, http.MethodPost, "/chat/completions", bytes.NewReader(data))
	if err != nil {
		return "", 0, "", err
	}
	req.Header.Set("Accept", "text/event-stream")
	resp, err := b.http.Do(req)
	if err != nil {
		return "", 0, "", b.explainTransport(ctx, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		raw, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
		return "", resp.StatusCode, errorBody(raw), nil
	}
	if !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/event-stream") {
		// A server that ignores stream answers with one JSON object.
		return b.whole(ctx, resp.Body, onToken)
	}
	var reply strings.Builder
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 0, 64<<10), 4<<20)
	for sc.Scan() {
		line := sc.Text()
		data, ok := strings.CutPrefix(line, "data:")
		if !ok {
			continue // comments, event names, blank separators
		}
		data = strings.TrimSpace(data)
		if data == "[DONE]" {
			break
		}
		var c chunk
		if err := json.Unmarshal([]byte(data), &c); err != nil {
			return "", 0, "", fmt.Errorf("%s sent an event that is not a completion chunk: %w", b.base, err)
		}
		if c.Error != nil {
			return "", 0, "", fmt.Errorf("%s failed while answering: %s", b.base, c.Error.Message)
		}
		for _, ch := range c.Choices {
			if ch.Delta.Content == "" {
				continue
			}
			reply.WriteString(ch.Delta.Content)
			if onToken != nil {
				onToken(ch.Delta.Content)
			}
		}
	}
	if err := sc.Err(); err != nil {
		return "", 0, "", b.explainTransport(ctx, err)
	}
	if err := ctx.Err(); err != nil {
		return "", 0, "", b.explainTransport(ctx, err)
	}
	return reply.String(), http.StatusOK, "", nil
}

// whole reads a non-streamed completion.
func (b *Backend) whole(ctx context.Context, r io.Reader, onToken models.TokenFunc) (string, int, string, error) {
	var resp struct {
		Choices []struct {
			Message struct {
				Content string `json:"content"`
			} `json:"message"`
		} `json:"choices"`
	}
	if err := json.NewDecoder(io.LimitReader(r, 4<<20)).Decode(&resp); err != nil {
		return "", 0, "", b.explainTransport(ctx, fmt.Errorf("read the completion: %w", err))
	}
	if len(resp.Choices) == 0 {
		return "", 0, "", fmt.Errorf("%s answered with no choices", b.base)
	}
	out := resp.Choices[0].Message.Content
	if onToken != nil && out != "" {
		onToken(out)
	}
	return out, http.StatusOK, "", nil
}
