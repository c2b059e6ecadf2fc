package cli

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"runtime"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/cmdai/cmdai/config"
	"github.com/cmdai/cmdai/gate"
	"github.com/cmdai/cmdai/ipc"
	"github.com/cmdai/cmdai/models"
	"github.com/cmdai/cmdai/models/backends"
	"github.com/cmdai/cmdai/models/fix"
	"github.com/cmdai/cmdai/safety"
	"github.com/cmdai/cmdai/safety/wire"
	"github.com/cmdai/cmdai/tui/popup"
	"github.com/cmdai/cmdai/undo"
	"github.com/spf13/cobra"
)

type popupFlags struct {
	shell       string
	backend     string
	lastCommand string
	lastStatus  int
	action      string
	tmux        bool
	output      string
}

func newPopupCmd(s *streams) *cobra.Command {
	var f popupFlags
	cmd := &cobra.Command{
		Use:   "popup [flags] [--] LINE",
		Short: "Answer the shell's current line in a small popup (what the Ctrl-G binding runs)",
		Long: `popup draws on the terminal below the prompt, takes LINE (the shell's command line) as the request,
and prints the command the person accepts on standard output, so that a shell binding can put it on the
line. An empty LINE with --last-command asks to fix that command. It exits with 130 when cancelled.

With --action run, Enter means "run it": the execution gate decides, as for a one-shot answer. A critical
command needs the word yes typed in the popup; a command the safety mode refuses is not printed, and the
popup exits with 3. The first line printed is then the history entry's id ("-" when none was recorded),
the command follows; the shell function reports how the command ended with 'cmdai record-exit'.

The scripts from 'cmdai init bash|zsh|fish' call it; you rarely run it yourself.`,
		Args:   cobra.ArbitraryArgs,
		Hidden: true, // the shell integration's, not a command people type
		RunE: func(cmd *cobra.Command, args []string) error {
			return runPopup(cmd.Context(), s, f, strings.Join(args, " "))
		},
	}
	fl := cmd.Flags()
	fl.StringVarP(&f.shell, "shell", "s", "", "shell to write the command for: bash, zsh, fish or sh")
	fl.StringVarP(&f.backend, "backend", "b", "", "backend to answer with (default from config)")
	fl.StringVar(&f.lastCommand, "last-command", "", "the shell's previous command, as context and for fixing")
	fl.IntVar(&f.lastStatus, "last-status", 0, "the exit status of --last-command")
	fl.StringVar(&f.action, "action", "insert", "what Enter does, for the help line: insert or run")
	fl.BoolVar(&f.tmux, "tmux", false, "inside tmux 3.2 or later, draw in a tmux popup window")
	fl.StringVar(&f.output, "output", "", "write the accepted command to this file instead of standard output")
	_ = fl.MarkHidden("output")
	return cmd
}

