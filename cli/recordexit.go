package cli

import (
	"context"
	"strconv"
	"time"

	"github.com/spf13/cobra"

	"github.com/cmdai/cmdai/ipc"
)

func newRecordExitCmd(s *streams) *cobra.Command {
	var durationMS int64
	cmd := &cobra.Command{
		Use:   "record-exit ID STATUS [COMMAND]",
		Short: "Record how a command the shell ran ended (the shell integration runs it)",
		Long: `record-exit stores STATUS, the exit status of the command that 'cmdai REQUEST' ran in the shell,
against history entry ID (the first line 'cmdai popup --action run' printed), so that 'cmdai history'
shows that it ran and how it ended. COMMAND is the command as it ran: when the person edited the answer,
the entry then holds the edit, checked again. It also commits the undo snapshot the popup took for
COMMAND, so that 'cmdai undo' can tell what the command changed. An ID of "-" records no history. It
never starts the daemon, and gives up after two seconds: the shell's next prompt must not wait for it.`,
		Hidden: true,
		Args:   usageArgs(cobra.RangeArgs(2, 3)),
		RunE: func(c *cobra.Command, args []string) error {
			ran := ""
			if len(args) == 3 {
				ran = args[2]
			}
			return recordExit(c.Context(), args[0], args[1], ran, durationMS)
		},
	}
	cmd.Flags().Int64Var(&durationMS, "duration-ms", 0, "how long the command ran, in milliseconds")
	return cmd
}

func recordExit(ctx context.Context, id, status, ran string, durationMS int64) error {
	code, err := strconv.Atoi(status)
	if err != nil || code < 0 {
		return usageErrorf("exit status %q: want a whole number, 0 or more", status)
	}
	commitPendingUndo(ctx, id, ran, code)
	if id == "-" || id == "" {
		return nil
	}
	c := &ipc.Client{} // no autostart: a daemon that is gone has no entry to record against
	defer c.Close()
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	return c.RecordExit(ctx, id, ipc.ExitRequest{ExitCode: min(code, 255), DurationMS: max(durationMS, 0), Command: ran})
}
