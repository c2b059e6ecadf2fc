// Command shell-popup measures how long the Ctrl-G popup takes to show its answer in a real shell: from
// tmux send-keys of the key to the risk badge on the screen (capture-pane polled as fast as it answers),
// with the daemon warm. The baseline is the same send-keys and polling for the output of a plain echo,
// measured in the same run, so the ratio and the difference hold on a noisy shared machine.
//
//	go build -o bin/cmdai ./cmd/cmdai && go run ./bench/shell-popup -bin bin/cmdai
package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "shell-popup:", err)
		os.Exit(1)
	}
}

type bench struct {
	tmux []string
	env  []string
}

func run() error {
	bin := flag.String("bin", "bin/cmdai", "cmdai binary to measure")
	n := flag.Int("n", 30, "runs of each")
	shell := flag.String("shell", "zsh", "shell to measure in: bash, zsh or fish")
	flag.Parse()
	abs, err := filepath.Abs(*bin)
	if err != nil {
		return err
	}
	root, err := os.MkdirTemp("", "cmdai-popup-bench")
	if err != nil {
		return err
	}
	defer os.RemoveAll(root)
	for _, d := range []string{"home", "config", "data", "state", "run", "tmux"} {
		if err := os.MkdirAll(filepath.Join(root, d), 0o700); err != nil {
			return err
		}
	}
	b := &bench{tmux: []string{"-L", "cmdai-bench", "-f", "/dev/null"}, env: []string{
		"HOME=" + root + "/home", "XDG_CONFIG_HOME=" + root + "/config", "XDG_DATA_HOME=" + root + "/data",
		"XDG_STATE_HOME=" + root + "/state", "XDG_RUNTIME_DIR=" + root + "/run", "TMUX_TMPDIR=" + root + "/tmux",
		"PATH=" + filepath.Dir(abs) + ":" + os.Getenv("PATH"), "LANG=C.UTF-8", "NO_COLOR=1", "PS1=READY> ",
	}}
	argv := map[string][]string{"bash": {"bash", "--norc"}, "zsh": {"zsh", "-f"}, "fish": {"fish", "--no-config", "-C", "function fish_prompt; echo -n \"READY> \"; end"}}[*shell]
	install := map[string]string{"bash": `eval "$(%s init bash)"`, "zsh": `eval "$(%s init zsh)"`, "fish": `%s init fish | source`}[*shell]
	if argv == nil {
		return fmt.Errorf("unknown shell %q", *shell)
	}
	if err := b.tmuxRun(append(append([]string{"-u", "new-session", "-d", "-x", "120", "-y", "30", "-c", root + "/home", "env"}, b.env...), argv...)...); err != nil {
		return err
	}
	defer func() {
		stop := exec.Command(abs, "daemon", "stop")
		stop.Env = append(os.Environ(), b.env...)
		_ = stop.Run()
		_ = b.tmuxRun("kill-server")
	}()
	if _, err := b.waitFor(func(sc string) bool { return strings.Contains(sc, "READY>") }); err != nil {
		return err
	}
	b.tmuxRun("send-keys", "-l", fmt.Sprintf(install, abs)+"; echo installed")
	b.tmuxRun("send-keys", "Enter")
	if _, err := b.waitLine("installed"); err != nil {
		return err
	}
	// The first popup starts the daemon and warms it; it is not measured.
	if _, err := b.popup(); err != nil {
		return err
	}
	var popup, baseline, oneShot []time.Duration
	for i := range *n {
		d, err := b.echo(i, "echo mark-%d")
		if err != nil {
			return err
		}
		baseline = append(baseline, d)
		// The same request printed by a one-shot cmdai: the process and the daemon without the popup.
		if d, err = b.echo(i, "echo mark-$(cmdai --print create a directory named %d)"); err != nil {
			return err
		}
		oneShot = append(oneShot, d)
		if d, err = b.popup(); err != nil {
			return err
		}
		popup = append(popup, d)
	}
	fmt.Printf("%-40s %10s %10s %10s\n", "from send-keys to visible ("+*shell+")", "median", "p90", "max")
	report("echo (baseline)", baseline)
	report("echo $(cmdai --print …) (warm daemon)", oneShot)
	report("Ctrl-G popup badge (warm daemon)", popup)
	mp, mb := pct(popup, 50), pct(baseline, 50)
	fmt.Printf("popup / baseline: %.1fx (median), popup − baseline: %v\n", float64(mp)/float64(mb), (mp - mb).Round(100*time.Microsecond))
	return nil
}

func (b *bench) tmuxRun(args ...string) error {
	_, err := b.tmuxOut(args...)
	return err
}

func (b *bench) tmuxOut(args ...string) (string, error) {
	cmd := exec.Command("tmux", append(b.tmux, args...)...)
	cmd.Env = append(os.Environ(), b.env...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("tmux %s: %w: %s", strings.Join(args, " "), err, out)
	}
	return string(out), nil
}

// waitFor polls capture-pane until cond holds and returns the time it took.
func (b *bench) waitFor(cond func(string) bool) (time.Duration, error) {
	start := time.Now()
	for time.Since(start) < 10*time.Second {
		sc, err := b.tmuxOut("capture-pane", "-p")
		if err != nil {
			return 0, err
		}
		if cond(sc) {
			return time.Since(start), nil
		}
	}
	return 0, errors.New("timed out waiting for the screen")
}

func (b *bench) waitLine(line string) (time.Duration, error) {
	return b.waitFor(func(sc string) bool {
		return slices.ContainsFunc(strings.Split(sc, "\n"), func(l string) bool { return strings.TrimSpace(l) == line })
	})
}

// echo types a command line that prints mark-I and times Enter to its output.
func (b *bench) echo(i int, format string) (time.Duration, error) {
	b.tmuxRun("send-keys", "-l", "clear; "+fmt.Sprintf(format, i))
	start := time.Now()
	b.tmuxRun("send-keys", "Enter")
	if _, err := b.waitFor(func(sc string) bool {
		return slices.ContainsFunc(strings.Split(sc, "\n"), func(l string) bool {
			return strings.HasPrefix(strings.TrimSpace(l), fmt.Sprintf("mark-%d", i)) || strings.HasPrefix(strings.TrimSpace(l), "mark-mkdir")
		})
	}); err != nil {
		return 0, err
	}
	return time.Since(start), nil
}

// popup types a request and times Ctrl-G to the risk badge, then cancels and clears the line.
func (b *bench) popup() (time.Duration, error) {
	b.tmuxRun("send-keys", "-l", "create a directory named demo")
	start := time.Now()
	b.tmuxRun("send-keys", "C-g")
	if _, err := b.waitFor(func(sc string) bool { return strings.Contains(sc, " SAFE ") }); err != nil {
		return 0, err
	}
	d := time.Since(start)
	b.tmuxRun("send-keys", "Escape")
	if _, err := b.waitFor(func(sc string) bool { return !strings.Contains(sc, "esc cancel") }); err != nil {
		return 0, err
	}
	b.tmuxRun("send-keys", "C-u")
	return d, nil
}

func pct(ds []time.Duration, p int) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[min(len(s)*p/100, len(s)-1)]
}

func report(name string, ds []time.Duration) {
	r := func(d time.Duration) string { return d.Round(100 * time.Microsecond).String() }
	fmt.Printf("%-40s %10s %10s %10s\n", name, r(pct(ds, 50)), r(pct(ds, 90)), r(slices.Max(ds)))
}
