package prompt

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/cmdai/cmdai/models"
)

// Chat sends one conversation to a model and returns its whole reply, streaming the pieces to onToken
// when it is not nil.
type Chat func(ctx context.Context, msgs []Message, onToken models.TokenFunc) (string, error)

// Ask asks chat for a command that answers req and parses the reply. When the reply holds no usable
// command it asks once more with Refine, after a newline on the stream so the second try shows apart.
// who names the model in errors and logs ("qwen2.5-coder:1.5b on ollama").
func Ask(ctx context.Context, req models.Request, chat Chat, onToken models.TokenFunc, log *slog.Logger, who string) (command, explanation string, err error) {
	out, err := chat(ctx, Messages(req), onToken)
	if err != nil {
		return "", "", err
	}
	command, explanation, perr := Parse(out)
	if perr == nil {
		return command, explanation, nil
	}
	if log != nil {
		log.Info("unreadable reply, asking again", "model", who, "err", perr, "reply", truncate(out, 300))
	}
	if onToken != nil {
		onToken("\n")
	}
	if out, err = chat(ctx, Refine(req, out), onToken); err != nil {
		return "", "", err
	}
	if command, explanation, perr = Parse(out); perr != nil {
		return "", "", fmt.Errorf("%s answered twice with no usable command: %w", who, perr)
	}
	return command, explanation, nil
}
