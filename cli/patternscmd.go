package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/cmdai/cmdai/ipc"
	"github.com/cmdai/cmdai/pattern"
	"github.com/cmdai/cmdai/safety"
)

func newPatternsCmd(s *streams) *cobra.Command {
	var lf patternsListFlags
	cmd := &cobra.Command{
		Use:   "patterns [list|show|use|save|rm|share]",
		Short: "List, fill, save and share command patterns (templates with ${name} parameters)",
		Long: `A pattern is a named command template: ${name} marks a parameter (string, int, path or bool)
that is filled each time you use it, quoted for the shell. Your own patterns live on this machine; your
teams' patterns arrive with 'cmdai sync' once you are logged in. ${HOME} and other all-capital names are
environment variables that the shell expands where the command runs, here and in a team: never
parameters. NAME|ID picks a pattern by id or name; where a name is both
yours and a team's, it means yours (give the id for the team's).

  cmdai patterns                                     # list them (the same as 'patterns list')
  cmdai patterns save 'tail log' --command 'tail -n ${lines} ${file}' --param lines:int=50 --tag logs
  cmdai patterns save 'big files' --from-history 01J9Z3K8Q4WJ3T5V6X7Y8Z9A0B
  cmdai patterns show 'tail log'
  cmdai patterns use 'tail log' --set file=/var/log/syslog
  cmdai patterns use 'tail log' --set file=app.log --print    # print the command only
  cmdai patterns rm 'tail log'
  cmdai patterns share 'tail log' --team ops                 # needs 'cmdai auth login'

Exit codes: 0 ok, 1 error, 2 usage (a missing or malformed parameter value among them), 3 refused by
the safety policy, 130 cancelled; after running a command, its status.`,
		Args: usageArgs(cobra.NoArgs),
		RunE: func(c *cobra.Command, _ []string) error { return runPatternsList(c.Context(), s, lf, "") },
	}
	list := &cobra.Command{
		Use:   "list [QUERY]",
		Short: "List patterns: yours and your teams', the most used first",
		Long: `list shows every pattern whose name, description, tags or template contain each word of QUERY:
its name, where it comes from (local or team NAME), tags, how often you used it, the safety verdict of
its template with the parameters left open (a pattern is rated for any value you might fill in), and its id.

  cmdai patterns list
  cmdai patterns list docker --tag cleanup
  cmdai patterns list --team --json | jq -r .name

--json prints one object per pattern: {"id","name","template","description","params":[{"name","type",
"default","description"}],"tags","source","team","uses","updated","risk"}.`,
		Args: usageArgs(cobra.ArbitraryArgs),
		RunE: func(c *cobra.Command, args []string) error {
			return runPatternsList(c.Context(), s, lf, strings.Join(args, " "))
		},
	}
	for _, fl := range []*cobra.Command{cmd, list} {
		fl.Flags().StringVarP(&lf.tag, "tag", "t", "", "only patterns with this tag")
		fl.Flags().BoolVar(&lf.team, "team", false, "only your teams' patterns")
		fl.Flags().BoolVar(&lf.local, "local", false, "only your own patterns")
		fl.Flags().BoolVar(&lf.json, "json", false, "print one JSON object per pattern")
	}

	var showJSON bool
	show := &cobra.Command{
		Use:   "show NAME|ID",
		Short: "Show a pattern: its template, parameters, description and safety verdict",
		Long: `show prints a pattern's template, each parameter with its type, default and what it is for, the
description, tags, and the safety verdict of the template with its parameters left open.

--json prints {"id","name","template","description","params","tags","source","team","uses","updated",
"risk","findings":[{"rule","risk","message"}]}; params lists every placeholder, declared or not.`,
		Args:              usageArgs(cobra.ExactArgs(1)),
		ValidArgsFunction: completePatternNames(false),
		RunE: func(c *cobra.Command, args []string) error {
			return runPatternsShow(c.Context(), s, args[0], showJSON)
		},
	}
	show.Flags().BoolVar(&showJSON, "json", false, "print one JSON object")

	rm := &cobra.Command{
		Use:               "rm NAME|ID...",
		Short:             "Delete your own patterns (a team's patterns are removed by the team)",
		Args:              usageArgs(cobra.MinimumNArgs(1)),
		ValidArgsFunction: completePatternNames(true),
		RunE:              func(c *cobra.Command, args []string) error { return runPatternsRm(c.Context(), s, args) },
	}

	subs := []*cobra.Command{list, show, newPatternsUseCmd(s), newPatternsSaveCmd(s), rm, newPatternsShareCmd(s)}
	for _, c := range subs {
		c.SilenceUsage, c.SilenceErrors = true, true
	}
	cmd.AddCommand(subs...)
	return cmd
}

