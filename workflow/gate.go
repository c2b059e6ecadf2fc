package workflow

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/cmdai/cmdai/gate"
	"github.com/cmdai/cmdai/ipc"
	"github.com/cmdai/cmdai/safety"
)

// PolicyDecider is the organisation's policy as this machine enforces it (policy/local's Enforcer); a
// nil decision means no policy applies.
type PolicyDecider interface {
	Decide(ctx context.Context, command, cwd string, opts safety.Options) *ipc.PolicyDecision
}

// Approver waits for an approver of the organisation to allow a command the policy holds back: nil once
// it is approved (for this one run), an error when it is denied, expires or ctx ends.
type Approver interface {
	Await(ctx context.Context, step, command, reason string) error
}

// Gate is how a workflow's command and script steps reach the execution gate: each is checked by the
// safety engine, decided by the organisation's policy, weighed by gate.Decide and run by gate.Run.
// Starting a workflow is the person's plain yes to each of its steps; a step that needs more (the
// word yes for a critical command, an approval the workflow cannot get) is refused, never run.
type Gate struct {
	Mode      safety.Mode    // "" is moderate
	Safety    safety.Options // the person's rules
	Policy    PolicyDecider  // nil: no organisation policy
	Approvals Approver       // nil: a step that needs approval is refused, saying how to ask
	Shell     string         // "" is /bin/sh
}

// RefusedError is a step the gate did not let run; the run stops with its reason.
type RefusedError struct {
	Step    string
	Command string
	Reason  string
}

func (e *RefusedError) Error() string {
	return fmt.Sprintf("step %s refused by the gate: %s", e.Step, e.Reason)
}

// IsRefused reports whether err is, or wraps, a RefusedError.
func IsRefused(err error) bool {
	var r *RefusedError
	return errors.As(err, &r)
}

// Decide is the gate's decision on one step's command.
func (g *Gate) Decide(ctx context.Context, step, command, dir string) (gate.Decision, error) {
	if g == nil {
		return gate.Decision{}, &RefusedError{Step: step, Command: command, Reason: "this runner has no execution gate"}
	}
	opts := g.Safety
	verdict := safety.Check(command, opts)
	var pol gate.Policy
	if g.Policy != nil {
		if d := g.Policy.Decide(ctx, command, dir, opts); d != nil {
			pol = gate.Policy{Decision: gate.PolicyDecision(d.Decision), Reason: d.Reason, Name: d.Policy}
		}
	}
	if pol.Decision == gate.PolicyApprovalRequired {
		if g.Approvals == nil {
			return gate.Decision{}, &RefusedError{Step: step, Command: command,
				Reason: pol.Explain() + " (ask with: cmdai approvals request -- " + command + ")"}
		}
		if err := g.Approvals.Await(ctx, step, command, pol.Explain()); err != nil {
			return gate.Decision{}, &RefusedError{Step: step, Command: command,
				Reason: fmt.Sprintf("%s, and no approval came: %v", pol.Explain(), err)}
		}
		pol = gate.Policy{Decision: gate.PolicyAllow, Name: pol.Name, Reason: "approved"}
	}
	mode := g.Mode
	if mode == "" {
		mode = safety.ModeModerate
	}
	d := gate.Decide(gate.Input{Command: command, Verdict: verdict, Mode: mode, Policy: pol, Confirmed: gate.Accepted})
	switch d.Outcome {
	case gate.Refuse:
		return d, &RefusedError{Step: step, Command: command, Reason: d.Reason}
	case gate.Confirm:
		reason := fmt.Sprintf("the command is %s and needs the word yes typed by a person; a workflow never types it: run it by hand",
			verdict.Risk)
		if len(verdict.Findings) > 0 {
			reason += " (" + verdict.Findings[0].Message + ")"
		}
		return d, &RefusedError{Step: step, Command: command, Reason: reason}
	}
	return d, nil
}

// Run decides a step's command and, when the gate allows it, runs it with gate.Run.
func (g *Gate) Run(ctx context.Context, step, command, dir string, env []string, stdout, stderr io.Writer) (int, error) {
	d, err := g.Decide(ctx, step, command, dir)
	if err != nil {
		return 0, err
	}
	shell := g.Shell
	if shell == "" {
		shell = "/bin/sh"
	}
	// The streams are pipes that Run hands the shell directly, so that a time-out ends the step even when
	// a child of the shell still holds them open.
	outR, outW, err := os.Pipe()
	if err != nil {
		return 0, fmt.Errorf("step %s: open its output: %w", step, err)
	}
	errR, errW, err := os.Pipe()
	if err != nil {
		outR.Close()
		outW.Close()
		return 0, fmt.Errorf("step %s: open its output: %w", step, err)
	}
	copied := make(chan struct{}, 2)
	go func() { _, _ = io.Copy(stdout, outR); copied <- struct{}{} }()
	go func() { _, _ = io.Copy(stderr, errR); copied <- struct{}{} }()
	code, err := gate.Run(ctx, d, gate.Process{Shell: shell, Stdout: outW, Stderr: errW, Env: env, Dir: dir})
	outW.Close()
	errW.Close()
	if ctx.Err() != nil {
		// A child may still hold the pipes: stop reading rather than wait for it.
		outR.Close()
		errR.Close()
	}
	<-copied
	<-copied
	outR.Close()
	errR.Close()
	return code, err
}
