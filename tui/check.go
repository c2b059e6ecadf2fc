package tui

import (
	"context"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/cmdai/cmdai/ipc"
	"github.com/cmdai/cmdai/safety"
)

// CheckMsg is the daemon's verdict on an edited command.
type CheckMsg struct {
	Command string
	Verdict safety.Verdict
	Err     error
}

// ImpactMsg is what a command would touch on disk, described for a person; empty when nothing.
type ImpactMsg struct {
	Command string
	Text    string
}

// impactBudget bounds the blast-radius walk: long enough for a project tree, short enough not to notice.
const impactBudget = 300 * time.Millisecond

func checkCommand(ctx context.Context, c *ipc.Client, command, shell string) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		defer cancel()
		res, err := c.Check(ctx, ipc.CheckRequest{Command: command, Shell: shell})
		return CheckMsg{Command: command, Verdict: verdictOf(res.Risk, res.Findings), Err: err}
	}
}

func impactOf(ctx context.Context, command, cwd string, opts safety.Options) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, impactBudget)
		defer cancel()
		b, err := safety.Impact(ctx, command, cwd, opts)
		if err != nil {
			return ImpactMsg{Command: command}
		}
		return ImpactMsg{Command: command, Text: b.String()}
	}
}

// verdictOf turns the wire form of a verdict back into the safety engine's.
func verdictOf(risk string, findings []ipc.Finding) safety.Verdict {
	v := safety.Verdict{Risk: parseRisk(risk)}
	for _, f := range findings {
		v.Findings = append(v.Findings, safety.Finding{Rule: f.Rule, Risk: parseRisk(f.Risk), Message: f.Message,
			Span: safety.Span{Start: f.Span.Start, End: f.Span.End}})
	}
	return v
}

// parseRisk reads a level from the wire; an unknown one is treated as high rather than safe.
func parseRisk(s string) safety.Risk {
	r, err := safety.ParseRisk(s)
	if err != nil {
		return safety.High
	}
	return r
}
