package cli

import (
	"bufio"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cmdai/cmdai/ipc"
	"github.com/cmdai/cmdai/pattern"
)

type patternsSaveFlags struct {
	command     string
	fromHistory string
	description string
	tags        []string
	params      []string
	json        bool
	force       bool
}

func newPatternsSaveCmd(s *streams) *cobra.Command {
	var f patternsSaveFlags
	cmd := &cobra.Command{
		Use:   "save NAME (--command CMD | --from-history ID)",
		Short: "Save a command, or one from your history, as a pattern",
		Long: `save stores a pattern on this machine under NAME. When one of yours has that name already, save asks
before replacing it on a terminal, and needs --force elsewhere.
Write ${name} in the command where a value changes from one use to the next (quote the command so the
shell leaves it alone). Each parameter's type is read from its name (file, dir, path: path; count,
lines, n, port, size, days, depth, limit: int; else string) unless --param says otherwise.

  cmdai patterns save 'tail log' --command 'tail -n ${lines} ${file}' --param lines:int=50 --tag logs
  cmdai patterns save 'disk hogs' --from-history 01J9Z3K8Q4WJ3T5V6X7Y8Z9A0B --description 'largest files here'

--from-history takes an id from 'cmdai history'; its prompt becomes the description unless you give one.
--json prints the saved pattern as 'patterns show --json' does.`,
		Args: usageArgs(cobra.ExactArgs(1)),
		RunE: func(c *cobra.Command, args []string) error { return runPatternsSave(c.Context(), s, args[0], f) },
	}
	fl := cmd.Flags()
	fl.StringVarP(&f.command, "command", "c", "", "the command template, with ${name} where a value goes")
	fl.StringVar(&f.fromHistory, "from-history", "", "take the command of this history entry (see 'cmdai history')")
	fl.StringVarP(&f.description, "description", "d", "", "what the pattern is for")
	fl.StringArrayVarP(&f.tags, "tag", "t", nil, "a tag (repeat, or separate with commas)")
	fl.StringArrayVar(&f.params, "param", nil, "a parameter's type and default: name:type=default, name:type or name=default")
	fl.BoolVar(&f.json, "json", false, "print the saved pattern as one JSON object")
	fl.BoolVarP(&f.force, "force", "f", false, "replace a pattern of yours with the same name without asking")
	return cmd
}

func runPatternsSave(ctx context.Context, s *streams, name string, f patternsSaveFlags) error {
	name = strings.TrimSpace(name)
	switch {
	case name == "":
		return usageErrorf("give the pattern a name")
	case (f.command == "") == (f.fromHistory == ""):
		return usageErrorf("give the command with --command CMD or take it from --from-history ID (one of them)")
	}
	ps, err := openPatterns("")
	if err != nil {
		return err
	}
	defer ps.Close()
	p := ipc.Pattern{Name: name, Command: strings.TrimSpace(f.command), Description: strings.TrimSpace(f.description)}
	if f.fromHistory != "" {
		e, err := ps.c.HistoryEntry(ctx, strings.TrimSpace(f.fromHistory))
		if ipc.IsNotFound(err) {
			return fmt.Errorf("no history entry %s (see 'cmdai history')", f.fromHistory)
		}
		if err != nil {
			return fmt.Errorf("read history entry %s: %w", f.fromHistory, err)
		}
		p.Command, p.Prompt = e.Command, e.Prompt
		if p.Description == "" {
			p.Description = e.Prompt
		}
	}
	if p.Command == "" {
		return usageErrorf("the command is empty")
	}
	for _, t := range f.tags {
		for _, t := range strings.Split(t, ",") {
			if t = strings.ToLower(strings.TrimSpace(t)); t != "" && !slices.Contains(p.Tags, t) {
				p.Tags = append(p.Tags, t)
			}
		}
	}
	params, err := declareParams(p.Command, f.params)
	if err != nil {
		return err
	}
	p.Params = wireParams(params)
	if err := confirmReplace(ctx, s, ps, name, f.force); err != nil {
		return err
	}
	saved, err := ps.c.SavePattern(ctx, p)
	if err != nil {
		return fmt.Errorf("save pattern %q: %w", name, err)
	}
	v := templateVerdict(saved.Command, ps.opts)
	if f.json {
		out := toPatternJSON(saved, v, wireParams(paramsOf(saved)))
		out.Findings = v.Findings
		return writeJSONLine(s.out, out)
	}
	fmt.Fprintf(s.out, "saved pattern %q (%s)\n  %s\n", saved.Name, saved.ID, saved.Command)
	if len(saved.Params) > 0 {
		fmt.Fprintf(s.out, "  parameters: %s\n", paramList(paramsOf(saved)))
	}
	fmt.Fprintf(s.out, "  risk: %s (for any parameter values)\n", v.Risk)
	return nil
}