type patternsListFlags struct {
	tag         string
	team, local bool
	json        bool
}

// patternJSON is a pattern as `patterns list`, `show` and `save` print it with --json.
type patternJSON struct {
	ID          string             `json:"id"`
	Name        string             `json:"name"`
	Template    string             `json:"template"`
	Description string             `json:"description"`
	Params      []ipc.PatternParam `json:"params"`
	Tags        []string           `json:"tags"`
	Source      string             `json:"source"`
	Team        string             `json:"team,omitempty"`
	Uses        int                `json:"uses"`
	Updated     time.Time          `json:"updated"`
	Risk        safety.Risk        `json:"risk"`
	Findings    []safety.Finding   `json:"findings,omitempty"`
}

func toPatternJSON(p ipc.Pattern, v safety.Verdict, params []ipc.PatternParam) patternJSON {
	out := patternJSON{ID: p.ID, Name: p.Name, Template: p.Command, Description: p.Description, Params: params,
		Tags: p.Tags, Source: sourceOf(p), Team: p.Team, Uses: p.Uses, Updated: p.Updated, Risk: v.Risk}
	if out.Params == nil {
		out.Params = []ipc.PatternParam{}
	}
	if out.Tags == nil {
		out.Tags = []string{}
	}
	return out
}

func writeJSONLine(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// writeJSONLines writes each item as one JSON line (JSON Lines, for scripts).
func writeJSONLines[T any](w io.Writer, items []T) error {
	for _, v := range items {
		if err := writeJSONLine(w, v); err != nil {
			return err
		}
	}
	return nil
}

func sourceOf(p ipc.Pattern) string {
	if p.Source == ipc.PatternTeam {
		return ipc.PatternTeam
	}
	return ipc.PatternLocal
}

// sourceLabel is where a pattern comes from, for a person: local, or the team's name.
func sourceLabel(p ipc.Pattern) string {
	if p.Source != ipc.PatternTeam {
		return "local"
	}
	if p.Team != "" {
		return "team " + p.Team
	}
	return "team"
}

// templateVerdict rates a template for any values, opened as the server opens it (pattern.Open).
func templateVerdict(template string, opts safety.Options) safety.Verdict {
	return safety.Check(pattern.Open(template), opts)
}

// paramsOf are the parameters a person fills for p: the declared ones, then the template's undeclared
// placeholders.
func paramsOf(p ipc.Pattern) []pattern.Param {
	declared := make([]pattern.Param, 0, len(p.Params))
	for _, prm := range p.Params {
		declared = append(declared, pattern.Param{Name: prm.Name, Type: pattern.Type(prm.Type), Default: prm.Default, Description: prm.Description})
	}
	return pattern.Params(p.Command, declared)
}

// wireParams are params as the daemon takes them.
func wireParams(params []pattern.Param) []ipc.PatternParam {
	out := make([]ipc.PatternParam, 0, len(params))
	for _, prm := range params {
		out = append(out, ipc.PatternParam{Name: prm.Name, Type: string(prm.Type), Default: prm.Default, Description: prm.Description})
	}
	return out
}

// patternsClient is what every patterns subcommand needs: the daemon and the safety options.
type patternsClient struct {
	c    *ipc.Client
	opts safety.Options
}

func openPatterns(shellFlag string) (*patternsClient, error) {
	cfg, shell, err := loadShellConfig(shellFlag)
	if err != nil {
		return nil, err
	}
	return &patternsClient{c: newDaemonClient(cfg), opts: cfg.SafetyOptions(shell)}, nil
}

func (ps *patternsClient) Close() { ps.c.Close() }

// all lists every pattern the daemon holds.
func (ps *patternsClient) all(ctx context.Context, query string) ([]ipc.Pattern, error) {
	list, err := ps.c.SearchPatterns(ctx, query, ipc.MaxPatternLimit)
	if err != nil {
		return nil, fmt.Errorf("read patterns: %w", err)
	}
	return list, nil
}

// find resolves NAME|ID: an id first, then a name (case does not matter), where one of your own
// patterns wins over a team's of the same name. onlyLocal refuses team patterns, for commands that
// change patterns.
func (ps *patternsClient) find(ctx context.Context, key string, onlyLocal bool) (ipc.Pattern, error) {
	key = strings.TrimSpace(key)
	if key == "" {
		return ipc.Pattern{}, usageErrorf("name the pattern (see 'cmdai patterns list')")
	}
	list, err := ps.all(ctx, "")
	if err != nil {
		return ipc.Pattern{}, err
	}
	var byName []ipc.Pattern
	for _, p := range list {
		if p.ID == key {
			return checkLocal(p, onlyLocal)
		}
		if strings.EqualFold(p.Name, key) {
			byName = append(byName, p)
		}
	}
	if len(byName) > 1 { // your own pattern shadows a team's of the same name (such as the copy you shared)
		local := slices.DeleteFunc(slices.Clone(byName), func(p ipc.Pattern) bool { return p.Source == ipc.PatternTeam })
		if len(local) == 1 {
			byName = local
		}
	}
	switch len(byName) {
	case 0:
		return ipc.Pattern{}, fmt.Errorf("no pattern named %q (see 'cmdai patterns list')", key)
	case 1:
		return checkLocal(byName[0], onlyLocal)
	}
	var which []string
	for _, p := range byName {
		which = append(which, fmt.Sprintf("%s (%s)", p.ID, sourceLabel(p)))
	}
	return ipc.Pattern{}, usageErrorf("%d patterns are named %q: give the id of one: %s", len(byName), key, strings.Join(which, ", "))
}

func checkLocal(p ipc.Pattern, onlyLocal bool) (ipc.Pattern, error) {
	if onlyLocal && p.Source == ipc.PatternTeam {
		return p, fmt.Errorf("%q is %s's pattern: only the team can change or remove it", p.Name, strings.TrimPrefix(sourceLabel(p), "team "))
	}
	return p, nil
}

func runPatternsList(ctx context.Context, s *streams, f patternsListFlags, query string) error {
	if f.team && f.local {
		return usageErrorf("--team and --local exclude each other")
	}
	ps, err := openPatterns("")
	if err != nil {
		return err
	}
	defer ps.Close()
	list, err := ps.all(ctx, query)
	if err != nil {
		return err
	}
	tag := strings.ToLower(strings.TrimSpace(f.tag))
	list = slices.DeleteFunc(list, func(p ipc.Pattern) bool {
		return f.team && p.Source != ipc.PatternTeam || f.local && p.Source == ipc.PatternTeam ||
			tag != "" && !slices.ContainsFunc(p.Tags, func(t string) bool { return strings.EqualFold(t, tag) })
	})
	if f.json {
		for _, p := range list {
			if err := writeJSONLine(s.out, toPatternJSON(p, templateVerdict(p.Command, ps.opts), p.Params)); err != nil {
				return fmt.Errorf("write patterns: %w", err)
			}
		}
		return nil
	}
	if len(list) == 0 {
		// Said on stderr, so that a script reading the list on stdout still reads an empty one.
		if query == "" && tag == "" && !f.team && !f.local {
			fmt.Fprintln(s.err, "no patterns yet: save one with 'cmdai patterns save NAME --command CMD'")
		} else {
			fmt.Fprintln(s.err, "no pattern matches")
		}
		return nil
	}
	p := paletteFor(s.out)
	tw := tabwriter.NewWriter(s.out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tSOURCE\tTAGS\tUSES\tRISK\tID")
	for _, pt := range list {
		tags := strings.Join(pt.Tags, ",")
		if tags == "" {
			tags = "-"
		}
		r := templateVerdict(pt.Command, ps.opts).Risk
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%s\t%s\n", oneLine(pt.Name), sourceLabel(pt), tags, pt.Uses, p.risk(r, r.String()), pt.ID)
	}
	return tw.Flush()
}

func runPatternsShow(ctx context.Context, s *streams, key string, asJSON bool) error {
	ps, err := openPatterns("")
	if err != nil {
		return err
	}
	defer ps.Close()
	p, err := ps.find(ctx, key, false)
	if err != nil {
		return err
	}
	v := templateVerdict(p.Command, ps.opts)
	params := paramsOf(p)
	if asJSON {
		out := toPatternJSON(p, v, wireParams(params))
		out.Findings = v.Findings
		if out.Findings == nil {
			out.Findings = []safety.Finding{}
		}
		return writeJSONLine(s.out, out)
	}
	pal := paletteFor(s.out)
	w := s.out
	fmt.Fprintf(w, "%s  (%s, %d %s)\n\n", pal.bold(p.Name), sourceLabel(p), p.Uses, map[bool]string{true: "use", false: "uses"}[p.Uses == 1])
	fmt.Fprintf(w, "  %s\n\n", p.Command)
	fmt.Fprintf(w, "  %s  %s\n", pal.badge(v.Risk), pal.dim("the template, for any parameter values"))
	writeFindings(w, pal, v.Findings, false)
	if len(params) > 0 {
		fmt.Fprintln(w, "\nparameters")
		tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		for _, prm := range params {
			def := "(asked for)"
			if prm.Default != "" {
				def = "default " + pattern.Quote(prm.Default, false)
			}
			if prm.Description != "" {
				def += "\t" + oneLine(prm.Description)
			}
			fmt.Fprintf(tw, "  %s\t%s\t%s\n", prm.Name, prm.Type, def)
		}
		tw.Flush()
	}
	if p.Description != "" {
		fmt.Fprintf(w, "\n%s\n", p.Description)
	}
	fmt.Fprintln(w)
	if len(p.Tags) > 0 {
		fmt.Fprintf(w, "tags  %s\n", strings.Join(p.Tags, ", "))
	}
	fmt.Fprintf(w, "id    %s\n", p.ID)
	return nil
}

func runPatternsRm(ctx context.Context, s *streams, keys []string) error {
	ps, err := openPatterns("")
	if err != nil {
		return err
	}
	defer ps.Close()
	// Each name is handled and reported on its own: one that is not there does not keep the others.
	failed := 0
	for _, key := range keys {
		if err := deletePattern(ctx, s, ps, key); err != nil {
			fmt.Fprintln(s.err, "cmdai: "+err.Error())
			failed++
		}
	}
	if failed > 0 {
		return &exitError{code: ExitError, err: fmt.Errorf("%d of %d patterns not deleted", failed, len(keys))}
	}
	return nil
}

func deletePattern(ctx context.Context, s *streams, ps *patternsClient, key string) error {
	p, err := ps.find(ctx, key, true)
	if err != nil {
		return err
	}
	if err := ps.c.DeletePattern(ctx, p.ID); err != nil {
		if ipc.IsNotFound(err) {
			return fmt.Errorf("no pattern %s (see 'cmdai patterns list')", p.ID)
		}
		return fmt.Errorf("delete pattern %q: %w", p.Name, err)
	}
	fmt.Fprintf(s.out, "deleted pattern %q (%s)\n", p.Name, p.ID)
	return nil
}

// completePatternNames completes pattern names from a running daemon; it never starts one.
func completePatternNames(onlyLocal bool) cobra.CompletionFunc {
	return func(cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
		if len(args) > 0 && cmd.Name() != "rm" {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		c := &ipc.Client{}
		defer c.Close()
		list, err := c.SearchPatterns(ctx, "", ipc.MaxPatternLimit)
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		var out []cobra.Completion
		for _, p := range list {
			if onlyLocal && p.Source == ipc.PatternTeam || !strings.HasPrefix(strings.ToLower(p.Name), strings.ToLower(toComplete)) {
				continue
			}
			out = append(out, cobra.CompletionWithDesc(p.Name, oneLine(p.Command)))
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	}
}
