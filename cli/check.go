package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/cmdai/cmdai/cloud/client"
	"github.com/cmdai/cmdai/config"
	"github.com/cmdai/cmdai/ipc"
	"github.com/cmdai/cmdai/safety"
	"github.com/spf13/cobra"
)

type checkFlags struct {
	json   bool
	impact bool
	failOn string
	shell  string
}

// checkResult is one line of `cmdai check --json`.
type checkResult struct {
	Command  string              `json:"command"`
	Risk     safety.Risk         `json:"risk"`
	Findings []safety.Finding    `json:"findings"`
	Impact   *safety.BlastRadius `json:"impact,omitempty"`
	// Policy is the organisation's decision, when a policy applies to the logged-in person.
	Policy *ipc.PolicyDecision `json:"policy,omitempty"`
}

func newCheckCmd(s *streams) *cobra.Command {
	var f checkFlags
	cmd := &cobra.Command{
		Use:   "check [flags] [COMMAND...]",
		Short: "Print the safety verdict for a shell command",
		Long: `check parses a shell command and prints how risky it is: the level (safe, moderate, high or
critical), then one line per finding. With no COMMAND it reads one command per line from standard input
and answers each line in order.

  cmdai check 'rm -rf ~/'
  cmdai check --json -- find / -name '*.log' -delete
  history | cut -c8- | cmdai check --json
  cmdai check --impact 'rm -rf ./build'     # also count what it would delete

Flags go before the command; everything after the first word of COMMAND is part of it. Words that do
not start with a command ('cmdai check disk space') are a request for cmdai to answer, not a command to
check; quote a command to check it whatever it starts with.
A command that cannot be parsed is at least high. Exit status is 0 unless --fail-on is given.

When you are logged in to a cmdai server and your organisation has policies, the daemon's decision on the
command follows (allow, deny or approval_required, with the reason and the policy's name); --json adds it
as "policy":{"decision","reason","policy"}.`,
		Args: usageArgs(cobra.ArbitraryArgs),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runCheck(cmd.Context(), s, f, args)
		},
	}
	cmd.Flags().SetInterspersed(false)
	cmd.Flags().BoolVar(&f.json, "json", false, `print one JSON object per command: {"command","risk","findings":[{"rule","risk","message","span"}]}`)
	cmd.Flags().BoolVar(&f.impact, "impact", false, "also report what destructive commands would touch here (read-only, bounded)")
	cmd.Flags().StringVar(&f.failOn, "fail-on", "", "exit 3 when any command is at least this risky (moderate, high or critical)")
	cmd.Flags().StringVarP(&f.shell, "shell", "s", "", "parse as this shell: bash, zsh, fish or sh")
	_ = cmd.RegisterFlagCompletionFunc("fail-on", fixedCompletions("moderate", "high", "critical"))
	return cmd
}

func runCheck(ctx context.Context, s *streams, f checkFlags, args []string) error {
	switch {
	case len(args) > 0 && strings.TrimSpace(strings.Join(args, " ")) == "":
		return usageErrorf("nothing to check: give a command (cmdai check 'rm -rf ./build'), or commands one per line on standard input")
	case len(args) == 0 && isTerminal(s.in):
		// A person who typed `cmdai check` alone is not left looking at a silent terminal.
		fmt.Fprintln(s.err, "cmdai: reading commands from standard input, one per line; Ctrl-D ends (to check one: cmdai check 'COMMAND')")
	}
	var threshold *safety.Risk
	if f.failOn != "" {
		r, err := safety.ParseRisk(f.failOn)
		if err != nil {
			return usageErrorf("--fail-on: %v", err)
		}
		threshold = &r
	}
	if s.line.ambiguous && isTerminal(s.err) {
		// `check free memory` reads as a request too: say how to ask it, once, where a person sees it.
		fmt.Fprintf(s.err, "cmdai: checking %q as a command; to ask for it instead: cmdai -- check %s\n",
			strings.Join(args, " "), strings.Join(args, " "))
	}
	// A broken setting does not stop a check (a hook or CI job depends on it): the rest of the file
	// applies, the broken settings are their defaults, and stderr says which.
	cfg, err := config.Load(config.Path())
	var problems config.Errors
	switch {
	case errors.As(err, &problems):
		fmt.Fprintf(s.err, "cmdai: %v\ncmdai: checking with the defaults for these settings; fix them with 'cmdai config edit'\n", err)
	case err != nil:
		return err
	}
	shell, err := resolveShell(f.shell, cfg)
	if err != nil {
		return err
	}
	opts := cfg.SafetyOptions(shell)
	out := bufio.NewWriter(s.out)
	defer out.Flush()
	c := &checker{f: f, opts: opts, out: out, pal: paletteFor(s.out), warn: s.err, width: widthOf(s.out)}
	if loggedIn() {
		// Only the daemon holds the organisation's verified policy; without a login there is none to ask.
		c.daemon = newDaemonClient(cfg)
		defer c.daemon.Close()
		c.cwd, _ = os.Getwd()
	}
	if c.pal.on {
		c.flush = out.Flush
	}

	worst := safety.Safe
	if len(args) > 0 {
		worst, err = c.one(ctx, strings.Join(args, " "), false)
	} else {
		worst, err = c.lines(ctx, s.in)
	}
	if err != nil {
		return err
	}
	if threshold != nil && worst >= *threshold {
		out.Flush()
		return &exitError{code: ExitRefused, err: fmt.Errorf("a command is %s (--fail-on %s)", worst, *threshold)}
	}
	return nil
}

