package tui

import (
	"context"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/cmdai/cmdai/gate"
	"github.com/cmdai/cmdai/ipc"
	"github.com/cmdai/cmdai/safety"
	"github.com/cmdai/cmdai/safety/wire"
	"github.com/cmdai/cmdai/undo"
)

// CheckMsg is the daemon's verdict on an edited command.
type CheckMsg struct {
	Command string
	Verdict safety.Verdict
	// Policy is the organisation's decision on the command; the zero Policy (none applies) allows.
	Policy gate.Policy
	Err    error
}

// ImpactMsg is what a command would touch on disk, described for a person; empty when nothing.
type ImpactMsg struct {
	Command string
	Text    string
}

// impactBudget bounds the blast-radius walk: long enough for a project tree, short enough not to notice.
const impactBudget = 300 * time.Millisecond

func checkCommand(ctx context.Context, c *ipc.Client, command, shell, cwd string) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		defer cancel()
		res, err := c.Check(ctx, ipc.CheckRequest{Command: command, Shell: shell, Cwd: cwd})
		return CheckMsg{Command: command, Verdict: wire.Verdict(res.Risk, res.Findings), Policy: wire.Policy(res.Policy), Err: err}
	}
}

func impactOf(ctx context.Context, command, cwd string, opts safety.Options, uo undo.Options) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, impactBudget)
		defer cancel()
		b, err := safety.Impact(ctx, command, cwd, opts)
		if err != nil {
			return ImpactMsg{Command: command}
		}
		text := b.String()
		if note := undo.PreviewNote(b, uo); note != "" {
			text += "\n" + note // over the bound: the command will run without a snapshot
		}
		return ImpactMsg{Command: command, Text: text}
	}
}
