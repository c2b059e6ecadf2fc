// Package orgs is the cloud API's organisation logic: who may do what in an organisation (one table of
// roles and actions, and one Authorize for every organisation route), members, policies validated and
// versioned into bundles that the server signs with Ed25519, policy decisions for commands, and
// approvals of single commands.
package orgs

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/cmdai/cmdai/cloud/pgstore"
	"github.com/cmdai/cmdai/policy"
)

// Role is a member's standing in an organisation: the seed's Admin, Engineer, Junior and ReadOnly.
type Role string

// The roles.
const (
	RoleAdmin    Role = policy.RoleAdmin
	RoleEngineer Role = policy.RoleEngineer
	RoleJunior   Role = policy.RoleJunior
	RoleReadOnly Role = policy.RoleReadOnly
)

// Roles lists every role, from most to least powerful.
var Roles = []Role{RoleAdmin, RoleEngineer, RoleJunior, RoleReadOnly}

// ParseRole reads a role's name.
func ParseRole(s string) (Role, error) {
	if r := Role(s); slices.Contains(Roles, r) {
		return r, nil
	}
	return "", fmt.Errorf("unknown role %q: use admin, engineer, junior or readonly", s)
}

// Action is something a member may be allowed to do: the seed's actions.
type Action string

// The actions.
const (
	ExecuteCommand  Action = "ExecuteCommand"  // run commands (as the policies allow)
	ApproveCommand  Action = "ApproveCommand"  // approve or deny another member's command
	ViewHistory     Action = "ViewHistory"     // read the organisation's policies, bundle and history
	ManageTeam      Action = "ManageTeam"      // add members and change their roles
	ConfigurePolicy Action = "ConfigurePolicy" // set and remove policies
)

// can is the one table of which role may take which action.
var can = map[Role][]Action{
	RoleAdmin:    {ExecuteCommand, ApproveCommand, ViewHistory, ManageTeam, ConfigurePolicy},
	RoleEngineer: {ExecuteCommand, ApproveCommand, ViewHistory},
	RoleJunior:   {ExecuteCommand, ViewHistory},
	RoleReadOnly: {ViewHistory},
}

// Can reports whether the role may take the action.
func Can(r Role, a Action) bool { return slices.Contains(can[r], a) }

// ErrForbidden is a member asking for something their role does not allow. Someone outside the
// organisation gets pgstore.ErrNotFound instead, as for an organisation that does not exist.
var ErrForbidden = errors.New("your role in this organisation does not allow this")

// Authorize returns the user's role in the organisation when it may take every one of actions. Every
// organisation route calls it before touching the organisation. A user outside the organisation gets
// pgstore.ErrNotFound, exactly as for an organisation that does not exist, so one organisation's ids
// cannot be probed from another; a member whose role lacks an action gets ErrForbidden.
func Authorize(ctx context.Context, q pgstore.Querier, orgID, userID string, actions ...Action) (Role, error) {
	r, err := pgstore.OrgMemberRole(ctx, q, orgID, userID)
	if err != nil {
		return "", fmt.Errorf("organisation membership: %w", err)
	}
	role := Role(r)
	for _, a := range actions {
		if !Can(role, a) {
			return role, fmt.Errorf("the role %s lacks %s: %w", role, a, ErrForbidden)
		}
	}
	return role, nil
}
