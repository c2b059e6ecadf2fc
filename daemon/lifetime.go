package daemon

import (
	"context"
	"errors"
	"os"
	"time"

	"github.com/cmdai/cmdai/config"
)

// errIdle, errSocketGone and errShutdownRequested say why a daemon stopped.
var (
	errIdle              = errors.New("idle")
	errSocketGone        = errors.New("socket removed or replaced")
	errShutdownRequested = errors.New("shutdown requested")
)

// watchLifetime stops the daemon when it has served no request for the idle-exit time, or when its
// socket is removed or replaced (its runtime directory was deleted: logout, or a test's temp dir) — a
// daemon no client can reach should not linger. It returns when ctx ends.
func (d *daemon) watchLifetime(ctx context.Context, sock os.FileInfo) {
	t := time.NewTicker(500 * time.Millisecond)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if fi, err := os.Stat(d.opts.Socket); err != nil || !os.SameFile(fi, sock) {
			d.stop(errSocketGone)
			return
		}
		if idle := d.idleExit(); idle > 0 && d.inflight.Load() == 0 &&
			time.Since(time.Unix(0, d.lastSeen.Load())) > idle {
			d.stop(errIdle)
			return
		}
		keep, _ := config.ParseDuration(d.config().Daemon.KeepWarm)
		d.models.unloadIdle(keep)
	}
}
