package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/cmdai/cmdai/ipc"
	"github.com/cmdai/cmdai/safety/wire"
	"github.com/spf13/cobra"
)

type historyFlags struct {
	json   bool
	search string
	limit  int
	cwd    bool
}

func newHistoryCmd(s *streams) *cobra.Command {
	var f historyFlags
	cmd := &cobra.Command{
		Use:   "history [flags]",
		Short: "List or search the commands cmdai generated",
		Long: `history lists the commands cmdai generated, newest first, with whether you ran them and how they
ended. --search ranks distinct commands by how well prompt and command match (typos allowed), how
recently and how often you used them.

  cmdai history                       # the last 20
  cmdai history --search 'docker logs'
  cmdai history --cwd --limit 5       # generated in this directory
  cmdai history --json | jq -r .command
  cmdai history rm 01J9Z3K8Q4WJ3T5V6X7Y8Z9A0B

--json prints one object per entry: {"id","prompt","command","risk","findings","backend","model","cwd",
"shell","created","executed","exit_code","duration_ms"} (searches add "count").`,
		Args: usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error { return runHistory(cmd.Context(), s, f) },
	}
	fl := cmd.Flags()
	fl.BoolVar(&f.json, "json", false, "print one JSON object per entry")
	fl.StringVarP(&f.search, "search", "q", "", "rank entries by how well they match this text")
	fl.IntVarP(&f.limit, "limit", "n", 20, "show at most this many entries")
	fl.BoolVar(&f.cwd, "cwd", false, "only entries generated in the current directory")

	rm := &cobra.Command{
		Use:   "rm ID...",
		Short: "Delete history entries",
		Args:  usageArgs(cobra.MinimumNArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runHistoryRm(cmd.Context(), s, args)
		},
	}
	rm.SilenceUsage, rm.SilenceErrors = true, true
	cmd.AddCommand(rm)
	return cmd
}

func historyClient() (*ipc.Client, error) {
	cfg, err := loadConfig()
	if err != nil {
		return nil, err
	}
	return newDaemonClient(cfg), nil
}

func runHistory(ctx context.Context, s *streams, f historyFlags) error {
	if f.limit < 1 || f.limit > ipc.MaxHistoryLimit {
		return usageErrorf("--limit must be from 1 to %d", ipc.MaxHistoryLimit)
	}
	c, err := historyClient()
	if err != nil {
		return err
	}
	defer c.Close()
	q := ipc.HistoryQuery{Search: f.search, Limit: f.limit}
	if f.cwd {
		if q.Cwd, err = os.Getwd(); err != nil {
			return fmt.Errorf("find the current directory: %w", err)
		}
	}
	entries, err := c.History(ctx, q)
	if err != nil {
		return fmt.Errorf("read history: %w", err)
	}
	if f.json {
		enc := json.NewEncoder(s.out)
		enc.SetEscapeHTML(false)
		for _, e := range entries {
			if err := enc.Encode(e); err != nil {
				return fmt.Errorf("write history: %w", err)
			}
		}
		return nil
	}
	if len(entries) == 0 {
		fmt.Fprintln(s.err, "no history yet") // on stderr: a script reading stdout reads an empty list
		return nil
	}
	p := paletteFor(s.out)
	tw := tabwriter.NewWriter(s.out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tWHEN\tRAN\tRISK\tREQUEST\tCOMMAND")
	for _, e := range entries {
		ran := "-"
		switch {
		case e.Executed && e.ExitCode == 0:
			ran = "ok"
		case e.Executed:
			ran = fmt.Sprintf("exit %d", e.ExitCode)
		}
		extra := ""
		if e.Count > 1 {
			extra = fmt.Sprintf("  (×%d)", e.Count)
		}
		request := cutRunes(oneLine(e.Prompt), requestWidth)
		if request == "" {
			request = "-"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s%s\n", e.ID, e.Created.Local().Format(time.DateTime[:16]), ran,
			p.risk(wire.Risk(e.Risk), e.Risk), request, oneLine(e.Command), extra)
	}
	return tw.Flush()
}

func oneLine(s string) string { return strings.ReplaceAll(s, "\n", "⏎") }

// requestWidth is how much of a request the history table shows; the command, last, is shown whole.
const requestWidth = 36

// cutRunes shortens s to n characters, the last an ellipsis when it had more.
func cutRunes(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

func runHistoryRm(ctx context.Context, s *streams, ids []string) error {
	c, err := historyClient()
	if err != nil {
		return err
	}
	defer c.Close()
	for _, id := range ids {
		if err := c.DeleteHistory(ctx, id); err != nil {
			if ipc.IsNotFound(err) {
				return fmt.Errorf("no history entry %s (see 'cmdai history')", id)
			}
			return fmt.Errorf("delete %s: %w", id, err)
		}
		fmt.Fprintf(s.out, "deleted %s\n", id)
	}
	return nil
}
