package tui

import (
	"context"
	"errors"
	"fmt"
	"io"

	tea "charm.land/bubbletea/v2"
	"github.com/cmdai/cmdai/gate"
	"github.com/cmdai/cmdai/safety"
	"github.com/cmdai/cmdai/undo"
)

// undoRun is what snapshotting a command before it runs needs: where it runs, the safety options its
// blast radius is read with, the store, and the history entry the command came from.
type undoRun struct {
	cwd       string
	safety    safety.Options
	opts      undo.Options
	historyID string
}

func (m *Model) undoRun() undoRun {
	return undoRun{cwd: m.cfg.Cwd, safety: m.cfg.Safety, opts: m.cfg.Undo, historyID: m.preview.historyID}
}

// prepare snapshots what the command d allows will change. A command without a snapshot still runs:
// why is said on the terminal, above its output.
func (u undoRun) prepare(ctx context.Context, d gate.Decision, out io.Writer) *undo.Snapshot {
	if u.opts.Dir == "" {
		return nil
	}
	snap, err := undo.Prepare(ctx, d.Command(), u.cwd, u.safety, u.opts)
	if err != nil {
		fmt.Fprintf(out, "cmdai: %v\n", err)
	}
	return snap
}

// UndoPlanMsg is what undoing history entry EntryID would do; Err when it has no snapshot.
type UndoPlanMsg struct {
	EntryID string
	Plan    *undo.Plan
	Err     error
}

// UndoneMsg reports how undoing a run went.
type UndoneMsg struct {
	Counts undo.Counts
	Err    error
}

// planUndo finds the snapshot taken for history entry id and works out what undoing it would do.
func planUndo(ctx context.Context, o undo.Options, id string) tea.Cmd {
	return func() tea.Msg {
		if o.Dir == "" {
			return UndoPlanMsg{EntryID: id, Err: fmt.Errorf("undo is off")}
		}
		m, err := undo.FindForHistory(o, id)
		if err != nil {
			return UndoPlanMsg{EntryID: id, Err: err}
		}
		p, err := undo.PlanUndo(ctx, o, m)
		return UndoPlanMsg{EntryID: id, Plan: p, Err: err}
	}
}

// applyUndo undoes the planned run, overwriting what changed since only when asked.
func applyUndo(ctx context.Context, p *undo.Plan, overwrite bool) tea.Cmd {
	return func() tea.Msg {
		c, err := p.Apply(ctx, overwrite)
		return UndoneMsg{Counts: c, Err: err}
	}
}

// undoQuestion is the line the history browser asks while an undo waits for an answer.
func undoQuestion(p *undo.Plan) string {
	if n := len(p.Conflicts); n > 0 {
		return fmt.Sprintf("Undo: %d changed since the run (first: %s). y overwrites them, s skips them, n keeps all",
			n, p.Conflicts[0].Path)
	}
	return fmt.Sprintf("Undo this run? %s. y undoes it, n keeps it", p.Count(false))
}

// undoPlanned asks about the planned undo, or says why there is nothing to undo.
func (m *Model) undoPlanned(msg UndoPlanMsg) {
	switch {
	case errors.Is(msg.Err, undo.ErrNotFound):
		m.setNotice("nothing to undo: cmdai snapshots files only before a command it runs deletes, overwrites or moves them", true)
	case msg.Err != nil:
		m.setNotice("undo: "+oneLine(msg.Err.Error()), true)
	case msg.Plan.Empty():
		m.setNotice("undo: nothing to put back", false)
	case m.screen == screenHistory:
		m.history.undoPlan = msg.Plan
	}
}

// undoKey answers the undo question: y undoes (overwriting what changed since, when something did),
// s undoes the rest when something changed, anything else keeps all.
func (m *Model) undoKey(msg tea.KeyPressMsg) tea.Cmd {
	p := m.history.undoPlan
	m.history.undoPlan = nil
	switch msg.String() {
	case "y", "Y":
		return applyUndo(m.ctx, p, true)
	case "s", "S":
		if len(p.Conflicts) > 0 {
			return applyUndo(m.ctx, p, false)
		}
	}
	m.setNotice("kept", false)
	return nil
}
