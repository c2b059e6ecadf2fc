package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"github.com/cmdai/cmdai/ipc"
	"github.com/cmdai/cmdai/models"
	"github.com/cmdai/cmdai/models/embedded"
)

// ttftTimes are times to the first token of the same request on each path; added[i] is daemon[i] minus
// inProcess[i], two runs taken back to back.
type ttftTimes struct {
	inProcess, daemon, added []time.Duration
	// tokens is how many tokens the in-process answer had, and command what it said.
	tokens  int
	command string
	// load is embedded.OpenCached in this process; firstAnswer is its first answer, which puts the whole
	// prompt through the model; answers are the later ones, which find all but its last token in the cache.
	load, firstAnswer time.Duration
	answers           []time.Duration
}

// firstToken loads the model in this process, as the binary's --no-daemon does and with the same
// settings, warms a daemon with one answer, then times the first token of both paths in alternation
// (which goes first alternates too). Both keep the shared prompt prefix in their KV cache, so a run
// decodes the last prompt token and samples one.
func firstToken(ctx context.Context, s settings, d dirs) (ttftTimes, error) {
	var t ttftTimes
	fmt.Fprintln(os.Stderr, "time to first token: in process and through the daemon")
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	slog.SetDefault(quiet) // the binding logs what it finds at start-up there
	start := time.Now()
	b, err := embedded.OpenCached(ctx, filepath.Join(d.data, "cmdai", "models"), "bench",
		embedded.Options{Threads: s.threads, MaxTokens: s.maxTokens, Log: quiet})
	if err != nil {
		return t, err
	}
	t.load = time.Since(start)
	defer b.Close()
	if _, err := answer(ctx, s); err != nil { // starts the daemon, which loads the model
		return t, err
	}
	cwd, _ := os.Getwd()
	req := models.Request{Prompt: s.prompt, Shell: "bash", OS: runtime.GOOS, Cwd: cwd}
	c := &ipc.Client{}
	defer c.Close()
	inProcess := func() (time.Duration, error) {
		start := time.Now()
		var first time.Duration
		tokens := 0
		resp, err := b.Generate(ctx, req, func(string) {
			if first == 0 {
				first = time.Since(start)
			}
			tokens++
		})
		t.tokens, t.command = tokens, resp.Command
		t.answers = append(t.answers, time.Since(start))
		return first, answered(first, err)
	}
	viaDaemon := func() (time.Duration, error) {
		start := time.Now()
		var first time.Duration
		_, err := c.Generate(ctx, ipc.GenerateRequest{Prompt: req.Prompt, Shell: req.Shell, OS: req.OS, Cwd: req.Cwd,
			Backend: embedded.Name, Model: "bench"}, func(string) {
			if first == 0 {
				first = time.Since(start)
			}
		})
		return first, answered(first, err)
	}
	// One run each fills both caches with the prompt; only the in-process one is timed, whole.
	start = time.Now()
	if _, err := inProcess(); err != nil {
		return t, err
	}
	t.firstAnswer = time.Since(start)
	t.answers = t.answers[:0]
	if _, err := viaDaemon(); err != nil {
		return t, err
	}
	for i := range s.ttftRuns {
		// llama.cpp's worker threads spin a while after a decode before they sleep; let the other
		// path's threads go idle so that neither run pays for the one before.
		time.Sleep(50 * time.Millisecond)
		var a, b time.Duration
		var errA, errB error
		if i%2 == 0 {
			a, errA = inProcess()
			time.Sleep(50 * time.Millisecond)
			b, errB = viaDaemon()
		} else {
			b, errB = viaDaemon()
			time.Sleep(50 * time.Millisecond)
			a, errA = inProcess()
		}
		if err := errors.Join(errA, errB); err != nil {
			return t, err
		}
		t.inProcess = append(t.inProcess, a)
		t.daemon = append(t.daemon, b)
		t.added = append(t.added, b-a)
	}
	return t, nil
}

// answered is a generation's error for timing purposes: an answer the token cap cut short still timed
// its first token, so only a run without one fails.
func answered(first time.Duration, err error) error {
	if first == 0 {
		return fmt.Errorf("no token streamed: %w", err)
	}
	return nil
}
