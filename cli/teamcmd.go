package cli

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/cmdai/cmdai/cloud/apitype"
	"github.com/cmdai/cmdai/cloud/client"
)

type teamFlags struct {
	role string
	team string
	json bool
}

func newTeamCmd(s *streams) *cobra.Command {
	var f teamFlags
	cmd := &cobra.Command{
		Use:   "team",
		Short: "Invite people to your teams, and accept or decline invitations to theirs",
		Long: `Teams live on the cmdai server you logged in to with 'cmdai auth login'. A team's owner or admin
invites an email address; the person with that address joins only when they accept. An address with no
account yet keeps its invitation until someone signs up with it. Invitations expire after 14 days.

  cmdai team invite ops bob@example.com             # as a member (--role admin: owners only)
  cmdai team invitations                            # the invitations waiting for you
  cmdai team invitations --team ops                 # a team's pending invitations (owners and admins)
  cmdai team accept ID                              # or the team's name or slug
  cmdai team decline ID

TEAM is a team's name, slug or id.`,
		Args: usageArgs(cobra.NoArgs),
		RunE: func(c *cobra.Command, _ []string) error { return c.Help() },
	}
	invite := &cobra.Command{
		Use:   "invite TEAM EMAIL",
		Short: "Invite an email address to a team; they join when they accept",
		Long: `invite makes a pending invitation for EMAIL in TEAM (its name, slug or id); inviting the same
address again renews the invitation. The answer is the same whether or not the address has an account: the
person sees the invitation once they sign in, or sign up, with that address. --json prints the invitation:
{"id","team_id","team_name","team_slug","email","role","status","invited_by","invited_by_email",
"created_at","expires_at"}.`,
		Args: usageArgs(cobra.ExactArgs(2)),
		RunE: func(c *cobra.Command, args []string) error { return teamInvite(c.Context(), s, f, args[0], args[1]) },
	}
	invite.Flags().StringVar(&f.role, "role", "member", "the role they join with: member or admin (only an owner invites admins)")
	invite.Flags().BoolVar(&f.json, "json", false, "print the invitation as one JSON object")
	list := &cobra.Command{
		Use:   "invitations",
		Short: "List the invitations waiting for you (or, with --team, a team's pending invitations)",
		Long: `invitations lists the pending invitations made out to your email address, with the id to accept or
decline. With --team TEAM it lists that team's pending invitations instead, expired ones included (owners
and admins). --json prints one invitation object per line.`,
		Args: usageArgs(cobra.NoArgs),
		RunE: func(c *cobra.Command, _ []string) error { return teamInvitations(c.Context(), s, f) },
	}
	list.Flags().StringVar(&f.team, "team", "", "list this team's pending invitations (its name, slug or id)")
	list.Flags().BoolVar(&f.json, "json", false, "print JSON: one invitation object per line")
	answer := func(use, short string, accept bool) *cobra.Command {
		c := &cobra.Command{
			Use: use + " ID", Short: short, Args: usageArgs(cobra.ExactArgs(1)),
			Long: short + `. ID is the invitation's id from 'cmdai team invitations', or the name or slug of
the team that invited you.`,
			RunE: func(c *cobra.Command, args []string) error { return teamAnswer(c.Context(), s, f, args[0], accept) },
		}
		c.Flags().BoolVar(&f.json, "json", false, "print the answer as one JSON object")
		return c
	}
	cmd.AddCommand(invite, list, answer("accept", "Accept an invitation: join the team with the invited role", true),
		answer("decline", "Decline an invitation", false))
	return cmd
}

// cloudClient is a client of the cloud with the stored login; without one it says how to log in.
func cloudClient() (*client.Client, error) {
	path := client.CredentialsPath()
	creds, err := client.LoadCredentials(path)
	if err != nil && !errors.Is(err, client.ErrNotLoggedIn) {
		return nil, err
	}
	if !creds.LoggedIn() {
		return nil, errors.New("not logged in: run 'cmdai auth login' first")
	}
	return client.New(creds, func(c client.Credentials) error { return saveRefreshedTokens(path, c) }), nil
}

// teamAPIError says what a failed team call means for the person; what names the call.
func teamAPIError(err error, what string) error {
	var e *client.Error
	switch {
	case client.IsUnauthorized(err):
		return fmt.Errorf("the server did not accept your login: run 'cmdai auth login' again: %w", err)
	case errors.As(err, &e) && e.Status < 500 && e.Message != "":
		return fmt.Errorf("%s: %s", what, e.Message)
	}
	return fmt.Errorf("%s: %w", what, err)
}

