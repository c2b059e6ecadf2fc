package integrations

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
)

// SignatureHeader carries a webhook's HMAC-SHA256 of its body: "sha256=HEX".
const SignatureHeader = "X-Cmdai-Signature"

// Sign is the value of SignatureHeader for body under secret.
func Sign(secret, body []byte) string {
	m := hmac.New(sha256.New, secret)
	m.Write(body)
	return "sha256=" + hex.EncodeToString(m.Sum(nil))
}

// VerifySignature reports whether header is body's signature under secret (in constant time).
func VerifySignature(secret, body []byte, header string) bool {
	return hmac.Equal([]byte(Sign(secret, body)), []byte(strings.TrimSpace(header)))
}

// Webhook posts a JSON event to a URL, signed when it has a secret. Settings: url, secret (optional).
// The body is {"message","channel","parameters"}.
type Webhook struct{ Client *http.Client }

// Name is "webhook".
func (*Webhook) Name() string { return "webhook" }

// Version of the integration.
func (*Webhook) Version() string { return "1.0.0" }

// ValidateConfig needs a url.
func (*Webhook) ValidateConfig(cfg map[string]string) error { return checkURL("webhook", cfg, "url") }

// Execute posts the event.
func (w *Webhook) Execute(ctx context.Context, req Request) (Result, error) {
	url := req.Config["url"]
	if u := param(req.Parameters, "url"); u != "" {
		url = u
	}
	if url == "" {
		return Result{}, fmt.Errorf("webhook: no url in its settings or the step's parameters")
	}
	params := map[string]any{}
	for k, v := range req.Parameters {
		if k != "url" {
			params[k] = v
		}
	}
	body, err := json.Marshal(map[string]any{"message": req.Message, "channel": req.Channel, "parameters": params})
	if err != nil {
		return Result{}, fmt.Errorf("webhook: %w", err)
	}
	r, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return Result{}, fmt.Errorf("webhook: %w", err)
	}
	r.Header.Set("Content-Type", "application/json")
	if s := req.Config["secret"]; s != "" {
		r.Header.Set(SignatureHeader, Sign([]byte(s), body))
	}
	return doJSON(w.Client, r, "webhook", nil)
}

// doJSON sends r, fails on a status outside 2xx, and decodes a JSON answer into into (when not nil).
func doJSON(c *http.Client, r *http.Request, name string, into any) (Result, error) {
	resp, err := c.Do(r)
	if err != nil {
		return Result{}, fmt.Errorf("%s: %w", name, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	res := Result{Output: strings.TrimSpace(string(b)), StatusCode: resp.StatusCode}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return res, fmt.Errorf("%s: %s answered %d: %s", name, r.URL.Redacted(), resp.StatusCode, firstLine(res.Output))
	}
	if into != nil {
		if err := json.Unmarshal(b, into); err != nil {
			return res, fmt.Errorf("%s: the answer is not the JSON expected: %w", name, err)
		}
	}
	return res, nil
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	if len(s) > 200 {
		s = s[:200] + "…"
	}
	return s
}

func checkURL(name string, cfg map[string]string, key string) error {
	if err := require(name, cfg, key); err != nil {
		return err
	}
	if u := cfg[key]; !strings.HasPrefix(u, "http://") && !strings.HasPrefix(u, "https://") {
		return fmt.Errorf("%s: %s is not an http(s) URL", name, key)
	}
	return nil
}
