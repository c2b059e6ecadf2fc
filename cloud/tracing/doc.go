// Package tracing holds the end-to-end test of tracing: 'cmdai sync' run as real processes (the
// command line and the daemon) against cmdai-server, with an OTLP/HTTP receiver that checks the spans of
// every hop share one trace. It has no code outside its tests.
package tracing
