package server

import (
	"log/slog"
	"net/http"
	"os"

	"github.com/redis/go-redis/extra/redisotel/v9"
	"github.com/redis/go-redis/v9"
	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/propagation"

	"github.com/cmdai/cmdai/telemetry"
)

// traced gives every request a span that continues the caller's W3C trace context (the daemon's sync
// client sends it); the API names the span for the route it matched. With tracing off
// (telemetry.ServerEnabled) the caller's trace context is only carried into the request's context, for
// its log lines: otelhttp's handler costs tens of microseconds a request even when it records nothing.
func traced(h http.Handler) http.Handler {
	if !telemetry.ServerEnabled(os.Getenv) {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Header.Get("traceparent") != "" {
				r = r.WithContext(otel.GetTextMapPropagator().Extract(r.Context(), propagation.HeaderCarrier(r.Header)))
			}
			h.ServeHTTP(w, r)
		})
	}
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
