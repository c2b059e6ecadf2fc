package cli

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/cmdai/cmdai/cloud/apitype"
	"github.com/cmdai/cmdai/cloud/client"
	"github.com/cmdai/cmdai/ipc"
	"github.com/cmdai/cmdai/pattern"
)

type patternsShareFlags struct {
	team        string
	fromHistory string
	name        string
	description string
	tags        []string
	json        bool
}

func newPatternsShareCmd(s *streams) *cobra.Command {
	var f patternsShareFlags
	cmd := &cobra.Command{
		Use:   "share (NAME|ID | --from-history ID) --team TEAM",
		Short: "Share a pattern, or a command from your history, with a team",
		Long: `share sends a pattern to one of your teams on the cmdai server you logged in to with 'cmdai auth
login'. TEAM is the team's name, slug or id. The server rates the template itself; the other members get
the pattern at their next sync (every 15 minutes, or at once with 'cmdai sync').

  cmdai patterns share 'tail log' --team ops
  cmdai patterns share --from-history 01J9Z3K8Q4WJ3T5V6X7Y8Z9A0B --team ops --name 'disk hogs'

--name, --description and --tag replace the pattern's own. --json prints the pattern as the server
stored it: {"id","team_id","name","description","template","prompt","parameters","tags","risk",
"created_at"}.`,
		Args:              usageArgs(cobra.MaximumNArgs(1)),
		ValidArgsFunction: completePatternNames(false),
		RunE: func(c *cobra.Command, args []string) error {
			return runPatternsShare(c.Context(), s, args, f)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.team, "team", "", "the team to share with: its name, slug or id (required)")
	fl.StringVar(&f.fromHistory, "from-history", "", "share the command of this history entry instead of a pattern")
	fl.StringVar(&f.name, "name", "", "the name the team sees (default: the pattern's, or the history entry's prompt)")
	fl.StringVarP(&f.description, "description", "d", "", "what the pattern is for (default: the pattern's)")
	fl.StringArrayVarP(&f.tags, "tag", "t", nil, "a tag (repeat, or separate with commas; default: the pattern's)")
	fl.BoolVar(&f.json, "json", false, "print the shared pattern as one JSON object")
	return cmd
}

func runPatternsShare(ctx context.Context, s *streams, args []string, f patternsShareFlags) error {
	switch {
	case strings.TrimSpace(f.team) == "":
		return usageErrorf("say which team with --team TEAM (its name, slug or id)")
	case len(args) == 1 && f.fromHistory != "":
		return usageErrorf("share a pattern or --from-history ID, not both (name it with --name)")
	case len(args) == 0 && f.fromHistory == "":
		return usageErrorf("name the pattern to share, or give --from-history ID")
	}
	path := client.CredentialsPath()
	creds, err := client.LoadCredentials(path)
	if err != nil && !errors.Is(err, client.ErrNotLoggedIn) {
		return err
	}
	if !creds.LoggedIn() {
		return errors.New("not logged in: run 'cmdai auth login' to reach your teams, then share again")
	}
	ps, err := openPatterns("")
	if err != nil {
		return err
	}
	defer ps.Close()
	np, err := patternToShare(ctx, ps, args, f)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	cl := client.New(creds, func(c client.Credentials) error { return saveRefreshedTokens(path, c) })
	team, err := findTeam(ctx, cl, f.team)
	if err != nil {
		return err
	}
	shared, err := cl.SharePattern(ctx, team.ID, np)
	switch {
	case client.IsNotFound(err):
		return fmt.Errorf("team %s is gone, or you are no longer a member", team.Name)
	case client.IsForbidden(err):
		return fmt.Errorf("you may not share in team %s with this login (an API key needs the teams:write scope): %w", team.Name, err)
	case client.IsConflict(err):
		return fmt.Errorf("team %s already has a pattern named %q: choose another name with --name", team.Name, np.Name)
	case client.IsUnauthorized(err):
		return fmt.Errorf("the server did not accept your login: run 'cmdai auth login' again: %w", err)
	case err != nil:
		return fmt.Errorf("share %q with team %s: %w", np.Name, team.Name, err)
	}
	kickSync(ctx) // brings it into this machine's cache as a team pattern
	if f.json {
		return writeJSONLine(s.out, shared)
	}
	fmt.Fprintf(s.out, "shared %q with team %s (%s, risk %s)\n", shared.Name, team.Name, shared.ID, shared.Risk)
	fmt.Fprintln(s.out, "The other members get it at their next sync (within 15 minutes, or now with 'cmdai sync').")
	return nil
}

// patternToShare builds what the server takes from a local pattern or a history entry.
func patternToShare(ctx context.Context, ps *patternsClient, args []string, f patternsShareFlags) (apitype.SharePatternRequest, error) {
	var p ipc.Pattern
	if len(args) == 1 {
		var err error
		if p, err = ps.find(ctx, args[0], false); err != nil {
			return apitype.SharePatternRequest{}, err
		}
	} else {
		e, err := ps.c.HistoryEntry(ctx, strings.TrimSpace(f.fromHistory))
		if ipc.IsNotFound(err) {
			return apitype.SharePatternRequest{}, fmt.Errorf("no history entry %s (see 'cmdai history')", f.fromHistory)
		}
		if err != nil {
			return apitype.SharePatternRequest{}, fmt.Errorf("read history entry %s: %w", f.fromHistory, err)
		}
		p = ipc.Pattern{Name: e.Prompt, Command: e.Command, Description: e.Prompt}
		params, err := declareParams(e.Command, nil)
		if err != nil {
			return apitype.SharePatternRequest{}, err
		}
		p.Params = wireParams(params)
	}
	// The template goes as it is: ${HOME} and the other environment variables are the shell's on the
	// server and on every member's machine too.
	np := apitype.SharePatternRequest{Name: strings.TrimSpace(p.Name), Description: p.Description, Template: p.Command, Tags: p.Tags}
	if f.name != "" {
		np.Name = strings.TrimSpace(f.name)
	}
	if f.description != "" {
		np.Description = strings.TrimSpace(f.description)
	}
	if len(f.tags) > 0 {
		np.Tags = nil
		for _, t := range f.tags {
			for _, t := range strings.Split(t, ",") {
				if t = strings.ToLower(strings.TrimSpace(t)); t != "" {
					np.Tags = append(np.Tags, t)
				}
			}
		}
	}
	if np.Name == "" {
		return np, usageErrorf("the shared pattern needs a name: pass --name")
	}
	used := pattern.Placeholders(p.Command)
	for _, prm := range paramsOf(p) {
		// The server refuses a declared parameter that the template does not use; a local pattern
		// saved by an older cmdai may declare one.
		if slices.Contains(used, prm.Name) {
			np.Parameters = append(np.Parameters, apitype.Parameter{Name: prm.Name, Type: string(prm.Type), Default: prm.Default, Description: prm.Description})
		}
	}
	return np, nil
}

// findTeam picks one of the account's teams by id, slug or name (case does not matter).
func findTeam(ctx context.Context, cl *client.Client, key string) (apitype.Team, error) {
	teams, err := cl.Teams(ctx)
	switch {
	case client.IsForbidden(err):
		return apitype.Team{}, fmt.Errorf("this login cannot read your teams (an API key needs the teams:read scope): %w", err)
	case client.IsUnauthorized(err):
		return apitype.Team{}, fmt.Errorf("the server did not accept your login: run 'cmdai auth login' again: %w", err)
	case err != nil:
		return apitype.Team{}, fmt.Errorf("list your teams: %w", err)
	}
	key = strings.TrimSpace(key)
	var match []apitype.Team
	for _, t := range teams {
		if t.ID == key {
			return t, nil
		}
		if strings.EqualFold(t.Slug, key) || strings.EqualFold(t.Name, key) {
			match = append(match, t)
		}
	}
	switch len(match) {
	case 1:
		return match[0], nil
	case 0:
		if len(teams) == 0 {
			return apitype.Team{}, fmt.Errorf("team %q not found: you are not a member of any team (create one, or ask a team's owner to invite you)", key)
		}
		var names []string
		for _, t := range teams {
			names = append(names, t.Name)
		}
		return apitype.Team{}, fmt.Errorf("team %q not found, or you are not a member of it (your teams: %s)", key, strings.Join(names, ", "))
	}
	return apitype.Team{}, fmt.Errorf("%d of your teams are called %q: give the slug or id of one", len(match), key)
}

// saveRefreshedTokens stores tokens the client refreshed into the credentials file as it is now,
// changing nothing else (the daemon may have replaced the file meanwhile). A file that now names
// another login is left alone.
func saveRefreshedTokens(path string, fresh client.Credentials) error {
	cur, err := client.LoadCredentials(path)
	if err != nil {
		return err
	}
	if cur.Server != fresh.Server || cur.UserID != fresh.UserID {
		return nil
	}
	cur.AccessToken, cur.AccessExpires, cur.RefreshToken = fresh.AccessToken, fresh.AccessExpires, fresh.RefreshToken
	return client.SaveCredentials(path, cur)
}
