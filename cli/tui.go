package cli

import (
	"context"
	"errors"
	"fmt"
	"os"

	tea "charm.land/bubbletea/v2"
	"github.com/cmdai/cmdai/tui"
	"github.com/cmdai/cmdai/undo"
)

// wantsTUI reports whether `cmdai` with no arguments should open the full-screen interface: only when
// both standard input and standard output are terminals, and no flag asks for one-shot output (--json,
// --print) or for no daemon (the interface works only through it). --backend, --model and --shell apply.
func wantsTUI(s *streams, args []string, f rootFlags) bool {
	return len(args) == 0 && !f.json && !f.print && !f.noDaemon && isTerminal(s.in) && isTerminal(s.out)
}

// runTUI opens the full-screen interface on the terminal; it talks to the daemon, started when needed.
func runTUI(ctx context.Context, s *streams, f rootFlags) error {
	cfg, shell, err := loadShellConfig(f.shell)
	if err != nil {
		return err
	}
	cwd, err := os.Getwd()
	if err != nil {
		return fmt.Errorf("find the working directory: %w", err)
	}
	client := newDaemonClient(cfg)
	defer client.Close()
	m := tui.New(ctx, tui.Config{
		Client: client, Shell: shell, Safety: cfg.SafetyOptions(shell), Cwd: cwd, Undo: undo.OptionsFrom(cfg),
		Backend: f.backend, Model: f.model,
		NoAnswerAdvice: mapSlice(noAnswerAdvice(s, cfg, f.backend), capitalize),
		Local:          localGenerate(s, cfg),
	})
	in, _ := s.in.(*os.File)
	out, _ := s.out.(*os.File)
	_, err = tea.NewProgram(m, tea.WithContext(ctx), tea.WithInput(in), tea.WithOutput(out)).Run()
	if errors.Is(err, tea.ErrInterrupted) {
		return errCancelled
	}
	if err != nil && !errors.Is(err, context.Canceled) {
		return fmt.Errorf("tui: %w", err)
	}
	return nil
}
