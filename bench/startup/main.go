// Command startup measures how long a one-shot cmdai query takes from process start to exit, against
// /bin/true measured in the same run, so the ratio holds on a noisy shared machine.
//
//	go build -o bin/cmdai ./cmd/cmdai && go run ./bench/startup -bin bin/cmdai
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"time"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "startup:", err)
		os.Exit(1)
	}
}

func run() error {
	bin := flag.String("bin", "bin/cmdai", "cmdai binary to measure")
	n := flag.Int("n", 200, "runs of each command")
	prompt := flag.String("prompt", "show the 10 largest files under this directory", "request to answer")
	flag.Parse()

	home, err := os.MkdirTemp("", "cmdai-startup")
	if err != nil {
		return err
	}
	defer os.RemoveAll(home)
	env := append(os.Environ(), "XDG_CONFIG_HOME="+home+"/config", "XDG_DATA_HOME="+home+"/data",
		"XDG_STATE_HOME="+home+"/state", "XDG_RUNTIME_DIR="+home+"/run")

	baseline, err := measure(*n, env, "/bin/true")
	if err != nil {
		return err
	}
	inProcess, err := measure(*n, env, *bin, "--print", "--no-daemon", "--backend", "offline", *prompt)
	if err != nil {
		return err
	}
	// The first query starts the daemon; every measured one finds it warm.
	if _, err := measure(1, env, *bin, "--print", "--backend", "offline", *prompt); err != nil {
		return err
	}
	defer func() {
		// Stop this run's own daemon: the one its private XDG directories point at.
		stop := exec.Command(*bin, "daemon", "stop")
		stop.Env = env
		_ = stop.Run()
	}()
	viaDaemon, err := measure(*n, env, *bin, "--print", "--backend", "offline", *prompt)
	if err != nil {
		return err
	}
	fmt.Printf("%-34s %10s %10s %10s %8s\n", "command", "median", "p90", "p99", "ratio")
	report("/bin/true", baseline, baseline)
	report("cmdai --print --no-daemon", inProcess, baseline)
	report("cmdai --print (warm daemon)", viaDaemon, baseline)
	return nil
}

// measure runs the command n times, interleaving nothing else, and returns each wall time sorted.
func measure(n int, env []string, name string, args ...string) ([]time.Duration, error) {
	times := make([]time.Duration, 0, n)
	for range n {
		c := exec.Command(name, args...)
		c.Env = env
		start := time.Now()
		if err := c.Run(); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		times = append(times, time.Since(start))
	}
	slices.Sort(times)
	return times, nil
}

func pct(sorted []time.Duration, p int) time.Duration { return sorted[(len(sorted)-1)*p/100] }

// report prints percentiles and the ratio of medians to the baseline measured in the same run.
func report(name string, t, base []time.Duration) {
	fmt.Printf("%-34s %10s %10s %10s %7.1fx\n", name, pct(t, 50).Round(10*time.Microsecond),
		pct(t, 90).Round(10*time.Microsecond), pct(t, 99).Round(10*time.Microsecond),
		float64(pct(t, 50))/float64(pct(base, 50)))
}
