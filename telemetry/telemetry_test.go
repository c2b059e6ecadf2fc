package telemetry_test

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"strings"
	"testing"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"

	"github.com/cmdai/cmdai/telemetry"
)

func TestEnabled(t *testing.T) {
	for _, tc := range []struct {
		env            map[string]string
		server, client bool
	}{
		{env: nil},
		{env: map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "http://c:4318"}, server: true},
		{env: map[string]string{"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "http://c:4318/v1/traces"}, server: true},
		{env: map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "http://c:4318", "OTEL_SDK_DISABLED": "true"}},
		{env: map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "http://c:4318", "OTEL_TRACES_EXPORTER": "none", "CMDAI_TRACING": "1"}},
		{env: map[string]string{"CMDAI_TRACING": "on"}, client: true},
		{env: map[string]string{"CMDAI_TRACING": "0", "OTEL_EXPORTER_OTLP_ENDPOINT": "http://c:4318"}, server: true},
	} {
		get := func(k string) string { return tc.env[k] }
		if got := telemetry.ServerEnabled(get); got != tc.server {
			t.Errorf("%v: ServerEnabled %v, want %v", tc.env, got, tc.server)
		}
		if got := telemetry.ClientEnabled(get); got != tc.client {
			t.Errorf("%v: ClientEnabled %v, want %v", tc.env, got, tc.client)
		}
	}
}

// OTEL_TRACES_SAMPLER decides which traces are recorded; a sampled caller is followed by default.
func TestSamplingFromEnv(t *testing.T) {
	t.Setenv("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:1")
	t.Setenv("OTEL_TRACES_SAMPLER", "parentbased_traceidratio")
	t.Setenv("OTEL_TRACES_SAMPLER_ARG", "0")
	shutdown, err := telemetry.Setup(context.Background(), telemetry.ServiceServer, true)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = shutdown(context.Background()) }()
	_, root := telemetry.Tracer().Start(context.Background(), "new trace")
	if root.IsRecording() {
		t.Error("a new trace was recorded with a sampling ratio of 0")
	}
	root.End()
	parent := propagation.MapCarrier{"traceparent": "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"}
	ctx := otel.GetTextMapPropagator().Extract(context.Background(), parent)
	_, child := telemetry.Tracer().Start(ctx, "continued")
	defer child.End()
	if !child.IsRecording() || child.SpanContext().TraceID().String() != "4bf92f3577b34da6a3ce929d0e0e4736" {
		t.Error("the span of a sampled caller's request was not recorded in the caller's trace")
	}
}

func TestLogHandlerAddsTraceID(t *testing.T) {
	var buf bytes.Buffer
	log := slog.New(telemetry.LogHandler(slog.NewJSONHandler(&buf, nil))).With("part", "test")
	sc := trace.NewSpanContext(trace.SpanContextConfig{TraceID: trace.TraceID{1, 2, 3}, SpanID: trace.SpanID{4, 5}, TraceFlags: trace.FlagsSampled})
	log.InfoContext(trace.ContextWithSpanContext(context.Background(), sc), "with")
	log.Info("without")
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != 2 || !strings.Contains(lines[0], `"trace_id":"01020300000000000000000000000000"`) ||
		!strings.Contains(lines[0], `"span_id":"0405000000000000"`) || !strings.Contains(lines[0], `"part":"test"`) ||
		strings.Contains(lines[1], "trace_id") {
		t.Fatalf("log lines:\n%s", buf.String())
	}
}

func TestStartProcessJoinsTraceParent(t *testing.T) {
	t.Setenv("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:1")
	t.Setenv(telemetry.TraceParentEnv, "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
	shutdown, err := telemetry.Setup(context.Background(), telemetry.ServiceCLI, true)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = shutdown(context.Background()) }()
	ctx, end := telemetry.StartProcess(telemetry.ServiceCLI, []string{"sync", "--json"})
	defer end()
	sc := trace.SpanContextFromContext(ctx)
	if sc.TraceID().String() != "4bf92f3577b34da6a3ce929d0e0e4736" {
		t.Fatalf("the command's span is in trace %s, not the one TRACEPARENT names", sc.TraceID())
	}
	if tp := os.Getenv(telemetry.TraceParentEnv); !strings.Contains(tp, sc.SpanID().String()) {
		t.Fatalf("TRACEPARENT %q does not name the command's span %s", tp, sc.SpanID())
	}
}
