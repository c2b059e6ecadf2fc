package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cmdai/cmdai/ipc"
	"github.com/cmdai/cmdai/pattern"
	"github.com/cmdai/cmdai/safety"
)

type patternsUseFlags struct {
	set     []string
	print   bool
	json    bool
	explain bool
	shell   string
}

func newPatternsUseCmd(s *streams) *cobra.Command {
	var f patternsUseFlags
	cmd := &cobra.Command{
		Use:   "use NAME|ID [--set name=value ...]",
		Short: "Fill a pattern's parameters and run the command after you confirm",
		Long: `use fills the pattern's parameters from --set, then from their defaults, and asks on the terminal
for the rest; each value must read as its type (a whole number for int, true or false for bool, a path
without line breaks) and is quoted for the shell. The command is then shown with its safety verdict and
runs only after you confirm, as a one-shot answer does. When standard output is not a terminal, or with
--print, it only prints the command; there a missing or malformed value is a usage error (exit 2).

  cmdai patterns use 'tail log' --set lines=100 --set file=/var/log/syslog
  cmd=$(cmdai patterns use 'tail log' --set file=app.log)

Each use is counted. --json prints {"pattern_id","pattern","command","values","risk","findings"} and
never runs the command.`,
		Args:              usageArgs(cobra.ExactArgs(1)),
		ValidArgsFunction: completePatternNames(false),
		RunE: func(c *cobra.Command, args []string) error {
			return runPatternsUse(c.Context(), s, args[0], f)
		},
	}
	fl := cmd.Flags()
	fl.StringArrayVar(&f.set, "set", nil, "a parameter's value, name=value (repeat for each)")
	fl.BoolVarP(&f.print, "print", "p", false, "print the command only; never run it (the default when stdout is not a terminal)")
	fl.BoolVar(&f.json, "json", false, "print one JSON object; never run the command")
	fl.BoolVarP(&f.explain, "explain", "x", false, "show each safety finding's rule")
	fl.StringVarP(&f.shell, "shell", "s", "", "the shell the command is for: bash, zsh, fish or sh (default from config, then $SHELL)")
	_ = cmd.RegisterFlagCompletionFunc("shell", fixedCompletions("bash", "zsh", "fish", "sh"))
	return cmd
}

// useJSON is what `patterns use --json` prints.
type useJSON struct {
	PatternID string            `json:"pattern_id"`
	Pattern   string            `json:"pattern"`
	Command   string            `json:"command"`
	Values    map[string]string `json:"values"`
	Risk      safety.Risk       `json:"risk"`
	Findings  []safety.Finding  `json:"findings"`
}

func runPatternsUse(ctx context.Context, s *streams, key string, f patternsUseFlags) error {
	cfg, shell, err := loadShellConfig(f.shell)
	if err != nil {
		return err
	}
	ps := &patternsClient{c: newDaemonClient(cfg), opts: cfg.SafetyOptions(shell)}
	defer ps.Close()
	p, err := ps.find(ctx, key, false)
	if err != nil {
		return err
	}
	params := paramsOf(p)
	values, err := parseSets(p, params, f.set)
	if err != nil {
		return err
	}
	if err := askMissing(s, p, params, values); err != nil {
		return err
	}
	cmd, bad := pattern.Fill(p.Command, params, values)
	if len(bad) > 0 { // asked values are checked as they are typed; this is a default that does not fit
		for _, prm := range params {
			if e := bad[prm.Name]; e != nil {
				return usageErrorf("parameter %s = %q: %v: pass --set %s=VALUE", prm.Name, values[prm.Name], e, prm.Name)
			}
		}
	}
	_, _ = ps.c.UsePattern(ctx, p.ID) // a count that fails to land must not stop the command
	v := safety.Check(cmd, ps.opts)
	if v.Findings == nil {
		v.Findings = []safety.Finding{}
	}
	switch {
	case f.json:
		return writeJSONLine(s.out, useJSON{PatternID: p.ID, Pattern: p.Name, Command: cmd, Values: values, Risk: v.Risk, Findings: v.Findings})
	case f.print || !isTerminal(s.out):
		return printOnly(s, checked{Command: cmd, Explanation: p.Description, Risk: v.Risk, Findings: v.Findings}, f.explain)
	}
	tty, closeTTY, err := openTTY(s)
	if err != nil {
		return printOnly(s, checked{Command: cmd, Explanation: p.Description, Risk: v.Risk, Findings: v.Findings}, f.explain)
	}
	defer closeTTY()
	// The daemon answered for the pattern, so it holds the organisation's policy to ask.
	cwd, _ := os.Getwd()
	c := confirmer{s: s, tty: tty, cfg: cfg, opts: ps.opts, explain: f.explain, pal: paletteFor(s.out),
		policy: &policySource{ask: daemonPatternPolicy(ps.c, cwd, shell, p.ID, cmd, values)}}
	_, err = c.run(ctx, cmd, p.Description, v)
	return err
}

