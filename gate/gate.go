// Package gate decides whether a command may run now, and is the only way a command a person asked for
// runs. The one-shot, the TUI, the shell's popup, `patterns use` and anything that runs later ask Decide;
// only a Decision that allows reaches Run, and only Decide makes one.
package gate

import (
	"errors"
	"fmt"
	"strings"

	"github.com/cmdai/cmdai/safety"
)

// PolicyDecision is what an organisation's policy says of a command.
type PolicyDecision string

// The policy decisions.
const (
	PolicyAllow            PolicyDecision = "allow"
	PolicyDeny             PolicyDecision = "deny"
	PolicyApprovalRequired PolicyDecision = "approval_required"
)

// Policy is the decision of the policy that applies to the person, with its reason and name. The zero
// Policy allows: it is what applies where no organisation has set one.
type Policy struct {
	Decision PolicyDecision `json:"decision"`
	Reason   string         `json:"reason,omitempty"`
	Name     string         `json:"policy,omitempty"`
}

func (p Policy) allows() bool { return p.Decision == "" || p.Decision == PolicyAllow }

// Confirmation is what the person has answered so far.
type Confirmation int

// The confirmations, from none to the strongest.
const (
	NotAsked Confirmation = iota // nothing answered yet
	Accepted                     // a plain yes: "y", or Enter on a popup whose Enter runs
	TypedYes                     // the word yes, typed out
)

// ParseAnswer reads what a person typed at a "Run?" question: the word yes, a plain yes (y, Y, YES), or
// anything else, which confirms nothing.
func ParseAnswer(s string) Confirmation {
	s = strings.TrimSpace(s)
	switch {
	case s == "yes":
		return TypedYes
	case strings.EqualFold(s, "y"), strings.EqualFold(s, "yes"):
		return Accepted
	}
	return NotAsked
}

// Input is everything the gate weighs.
type Input struct {
	Command string
	Verdict safety.Verdict
	Mode    safety.Mode
	Policy  Policy
	// Confirmed is what the person has answered for this command (and this verdict: an edit asks again).
	Confirmed Confirmation
}

// Outcome is the gate's answer.
type Outcome int

// The outcomes.
const (
	Allow   Outcome = iota + 1 // run it now
	Confirm                    // ask the person first; Decision.Word says what they must answer
	Refuse                     // never run it; Decision.Reason says why (exit 3)
)

func (o Outcome) String() string {
	switch o {
	case Allow:
		return "allow"
	case Confirm:
		return "confirm"
	case Refuse:
		return "refuse"
	}
	return "unknown"
}

// The words a confirmation asks for.
const (
	WordY   = "y"
	WordYes = "yes"
)

// Decision is the gate's answer for one command. Only Decide makes a Decision that allows, so a
// Decision that reaches Run has been through the gate.
type Decision struct {
	Outcome Outcome
	// Word is what the person must answer when Outcome is Confirm: WordY, or WordYes for a critical
	// command.
	Word string
	// Reason says why in a person's words: for Confirm when a plain yes is not enough (empty otherwise),
	// for Refuse always.
	Reason string
	// Policy is the policy decision that was weighed.
	Policy Policy

	command string // the command allowed; set only when Outcome is Allow
}

// Allowed reports whether the command may run now.
func (d Decision) Allowed() bool { return d.Outcome == Allow && d.command != "" }

// Command is the command the decision allows; empty unless Allowed.
func (d Decision) Command() string { return d.command }

// Err is the refusal as an error (a *RefusedError), or nil when the decision does not refuse.
func (d Decision) Err() error {
	if d.Outcome != Refuse {
		return nil
	}
	return &RefusedError{Reason: d.Reason, Policy: d.Policy}
}

// RefusedError is a refusal by the safety mode or by policy; the CLI exits with 3 for it.
type RefusedError struct {
	Reason string
	Policy Policy
}

func (e *RefusedError) Error() string { return "refused: " + e.Reason }

// IsRefused reports whether err is, or wraps, a refusal by the gate.
func IsRefused(err error) bool {
	var r *RefusedError
	return errors.As(err, &r)
}

// Decide weighs a command's verdict, the safety mode, the policy and what the person confirmed.
// Policy comes first: a command the organisation denies is refused whatever the person says. Then the
// mode: strict refuses high and critical commands; moderate asks for the word yes before a critical one;
// every mode asks before anything runs.
func Decide(in Input) Decision {
	d := Decision{Policy: in.Policy}
	if d.Policy.Decision == "" {
		d.Policy.Decision = PolicyAllow
	}
	refuse := func(reason string) Decision {
		d.Outcome, d.Reason = Refuse, reason
		return d
	}
	if strings.TrimSpace(in.Command) == "" {
		return refuse("there is no command to run")
	}
	if !in.Policy.allows() {
		return refuse(policyReason(in.Policy))
	}
	mode := in.Mode
	if mode == "" {
		mode = safety.ModeModerate
	}
	switch mode.Decide(in.Verdict.Risk) {
	case safety.Refuse:
		return refuse(fmt.Sprintf("the %s safety mode does not run %s commands (change it with 'cmdai config edit')",
			mode, in.Verdict.Risk))
	case safety.ConfirmWord:
		if in.Confirmed >= TypedYes {
			return allow(d, in.Command)
		}
		d.Outcome, d.Word = Confirm, WordYes
		d.Reason = "this command is " + in.Verdict.Risk.String() + ": type the word yes to run it"
		return d
	}
	if in.Confirmed >= Accepted {
		return allow(d, in.Command)
	}
	d.Outcome, d.Word = Confirm, WordY
	return d
}

func allow(d Decision, command string) Decision {
	d.Outcome, d.command = Allow, command
	return d
}

// Explain says in a person's words what the policy decided and why; empty when it allows.
func (p Policy) Explain() string {
	if p.allows() {
		return ""
	}
	return policyReason(p)
}

func policyReason(p Policy) string {
	name := "policy"
	if p.Name != "" {
		name = "policy " + p.Name
	}
	what := "denies this command"
	if p.Decision == PolicyApprovalRequired {
		what = "requires an approver to allow this command"
	}
	if p.Reason != "" {
		return fmt.Sprintf("%s %s: %s", name, what, p.Reason)
	}
	return name + " " + what
}