type checker struct {
	f     checkFlags
	opts  safety.Options
	out   *bufio.Writer
	pal   palette
	flush func() error // set when a person watches, so each answer shows as soon as it is ready
	// daemon answers the organisation's policy decision; nil when the person is not logged in.
	daemon *ipc.Client
	cwd    string
	warn   io.Writer
	// width is the terminal's, for wrapping long findings; 0 when the output is not one.
	width int
}

// tabStop is the column a tab moves to from col.
func tabStop(col int) int { return (col/8 + 1) * 8 }

// lines answers each line of r in order, including blank ones, so outputs pair with inputs by position.
func (c *checker) lines(ctx context.Context, r io.Reader) (safety.Risk, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	worst := safety.Safe
	for sc.Scan() {
		risk, err := c.one(ctx, strings.TrimSuffix(sc.Text(), "\r"), true)
		if err != nil {
			return worst, err
		}
		worst = max(worst, risk)
	}
	if err := sc.Err(); err != nil {
		return worst, fmt.Errorf("read commands from standard input: %w", err)
	}
	return worst, nil
}

func (c *checker) one(ctx context.Context, command string, many bool) (safety.Risk, error) {
	v := safety.Check(command, c.opts)
	res := checkResult{Command: command, Risk: v.Risk, Findings: v.Findings}
	if res.Findings == nil {
		res.Findings = []safety.Finding{}
	}
	if c.f.impact && strings.TrimSpace(command) != "" {
		ictx, cancel := context.WithTimeout(ctx, 2*time.Second)
		cwd, _ := os.Getwd()
		b, err := safety.Impact(ictx, command, cwd, c.opts)
		cancel()
		if err == nil {
			res.Impact = &b
		}
	}
	if c.daemon != nil && strings.TrimSpace(command) != "" {
		res.Policy = c.policy(ctx, command)
	}
	if c.f.json {
		if err := writeJSONLine(c.out, res); err != nil {
			return v.Risk, fmt.Errorf("write result: %w", err)
		}
	} else {
		c.text(res, many)
	}
	if c.flush != nil {
		c.flush()
	}
	return v.Risk, nil
}

func (c *checker) text(res checkResult, many bool) {
	if many {
		fmt.Fprintf(c.out, "%s\t%s\n", c.pal.risk(res.Risk, res.Risk.String()), res.Command)
	} else {
		fmt.Fprintln(c.out, c.pal.risk(res.Risk, res.Risk.String()))
	}
	for _, f := range res.Findings {
		// On a terminal a long message wraps under itself; the tabs stay for scripts that cut fields.
		at := tabStop(tabStop(2+len(f.Risk.String())) + len(f.Rule))
		msg := strings.Join(wrapWords(f.Message, c.width-at), "\n"+strings.Repeat(" ", at))
		fmt.Fprintf(c.out, "  %s\t%s\t%s\n", c.pal.risk(f.Risk, f.Risk.String()), f.Rule, msg)
	}
	if p := res.Policy; p != nil {
		fmt.Fprintf(c.out, "  policy\t%s\t%s\n", p.Decision, policyText(p))
	}
	if res.Impact != nil {
		for _, line := range strings.Split(res.Impact.String(), "\n") {
			if line != "" {
				fmt.Fprintf(c.out, "  %s\n", line)
			}
		}
	}
}

// policy asks the daemon for the organisation's decision. A daemon that cannot answer is said once on
// standard error, and the verdicts go on without a policy (the gate still asks when a command runs).
func (c *checker) policy(ctx context.Context, command string) *ipc.PolicyDecision {
	res, err := c.daemon.Check(ctx, ipc.CheckRequest{Command: command, Shell: c.opts.Shell, Cwd: c.cwd})
	if err != nil {
		fmt.Fprintf(c.warn, "cmdai: your organisation's policy is not shown: %v\n", err)
		c.daemon = nil
		return nil
	}
	return res.Policy
}

// policyText is a policy decision's reason with the policy's name, for a person.
func policyText(p *ipc.PolicyDecision) string {
	text := p.Reason
	if p.Policy != "" {
		text = p.Policy + ": " + text
	}
	if p.Warning != "" {
		text += " (" + p.Warning + ")"
	}
	return text
}

// loggedIn reports whether this machine holds a login to a cmdai server.
func loggedIn() bool {
	creds, err := client.LoadCredentials(client.CredentialsPath())
	return err == nil && creds.LoggedIn()
}
