// Package wire converts safety verdicts and policy decisions to and from the daemon's wire form (package
// ipc), in one place for the daemon, the CLI, the popup and the TUI, with one rule for what a client
// cannot read: a risk it does not know is the worst level, and a policy decision it does not know denies.
package wire

import (
	"github.com/cmdai/cmdai/gate"
	"github.com/cmdai/cmdai/ipc"
	"github.com/cmdai/cmdai/safety"
)

// Risk reads a risk level from the wire; a name this client does not know is critical.
func Risk(s string) safety.Risk {
	r, err := safety.ParseRisk(s)
	if err != nil {
		return safety.Critical
	}
	return r
}

// Verdict reads a verdict from the wire.
func Verdict(risk string, findings []ipc.Finding) safety.Verdict {
	return safety.Verdict{Risk: Risk(risk), Findings: Findings(findings)}
}

// Findings reads findings from the wire; nil for none.
func Findings(fs []ipc.Finding) []safety.Finding {
	var out []safety.Finding
	for _, f := range fs {
		out = append(out, safety.Finding{Rule: f.Rule, Risk: Risk(f.Risk), Message: f.Message,
			Span: safety.Span{Start: f.Span.Start, End: f.Span.End}})
	}
	return out
}

// FromFindings writes findings in their wire form: an empty list, never nil, for none.
func FromFindings(fs []safety.Finding) []ipc.Finding {
	out := make([]ipc.Finding, 0, len(fs))
	for _, f := range fs {
		out = append(out, ipc.Finding{Rule: f.Rule, Risk: f.Risk.String(), Message: f.Message,
			Span: ipc.Span{Start: f.Span.Start, End: f.Span.End}})
	}
	return out
}

// Policy reads an organisation's decision from the wire for the gate; nil (no policy applies) allows.
// A decision this client does not know denies.
func Policy(p *ipc.PolicyDecision) gate.Policy {
	if p == nil {
		return gate.Policy{}
	}
	d := gate.PolicyDecision(p.Decision)
	switch d {
	case gate.PolicyAllow, gate.PolicyDeny, gate.PolicyApprovalRequired:
	default:
		d = gate.PolicyDeny
	}
	return gate.Policy{Decision: d, Reason: p.Reason, Name: p.Policy}
}
