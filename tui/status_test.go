package tui

import (
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/cmdai/cmdai/ipc"
)

func TestStatusBarShowsSync(t *testing.T) {
	now := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	for name, tc := range map[string]struct {
		sync *ipc.SyncStatus
		want string
	}{
		"not logged in": {&ipc.SyncStatus{}, ""},
		"no sync state": {nil, ""},
		"all pushed":    {&ipc.SyncStatus{LoggedIn: true, LastPush: now, LastPull: now}, "synced"},
		"pending":       {&ipc.SyncStatus{LoggedIn: true, Pending: 3, LastPush: now}, "sync ↑3"},
		"failing": {&ipc.SyncStatus{LoggedIn: true, Pending: 7, LastPush: now.Add(-time.Hour),
			LastError: "server unreachable", ErrorAt: now}, "sync failed (7 pending)"},
		"recovered": {&ipc.SyncStatus{LoggedIn: true, LastPush: now, LastPull: now,
			LastError: "server unreachable", ErrorAt: now.Add(-time.Minute)}, "synced"},
		"tampered": {&ipc.SyncStatus{LoggedIn: true, Rejected: 2, LastPush: now, LastPull: now}, "sync: 2 rejected"},
	} {
		t.Run(name, func(t *testing.T) {
			m := newTestModel(t, nil, true, 120, 40)
			m.Update(StatusMsg{Status: ipc.Status{PID: 42, Backend: "offline", Warm: true, Sync: tc.sync}})
			bar := ansi.Strip(m.statusBar(120))
			if tc.want == "" {
				if strings.Contains(bar, "sync") {
					t.Errorf("status bar %q speaks of sync before login", bar)
				}
				return
			}
			if !strings.Contains(bar, tc.want) {
				t.Errorf("status bar %q lacks %q", bar, tc.want)
			}
		})
	}
}
