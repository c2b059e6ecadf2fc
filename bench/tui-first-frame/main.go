// Command tui-first-frame times `cmdai` with no arguments from process start to the first full frame of
// the TUI (its status bar on the terminal), on a pseudo-terminal, with the daemon already running.
//
//	go build -trimpath -o bin/cmdai ./cmd/cmdai && go run ./bench/tui-first-frame -bin bin/cmdai -n 30
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"time"

	"github.com/creack/pty"
)

func main() {
	bin := flag.String("bin", "bin/cmdai", "the cmdai binary")
	n := flag.Int("n", 30, "runs")
	flag.Parse()
	if err := run(*bin, *n); err != nil {
		fmt.Fprintln(os.Stderr, "tui-first-frame:", err)
		os.Exit(1)
	}
}

func run(bin string, n int) error {
	bin, err := filepath.Abs(bin)
	if err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "cmdai-bench")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	env := append(os.Environ(), "XDG_RUNTIME_DIR="+dir+"/run", "XDG_CONFIG_HOME="+dir+"/config",
		"XDG_DATA_HOME="+dir+"/data", "XDG_STATE_HOME="+dir+"/state", "TERM=xterm-256color")
	if err := os.MkdirAll(dir+"/run", 0o700); err != nil {
		return err
	}
	start := exec.Command(bin, "daemon", "start")
	start.Env = env
	if out, err := start.CombinedOutput(); err != nil {
		return fmt.Errorf("daemon start: %v: %s", err, out)
	}
	defer func() {
		stop := exec.Command(bin, "daemon", "stop")
		stop.Env = env
		_ = stop.Run()
	}()
	var times []time.Duration
	for range n + 1 {
		d, err := once(bin, env)
		if err != nil {
			return err
		}
		times = append(times, d)
	}
	times = times[1:] // the first run warms the page cache
	slices.Sort(times)
	fmt.Printf("first frame of `cmdai` (process start to status bar), %d runs: median %.1f ms, p90 %.1f ms, max %.1f ms\n",
		n, ms(times[len(times)/2]), ms(times[len(times)*9/10]), ms(times[len(times)-1]))
	return nil
}

func once(bin string, env []string) (time.Duration, error) {
	cmd := exec.Command(bin)
	cmd.Env = env
	begin := time.Now()
	f, err := pty.StartWithSize(cmd, &pty.Winsize{Cols: 120, Rows: 40})
	if err != nil {
		return 0, err
	}
	defer f.Close()
	var seen []byte
	buf := make([]byte, 64<<10)
	for !bytes.Contains(seen, []byte("mode")) {
		_ = f.SetReadDeadline(time.Now().Add(5 * time.Second))
		k, err := f.Read(buf)
		if err != nil {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
			return 0, fmt.Errorf("read the terminal: %w (saw %q)", err, seen)
		}
		seen = append(seen, buf[:k]...)
	}
	took := time.Since(begin)
	_, _ = f.Write([]byte{3}) // Ctrl-C quits
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }() // ends when the process exits; killed below after a timeout
	select {
	case <-done:
	case <-time.After(3 * time.Second):
		_ = cmd.Process.Kill()
		<-done
	}
	return took, nil
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