func teamInvite(ctx context.Context, s *streams, f teamFlags, teamKey, email string) error {
	if f.role != "member" && f.role != "admin" {
		return usageErrorf("--role is member or admin, not %q (ownership is given later, by an owner)", f.role)
	}
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	cl, err := cloudClient()
	if err != nil {
		return err
	}
	team, err := findTeam(ctx, cl, teamKey)
	if err != nil {
		return err
	}
	inv, err := cl.Invite(ctx, team.ID, strings.TrimSpace(email), f.role)
	if err != nil {
		return teamAPIError(err, fmt.Sprintf("invite %s to %s", email, team.Name))
	}
	if f.json {
		return writeJSONLine(s.out, inv)
	}
	fmt.Fprintf(s.out, "invited %s to %s as %s (invitation %s, until %s)\n", inv.Email, team.Name, inv.Role, inv.ID,
		inv.ExpiresAt.Local().Format("Jan 2 15:04"))
	fmt.Fprintln(s.err, "They join when they accept: 'cmdai team accept "+team.Slug+"', or on the web dashboard.")
	return nil
}

func teamInvitations(ctx context.Context, s *streams, f teamFlags) error {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	cl, err := cloudClient()
	if err != nil {
		return err
	}
	var items []apitype.Invitation
	if f.team != "" {
		team, err := findTeam(ctx, cl, f.team)
		if err != nil {
			return err
		}
		if items, err = cl.TeamInvitations(ctx, team.ID); err != nil {
			return teamAPIError(err, "list "+team.Name+"'s invitations")
		}
	} else if items, err = cl.Invitations(ctx); err != nil {
		return teamAPIError(err, "list your invitations")
	}
	if f.json {
		return writeJSONLines(s.out, items)
	}
	if len(items) == 0 {
		if f.team != "" {
			fmt.Fprintln(s.err, "no pending invitations in this team")
		} else {
			fmt.Fprintln(s.err, "no invitations are waiting for you")
		}
		return nil
	}
	tw := tabwriter.NewWriter(s.out, 0, 0, 2, ' ', 0)
	if f.team != "" {
		fmt.Fprintln(tw, "ID\tEMAIL\tROLE\tSTATE\tINVITED BY\tEXPIRES")
		for _, v := range items {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", v.ID, v.Email, v.Role, v.Status, v.InvitedByEmail, v.ExpiresAt.Local().Format("Jan 2 15:04"))
		}
		return tw.Flush()
	}
	fmt.Fprintln(tw, "ID\tTEAM\tROLE\tINVITED BY\tEXPIRES")
	for _, v := range items {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", v.ID, v.TeamName, v.Role, v.InvitedByEmail, v.ExpiresAt.Local().Format("Jan 2 15:04"))
	}
	return tw.Flush()
}

// findInvitation picks the caller's pending invitation by its id or its team's name or slug. A key that
// matches none is passed on as an id, for the server to say what became of it.
func findInvitation(ctx context.Context, cl *client.Client, key string) (apitype.Invitation, error) {
	key = strings.TrimSpace(key)
	items, err := cl.Invitations(ctx)
	if err != nil {
		return apitype.Invitation{}, teamAPIError(err, "list your invitations")
	}
	var match []apitype.Invitation
	for _, v := range items {
		if v.ID == key {
			return v, nil
		}
		if strings.EqualFold(v.TeamSlug, key) || strings.EqualFold(v.TeamName, key) {
			match = append(match, v)
		}
	}
	switch len(match) {
	case 0:
		return apitype.Invitation{ID: key}, nil
	case 1:
		return match[0], nil
	}
	return apitype.Invitation{}, fmt.Errorf("%d invitations are from teams called %q: give the invitation's id ('cmdai team invitations')", len(match), key)
}

func teamAnswer(ctx context.Context, s *streams, f teamFlags, key string, accept bool) error {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	cl, err := cloudClient()
	if err != nil {
		return err
	}
	inv, err := findInvitation(ctx, cl, key)
	if err != nil {
		return err
	}
	verb := "decline"
	if accept {
		verb = "accept"
	}
	var team apitype.Team
	if accept {
		team, err = cl.AcceptInvitation(ctx, inv.ID)
	} else {
		err = cl.DeclineInvitation(ctx, inv.ID)
	}
	switch {
	case client.IsNotFound(err):
		return fmt.Errorf("no invitation %q is waiting for you: 'cmdai team invitations' lists yours (an invitation is for the email address it was sent to)", key)
	case err != nil:
		return teamAPIError(err, verb+" invitation "+inv.ID)
	}
	if f.json {
		if accept {
			return writeJSONLine(s.out, team)
		}
		return writeJSONLine(s.out, map[string]string{"id": inv.ID, "status": apitype.InvitationDeclined})
	}
	if accept {
		fmt.Fprintf(s.out, "joined team %s as %s\n", team.Name, team.Role)
		kickSync(ctx) // the team's patterns come with the next sync
		return nil
	}
	name := inv.TeamName
	if name == "" {
		name = "the team"
	}
	fmt.Fprintf(s.out, "declined the invitation to %s\n", name)
	return nil
}
