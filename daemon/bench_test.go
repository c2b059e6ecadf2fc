package daemon

import (
	"context"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"github.com/cmdai/cmdai/config"
	"github.com/cmdai/cmdai/ipc"
	"github.com/cmdai/cmdai/safety"
	"github.com/cmdai/cmdai/safety/wire"
	"github.com/cmdai/cmdai/store"
)

// compare times the in-process call and the same call over the socket alternately in one run, so both
// see the same machine load, and reports each and the difference per call.
func compare(b *testing.B, inProcess, overIPC func()) {
	var local, remote time.Duration
	for b.Loop() {
		t0 := time.Now()
		inProcess()
		t1 := time.Now()
		overIPC()
		remote += time.Since(t1)
		local += t1.Sub(t0)
	}
	n := float64(b.N)
	b.ReportMetric(float64(local.Nanoseconds())/n/1000, "inproc-µs")
	b.ReportMetric(float64(remote.Nanoseconds())/n/1000, "ipc-µs")
	b.ReportMetric(float64((remote-local).Nanoseconds())/n/1000, "added-µs")
}

func BenchmarkIPCStatus(b *testing.B) {
	opts, stop := startBench(b)
	defer stop()
	// The same status, built in this process from a store and backends of its own.
	st, err := store.Open(filepath.Join(b.TempDir(), "db"), store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	d := &daemon{opts: opts.withDefaults(), log: slog.New(slog.DiscardHandler), store: st, started: time.Now()}
	d.models = newPool(DefaultFactories(), d.log)
	cfg := config.Default()
	d.cfg.Store(&cfg)
	c := &ipc.Client{Socket: opts.Socket}
	defer c.Close()
	ctx := context.Background()
	compare(b, func() { _ = d.status() }, func() {
		if _, err := c.Status(ctx); err != nil {
			b.Fatal(err)
		}
	})
}

func BenchmarkIPCCheck(b *testing.B) {
	opts, stop := startBench(b)
	defer stop()
	sopts := config.Default().SafetyOptions("bash")
	c := &ipc.Client{Socket: opts.Socket}
	defer c.Close()
	ctx := context.Background()
	const cmd = "find . -name '*.log' -mtime +7 -exec rm {} +"
	compare(b, func() { _ = wire.FromFindings(safety.Check(cmd, sopts).Findings) }, func() {
		if _, err := c.Check(ctx, ipc.CheckRequest{Command: cmd}); err != nil {
			b.Fatal(err)
		}
	})
}

// startBench runs a daemon for a benchmark in its own directories.
func startBench(b *testing.B) (Options, func()) {
	root := b.TempDir()
	opts := Options{
		Socket:     filepath.Join(root, "s", "cmdai.sock"),
		ConfigPath: filepath.Join(root, "config.toml"),
		DataDir:    filepath.Join(root, "data"),
		StateDir:   root,
		Logger:     slog.New(slog.DiscardHandler),
		Version:    "bench",
	}
	ready := make(chan struct{})
	opts.Ready = func() { close(ready) }
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- Run(ctx, opts) }()
	select {
	case <-ready:
	case err := <-done:
		b.Fatal(err)
	}
	return opts, func() {
		cancel()
		if err := <-done; err != nil {
			b.Error(err)
		}
	}
}