// declareParams types the template's placeholders: by --param name:type=default where given, else by
// the name, as the TUI's save form does.
func declareParams(template string, specs []string) ([]pattern.Param, error) {
	names := pattern.Placeholders(template)
	params := make([]pattern.Param, 0, len(names))
	for _, n := range names {
		params = append(params, pattern.Param{Name: n, Type: pattern.GuessType(n)})
	}
	for _, spec := range specs {
		head, def, hasDef := strings.Cut(spec, "=")
		n, typ, hasType := strings.Cut(head, ":")
		n, typ = strings.TrimSpace(n), strings.TrimSpace(typ)
		i := slices.IndexFunc(params, func(p pattern.Param) bool { return p.Name == n })
		if i < 0 {
			if !pattern.IsParamName(n) {
				return nil, usageErrorf("--param %s: ${%s} is an environment variable that the shell expands, not a parameter", spec, n)
			}
			return nil, usageErrorf("--param %s: the command has no ${%s}", spec, n)
		}
		if hasType {
			t, err := pattern.ParseType(typ)
			switch {
			case typ == "":
				return nil, usageErrorf("--param %s: name a type after the colon: string, int, path or bool", spec)
			case err != nil:
				return nil, usageErrorf("--param %s: %v", spec, err)
			}
			params[i].Type = t
		}
		if hasDef {
			if err := params[i].Type.Check(def); err != nil {
				return nil, usageErrorf("--param %s: the default does not fit: %v", spec, err)
			}
			params[i].Default = def
		}
	}
	return params, nil
}

// confirmReplace lets a save go ahead: there is no pattern of yours named name, --force says to replace
// it, or the person says so on the terminal. Off a terminal without --force it is an error, never a
// silent loss of the pattern that was there.
func confirmReplace(ctx context.Context, s *streams, ps *patternsClient, name string, force bool) error {
	list, err := ps.all(ctx, "")
	if err != nil {
		return err
	}
	i := slices.IndexFunc(list, func(p ipc.Pattern) bool { return p.Source != ipc.PatternTeam && strings.EqualFold(p.Name, name) })
	if i < 0 || force {
		return nil
	}
	old := list[i]
	tty, closeTTY, err := openTTY(s)
	if err != nil || !isTerminal(s.err) {
		return fmt.Errorf("a pattern named %q exists (%s): replace it with --force, or pick another name", old.Name, old.Command)
	}
	defer closeTTY()
	fmt.Fprintf(s.err, "a pattern named %q exists:\n  %s\nreplace it? [y/N] ", old.Name, old.Command)
	answer, err := bufio.NewReader(tty).ReadString('\n')
	if err != nil && answer == "" {
		return errCancelled
	}
	if a := strings.ToLower(strings.TrimSpace(answer)); a != "y" && a != "yes" {
		fmt.Fprintf(s.err, "kept pattern %q\n", old.Name)
		return errCancelled
	}
	return nil
}
