package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/cmdai/cmdai/config"
	"github.com/cmdai/cmdai/safety"
)

// confirmer shows a command with its verdict and asks the person whether to run, edit or drop it.
type confirmer struct {
	s       *streams
	tty     *os.File
	cfg     config.Config
	opts    safety.Options
	explain bool
	pal     palette
	alts    []alternative // shown once, under the first preview
}

func (c confirmer) run(ctx context.Context, cmd, explanation string, v safety.Verdict) error {
	ui := c.s.out
	ed := newLineEditor(c.tty, ui)
	shown := false
	for {
		if !shown {
			c.pal.writePreview(ui, preview{
				command: cmd, explanation: explanation, verdict: v,
				impact: impactLine(ctx, cmd, c.opts),
			}, c.explain)
			writeAlternatives(ui, c.pal, otherWays, c.alts)
			c.alts, shown = nil, true
		}
		decision := c.opts.Mode.Decide(v.Risk)
		if decision == safety.Refuse {
			return &exitError{code: ExitRefused, err: fmt.Errorf(
				"refused: the %s safety mode does not run %s commands (change it with 'cmdai config edit')", c.opts.Mode, v.Risk)}
		}
		if decision == safety.ConfirmWord {
			fmt.Fprintf(ui, "  %s\n", c.pal.risk(v.Risk, "This command is critical: type the word yes to run it."))
		}
		answer, err := ed.ReadLine("Run? [y]es / [e]dit / [n]o: ", "")
		if errors.Is(err, errEditCancelled) {
			return errCancelled
		}
		if err != nil {
			return err
		}
		switch strings.ToLower(strings.TrimSpace(answer)) {
		case "y", "yes":
			if decision == safety.ConfirmWord && strings.TrimSpace(answer) != "yes" {
				fmt.Fprintln(ui, "  Not run: critical commands need the word yes.")
				continue
			}
			return runInShell(ctx, cmd, c.tty)
		case "e", "edit":
			edited, err := ed.ReadLine("> ", cmd)
			if errors.Is(err, errEditCancelled) || strings.TrimSpace(edited) == "" {
				continue
			}
			if err != nil {
				return err
			}
			if edited != cmd {
				cmd, explanation = edited, "(edited)"
				v = safety.Check(cmd, c.opts)
			}
			shown = false
		case "n", "no", "":
			return errCancelled
		default:
			fmt.Fprintln(ui, "  Answer y to run, e to edit or n to cancel.")
		}
	}
}
