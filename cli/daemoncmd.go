package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"text/template"
	"time"

	"github.com/cmdai/cmdai/assets"
	"github.com/cmdai/cmdai/config"
	"github.com/cmdai/cmdai/ipc"
	"github.com/cmdai/cmdai/models"
	"github.com/cmdai/cmdai/safety"
	"github.com/cmdai/cmdai/safety/wire"
	"github.com/spf13/cobra"
)

func newDaemonCmd(s *streams) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "daemon run|start|stop|status|install",
		Short: "Run, start, stop or inspect the background daemon",
		Long: `The daemon keeps models warm, records history and answers every cmdai client over a Unix socket
($XDG_RUNTIME_DIR/cmdai/cmdai.sock). Clients start it when it is not running (config daemon.autostart),
so you rarely need these commands.

  cmdai daemon status          # what is running, where, and for how long
  cmdai daemon stop            # finish the requests in flight and exit
  cmdai daemon install         # run it from systemd (Linux) or launchd (macOS) instead`,
		Args: usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			cmd.SetOut(s.err)
			_ = cmd.Help()
			return usageErrorf("name a daemon command: run, start, stop, status or install")
		},
	}
	var statusJSON, installPrint bool
	run := &cobra.Command{
		Use:   "run",
		Short: "Run the daemon in the foreground (for systemd, launchd or a terminal)",
		Args:  usageArgs(cobra.NoArgs),
		RunE: func(*cobra.Command, []string) error {
			// cmd/cmdai hands `cmdai daemon run` to the daemon package before the CLI sees it; only a
			// binary built without the daemon gets here.
			return errors.New("this cmdai binary was built without the daemon: run the cmdai command itself")
		},
	}
	start := &cobra.Command{
		Use:   "start",
		Short: "Start the daemon in the background and wait until it answers",
		Args:  usageArgs(cobra.NoArgs),
		RunE:  func(cmd *cobra.Command, _ []string) error { return daemonStart(cmd.Context(), s) },
	}
	stop := &cobra.Command{
		Use:   "stop",
		Short: "Ask the daemon to finish its requests and exit",
		Args:  usageArgs(cobra.NoArgs),
		RunE:  func(cmd *cobra.Command, _ []string) error { return daemonStop(cmd.Context(), s) },
	}
	status := &cobra.Command{
		Use:   "status",
		Short: "Show whether the daemon runs, and what it holds",
		Args:  usageArgs(cobra.NoArgs),
		RunE:  func(cmd *cobra.Command, _ []string) error { return daemonStatus(cmd.Context(), s, statusJSON) },
	}
	status.Flags().BoolVar(&statusJSON, "json", false, `print {"pid","version","uptime_s","backend","model","warm","socket","history",...}`)
	install := &cobra.Command{
		Use:   "install",
		Short: "Install a systemd user unit (Linux) or launchd agent (macOS) that runs the daemon",
		Args:  usageArgs(cobra.NoArgs),
		RunE:  func(*cobra.Command, []string) error { return daemonInstall(s, installPrint) },
	}
	install.Flags().BoolVar(&installPrint, "print", false, "print the unit instead of writing it")
	cmd.AddCommand(run, start, stop, status, install)
	for _, c := range cmd.Commands() {
		c.SilenceUsage, c.SilenceErrors = true, true
	}
	return cmd
}

// newDaemonClient returns the client the CLI talks to the daemon with; it starts the daemon when none
// answers and the config allows it.
func newDaemonClient(cfg config.Config) *ipc.Client {
	c := &ipc.Client{}
	if cfg.Daemon.Autostart {
		c.Autostart = startDaemon
	}
	return c
}

// startDaemon launches `cmdai daemon run` in its own session, detached from this terminal, and waits
// for it to report on an inherited pipe that it answers (or why it could not start).
func startDaemon(ctx context.Context) error {
	exe, err := os.Executable()
	if err != nil {
		return fmt.Errorf("find the cmdai binary: %w", err)
	}
	r, w, err := os.Pipe()
	if err != nil {
		return fmt.Errorf("start the daemon: %w", err)
	}
	defer r.Close()
	cmd := &exec.Cmd{
		Path: exe,
		// argv[0] is the program's name, not the path: it keeps the daemon's process name readable.
		Args:        []string{"cmdai", "daemon", "run"},
		Env:         append(os.Environ(), ipc.ReadyFDEnv+"=3"),
		ExtraFiles:  []*os.File{w},
		Dir:         "/",
		SysProcAttr: &syscall.SysProcAttr{Setsid: true},
	}
	err = cmd.Start()
	w.Close()
	if err != nil {
		return fmt.Errorf("start the daemon: %w", err)
	}
	line := make(chan string, 1)
	go func() { // ends when the daemon writes, exits, or r is closed below
		l, _ := bufio.NewReader(r).ReadString('\n')
		line <- strings.TrimSpace(l)
	}()
	var got string
	select {
	case got = <-line:
	case <-ctx.Done():
		r.Close()
		<-line
		return fmt.Errorf("the daemon did not start in time: see %s", daemonLogPath())
	}
	switch {
	case got == "ready":
		return cmd.Process.Release()
	case strings.HasPrefix(got, "running: "):
		_ = cmd.Wait()
		return alreadyRunningError(strings.TrimPrefix(got, "running: "))
	case strings.HasPrefix(got, "error: "):
		_ = cmd.Wait()
		return errors.New(strings.TrimPrefix(got, "error: "))
	}
	_ = cmd.Wait()
	return fmt.Errorf("the daemon exited before it was ready: see %s", daemonLogPath())
}