func runPopup(ctx context.Context, s *streams, f popupFlags, line string) error {
	cfg, shell, err := loadShellConfig(f.shell)
	if err != nil {
		return err
	}
	if len(line) > MaxPromptBytes {
		return usageErrorf("the line is %d bytes; the limit is %d", len(line), MaxPromptBytes)
	}
	if err := checkUTF8(line); err != nil {
		return err
	}
	opts := cfg.SafetyOptions(shell)
	check := func(cmd string) safety.Verdict { return safety.Check(cmd, opts) }
	var history []models.HistoryHint
	if strings.TrimSpace(f.lastCommand) != "" {
		history = []models.HistoryHint{{Command: f.lastCommand, ExitCode: f.lastStatus}}
	}

	pc := popup.Config{Styles: popup.DefaultStyles(), Keys: popup.DefaultKeyMap(), Check: check}
	cwd, _ := os.Getwd()
	// The organisation's policy: the daemon's decision on its answer, asked again for an edit; the policy
	// file when answering without a daemon. Generate fills it in before the person can press Enter.
	pol := &policySource{}
	daemonPolicyClient := &ipc.Client{}
	defer daemonPolicyClient.Close()
	usePolicyFile := func(ctx context.Context) {
		e, err := openLocalPolicy(ctx)
		pol.ask = localPolicy(e, err, cwd, opts)
	}
	switch f.action {
	case "run":
		pc.AcceptHelp = "run"
		pc.Gate = func(cmd string, v safety.Verdict, confirmed gate.Confirmation) gate.Decision {
			return gate.Decide(gate.Input{Command: cmd, Verdict: v, Mode: opts.Mode, Confirmed: confirmed,
				Policy: pol.decide(ctx, cmd)})
		}
	case "insert":
	default:
		return usageErrorf("--action %q: want insert or run", f.action)
	}
	prompt := strings.TrimSpace(line)
	switch {
	case prompt != "":
		pc.Title = prompt
		req := models.Request{Prompt: prompt, Shell: shell, OS: runtime.GOOS, Cwd: cwd, History: history}
		pc.Generate = func(ctx context.Context, onToken func(string)) (popup.Answer, error) {
			a, decided, viaDaemon, err := popupGenerate(ctx, cfg, s.embedded, f.backend, req, check, onToken)
			if err != nil {
				return a, shortNoAnswer(err)
			}
			if viaDaemon {
				pol.ask = daemonPolicy(daemonPolicyClient, cwd, shell)
			} else {
				usePolicyFile(ctx)
				if pol.ask != nil {
					decided = pol.ask(ctx, a.Command)
				}
			}
			pol.known = map[string]*ipc.PolicyDecision{a.Command: decided}
			a.Impact, a.Policy = impactLine(ctx, a.Command, opts, undo.OptionsFrom(cfg)), policyLine(decided)
			return a, nil
		}
	case len(history) > 0:
		pc.Title = fmt.Sprintf("fix: %s (exit %d)", history[0].Command, history[0].ExitCode)
		pc.Generate = func(ctx context.Context, _ func(string)) (popup.Answer, error) {
			resp, err := fix.Fixer{}.Suggest(history)
			if err != nil {
				return popup.Answer{}, err
			}
			usePolicyFile(ctx)
			a := popup.Answer{Command: resp.Command, Explanation: resp.Explanation, Verdict: check(resp.Command),
				Impact: impactLine(ctx, resp.Command, opts, undo.OptionsFrom(cfg))}
			if pol.ask != nil {
				decided := pol.ask(ctx, a.Command)
				pol.known = map[string]*ipc.PolicyDecision{a.Command: decided}
				a.Policy = policyLine(decided)
			}
			return a, nil
		}
	default:
		return usageErrorf("type a request on the command line first, or run a command to fix")
	}

	if f.tmux && tmuxPopupAvailable() {
		return runInTmuxPopup(ctx, s, f, line)
	}
	tty, err := os.OpenFile("/dev/tty", os.O_RDWR, 0)
	if err != nil {
		return fmt.Errorf("the popup needs a terminal: %w", err)
	}
	defer tty.Close()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	m := popup.New(ctx, pc)
	m.Start() // the daemon answers while the terminal is set up
	// The popup draws below the prompt and leaves the cursor where the shell had it: make room for it
	// first (scrolling when the prompt is at the bottom), so that the saved position stays right.
	room := popup.MaxLines + 1
	fmt.Fprintf(tty, "%s\x1b[%dA\x1b7\x1bD\r", strings.Repeat("\x1bD", room), room)
	_, err = tea.NewProgram(m, tea.WithInput(tty), tea.WithOutput(tty), tea.WithContext(ctx),
		tea.WithFPS(120)).Run()
	fmt.Fprint(tty, "\x1b8")
	if errors.Is(err, tea.ErrInterrupted) {
		return errCancelled
	}
	if err != nil {
		return fmt.Errorf("popup: %w", err)
	}
	res := popupResult{Refused: errorText(m.Refused())}
	if cmd, ok := m.Result(); ok {
		res.Command, res.ID = cmd, m.Answer().ID
	}
	if f.output != "" {
		return res.save(f.output)
	}
	res.prepareUndo(ctx, s, f)
	return res.print(s, f.action)
}

