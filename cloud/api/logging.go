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
	if !mayHoldSecret(s) {
		return s
	}
	return redactAll(s)
}

// mayHoldSecret reports whether s could match emailPattern or tokenPattern: every match holds an '@',
// "cmdai", "eyJ" or an ASCII "bearer" in any case. Most logged strings (methods, paths, request ids, the
// level) hold none of them and skip both regular expressions, which were the access log's main cost.
func mayHoldSecret(s string) bool {
	if strings.Contains(s, "@") || strings.Contains(s, "cmdai") || strings.Contains(s, "eyJ") {
		return true
	}
	for i := 0; i+len("bearer") <= len(s); i++ {
		if s[i]|0x20 == 'b' && strings.EqualFold(s[i:i+len("bearer")], "bearer") {
			return true
		}
	}
	return false
}

// redactAll is Redact without the shortcut.
func redactAll(s string) string {
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
	if a.Value.Kind() == slog.KindAny {
		if lv, ok := a.Value.Any().(slog.Level); ok {
			return slog.String(a.Key, lv.String()) // a level holds no secret: skip formatting it to scan it
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

// requestLog is what observe keeps in a request's context: the server's logger and the request's id. They
// are joined only when a handler logs, since most requests log nothing but their access line and
// slog.Logger.With costs an allocation and a pass over the attributes on every request.
type requestLog struct {
	base *slog.Logger
	id   string
}

// logger returns the request's logger (carrying its request id), or the default one.
func logger(ctx context.Context) *slog.Logger {
	if l, ok := ctx.Value(loggerKey{}).(*requestLog); ok {
		return l.base.With(slog.String("request_id", l.id))
	}
	return slog.Default()
}
