// Command embedded-e2e measures the embedded llama.cpp backend end to end through the real binary, on a
// generated ~100 MB model imported into a temporary model cache:
//
//   - cold: `cmdai --no-daemon --print` from process start to exit (load and answer), and a fresh
//     daemon's first answer (the client starts the daemon, which loads the model and answers);
//   - warm: `cmdai --print` through a daemon that has the model loaded;
//   - time to first token: streaming through the daemon's socket against the same model loaded in this
//     process, same request and settings, interleaved.
//
// Every figure is a median over several runs taken in the same run as its baseline; the load average is
// printed with them. It needs a binary and itself built with the llamacpp tag:
//
//	task bench:e2e
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/cmdai/cmdai/models/embedded"
	"github.com/cmdai/cmdai/models/embedded/embeddedtest"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "embedded-e2e:", err)
		os.Exit(1)
	}
}

// settings are the flags, which the config written for the binary and the in-process backend share.
type settings struct {
	bin       string
	rounds    int
	warm      int
	ttftRuns  int
	threads   int
	maxTokens int
	prompt    string
}

func run() error {
	var s settings
	flag.StringVar(&s.bin, "bin", "bin/cmdai", "cmdai binary built with the llamacpp tag (task build)")
	flag.IntVar(&s.rounds, "rounds", 5, "rounds of cold (without and with a daemon) and warm runs")
	flag.IntVar(&s.warm, "warm", 3, "warm runs per round")
	flag.IntVar(&s.ttftRuns, "ttft-runs", 30, "time-to-first-token runs of each path, interleaved")
	// One thread: on a busy machine llama.cpp threads that wait for each other spin, and the figures
	// scatter. The generated model never closes its answer, so every answer is max-tokens long.
	flag.IntVar(&s.threads, "threads", 1, "llama.cpp threads ([embedded] threads)")
	flag.IntVar(&s.maxTokens, "max-tokens", 16, "tokens per answer ([embedded] max_tokens)")
	flag.StringVar(&s.prompt, "prompt", "list the files in this directory", "request to answer")
	flag.Parse()
	if !embedded.Available() {
		return errors.New("built without llama.cpp: run it with 'task bench:e2e'")
	}
	bin, err := filepath.Abs(s.bin)
	if err != nil {
		return err
	}
	s.bin = bin

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	root, err := os.MkdirTemp("", "cmdai-embedded-e2e")
	if err != nil {
		return err
	}
	defer os.RemoveAll(root)
	env, err := isolate(root)
	if err != nil {
		return err
	}
	// Every daemon this program starts answers on the socket under root; stop it on the way out.
	defer func() {
		if err := stopDaemon(s.bin); err != nil {
			fmt.Fprintln(os.Stderr, "embedded-e2e:", err)
		}
	}()

	gguf := filepath.Join(root, "bench.gguf")
	fmt.Fprintln(os.Stderr, "writing the ~100 MB model and importing it with 'cmdai model pull'")
	if err := embeddedtest.WriteBench(gguf); err != nil {
		return fmt.Errorf("write the model: %w", err)
	}
	if out, err := exec.CommandContext(ctx, s.bin, "model", "pull", gguf).CombinedOutput(); err != nil {
		return fmt.Errorf("model pull: %w: %s", err, out)
	}
	if err := writeConfig(env.config, s); err != nil {
		return err
	}
	load0 := loadavg()

	coldCLI, coldDaemon, warm, err := coldWarm(ctx, s)
	if err != nil {
		return err
	}
	ttft, err := firstToken(ctx, s, env)
	if err != nil {
		return err
	}
	load1 := loadavg()

	fmt.Printf("\nmodel: generated llama, 8 layers, 512 wide, F32, ~100 MB; %d threads; at most %d tokens per answer\n",
		s.threads, s.maxTokens)
	fmt.Printf("answer: %d tokens, %q\n", ttft.tokens, ttft.command)
	fmt.Printf("in process: load %s, first answer %s (the whole prompt through the model), later answers %s (median)\n",
		ttft.load.Round(time.Millisecond), ttft.firstAnswer.Round(time.Millisecond), pct(ttft.answers, 50).Round(time.Millisecond))
	fmt.Printf("load average: %s at start, %s at end\n\n", load0, load1)
	fmt.Printf("%-44s %5s %10s %10s %10s\n", "end to end (process start to exit)", "runs", "median", "p90", "min")
	row("cold: cmdai --no-daemon --print", coldCLI)
	row("cold: fresh daemon's first answer", coldDaemon)
	row("warm: cmdai --print, daemon warm", warm)
	fmt.Printf("\nwarm / cold --no-daemon: %.3f (1/%.1f)\n", ratio(warm, coldCLI), 1/ratio(warm, coldCLI))
	fmt.Printf("warm / cold daemon:      %.3f (1/%.1f)\n", ratio(warm, coldDaemon), 1/ratio(warm, coldDaemon))
	fmt.Printf("\n%-44s %5s %10s %10s %10s\n", "time to first token, model loaded", "runs", "median", "p90", "min")
	row("in process: Generate", ttft.inProcess)
	row("daemon: ipc Generate over the socket", ttft.daemon)
	row("added by the daemon (paired, per run)", ttft.added)
	return nil
}