// parseSets reads --set name=value flags into values, checking names and types, and adds the defaults
// of the parameters not set.
func parseSets(p ipc.Pattern, params []pattern.Param, sets []string) (map[string]string, error) {
	values := map[string]string{}
	names := make([]string, 0, len(params))
	for _, prm := range params {
		names = append(names, prm.Name)
	}
	for _, kv := range sets {
		name, val, ok := strings.Cut(kv, "=")
		name = strings.TrimSpace(name)
		if !ok || name == "" {
			return nil, usageErrorf("--set %q: write name=value", kv)
		}
		i := slices.Index(names, name)
		if i < 0 {
			if len(names) == 0 {
				return nil, usageErrorf("pattern %q has no parameters; drop --set %s", p.Name, name)
			}
			return nil, usageErrorf("pattern %q has no parameter %q (it has %s)", p.Name, name, strings.Join(names, ", "))
		}
		if err := params[i].Type.Check(val); err != nil {
			return nil, usageErrorf("--set %s=%s: %v (%s is %s)", name, val, err, name, article(params[i].Type))
		}
		values[name] = val
	}
	for _, prm := range params {
		if _, ok := values[prm.Name]; !ok && prm.Default != "" {
			values[prm.Name] = prm.Default
		}
	}
	return values, nil
}

func article(typ pattern.Type) string {
	if typ == pattern.TypeInt {
		return "an int"
	}
	return "a " + string(typ)
}

// askMissing asks on the terminal for each parameter that has no value yet, checking each answer
// against its type as it comes. Without a terminal a missing value is a usage error naming them all.
func askMissing(s *streams, p ipc.Pattern, params []pattern.Param, values map[string]string) error {
	var missing []pattern.Param
	for _, prm := range params {
		if _, ok := values[prm.Name]; !ok {
			missing = append(missing, prm)
		}
	}
	if len(missing) == 0 {
		return nil
	}
	tty, closeTTY, err := askTerminal(s)
	if err != nil {
		var flags []string
		for _, prm := range missing {
			flags = append(flags, fmt.Sprintf("--set %s=%s", prm.Name, strings.ToUpper(string(prm.Type))))
		}
		return usageErrorf("pattern %q needs a value for %s: pass %s", p.Name, paramList(missing), strings.Join(flags, " "))
	}
	defer closeTTY()
	ed := newLineEditor(tty, s.err)
	for _, prm := range missing {
		if prm.Description != "" {
			fmt.Fprintf(s.err, "%s: %s\n", prm.Name, oneLine(prm.Description))
		}
		for {
			v, err := ed.ReadLine(fmt.Sprintf("%s (%s): ", prm.Name, prm.Type), "")
			if errors.Is(err, errEditCancelled) {
				return errCancelled
			}
			if err != nil {
				return err
			}
			if err := prm.Type.Check(v); err != nil {
				fmt.Fprintf(s.err, "  %v\n", err)
				continue
			}
			values[prm.Name] = v
			break
		}
	}
	return nil
}

func paramList(params []pattern.Param) string {
	var parts []string
	for _, prm := range params {
		parts = append(parts, prm.Name+" ("+string(prm.Type)+")")
	}
	return strings.Join(parts, ", ")
}

// askTerminal is the terminal to ask for parameters on: standard input when it is one, else the
// controlling terminal when standard output shows one. Scripts and pipes get none.
func askTerminal(s *streams) (*os.File, func(), error) {
	if f, ok := s.in.(*os.File); ok && isTerminal(f) {
		return f, func() {}, nil
	}
	if !isTerminal(s.out) {
		return nil, nil, errors.New("no terminal")
	}
	return openTTY(s)
}
