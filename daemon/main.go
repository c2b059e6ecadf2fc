package daemon

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strconv"
	"syscall"

	"github.com/cmdai/cmdai/ipc"
)

// Main runs `cmdai daemon run` with args (those after "run") and returns the exit status. It serves in
// the foreground until SIGINT or SIGTERM, a shutdown request, the idle exit, or the removal of its
// socket. When ipc.ReadyFDEnv names an inherited file descriptor, it writes "ready" there once it
// answers, "running: ..." when another daemon holds the lock, or "error: ..." if it cannot start, so the
// client that launched it stops waiting at once.
func Main(args []string) int {
	fs := flag.NewFlagSet("cmdai daemon run", flag.ContinueOnError)
	fs.SetOutput(os.Stderr)
	fs.Usage = func() {
		fmt.Fprint(os.Stderr, `Usage: cmdai daemon run

Runs the cmdai daemon in the foreground (for systemd, launchd, or a terminal) until SIGINT or SIGTERM,
'cmdai daemon stop', the daemon.idle_exit time without requests, or the removal of its socket.
Logs go to $XDG_STATE_HOME/cmdai/daemon.log.
`)
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(os.Stderr, "cmdai: daemon run takes no arguments (see 'cmdai daemon run --help')\n")
		return 2
	}
	ready := readyPipe()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	defer startTracing(ctx)()
	opts := Options{Version: ipc.BuildVersion(), Ready: func() {
		if ready != nil {
			fmt.Fprintln(ready, "ready")
			ready.Close()
			ready = nil
		}
	}}
	if err := Run(ctx, opts); err != nil {
		if ready != nil {
			status := "error"
			if errors.Is(err, ErrAlreadyRunning) {
				status = "running"
			}
			fmt.Fprintf(ready, "%s: %v\n", status, err)
			ready.Close()
		}
		fmt.Fprintf(os.Stderr, "cmdai: %v\n", err)
		return 1
	}
	return 0
}

// readyPipe opens the descriptor named by ipc.ReadyFDEnv, and unsets the variable so that nothing the
// daemon runs inherits it.
func readyPipe() io.WriteCloser {
	s, ok := os.LookupEnv(ipc.ReadyFDEnv)
	if !ok {
		return nil
	}
	os.Unsetenv(ipc.ReadyFDEnv)
	fd, err := strconv.Atoi(s)
	if err != nil || fd < 3 {
		return nil
	}
	return os.NewFile(uintptr(fd), "ready")
}
