package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/cmdai/cmdai/config"
	"github.com/cmdai/cmdai/safety"
	"github.com/cmdai/cmdai/undo"
)

type undoFlags struct {
	json   bool
	dryRun bool
}

func newUndoCmd(s *streams) *cobra.Command {
	var f undoFlags
	cmd := &cobra.Command{
		Use:   "undo [ID]",
		Short: "Take back what a command cmdai ran did to your files and git repositories",
		Long: `Before a command that cmdai runs (one-shot, TUI, 'cmdai REQUEST' in the shell, 'patterns use')
deletes, overwrites, truncates, moves or re-permissions files, cmdai snapshots them; before a git command
that rewrites HEAD, branches, the index or the work tree (reset --hard, checkout -- ., restore, clean,
branch -D, rebase, stash), it records them. undo puts them back as they were.

  cmdai undo              # the last run that can be undone
  cmdai undo 3f9a2c1e     # a given one: a snapshot ID or a history entry's ID
  cmdai undo list         # what can be undone; --json for one object per snapshot
  cmdai undo -n           # show what undo would do, change nothing

Before restoring, undo checks that nothing else changed the same paths since the command ran. If
something did, it lists them and asks whether to overwrite them, skip them or stop; without a terminal
it restores nothing and exits with 1.

What undo cannot take back, it says: effects on other machines, services and databases, writes to
devices (dd), files of other users, and commands that would touch more than the bound (undo.max_size,
1 GB by default), which run without a snapshot. Snapshots are kept for undo.keep_days (7) days.`,
		Args: usageArgs(cobra.MaximumNArgs(1)),
		RunE: func(c *cobra.Command, args []string) error {
			key := ""
			if len(args) == 1 {
				key = args[0]
			}
			return runUndo(c.Context(), s, key, f)
		},
	}
	cmd.Flags().BoolVarP(&f.dryRun, "dry-run", "n", false, "show what undo would put back; change nothing")
	list := &cobra.Command{
		Use:   "list",
		Short: "List the runs that can be undone, newest first",
		Long: `list shows each snapshot: its ID, when the command ran, how many paths it holds and their size,
and the command; a run undo cannot take back is listed as not undoable. --json prints one object per
snapshot: {"id","created","command","cwd","history_id","ran","exit_code","undone","paths","bytes",
"repos","notes"}, and "unavailable" (why) for a run that cannot be undone.`,
		Args: usageArgs(cobra.NoArgs),
		RunE: func(c *cobra.Command, _ []string) error { return runUndoList(s, f) },
	}
	list.Flags().BoolVar(&f.json, "json", false, "print one JSON object per snapshot")
	list.SilenceUsage, list.SilenceErrors = true, true
	list.SetFlagErrorFunc(func(_ *cobra.Command, err error) error {
		return &exitError{code: ExitUsage, err: fmt.Errorf("%w (see 'cmdai undo list --help')", err)}
	})
	cmd.AddCommand(list)
	return cmd
}

func undoOptions() (undo.Options, error) {
	cfg, err := loadConfig()
	if err != nil {
		return undo.Options{}, err
	}
	return undo.OptionsFrom(cfg), nil
}

