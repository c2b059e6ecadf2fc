package tui

import (
	"context"
	"errors"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/cmdai/cmdai/ipc"
)

// StatusMsg is the daemon's state as a poll found it.
type StatusMsg struct {
	Status ipc.Status
	Err    error
}

type statusTickMsg struct{}

// daemonState is what the status bar knows about the daemon.
type daemonState struct {
	status ipc.Status
	known  bool // a poll has answered
	down   bool // the last poll found no daemon
	err    error
}

// fetchStatus asks the daemon how it stands. When the last poll found none, it first makes a request
// that starts one (if the client may), so that the interface reconnects by itself.
func fetchStatus(ctx context.Context, c *ipc.Client, wake bool) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		defer cancel()
		if wake && c.Autostart != nil {
			_, _ = c.Check(ctx, ipc.CheckRequest{Command: "true"})
		}
		st, err := c.Status(ctx)
		return StatusMsg{Status: st, Err: err}
	}
}

func statusTick(every time.Duration) tea.Cmd {
	return tea.Tick(every, func(time.Time) tea.Msg { return statusTickMsg{} })
}

// update applies a poll and returns a notice for the person when the daemon went away, came back or
// was replaced.
func (d *daemonState) update(msg StatusMsg) (notice string, isErr bool) {
	switch {
	case msg.Err != nil:
		wasUp := d.known && !d.down
		d.down, d.err = true, msg.Err
		if errors.Is(msg.Err, ipc.ErrDaemonNotResponding) { // stopped or stuck: say so, with its pid, once
			if wasUp {
				return msg.Err.Error(), true
			}
			return "", false
		}
		if errors.Is(msg.Err, ipc.ErrDaemonUnavailable) {
			if wasUp {
				return "the daemon stopped: reconnecting…", true
			}
			return "", false
		}
		return "daemon: " + msg.Err.Error(), true
	case d.down && d.known:
		d.down, d.err, d.status = false, nil, msg.Status
		return "reconnected to the daemon", false
	case d.known && d.status.PID != 0 && msg.Status.PID != d.status.PID:
		d.status = msg.Status
		return "the daemon restarted", false
	}
	d.known, d.down, d.err, d.status = true, false, nil, msg.Status
	return "", false
}