// alreadyRunningError is the launched daemon's own account of finding another one running; it matches
// ipc.ErrAlreadyRunning, so that the client waits for that one.
type alreadyRunningError string

func (e alreadyRunningError) Error() string        { return string(e) }
func (e alreadyRunningError) Is(target error) bool { return target == ipc.ErrAlreadyRunning }

func daemonLogPath() string { return filepath.Join(config.StateDir(), "daemon.log") }

// daemonStart starts the daemon unless one runs. Concurrent starts, and clients autostarting at the
// same moment, take turns under ipc's start lock: one launches the daemon, the others find it running,
// and all of them succeed.
func daemonStart(ctx context.Context, s *streams) error {
	c := &ipc.Client{Autostart: startDaemon, StartTimeout: 15 * time.Second}
	defer c.Close()
	started, err := c.Start(ctx)
	if errors.Is(err, ipc.ErrDaemonNotResponding) {
		return err
	}
	if err != nil {
		return fmt.Errorf("start the daemon: %w", err)
	}
	st, err := c.Status(ctx)
	if err != nil {
		return fmt.Errorf("the daemon started but does not answer: %w", err)
	}
	if !started {
		fmt.Fprintf(s.out, "cmdai daemon is already running (pid %d, socket %s)\n", st.PID, st.Socket)
		return nil
	}
	fmt.Fprintf(s.out, "started cmdai daemon (pid %d), listening on %s\n", st.PID, st.Socket)
	return nil
}

// stopGrace is how long stop waits for a daemon that accepted the shutdown request to exit (it finishes
// the requests in flight and closes its store) before it kills it. hungGrace is how long a daemon that
// does not respond gets after SIGTERM: one that was stopped (SIGSTOP) cannot act on it, one that is
// stuck exits on it or not at all.
const (
	stopGrace = 10 * time.Second
	hungGrace = 2 * time.Second
)

// daemonStop asks the daemon to exit, and kills it when it does not: a daemon that does not respond
// gets SIGTERM, and SIGKILL after hungGrace; one that accepted the request but is still there after
// stopGrace gets SIGKILL. Nothing acknowledged is lost that way: history is synced before a client
// hears of it.
func daemonStop(ctx context.Context, s *streams) error {
	c := &ipc.Client{}
	defer c.Close()
	st, err := c.Status(ctx)
	hung := errors.Is(err, ipc.ErrDaemonNotResponding)
	switch {
	case hung:
	case errors.Is(err, ipc.ErrDaemonUnavailable):
		fmt.Fprintln(s.out, "cmdai daemon is not running")
		return nil
	case err != nil && !ipc.IsAccessDenied(err):
		return err
	}
	grace := stopGrace
	if !hung {
		err := c.Shutdown(ctx)
		hung = errors.Is(err, ipc.ErrDaemonNotResponding)
		if err != nil && !hung {
			return fmt.Errorf("stop the daemon: %w", err)
		}
	}
	pid := st.PID
	if hung {
		if pid = c.DaemonPID(); pid == 0 {
			return fmt.Errorf("the daemon on %s does not respond and its lock file names no process: see %s", ipc.SocketPath(), ipc.DaemonLockPath(ipc.SocketPath()))
		}
		if err := syscall.Kill(pid, syscall.SIGTERM); err != nil && !errors.Is(err, syscall.ESRCH) {
			return fmt.Errorf("stop the daemon (pid %d): %w", pid, err)
		}
		grace = hungGrace
	}
	wctx, cancel := context.WithTimeout(ctx, grace)
	err = c.WaitStopped(wctx)
	cancel()
	if err == nil {
		fmt.Fprintf(s.out, "stopped cmdai daemon (pid %d)\n", pid)
		return nil
	}
	if ctx.Err() != nil {
		return ctx.Err()
	}
	// Only the process that holds the daemon lock is killed, never a pid that may have been reused.
	held := c.DaemonPID()
	if held != 0 {
		if err := syscall.Kill(held, syscall.SIGKILL); err != nil && !errors.Is(err, syscall.ESRCH) {
			return fmt.Errorf("kill the daemon (pid %d): %w", held, err)
		}
	}
	wctx, cancel = context.WithTimeout(ctx, stopGrace)
	defer cancel()
	if err := c.WaitStopped(wctx); err != nil {
		return fmt.Errorf("stop the daemon: %w", err)
	}
	if held == 0 {
		fmt.Fprintf(s.out, "stopped cmdai daemon (pid %d)\n", pid)
		return nil
	}
	fmt.Fprintf(s.out, "killed cmdai daemon (pid %d): it did not exit within %s\n", held, grace)
	return nil
}

