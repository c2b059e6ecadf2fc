package graph

import (
	"context"
	"errors"
	"fmt"

	"github.com/cmdai/cmdai/cloud/orgs"
)

// errNotMember is a field that crosses into a team or organisation the signed-in user is not a member
// of (or that does not exist: the two are not told apart, so ids cannot be probed).
var errNotMember = errors.New("not found: you are not a member of this team or organisation")

// teamAccess checks, for a field that reads the team, that the viewer is its member. The answer is the
// request's teams loader's, so every check after the first costs no query.
func teamAccess(ctx context.Context, teamID string) (*request, Team, error) {
	req, err := from(ctx)
	if err != nil {
		return nil, Team{}, err
	}
	t, err := req.loaders.teams.Load(ctx, teamID)
	if isNotFound(err) {
		return nil, Team{}, errNotMember
	}
	if err != nil {
		return nil, Team{}, fmt.Errorf("team membership: %w", err)
	}
	return req, t, nil
}

// orgAccess checks, for a field that reads the organisation, that the viewer is its member and that
// their role may take every one of actions.
func orgAccess(ctx context.Context, orgID string, actions ...orgs.Action) (*request, Organization, error) {
	req, err := from(ctx)
	if err != nil {
		return nil, Organization{}, err
	}
	o, err := req.loaders.orgs.Load(ctx, orgID)
	if isNotFound(err) {
		return nil, Organization{}, errNotMember
	}
	if err != nil {
		return nil, Organization{}, fmt.Errorf("organisation membership: %w", err)
	}
	for _, a := range actions {
		if !orgs.Can(orgs.Role(o.ViewerRole), a) {
			return nil, Organization{}, fmt.Errorf("the role %s lacks %s: %w", o.ViewerRole, a, orgs.ErrForbidden)
		}
	}
	return req, o, nil
}

// bounded returns *n, or def when n is nil, and refuses a value outside [1, max].
func bounded(name string, n *int, def, max int) (int, error) {
	if n == nil {
		return def, nil
	}
	if *n < 1 || *n > max {
		return 0, fmt.Errorf("%s must be 1 to %d", name, max)
	}
	return *n, nil
}

// maxHistory bounds one page of a team's command history.
const maxHistory = 500
