package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"runtime"
	"time"

	"github.com/cmdai/cmdai/config"
	"github.com/cmdai/cmdai/gate"
	"github.com/cmdai/cmdai/ipc"
	"github.com/cmdai/cmdai/models"
	"github.com/cmdai/cmdai/models/backends"
	"github.com/cmdai/cmdai/safety"
	"github.com/cmdai/cmdai/undo"
)

// checked is a command with its explanation and safety verdict.
type checked struct {
	Command     string           `json:"command"`
	Explanation string           `json:"explanation"`
	Risk        safety.Risk      `json:"risk"`
	Findings    []safety.Finding `json:"findings"`
}

// answer is a generated command with everything shown or printed about it.
type answer struct {
	checked
	Backend   string  `json:"backend"`
	Model     string  `json:"model"`
	ElapsedMS float64 `json:"elapsed_ms"`
	// Alternatives are other ways to write the command, each checked, when --alternatives asked for them.
	Alternatives []alternative `json:"alternatives,omitzero"`
	// Policy is the organisation's decision on the command, when a policy applies to the person.
	Policy *ipc.PolicyDecision `json:"policy,omitempty"`
}

// alternative is another way to write the answer, with its own safety verdict. Model is
// "nl2bash-recall" for the offline engine's recall model: a command shape whose arguments are guesses or
// placeholders (PATH, 'PATTERN').
type alternative struct {
	checked
	Confidence float64 `json:"confidence"`
	Model      string  `json:"model,omitempty"`
	// Riskier marks an alternative more dangerous than the answer it is another way to write.
	Riskier bool `json:"riskier,omitempty"`
}

// refused is how a refusal to guess ends: what was nearly understood and how to get a better answer,
// then, when alternatives were asked for, the shapes recalled for similar requests, each with its risk,
// as things to adapt and never as the answer. Nothing goes to stdout but --json's one object.
func refused(s *streams, f rootFlags, cfg config.Config, prompt string, err error, shapes []alternative) error {
	r := newNoAnswer(s, f, cfg, prompt, err, shapes)
	if f.json {
		if err := writeJSONLine(s.out, r); err != nil {
			return err
		}
	} else {
		r.write(s)
	}
	return &exitError{code: ExitError} // said above
}

// alternativesOf shows checked alternatives as the daemon's are shown.
func alternativesOf(alts []backends.Alternative) []alternative {
	out := []alternative{}
	for _, a := range alts {
		out = append(out, alternative{checked: checked{Command: a.Response.Command, Explanation: a.Response.Explanation,
			Risk: a.Verdict.Risk, Findings: nonNil(a.Verdict.Findings)}, Confidence: a.Response.Confidence, Model: a.Response.Model})
	}
	return out
}

func nonNil(fs []safety.Finding) []safety.Finding {
	if fs == nil {
		return []safety.Finding{}
	}
	return fs
}

