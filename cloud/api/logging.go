package api

import (
	"context"
	"io"
	"log/slog"
	"regexp"
	"strings"
)

var (
	emailPattern = regexp.MustCompile(`[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}`)
	// API keys, refresh tokens, JWTs and bearer credentials.
	tokenPattern = regexp.MustCompile(`cmdair?_[A-Za-z0-9_\-]+|eyJ[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]*|(?i:bearer)\s+\S+`)
)

// secretKeys are attribute names whose values are never logged at all.
var secretKeys = []string{"password", "token", "secret", "authorization", "cookie", "api_key", "prompt"}

// Redact masks email addresses and credentials in s; an email keeps its domain, which is useful in
// support and is not personal.
func Redact(s string) string {
	s = emailPattern.ReplaceAllStringFunc(s, func(m string) string {
		_, domain, _ := strings.Cut(m, "@")
		return "***@" + domain
	})
	return tokenPattern.ReplaceAllString(s, "[REDACTED]")
}

func redactAttr(_ []string, a slog.Attr) slog.Attr {
	key := strings.ToLower(a.Key)
	for _, k := range secretKeys {
		if strings.Contains(key, k) {
			return slog.String(a.Key, "[REDACTED]")
		}
	}
	if a.Value.Kind() == slog.KindString || a.Value.Kind() == slog.KindAny {
		return slog.String(a.Key, Redact(a.Value.String()))
	}
	return a
}

// NewLogger returns the server's structured JSON logger, which masks emails and credentials in every
// attribute and message.
func NewLogger(w io.Writer, level slog.Leveler) *slog.Logger {
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: level, ReplaceAttr: redactAttr}))
}

type loggerKey struct{}

// logger returns the request's logger (carrying its request id), or the default one.
func logger(ctx context.Context) *slog.Logger {
	if l, ok := ctx.Value(loggerKey{}).(*slog.Logger); ok {
		return l
	}
	return slog.Default()
}
