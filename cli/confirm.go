package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/cmdai/cmdai/config"
	"github.com/cmdai/cmdai/gate"
	"github.com/cmdai/cmdai/safety"
	"github.com/cmdai/cmdai/undo"
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
	// policy decides the organisation's policy on the command (asked again after an edit); nil: none.
	policy *policySource
	// beforeRun, when set, runs once the gate allows and before the command does; an error stops it.
	beforeRun func(ctx context.Context, cmd string) error
	// historyID is the history entry the command came from, recorded with its undo snapshot.
	historyID string
}

// run asks until the person runs, edits or drops the command; ran is the command as it ran (the person
// may have edited it), empty when nothing ran.
func (c confirmer) run(ctx context.Context, cmd, explanation string, v safety.Verdict) (ran string, err error) {
	ui := c.s.out
	ed := newLineEditor(c.tty, ui)
	shown, alts := false, c.alts
	for {
		if !shown {
			c.pal.writePreview(ui, preview{
				command: cmd, explanation: explanation, verdict: v,
				impact: impactLine(ctx, cmd, c.opts, undo.OptionsFrom(c.cfg)),
			}, c.explain)
			writeAlternatives(ui, c.pal, otherWays, alts) // under the first preview only
			alts, shown = nil, true
		}
		in := gate.Input{Command: cmd, Verdict: v, Mode: c.opts.Mode, Policy: c.policy.decide(ctx, cmd)}
		d := gate.Decide(in)
		if d.Outcome == gate.Refuse {
			return "", refusal(d, cmd)
		}
		if w := in.Policy; w.Decision == gate.PolicyAllow && w.Reason != "" {
			fmt.Fprintf(ui, "  %s\n", c.pal.dim("policy: "+w.Reason))
		}
		// The gate says what the answer must be: a plain y, one key, or for a critical command the word
		// yes typed out, which is not offered as [y]es.
		var answer string
		if d.Word == gate.WordYes {
			fmt.Fprintf(ui, "  %s\n", c.pal.risk(v.Risk, "This command is "+v.Risk.String()+": type the word yes to run it."))
			line, err := ed.ReadLine("Type yes to run it, [e]dit or [n]o: ", "")
			if errors.Is(err, errEditCancelled) {
				return "", errCancelled
			}
			if err != nil {
				return "", err
			}
			answer = line
		} else {
			k, err := ed.ReadKey("Run? [y]es / [e]dit / [n]o: ", "(Enter: no)")
			if err != nil {
				return "", err
			}
			answer = keyAnswer(k)
			fmt.Fprintln(ui, answer)
			if answer == "cancel" {
				return "", errCancelled
			}
		}
		switch strings.ToLower(strings.TrimSpace(answer)) {
		case "y", "yes":
			in.Confirmed = gate.ParseAnswer(answer)
			d = gate.Decide(in)
			if !d.Allowed() {
				fmt.Fprintf(ui, "  Not run: %s commands need the word yes.\n", v.Risk)
				continue
			}
			if c.beforeRun != nil {
				if err := c.beforeRun(ctx, d.Command()); err != nil {
					return "", err
				}
			}
			snap := prepareUndo(ctx, ui, c.cfg, c.opts, d.Command())
			err := runAllowed(ctx, d, c.tty)
			commitUndo(ctx, snap, c.historyID, err)
			return d.Command(), err
		case "e", "edit":
			edited, err := ed.ReadLine("> ", cmd)
			if errors.Is(err, errEditCancelled) || strings.TrimSpace(edited) == "" {
				continue
			}
			if err != nil {
				return "", err
			}
			if edited != cmd {
				cmd, explanation = edited, "(edited)"
				v = safety.Check(cmd, c.opts)
			}
			shown = false
		case "n", "no", "":
			return "", errCancelled
		default:
			if d.Word == gate.WordYes {
				fmt.Fprintf(ui, "  Not run: %s commands need the word yes.\n", v.Risk)
				continue
			}
			fmt.Fprintln(ui, "  Press y to run, e to edit or n to cancel.")
		}
	}
}

// keyAnswer is the answer one key gives at the Run? question: y, e, n (also Enter, the default), or
// cancel (Esc, Ctrl-C, Ctrl-D); any other key is shown as typed and asked again.
func keyAnswer(k rune) string {
	switch k {
	case 'y', 'Y':
		return "yes"
	case 'e', 'E':
		return "edit"
	case 'n', 'N', '\r':
		return "no"
	case 27, 3, 4:
		return "cancel"
	}
	return string(k)
}

// refusal is the gate's refusal as the CLI reports it (exit 3), with what to do when an approver can
// allow the command.
func refusal(d gate.Decision, cmd string) error {
	err := d.Err()
	if d.Policy.Decision == gate.PolicyApprovalRequired {
		err = fmt.Errorf("%w\n%s", err, approvalAdvice(cmd))
	}
	return &exitError{code: ExitRefused, err: err}
}
