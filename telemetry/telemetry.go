// Package telemetry sets up OpenTelemetry tracing for cmdai's processes: the CLI, the daemon and
// cmdai-server. Spans go out by OTLP over HTTP as the standard OTEL_* variables say (endpoint, headers,
// sampler, service name and resource); the W3C trace context carries a trace from the CLI over the
// daemon's Unix socket and the cloud API's HTTPS into PostgreSQL and Redis; and log lines written while
// a span is current carry its trace_id and span_id.
//
// The server traces when an OTLP endpoint is configured; the CLI and the daemon only when CMDAI_TRACING
// says so as well, so that a workstation never sends what its person asked for to a collector by accident.
package telemetry

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"
)

// TracingEnv turns tracing on in the CLI and the daemon ("1", "true" or "on"); the server needs only an
// OTLP endpoint.
const TracingEnv = "CMDAI_TRACING"

// Service names, the resource's service.name unless OTEL_SERVICE_NAME says otherwise.
const (
	ServiceCLI    = "cmdai"
	ServiceDaemon = "cmdai-daemon"
	ServiceServer = "cmdai-server"
)

// Tracer is the tracer cmdai's own spans come from.
func Tracer() trace.Tracer { return otel.Tracer("github.com/cmdai/cmdai") }

// ServerEnabled reports whether the server should export traces: an OTLP endpoint is set
// (OTEL_EXPORTER_OTLP_ENDPOINT or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT), and neither OTEL_SDK_DISABLED=true
// nor OTEL_TRACES_EXPORTER=none turns it off.
func ServerEnabled(getenv func(string) string) bool {
	if off(getenv) {
		return false
	}
	return getenv("OTEL_EXPORTER_OTLP_ENDPOINT") != "" || getenv("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT") != ""
}

// ClientEnabled reports whether the CLI and the daemon should export traces: CMDAI_TRACING is on and
// the OTEL_* variables do not turn tracing off. The OTLP endpoint defaults to localhost:4318.
func ClientEnabled(getenv func(string) string) bool {
	if off(getenv) {
		return false
	}
	switch strings.ToLower(getenv(TracingEnv)) {
	case "1", "true", "on", "yes":
		return true
	}
	return false
}

func off(getenv func(string) string) bool {
	return strings.EqualFold(getenv("OTEL_SDK_DISABLED"), "true") || strings.EqualFold(getenv("OTEL_TRACES_EXPORTER"), "none")
}

// Setup installs the W3C trace-context and baggage propagators and, when enabled, a tracer provider
// that batches spans to the OTLP/HTTP endpoint of the OTEL_* variables, sampled as OTEL_TRACES_SAMPLER
// says (parent-based, always on, by default). Disabled, trace context still passes through the process
// and into its logs, and no span is recorded. The returned function flushes and stops the exporter; call
// it before the process exits.
func Setup(ctx context.Context, service string, enabled bool) (shutdown func(context.Context) error, err error) {
	otel.SetTextMapPropagator(propagation.NewCompositeTextMapPropagator(propagation.TraceContext{}, propagation.Baggage{}))
	if !enabled {
		return func(context.Context) error { return nil }, nil
	}
	exp, err := otlptracehttp.New(ctx)
	if err != nil {
		return nil, fmt.Errorf("otlp trace exporter: %w", err)
	}
	// Later detectors win: OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES override the built-in name.
	res, err := resource.New(ctx,
		resource.WithAttributes(attribute.String("service.name", service)),
		resource.WithTelemetrySDK(),
		resource.WithHost(),
		resource.WithFromEnv(),
	)
	if err != nil && !errors.Is(err, resource.ErrPartialResource) {
		return nil, fmt.Errorf("trace resource: %w", err)
	}
	tp := sdktrace.NewTracerProvider(sdktrace.WithBatcher(exp), sdktrace.WithResource(res))
	otel.SetTracerProvider(tp)
	otel.SetErrorHandler(otel.ErrorHandlerFunc(func(err error) {
		fmt.Fprintf(os.Stderr, "%s: tracing: %v\n", service, err)
	}))
	return tp.Shutdown, nil
}

// SetupFromEnv is Setup for one of the three services, enabled as ServerEnabled or ClientEnabled says.
func SetupFromEnv(ctx context.Context, service string) (shutdown func(context.Context) error, err error) {
	enabled := ClientEnabled(os.Getenv)
	if service == ServiceServer {
		enabled = ServerEnabled(os.Getenv)
	}
	return Setup(ctx, service, enabled)
}

// Flush runs shutdown with a bound, so that an unreachable collector cannot hold a process's exit.
func Flush(shutdown func(context.Context) error) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = shutdown(ctx)
}