// popupResult is how a popup ended: a command accepted (and the history entry it came from), a refusal
// by the gate, or neither (cancelled). The tmux popup passes it back through a file.
type popupResult struct {
	Command string `json:"command,omitempty"`
	ID      string `json:"id,omitempty"`
	Refused string `json:"refused,omitempty"`
}

func (r popupResult) save(path string) error {
	b, err := json.Marshal(r)
	if err != nil {
		return err
	}
	return os.WriteFile(path, b, 0o600)
}

// prepareUndo snapshots what a command accepted to run will change, just before the shell gets it to
// run; 'cmdai record-exit' commits the snapshot once the shell has run it.
func (r popupResult) prepareUndo(ctx context.Context, s *streams, f popupFlags) {
	if f.action != "run" || r.Command == "" {
		return
	}
	cfg, shell, err := loadShellConfig(f.shell)
	if err != nil {
		return
	}
	prepareUndo(ctx, s.err, cfg, cfg.SafetyOptions(shell), r.Command)
}

// print writes the accepted command for the shell binding: with --action run, the history entry's id
// ("-" for none) on the line before it. A refusal exits with 3, a cancel with 130.
func (r popupResult) print(s *streams, action string) error {
	switch {
	case r.Refused != "":
		return &exitError{code: ExitRefused, err: errors.New(r.Refused)}
	case r.Command == "":
		return errCancelled
	case action == "run":
		fmt.Fprintln(s.out, cmp.Or(r.ID, "-"))
	}
	fmt.Fprintln(s.out, r.Command)
	return nil
}

func errorText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// popupGenerate asks the daemon (started when needed) and falls back to answering in this process when
// no daemon can be reached, as the one-shot path does.
// decided is the daemon's policy decision on the answer (nil when none applies or no daemon answered);
// viaDaemon says whether the daemon answered.
func popupGenerate(ctx context.Context, cfg config.Config, emb Embedded, backendName string, req models.Request,
	check func(string) safety.Verdict, onToken func(string)) (a popup.Answer, decided *ipc.PolicyDecision, viaDaemon bool, err error) {
	c := newDaemonClient(cfg)
	defer c.Close()
	hints := make([]ipc.HistoryHint, 0, len(req.History))
	for _, h := range req.History {
		hints = append(hints, ipc.HistoryHint{Command: h.Command, ExitCode: h.ExitCode})
	}
	res, err := c.Generate(ctx, ipc.GenerateRequest{
		Prompt: req.Prompt, Shell: req.Shell, OS: req.OS, Cwd: req.Cwd, Backend: backendName, History: hints,
	}, onToken)
	switch {
	case err == nil:
		v := wire.Verdict(res.Risk, res.Findings)
		return popup.Answer{Command: res.Command, Explanation: res.Explanation, Verdict: v, ID: res.ID}, res.Policy, true, nil
	case !errors.Is(err, ipc.ErrDaemonUnavailable) && !errors.Is(err, ipc.ErrDaemonOutdated) && !ipc.IsAccessDenied(err):
		return popup.Answer{}, nil, false, err
	}
	backend, err := openBackend(ctx, cfg, emb, backendName, "")
	if err != nil {
		return popup.Answer{}, nil, false, backends.Advise(err)
	}
	defer backend.Close()
	resp, err := backend.Generate(ctx, req, onToken)
	if err != nil {
		return popup.Answer{}, nil, false, backends.Advise(err)
	}
	return popup.Answer{Command: resp.Command, Explanation: resp.Explanation, Verdict: check(resp.Command)}, nil, false, nil
}