func oneShot(ctx context.Context, s *streams, f rootFlags, prompt string) error {
	start := time.Now()
	cfg, shell, err := loadShellConfig(f.shell)
	if err != nil {
		return err
	}
	cwd, _ := os.Getwd()
	req := models.Request{Prompt: prompt, Shell: shell, OS: runtime.GOOS, Cwd: cwd}
	req.Alternatives = f.alternatives
	opts := cfg.SafetyOptions(shell)
	// Until the answer comes, a terminal shows the time it takes, and Ctrl-C cancels (exit 130).
	genCtx, stopSignals := signal.NotifyContext(ctx, os.Interrupt)
	stopSpinner := startSpinner(s.err)
	answered := func() (interrupted bool) {
		interrupted = genCtx.Err() != nil && ctx.Err() == nil
		stopSpinner()
		stopSignals()
		return interrupted
	}
	defer answered()
	// The daemon answers (started when needed), checks and records the answer; without one, answer here.
	viaDaemon, err := generateViaDaemon(genCtx, s, f, cfg, req)
	if err != nil && answered() {
		return errCancelled
	}
	if ipc.IsNoAnswer(err) {
		return refused(s, f, cfg, prompt, err, alternativesFromWire(ipc.NoAnswerAlternatives(err)))
	}
	if err != nil {
		return err
	}
	defer viaDaemon.close()
	resp, verdict, alts := viaDaemon.resp, viaDaemon.verdict, viaDaemon.alts
	pol := &policySource{}
	if viaDaemon.ok {
		pol.ask = daemonPolicy(viaDaemon.client, cwd, shell)
	} else {
		e, err := openLocalPolicy(ctx)
		pol.ask = localPolicy(e, err, cwd, opts)
		req.Restrictions = e.Restrictions()
		backend, err := openBackend(genCtx, cfg, s.embedded, f.backend, f.model)
		if err != nil && answered() {
			return errCancelled
		}
		if err != nil {
			return backends.Advise(err)
		}
		defer backend.Close()
		c, err := backends.GenerateChecked(genCtx, backend, req, nil, opts)
		if err != nil && answered() {
			return errCancelled
		}
		if errors.Is(err, models.ErrNoAnswer) {
			return refused(s, f, cfg, prompt, err, alternativesOf(c.Alternatives))
		}
		if err != nil {
			return backends.Advise(fmt.Errorf("%s backend: %w", backend.Name(), err))
		}
		resp, verdict = c.Response, c.Verdict
		if f.alternatives > 0 { // asked for: otherwise the contract's object has no "alternatives"
			alts = alternativesOf(c.Alternatives)
		}
	}
	answered()
	policy := viaDaemon.policy
	if !viaDaemon.ok && pol.ask != nil {
		policy = pol.ask(ctx, resp.Command)
	}
	pol.known = map[string]*ipc.PolicyDecision{resp.Command: policy}
	a := answer{
		checked: checked{Command: resp.Command, Explanation: resp.Explanation,
			Risk: verdict.Risk, Findings: nonNil(verdict.Findings)},
		Backend: resp.Backend, Model: resp.Model,
		ElapsedMS:    float64(time.Since(start).Microseconds()) / 1000,
		Alternatives: alts,
		Policy:       policy,
	}
	if f.alternatives > 0 && a.Alternatives == nil {
		a.Alternatives = []alternative{} // asked for: the key is there, even when the backend knows none
	}
	for i := range a.Alternatives {
		a.Alternatives[i].Riskier = a.Alternatives[i].Risk > a.Risk
	}

	if f.json {
		return writeJSONLine(s.out, a)
	}
	printed := func() error {
		// What the safety mode would never run is not printed for a script to run either: the gate's
		// reason goes to stderr, and the exit status is the contract's refusal.
		if d := gate.Decide(gate.Input{Command: a.Command, Verdict: verdict, Mode: opts.Mode}); d.Outcome == gate.Refuse {
			writeFindings(s.err, paletteFor(s.err), a.Findings, f.explain)
			return &exitError{code: ExitRefused, err: d.Err()}
		}
		err := printOnly(s, a.checked, f.explain)
		if line := policyLine(a.Policy); line != "" && (isTerminal(s.err) || f.explain) {
			fmt.Fprintln(s.err, "  "+line)
		}
		writeAlternatives(s.err, paletteFor(s.err), otherWays, a.Alternatives)
		return err
	}
	if f.print || !isTerminal(s.out) {
		return printed()
	}
	tty, closeTTY, err := openTTY(s)
	if err != nil {
		return printed()
	}
	defer closeTTY()
	c := confirmer{s: s, tty: tty, cfg: cfg, opts: opts, explain: f.explain, pal: paletteFor(s.out), alts: a.Alternatives, policy: pol,
		historyID: viaDaemon.id}
	asked := time.Now()
	ran, err := c.run(ctx, a.Command, a.Explanation, verdict)
	viaDaemon.recordExit(ctx, ran, err, time.Since(asked))
	return err
}

// printOnly writes the command alone to stdout, so `$(cmdai --print …)` captures exactly it, and tells a
// person watching stderr how risky it is.
func printOnly(s *streams, a checked, explain bool) error {
	fmt.Fprintln(s.out, a.Command)
	if !isTerminal(s.err) && !explain {
		return nil
	}
	p := paletteFor(s.err)
	fmt.Fprintf(s.err, "%s", p.badge(a.Risk))
	if explain && a.Explanation != "" {
		fmt.Fprintf(s.err, "  %s", a.Explanation)
	}
	fmt.Fprintln(s.err)
	writeFindings(s.err, p, a.Findings, explain)
	if explain {
		writeSteps(s.err, p, a.Command)
	}
	return nil
}

// openTTY finds the terminal to ask on: standard input when it is one, else the controlling terminal.
func openTTY(s *streams) (tty *os.File, closeTTY func(), err error) {
	if f, ok := s.in.(*os.File); ok && isTerminal(f) {
		return f, func() {}, nil
	}
	f, err := os.OpenFile("/dev/tty", os.O_RDWR, 0)
	if err != nil {
		return nil, nil, fmt.Errorf("open terminal: %w", err)
	}
	return f, func() { f.Close() }, nil
}

// impactLine describes what a destructive command would touch (even one rated safe, such as deleting
// ./build), within a budget a person will not notice, and says when that is more than undo keeps; it is
// empty for commands that change nothing.
func impactLine(ctx context.Context, cmd string, opts safety.Options, uo undo.Options) string {
	ctx, cancel := context.WithTimeout(ctx, 300*time.Millisecond)
	defer cancel()
	cwd, _ := os.Getwd()
	b, err := safety.Impact(ctx, cmd, cwd, opts)
	if err != nil {
		return ""
	}
	if note := undo.PreviewNote(b, uo); note != "" {
		return b.String() + "\n" + note
	}
	return b.String()
}