func daemonStatus(ctx context.Context, s *streams, asJSON bool) error {
	c := &ipc.Client{}
	defer c.Close()
	st, err := c.Status(ctx)
	if errors.Is(err, ipc.ErrDaemonNotResponding) {
		pid := "unknown pid"
		if n := c.DaemonPID(); n != 0 {
			pid = fmt.Sprintf("pid %d", n)
		}
		return fmt.Errorf("cmdai daemon is not responding (%s, socket %s): it is stopped or stuck; stop it with 'cmdai daemon stop'", pid, ipc.SocketPath())
	}
	if errors.Is(err, ipc.ErrDaemonUnavailable) {
		// Only advise starting it where it can start.
		if derr := ipc.EnsureSocketDir(filepath.Dir(ipc.SocketPath())); derr != nil {
			return fmt.Errorf("cmdai daemon is not running, and cannot run here: %v: set XDG_RUNTIME_DIR to a directory of yours; until then cmdai answers without a daemon, and keeps no history", derr)
		}
		return fmt.Errorf("cmdai daemon is not running (socket %s): the next query starts it, or run 'cmdai daemon start'", ipc.SocketPath())
	}
	if ipc.IsAccessDenied(err) {
		return fmt.Errorf("the daemon on %s belongs to another user: %w", ipc.SocketPath(), err)
	}
	if err != nil {
		return err
	}
	if asJSON {
		return writeJSONLine(s.out, st)
	}
	warm := "cold: loads on the next query"
	if st.Warm {
		warm = "warm"
	}
	model := st.Model
	if model == "" {
		model = "default"
	}
	idle := "never"
	if st.IdleExitS > 0 {
		idle = "after " + (time.Duration(st.IdleExitS) * time.Second).String() + " without requests"
	}
	fmt.Fprintf(s.out, "cmdai daemon is running\n")
	for _, kv := range [][2]string{
		{"pid", fmt.Sprint(st.PID)},
		{"version", fmt.Sprintf("%s (protocol %d)", st.Version, st.Protocol)},
		{"uptime", (time.Duration(st.UptimeS) * time.Second).String()},
		{"backend", fmt.Sprintf("%s, model %s (%s)", st.Backend, model, warm)},
		{"history", fmt.Sprintf("%d entries", st.History)},
		{"socket", st.Socket},
		{"store", st.Store},
		{"log", st.Log},
		{"config", st.Config},
		{"idle exit", idle},
		{"sync", syncLine(st.Sync)},
	} {
		if kv[1] != "" {
			fmt.Fprintf(s.out, "  %-10s %s\n", kv[0], kv[1])
		}
	}
	if st.ConfigError != "" {
		fmt.Fprintf(s.out, "  %-10s could not be loaded: fix it with 'cmdai config edit'\n", "config")
		for _, l := range strings.Split(st.ConfigError, "\n") {
			fmt.Fprintf(s.out, "  %-10s %s\n", "", l)
		}
	}
	return nil
}

func daemonInstall(s *streams, print bool) error {
	exe, err := os.Executable()
	if err != nil {
		return fmt.Errorf("find the cmdai binary: %w", err)
	}
	if resolved, err := filepath.EvalSymlinks(exe); err == nil {
		exe = resolved
	}
	home, _ := os.UserHomeDir()
	text, path, enable := assets.SystemdUnit, filepath.Join(config.Dir(), "..", "systemd", "user", "cmdai.service"),
		"systemctl --user daemon-reload && systemctl --user enable --now cmdai.service"
	if runtime.GOOS == "darwin" {
		path = filepath.Join(home, "Library", "LaunchAgents", "dev.cmdai.daemon.plist")
		text, enable = assets.LaunchdPlist, "launchctl load -w "+path
	}
	path = filepath.Clean(path)
	var b strings.Builder
	tmpl := template.Must(template.New("unit").Parse(text))
	if err := tmpl.Execute(&b, struct{ Executable, Path string }{exe, path}); err != nil {
		return fmt.Errorf("render the unit: %w", err)
	}
	if print {
		fmt.Fprint(s.out, b.String())
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("install the daemon unit: %w", err)
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		return fmt.Errorf("install the daemon unit: %w", err)
	}
	fmt.Fprintf(s.out, "wrote %s\nenable it with: %s\n", path, enable)
	return nil
}

