package telemetry

import (
	"context"
	"fmt"
	"os"
	"strings"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"
)

// TraceParentEnv and TraceStateEnv carry the W3C trace context in a process's environment, as
// OpenTelemetry's environment carriers do: a process started with them joins the caller's trace, and
// code without a context that holds a span (the ipc client) sends the process's own.
const (
	TraceParentEnv = "TRACEPARENT"
	TraceStateEnv  = "TRACESTATE"
)

// StartProcess starts the span that covers a whole command-line run, named for the command (args up to
// the first flag, e.g. "cmdai sync"), as a child of the TRACEPARENT the process was started with, if
// any. While the span lasts, TRACEPARENT names it, so that the daemon requests the command makes and the
// processes it starts are part of its trace. The returned function ends the span.
func StartProcess(service string, args []string) (context.Context, func()) {
	ctx := otel.GetTextMapPropagator().Extract(context.Background(), envCarrier{})
	name := []string{service}
	for _, a := range args {
		if strings.HasPrefix(a, "-") || len(name) == 3 {
			break
		}
		name = append(name, a)
	}
	ctx, span := Tracer().Start(ctx, strings.Join(name, " "), trace.WithSpanKind(trace.SpanKindClient))
	if span.SpanContext().IsValid() {
		otel.GetTextMapPropagator().Inject(ctx, envCarrier{})
	}
	return ctx, func() { span.End() }
}

// envCarrier reads and writes the trace context as TRACEPARENT and TRACESTATE.
type envCarrier struct{}

var _ propagation.TextMapCarrier = envCarrier{}

func envName(key string) string { return strings.ToUpper(key) }

func (envCarrier) Get(key string) string { return os.Getenv(envName(key)) }

func (envCarrier) Set(key, value string) { _ = os.Setenv(envName(key), value) }

func (envCarrier) Keys() []string {
	var keys []string
	for _, k := range []string{"traceparent", "tracestate", "baggage"} {
		if os.Getenv(envName(k)) != "" {
			keys = append(keys, k)
		}
	}
	return keys
}

// RunCommand runs a command-line program's body in the span of StartProcess, with tracing set up for
// service as SetupFromEnv says, and flushes the spans before it returns run's exit status.
func RunCommand(service string, args []string, run func() int) int {
	shutdown, err := SetupFromEnv(context.Background(), service)
	if err != nil {
		fmt.Fprintf(os.Stderr, "%s: tracing off: %v\n", service, err)
		return run()
	}
	_, end := StartProcess(service, args)
	code := run()
	end()
	Flush(shutdown)
	return code
}
