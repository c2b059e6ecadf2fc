package server

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"go.opentelemetry.io/otel/trace"

	"github.com/cmdai/cmdai/telemetry"
)

// With tracing off, a caller's trace id still reaches the request's context, where log lines find it.
func TestTracedOffKeepsCallersTraceID(t *testing.T) {
	t.Setenv("OTEL_EXPORTER_OTLP_ENDPOINT", "")
	t.Setenv("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "")
	if _, err := telemetry.Setup(context.Background(), telemetry.ServiceServer, false); err != nil {
		t.Fatal(err)
	}
	var got trace.SpanContext
	h := traced(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) { got = trace.SpanContextFromContext(r.Context()) }))
	req := httptest.NewRequest("GET", "/api/v1/commands", nil)
	req.Header.Set("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
	h.ServeHTTP(httptest.NewRecorder(), req)
	if got.TraceID().String() != "4bf92f3577b34da6a3ce929d0e0e4736" {
		t.Fatalf("request context holds trace %s, want the caller's", got.TraceID())
	}
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/api/v1/commands", nil))
	if got.IsValid() {
		t.Fatalf("a request without traceparent got trace %s", got.TraceID())
	}
}