// daemonAnswer is a generation answered by the daemon; ok is false when the caller must answer in
// process instead (--no-daemon, or no daemon could be reached).
type daemonAnswer struct {
	ok      bool
	resp    models.Response
	verdict safety.Verdict
	id      string // history entry, for the exit status
	client  *ipc.Client
	alts    []alternative
	policy  *ipc.PolicyDecision // the organisation's decision on the answer; nil when none applies
}

// generateViaDaemon asks the daemon (starting it when needed) for a command. A daemon that cannot be
// reached is not an error: the caller falls back to answering in this process, and a person at a
// terminal is told why in one line.
func generateViaDaemon(ctx context.Context, s *streams, f rootFlags, cfg config.Config, req models.Request) (daemonAnswer, error) {
	if f.noDaemon {
		return daemonAnswer{}, nil
	}
	if f.backend != "" && !slices.Contains(config.Backends, f.backend) {
		return daemonAnswer{}, usageErrorf("unknown backend %q (want one of auto, offline, embedded, ollama, openai)", f.backend)
	}
	c := newDaemonClient(cfg)
	res, err := c.Generate(ctx, ipc.GenerateRequest{
		Prompt: req.Prompt, Shell: req.Shell, OS: req.OS, Cwd: req.Cwd, CwdEntries: req.CwdEntries,
		Backend: f.backend, Model: f.model, Alternatives: req.Alternatives,
	}, nil)
	switch {
	case err == nil:
	case ipc.IsNoAnswer(err):
		c.Close()
		return daemonAnswer{}, err // its message says what was understood and how to get a better answer
	case errors.Is(err, ipc.ErrDaemonUnavailable) || errors.Is(err, ipc.ErrDaemonOutdated) || ipc.IsAccessDenied(err):
		c.Close()
		if c.Autostart != nil && isTerminal(s.err) {
			cause := err
			if inner := errors.Unwrap(err); inner != nil {
				cause = inner
			}
			fmt.Fprintf(s.err, "cmdai: answering without the daemon (%v)\n", cause)
		}
		return daemonAnswer{}, nil
	default:
		c.Close()
		return daemonAnswer{}, err
	}
	a := daemonAnswer{ok: true, id: res.ID, client: c,
		resp: models.Response{Command: res.Command, Explanation: res.Explanation, Confidence: res.Confidence,
			Backend: res.Backend, Model: res.Model},
		verdict: safety.Verdict{Risk: wire.Risk(res.Risk)},
	}
	a.verdict.Findings = wire.Findings(res.Findings)
	a.alts = alternativesFromWire(res.Alternatives)
	a.policy = res.Policy
	return a, nil
}

// alternativesFromWire reads the daemon's checked alternatives.
func alternativesFromWire(alts []ipc.Alternative) []alternative {
	var out []alternative
	for _, alt := range alts {
		out = append(out, alternative{checked: checked{Command: alt.Command, Explanation: alt.Explanation,
			Risk: wire.Risk(alt.Risk), Findings: nonNil(wire.Findings(alt.Findings))}, Confidence: alt.Confidence,
			Model: alt.Model})
	}
	return out
}

// recordExit reports to the daemon how the command ended, when the person ran it. runErr is what
// running returned: nil or a pass-through status means it ran; cancelling, refusing or failing to
// start the shell means it did not.
func (a daemonAnswer) recordExit(ctx context.Context, ran string, runErr error, took time.Duration) {
	if !a.ok || a.id == "" || ran == "" {
		return
	}
	code := 0
	if runErr != nil {
		var e *exitError
		if !errors.As(runErr, &e) || e.err != nil || e == errCancelled {
			return
		}
		code = e.code
	}
	// The command has finished; a slow daemon must not hold up the prompt.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 2*time.Second)
	defer cancel()
	_ = a.client.RecordExit(ctx, a.id, ipc.ExitRequest{ExitCode: min(code, 255), DurationMS: took.Milliseconds(), Command: ran})
}

func (a daemonAnswer) close() {
	if a.client != nil {
		a.client.Close()
	}
}