// dirs are the XDG directories the binary, its daemon and this process use.
type dirs struct {
	config string // $XDG_CONFIG_HOME
	data   string // $XDG_DATA_HOME
}

// isolate points HOME and the XDG directories of this process, and so of every process it starts, into
// root, so that nothing touches the person's own config, cache, history or daemon.
func isolate(root string) (dirs, error) {
	d := dirs{config: filepath.Join(root, "config"), data: filepath.Join(root, "data")}
	for k, v := range map[string]string{
		"HOME": filepath.Join(root, "home"), "XDG_CONFIG_HOME": d.config, "XDG_DATA_HOME": d.data,
		"XDG_STATE_HOME": filepath.Join(root, "state"), "XDG_RUNTIME_DIR": filepath.Join(root, "run"),
	} {
		if err := os.MkdirAll(v, 0o700); err != nil {
			return d, err
		}
		if err := os.Setenv(k, v); err != nil {
			return d, err
		}
	}
	return d, nil
}

func writeConfig(configHome string, s settings) error {
	conf := fmt.Sprintf(`backend = "embedded"
model = "bench"

[embedded]
threads = %d
max_tokens = %d

[daemon]
autostart = true
preload = true
`, s.threads, s.maxTokens)
	dir := filepath.Join(configHome, "cmdai")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "config.toml"), []byte(conf), 0o600)
}

// coldWarm runs the rounds: with no daemon, a --no-daemon answer, then a first answer that starts the
// daemon, then warm answers through it; the daemon is stopped at the end of each round.
func coldWarm(ctx context.Context, s settings) (coldCLI, coldDaemon, warm []time.Duration, err error) {
	for i := range s.rounds {
		fmt.Fprintf(os.Stderr, "round %d/%d: cold and warm answers\n", i+1, s.rounds)
		if err := stopDaemon(s.bin); err != nil {
			return nil, nil, nil, err
		}
		d, err := answer(ctx, s, "--no-daemon")
		if err != nil {
			return nil, nil, nil, err
		}
		coldCLI = append(coldCLI, d)
		if d, err = answer(ctx, s); err != nil {
			return nil, nil, nil, err
		}
		coldDaemon = append(coldDaemon, d)
		for range s.warm {
			if d, err = answer(ctx, s); err != nil {
				return nil, nil, nil, err
			}
			warm = append(warm, d)
		}
	}
	return coldCLI, coldDaemon, warm, stopDaemon(s.bin)
}

// answer runs one `cmdai --print --backend embedded PROMPT` and returns its wall time.
func answer(ctx context.Context, s settings, extra ...string) (time.Duration, error) {
	args := append(append([]string{"--print", "--backend", "embedded"}, extra...), s.prompt)
	c := exec.CommandContext(ctx, s.bin, args...)
	var stderr strings.Builder
	c.Stderr = &stderr
	start := time.Now()
	out, err := c.Output()
	d := time.Since(start)
	if err != nil {
		return 0, fmt.Errorf("cmdai %s: %w: %s", strings.Join(args, " "), err, stderr.String())
	}
	if strings.TrimSpace(string(out)) == "" {
		return 0, fmt.Errorf("cmdai %s printed no command", strings.Join(args, " "))
	}
	return d, nil
}

// stopDaemon stops the daemon of this process's XDG directories, if one runs, and waits until its
// process has exited.
func stopDaemon(bin string) error {
	var st struct {
		PID int `json:"pid"`
	}
	if out, err := exec.Command(bin, "daemon", "status", "--json").Output(); err != nil || json.Unmarshal(out, &st) != nil {
		return nil // not running
	}
	if out, err := exec.Command(bin, "daemon", "stop").CombinedOutput(); err != nil {
		return fmt.Errorf("daemon stop: %w: %s", err, out)
	}
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if err := syscall.Kill(st.PID, 0); errors.Is(err, syscall.ESRCH) {
			return nil
		}
	}
	return fmt.Errorf("the daemon (pid %d) is still running 10 s after 'cmdai daemon stop'", st.PID)
}

func loadavg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	return strings.Join(strings.Fields(string(b))[:3], " ")
}

func pct(t []time.Duration, p int) time.Duration {
	s := slices.Clone(t)
	slices.Sort(s)
	return s[(len(s)-1)*p/100]
}

func ratio(a, b []time.Duration) float64 { return float64(pct(a, 50)) / float64(pct(b, 50)) }

func row(name string, t []time.Duration) {
	r := func(d time.Duration) time.Duration {
		if d.Abs() < time.Millisecond {
			return d.Round(time.Microsecond)
		}
		return d.Round(10 * time.Microsecond)
	}
	fmt.Printf("%-44s %5d %10s %10s %10s\n", name, len(t), r(pct(t, 50)), r(pct(t, 90)), r(pct(t, 0)))
}
