package daemon

import (
	"context"
	"fmt"
	"net/http"
	"os"

	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"

	"github.com/cmdai/cmdai/telemetry"
)

// syncAsk is a request for a sync round now: done is closed when it has run, and asker is the span of
// the request that asked, so that the round joins the trace of the 'cmdai sync' behind it.
type syncAsk struct {
	done  chan struct{}
	asker trace.SpanContext
}

// startTracing sets up tracing for the daemon (on only with CMDAI_TRACING) and returns what flushes it.
// The daemon may have been started by a traced command; its own work is not part of that command's
// trace, so the inherited TRACEPARENT is dropped.
func startTracing(ctx context.Context) func() {
	_ = os.Unsetenv(telemetry.TraceParentEnv)
	_ = os.Unsetenv(telemetry.TraceStateEnv)
	shutdown, err := telemetry.SetupFromEnv(ctx, telemetry.ServiceDaemon)
	if err != nil {
		fmt.Fprintf(os.Stderr, "cmdai: tracing off: %v\n", err)
		return func() {}
	}
	return func() { telemetry.Flush(shutdown) }
}

// traced continues the caller's trace (the W3C traceparent header the ipc client sends) in a span per
// request. With tracing off the handler is served as it is.
func traced(h http.Handler) http.Handler {
	if !telemetry.ClientEnabled(os.Getenv) {
		return h
	}
	return otelhttp.NewHandler(h, "cmdai-daemon", otelhttp.WithSpanNameFormatter(func(_ string, r *http.Request) string {
		return r.Method + " " + r.URL.Path
	}))
}

// tracedCycle runs a sync round in its own span: a child of the asker's span when a client asked for
// it, a new trace when the timer started it.
func (w *syncWorker) tracedCycle(ctx context.Context, asker trace.SpanContext, asked bool) error {
	if asker.IsValid() {
		ctx = trace.ContextWithRemoteSpanContext(ctx, asker)
	}
	ctx, span := telemetry.Tracer().Start(ctx, "sync round")
	defer span.End()
	err := w.cycle(ctx, asked)
	if err != nil {
		span.RecordError(err)
		span.SetStatus(codes.Error, err.Error())
	}
	return err
}
