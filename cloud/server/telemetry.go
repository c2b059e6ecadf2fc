package server

import (
	"log/slog"
	"net/http"
	"os"

	"github.com/redis/go-redis/extra/redisotel/v9"
	"github.com/redis/go-redis/v9"
	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"

	"github.com/cmdai/cmdai/telemetry"
)

// traced gives every request a span that continues the caller's W3C trace context (the daemon's sync
// client sends it); the API names the span for the route it matched. The span is not recorded unless
// tracing is on (telemetry.ServerEnabled), but its trace id still reaches the request's log line.
func traced(h http.Handler) http.Handler {
	return otelhttp.NewHandler(h, telemetry.ServiceServer,
		otelhttp.WithSpanNameFormatter(func(_ string, r *http.Request) string { return r.Method }),
		// /metrics is scraped every few seconds, and the probes as often: spans of them are noise.
		otelhttp.WithFilter(func(r *http.Request) bool {
			switch r.URL.Path {
			case "/metrics", "/health", "/ready":
				return false
			}
			return true
		}))
}

// traceRedis records a span for each Redis command when tracing is on.
func traceRedis(rdb *redis.Client, log *slog.Logger) {
	if !telemetry.ServerEnabled(os.Getenv) {
		return
	}
	if err := redisotel.InstrumentTracing(rdb); err != nil {
		log.Warn("redis commands are not traced", slog.String("error", err.Error()))
	}
}
