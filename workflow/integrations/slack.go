package integrations

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// Slack posts a message: through an incoming webhook (setting webhook_url) or with the Web API's
// chat.postMessage (setting token, and api_url, https://slack.com/api by default).
type Slack struct{ Client *http.Client }

// Name is "slack".
func (*Slack) Name() string { return "slack" }

// Version of the integration.
func (*Slack) Version() string { return "1.0.0" }

// ValidateConfig needs webhook_url or token.
func (*Slack) ValidateConfig(cfg map[string]string) error {
	switch {
	case cfg["webhook_url"] != "":
		return checkURL("slack", cfg, "webhook_url")
	case cfg["token"] != "":
		if u := cfg["api_url"]; u != "" {
			return checkURL("slack", cfg, "api_url")
		}
		return nil
	}
	return errors.New("slack needs webhook_url (an incoming webhook) or token (a bot token for chat.postMessage)")
}

// Execute posts req.Message to req.Channel.
func (s *Slack) Execute(ctx context.Context, req Request) (Result, error) {
	if err := s.ValidateConfig(req.Config); err != nil {
		return Result{}, err
	}
	if strings.TrimSpace(req.Message) == "" {
		return Result{}, errors.New("slack: the step has no message")
	}
	payload := map[string]any{"text": req.Message}
	if req.Channel != "" {
		payload["channel"] = req.Channel
	}
	body, _ := json.Marshal(payload)
	if hook := req.Config["webhook_url"]; hook != "" && req.Operation != "chat.postMessage" {
		r, err := http.NewRequestWithContext(ctx, http.MethodPost, hook, bytes.NewReader(body))
		if err != nil {
			return Result{}, fmt.Errorf("slack: %w", err)
		}
		r.Header.Set("Content-Type", "application/json")
		return doJSON(s.Client, r, "slack", nil)
	}
	if req.Channel == "" {
		return Result{}, errors.New("slack: chat.postMessage needs a channel")
	}
	api := strings.TrimRight(req.Config["api_url"], "/")
	if api == "" {
		api = "https://slack.com/api"
	}
	r, err := http.NewRequestWithContext(ctx, http.MethodPost, api+"/chat.postMessage", bytes.NewReader(body))
	if err != nil {
		return Result{}, fmt.Errorf("slack: %w", err)
	}
	r.Header.Set("Content-Type", "application/json; charset=utf-8")
	r.Header.Set("Authorization", "Bearer "+req.Config["token"])
	var answer struct {
		OK      bool   `json:"ok"`
		Error   string `json:"error"`
		TS      string `json:"ts"`
		Channel string `json:"channel"`
	}
	res, err := doJSON(s.Client, r, "slack", &answer)
	if err != nil {
		return res, err
	}
	if !answer.OK {
		return res, fmt.Errorf("slack: chat.postMessage: %s", answer.Error)
	}
	res.Outputs = map[string]string{"ts": answer.TS, "channel": answer.Channel}
	return res, nil
}