func runUndo(ctx context.Context, s *streams, key string, f undoFlags) error {
	o, err := undoOptions()
	if err != nil {
		return err
	}
	m, err := undo.Find(o, key)
	now := time.Now()
	if key == "" {
		// The latest runs, when undo cannot take them back, are said rather than passed over in silence.
		ms, _ := undo.List(o)
		for _, later := range ms {
			if later.Unavailable == "" {
				break
			}
			fmt.Fprintf(s.out, "not undoable: %s: %s\n", later.Describe(now), later.Unavailable)
		}
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(s.out, "undo %s: %s\n", m.ID, m.Describe(now))
	p, err := undo.PlanUndo(ctx, o, m)
	if err != nil {
		for _, n := range m.Notes {
			fmt.Fprintf(s.out, "  %s\n", n)
		}
		return err
	}
	pal := paletteFor(s.out)
	for _, n := range p.Notes {
		fmt.Fprintf(s.out, "  %s\n", n)
	}
	if p.Empty() {
		fmt.Fprintln(s.out, "nothing to put back: the command changed nothing the snapshot holds, or it is all back already")
		return nil
	}
	overwrite := false
	if len(p.Conflicts) > 0 {
		fmt.Fprintf(s.out, "%s\n", pal.bold(fmt.Sprintf("changed since the command ran (%s):", conflictCount(len(p.Conflicts)))))
		for i, c := range p.Conflicts {
			if i == 20 {
				fmt.Fprintf(s.out, "  and %d more\n", len(p.Conflicts)-i)
				break
			}
			fmt.Fprintf(s.out, "  %s: %s\n", relPath(c.Path), c.Why)
		}
		if f.dryRun {
			fmt.Fprintf(s.out, "would: %s; with the changes above overwritten: %s\n", p.Count(false), p.Count(true))
			return nil
		}
		tty, closeTTY, err := askTerminal(s)
		if err != nil {
			return fmt.Errorf("nothing was put back: undo does not overwrite newer changes without asking; run 'cmdai undo %s' on a terminal to choose", m.ID)
		}
		defer closeTTY()
		ed := newLineEditor(tty, s.out)
		for {
			answer, err := ed.ReadLine("Overwrite them? [y]es / [s]kip them / [n]o: ", "")
			if errors.Is(err, errEditCancelled) {
				return errCancelled
			}
			if err != nil {
				return err
			}
			switch strings.ToLower(strings.TrimSpace(answer)) {
			case "y", "yes":
				overwrite = true
			case "s", "skip":
			case "n", "no", "":
				return errCancelled
			default:
				fmt.Fprintln(s.out, "  Answer y to overwrite them, s to put back everything else, or n to stop.")
				continue
			}
			break
		}
	}
	if f.dryRun {
		fmt.Fprintf(s.out, "would: %s\n", p.Count(overwrite))
		return nil
	}
	done, err := p.Apply(ctx, overwrite)
	fmt.Fprintf(s.out, "done: %s\n", done)
	if err != nil {
		return fmt.Errorf("some of it was not put back:\n%w", err)
	}
	return nil
}

func conflictCount(n int) string {
	if n == 1 {
		return "1 path"
	}
	return fmt.Sprintf("%d paths", n)
}

// relPath shows p relative to the working directory when inside it.
func relPath(p string) string {
	if wd, err := os.Getwd(); err == nil {
		if rel, err := filepath.Rel(wd, p); err == nil && rel != ".." && !strings.HasPrefix(rel, "../") {
			return "./" + rel
		}
	}
	return undo.Tilde(p)
}

// undoJSON is what `undo list --json` prints per snapshot.
type undoJSON struct {
	ID        string     `json:"id"`
	Created   time.Time  `json:"created"`
	Command   string     `json:"command"`
	Cwd       string     `json:"cwd"`
	HistoryID string     `json:"history_id,omitempty"`
	Ran       bool       `json:"ran"`
	ExitCode  *int       `json:"exit_code"`
	Undone    *time.Time `json:"undone"`
	Paths     int        `json:"paths"`
	Bytes     int64      `json:"bytes"`
	Repos     []string   `json:"repos"`
	Notes     []string   `json:"notes"`
	// Unavailable says why the run has no snapshot ("3.2 GB would be touched"); empty when it has one.
	Unavailable string `json:"unavailable,omitempty"`
}

func runUndoList(s *streams, f undoFlags) error {
	o, err := undoOptions()
	if err != nil {
		return err
	}
	ms, err := undo.List(o)
	if err != nil {
		return err
	}
	if f.json {
		enc := json.NewEncoder(s.out)
		enc.SetEscapeHTML(false)
		for _, m := range ms {
			j := undoJSON{ID: m.ID, Created: m.Created, Command: m.Command, Cwd: m.Cwd, HistoryID: m.HistoryID,
				Ran: m.Committed, Paths: m.Paths(), Bytes: m.Bytes, Repos: []string{}, Notes: m.Notes, Unavailable: m.Unavailable}
			if m.Committed {
				j.ExitCode = &m.ExitCode
			}
			if !m.Undone.IsZero() {
				j.Undone = &m.Undone
			}
			for _, r := range m.Repos {
				j.Repos = append(j.Repos, r.Dir)
			}
			if j.Notes == nil {
				j.Notes = []string{}
			}
			if err := enc.Encode(j); err != nil {
				return fmt.Errorf("write snapshots: %w", err)
			}
		}
		return nil
	}
	if len(ms) == 0 {
		fmt.Fprintln(s.err, "nothing to undo yet: cmdai snapshots files before a command it runs deletes, overwrites or moves them")
		return nil
	}
	now := time.Now()
	tw := tabwriter.NewWriter(s.out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tRAN\tPATHS\tSIZE\tCOMMAND")
	for _, m := range ms {
		what := fmt.Sprintf("%d", m.Paths())
		if len(m.Repos) > 0 {
			what += "+git"
		}
		size := undo.HumanBytes(m.Bytes)
		switch {
		case m.Unavailable != "":
			what, size = "-", "not undoable"
		case !m.Undone.IsZero():
			size = "undone"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", m.ID, undo.Ago(now, m.Created), what, size, oneLine(m.Command))
	}
	return tw.Flush()
}

// prepareUndo snapshots what an allowed command is about to change, so that 'cmdai undo' can take it
// back. A command with no snapshot still runs: why is said on the terminal (ui).
func prepareUndo(ctx context.Context, ui io.Writer, cfg config.Config, opts safety.Options, cmd string) *undo.Snapshot {
	cwd, _ := os.Getwd()
	snap, err := undo.Prepare(ctx, cmd, cwd, opts, undo.OptionsFrom(cfg))
	if err != nil {
		fmt.Fprintf(ui, "cmdai: %v\n", err)
	}
	return snap
}

// commitUndo records how the command the snapshot was taken for ended (runErr is what running it
// returned). A snapshot that cannot be committed still restores, asking about every change.
func commitUndo(ctx context.Context, snap *undo.Snapshot, historyID string, runErr error) {
	_ = snap.Commit(context.WithoutCancel(ctx), historyID, exitCode(runErr))
}

// commitPendingUndo commits the snapshot the popup took for command, which the shell has now run, with
// history entry id ("-" for none).
func commitPendingUndo(ctx context.Context, id, command string, code int) {
	cfg, err := loadConfig()
	if err != nil || command == "" {
		return
	}
	if id == "-" {
		id = ""
	}
	_ = undo.CommitPending(ctx, undo.OptionsFrom(cfg), id, command, code)
}
