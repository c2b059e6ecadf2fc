package cli

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/cmdai/cmdai/cloud/client"
	"github.com/cmdai/cmdai/ipc"
)

type syncFlags struct {
	now, status, json bool
}

func newSyncCmd(s *streams) *cobra.Command {
	var f syncFlags
	cmd := &cobra.Command{
		Use:   "sync",
		Short: "Sync history with the cloud now, or show how sync stands",
		Long: `The daemon syncs in the background: it pushes new history (encrypted on this machine) and pulls
what your other machines added. 'cmdai sync' makes it do so now and shows the result; --status only
shows the state. Log in first with 'cmdai auth login'.`,
		Args: usageArgs(cobra.NoArgs),
		RunE: func(c *cobra.Command, _ []string) error { return runSync(c.Context(), s, f) },
	}
	fl := cmd.Flags()
	fl.BoolVar(&f.now, "now", false, "sync now (the default unless --status)")
	fl.BoolVar(&f.status, "status", false, "only show the sync state")
	fl.BoolVar(&f.json, "json", false, `print {"logged_in","server","pending","last_push","last_pull","pushed","pulled","rejected","last_error",...}`)
	return cmd
}

func runSync(ctx context.Context, s *streams, f syncFlags) error {
	if f.now && f.status {
		return usageErrorf("--now and --status exclude each other")
	}
	cfg, err := loadConfig()
	if err != nil {
		return err
	}
	c := newDaemonClient(cfg)
	defer c.Close()
	var st ipc.SyncStatus
	if f.status {
		st, err = c.Sync(ctx)
	} else {
		if _, lerr := client.LoadCredentials(client.CredentialsPath()); errors.Is(lerr, client.ErrNotLoggedIn) {
			return lerr
		}
		ctx, cancel := context.WithTimeout(ctx, 90*time.Second)
		defer cancel()
		st, err = c.SyncNow(ctx)
	}
	if err != nil {
		return fmt.Errorf("ask the daemon: %w", err)
	}
	if f.json {
		return writeJSONLine(s.out, st)
	}
	if !st.LoggedIn {
		fmt.Fprintln(s.out, "Not logged in: run 'cmdai auth login'.")
		return nil
	}
	fmt.Fprintf(s.out, "%s as %s\n  %s\n", st.Server, st.Email, syncLine(&st))
	rewritten := writeAuditLogs(s, st.AuditLogs)
	if st.LastError != "" {
		fmt.Fprintf(s.out, "  last error: %s\n", st.LastError)
		if !f.status {
			return &exitError{code: ExitError}
		}
	}
	if rewritten && !f.status {
		return &exitError{code: ExitError}
	}
	return nil
}

// syncLine sums up the sync state in one line for 'cmdai sync', 'auth status' and 'daemon status'.
func syncLine(st *ipc.SyncStatus) string {
	if st == nil || !st.LoggedIn {
		return "off (not logged in)"
	}
	ago := func(t time.Time) string {
		if t.IsZero() {
			return "never"
		}
		return time.Since(t).Round(time.Second).String() + " ago"
	}
	line := fmt.Sprintf("%d pending; last push %s, last pull %s; %d pushed, %d pulled", st.Pending, ago(st.LastPush), ago(st.LastPull), st.Pushed, st.Pulled)
	if st.Rejected > 0 {
		line += fmt.Sprintf(", %d rejected", st.Rejected)
	}
	if st.LastError != "" {
		line += "; failing: " + st.LastError
	}
	for _, a := range st.AuditLogs {
		if a.State == ipc.AuditLogRewritten {
			line += "; AUDIT LOG REWRITTEN: " + cmp.Or(a.OrgName, a.OrgID)
		}
	}
	return line
}

// writeAuditLogs prints how each organisation's audit log checked at the last sync, and reports
// whether one was rewritten.
func writeAuditLogs(s *streams, logs []ipc.AuditLogStatus) bool {
	rewritten := false
	for _, a := range logs {
		org := cmp.Or(a.OrgName, a.OrgID)
		switch a.State {
		case ipc.AuditLogConsistent:
			fmt.Fprintf(s.out, "  audit log of %s: consistent with the checkpoint kept (%d events)\n", org, a.TreeSize)
		case ipc.AuditLogRewritten:
			rewritten = true
			fmt.Fprintf(s.out, "  AUDIT LOG OF %s WAS REWRITTEN: %s\n  (it no longer extends the checkpoint of %d events this machine kept; tell the organisation's security contact)\n", org, a.Problem, a.TreeSize)
		default:
			fmt.Fprintf(s.out, "  audit log of %s: not checked: %s\n", org, a.Problem)
		}
	}
	return rewritten
}
