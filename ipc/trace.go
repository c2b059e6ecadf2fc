package ipc

import (
	"context"
	"net/http"
	"os"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"
)

// injectTrace puts the W3C trace context of ctx into a request's header (traceparent, tracestate),
// or, when ctx holds no span, that of the process's TRACEPARENT and TRACESTATE (the span of the whole
// command the process runs), so that the daemon's work joins the caller's trace. Nothing is sent while
// the process has installed no propagator (tracing was never set up).
func injectTrace(ctx context.Context, h http.Header) {
	p := otel.GetTextMapPropagator()
	if !trace.SpanContextFromContext(ctx).IsValid() {
		if tp := os.Getenv("TRACEPARENT"); tp != "" {
			ctx = p.Extract(ctx, propagation.MapCarrier{"traceparent": tp, "tracestate": os.Getenv("TRACESTATE")})
		}
	}
	p.Inject(ctx, propagation.HeaderCarrier(h))
}
