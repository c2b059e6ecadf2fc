package pgstore

import (
	"context"
	"encoding/json"
	"time"
)

// Org is an organisation: members with roles above its teams, its feature flags and its policy settings.
type Org struct {
	ID                string
	Name              string
	Features          []string
	PolicyVersion     int64
	PoliciesChangedAt time.Time
	PolicyMaxAge      time.Duration
	StaleAction       string
	CreatedAt         time.Time
}

// OrgWithRole is an organisation and the role the user asking holds in it.
type OrgWithRole struct {
	Org
	Role string
}

const orgColumns = `o.id, o.name, o.features, o.policy_version, o.policies_changed_at,
	extract(epoch FROM o.policy_max_age)::bigint, o.stale_action, o.created_at`

func scanOrg(row interface{ Scan(...any) error }, extra ...any) (Org, error) {
	var o Org
	var maxAgeSec int64
	err := row.Scan(append([]any{&o.ID, &o.Name, &o.Features, &o.PolicyVersion, &o.PoliciesChangedAt, &maxAgeSec,
		&o.StaleAction, &o.CreatedAt}, extra...)...)
	o.PolicyMaxAge = time.Duration(maxAgeSec) * time.Second
	return o, mapErr(err)
}

// CreateOrg inserts an organisation with these feature flags. A name taken (whatever its case) is
// ErrConflict.
func CreateOrg(ctx context.Context, q Querier, name string, features []string) (Org, error) {
	if features == nil {
		features = []string{}
	}
	return scanOrg(q.QueryRow(ctx,
		`INSERT INTO organizations AS o (name, features) VALUES ($1, $2) RETURNING `+orgColumns, name, features))
}

// OrgByID returns the organisation with this id.
func OrgByID(ctx context.Context, q Querier, id string) (Org, error) {
	return scanOrg(q.QueryRow(ctx, `SELECT `+orgColumns+` FROM organizations o WHERE o.id = $1`, id))
}

// OrgByName returns the organisation with this name, compared without case.
func OrgByName(ctx context.Context, q Querier, name string) (Org, error) {
	return scanOrg(q.QueryRow(ctx, `SELECT `+orgColumns+` FROM organizations o WHERE lower(o.name) = lower($1)`, name))
}

// OrgsByUser returns the organisations the user belongs to, with the user's role, oldest membership first.
func OrgsByUser(ctx context.Context, q Querier, userID string) ([]OrgWithRole, error) {
	rows, err := q.Query(ctx,
		`SELECT `+orgColumns+`, m.role FROM organizations o JOIN organization_members m ON m.org_id = o.id
		 WHERE m.user_id = $1 ORDER BY m.created_at, o.id`, userID)
	if err != nil {
		return nil, mapErr(err)
	}
	defer rows.Close()
	out := []OrgWithRole{}
	for rows.Next() {
		var o OrgWithRole
		if o.Org, err = scanOrg(rows, &o.Role); err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, mapErr(rows.Err())
}

// OrgMemberRole returns the user's role in the organisation; ErrNotFound when the user is not a member
// (or the organisation does not exist).
func OrgMemberRole(ctx context.Context, q Querier, orgID, userID string) (string, error) {
	var role string
	err := q.QueryRow(ctx, `SELECT role FROM organization_members WHERE org_id = $1 AND user_id = $2`,
		orgID, userID).Scan(&role)
	return role, mapErr(err)
}

// SetOrgMember makes the user a member of the organisation with the role, or changes the role of a
// member. A user or organisation that does not exist is ErrNotFound.
func SetOrgMember(ctx context.Context, q Querier, orgID, userID, role string) error {
	_, err := q.Exec(ctx,
		`INSERT INTO organization_members (org_id, user_id, role) VALUES ($1, $2, $3)
		 ON CONFLICT (org_id, user_id) DO UPDATE SET role = EXCLUDED.role`, orgID, userID, role)
	return mapErr(err)
}

// BumpPolicyVersion adds one to the organisation's bundle version, under the row's lock until the
// transaction ends, and returns the new version.
func BumpPolicyVersion(ctx context.Context, q Querier, orgID string) (int64, error) {
	var v int64
	err := q.QueryRow(ctx,
		`UPDATE organizations SET policy_version = policy_version + 1, policies_changed_at = now(), updated_at = now()
		 WHERE id = $1 RETURNING policy_version`, orgID).Scan(&v)
	return v, mapErr(err)
}

// OrgPolicy is one named policy of an organisation: its source as written, and Definition, the policy
// as the engine reads it (package policy's Policy as JSON).
type OrgPolicy struct {
	OrgID      string
	Name       string
	Format     string
	Source     string
	Definition json.RawMessage
	Version    int64
	UpdatedBy  *string
	UpdatedAt  time.Time
}

const orgPolicyColumns = `org_id, name, format, source, definition, version, updated_by, updated_at`

func scanOrgPolicy(row interface{ Scan(...any) error }) (OrgPolicy, error) {
	var p OrgPolicy
	err := row.Scan(&p.OrgID, &p.Name, &p.Format, &p.Source, &p.Definition, &p.Version, &p.UpdatedBy, &p.UpdatedAt)
	return p, mapErr(err)
}

// PutOrgPolicy creates the organisation's policy p.Name or replaces it.
func PutOrgPolicy(ctx context.Context, q Querier, p OrgPolicy) (OrgPolicy, error) {
	return scanOrgPolicy(q.QueryRow(ctx,
		`INSERT INTO org_policies (org_id, name, format, source, definition, version, updated_by)
		 VALUES ($1, $2, $3, $4, $5, $6, $7)
		 ON CONFLICT (org_id, name) DO UPDATE SET format = EXCLUDED.format, source = EXCLUDED.source,
		     definition = EXCLUDED.definition, version = EXCLUDED.version, updated_by = EXCLUDED.updated_by,
		     updated_at = now()
		 RETURNING `+orgPolicyColumns,
		p.OrgID, p.Name, p.Format, p.Source, []byte(p.Definition), p.Version, p.UpdatedBy))
}

// OrgPolicies returns the organisation's policies in the order they were first set.
func OrgPolicies(ctx context.Context, q Querier, orgID string) ([]OrgPolicy, error) {
	rows, err := q.Query(ctx,
		`SELECT `+orgPolicyColumns+` FROM org_policies WHERE org_id = $1 ORDER BY created_at, name`, orgID)
	if err != nil {
		return nil, mapErr(err)
	}
	defer rows.Close()
	out := []OrgPolicy{}
	for rows.Next() {
		p, err := scanOrgPolicy(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, mapErr(rows.Err())
}

// OrgPolicyByName returns the organisation's policy with this name.
func OrgPolicyByName(ctx context.Context, q Querier, orgID, name string) (OrgPolicy, error) {
	return scanOrgPolicy(q.QueryRow(ctx,
		`SELECT `+orgPolicyColumns+` FROM org_policies WHERE org_id = $1 AND name = $2`, orgID, name))
}

// DeleteOrgPolicy removes the organisation's policy with this name; ErrNotFound when there is none.
func DeleteOrgPolicy(ctx context.Context, q Querier, orgID, name string) error {
	tag, err := q.Exec(ctx, `DELETE FROM org_policies WHERE org_id = $1 AND name = $2`, orgID, name)
	if err != nil {
		return mapErr(err)
	}
	if tag.RowsAffected() == 0 {
		return ErrNotFound
	}
	return nil
}

// Approval is a request to run one exact command once, bound to its requester and a time-out.
type Approval struct {
	ID             string
	OrgID          string
	RequesterID    string
	RequesterEmail string
	Command        string
	CommandHash    string
	Cwd            string
	Host           string
	Reason         string
	Status         string
	DecidedBy      *string
	DecidedAt      *time.Time
	ExpiresAt      time.Time
	UsedAt         *time.Time
	CreatedAt      time.Time
}

// An approval past its expiry reads as expired whatever its stored status, until one that was pending or
// approved is marked so.
const approvalColumns = `a.id, a.org_id, a.requester_id, u.email, a.command, a.command_hash, a.cwd, a.host, a.reason,
	CASE WHEN a.status IN ('pending', 'approved') AND a.expires_at <= now() THEN 'expired' ELSE a.status END,
	a.decided_by, a.decided_at, a.expires_at, a.used_at, a.created_at`

const approvalFrom = ` FROM approvals a JOIN users u ON u.id = a.requester_id`

func scanApproval(row interface{ Scan(...any) error }) (Approval, error) {
	var a Approval
	err := row.Scan(&a.ID, &a.OrgID, &a.RequesterID, &a.RequesterEmail, &a.Command, &a.CommandHash, &a.Cwd, &a.Host,
		&a.Reason, &a.Status, &a.DecidedBy, &a.DecidedAt, &a.ExpiresAt, &a.UsedAt, &a.CreatedAt)
	return a, mapErr(err)
}

// CreateApproval stores a pending approval; the caller sets the hash and the expiry.
func CreateApproval(ctx context.Context, q Querier, a Approval) (Approval, error) {
	var id string
	err := q.QueryRow(ctx,
		`INSERT INTO approvals (org_id, requester_id, command, command_hash, cwd, host, reason, expires_at)
		 VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
		a.OrgID, a.RequesterID, a.Command, a.CommandHash, a.Cwd, a.Host, a.Reason, a.ExpiresAt).Scan(&id)
	if err != nil {
		return Approval{}, mapErr(err)
	}
	return ApprovalByID(ctx, q, a.OrgID, id)
}

// ApprovalByID returns the organisation's approval with this id.
func ApprovalByID(ctx context.Context, q Querier, orgID, id string) (Approval, error) {
	return scanApproval(q.QueryRow(ctx,
		`SELECT `+approvalColumns+approvalFrom+` WHERE a.org_id = $1 AND a.id = $2`, orgID, id))
}

// ApprovalFilter selects an organisation's approvals.
type ApprovalFilter struct {
	RequesterID string // only this requester's; empty: anyone's
	Status      string // only in this status (as it reads now: an expired one is "expired"); empty: any
	Limit       int
}

// Approvals returns the organisation's approvals that pass the filter, newest first.
func Approvals(ctx context.Context, q Querier, orgID string, f ApprovalFilter) ([]Approval, error) {
	if f.Limit <= 0 {
		f.Limit = 200
	}
	rows, err := q.Query(ctx,
		`SELECT * FROM (SELECT `+approvalColumns+approvalFrom+`
		     WHERE a.org_id = $1 AND ($2 = '' OR a.requester_id::text = $2)) s
		 WHERE $3 = '' OR s.status = $3 ORDER BY s.created_at DESC, s.id DESC LIMIT $4`,
		orgID, f.RequesterID, f.Status, f.Limit)
	if err != nil {
		return nil, mapErr(err)
	}
	defer rows.Close()
	out := []Approval{}
	for rows.Next() {
		a, err := scanApproval(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, mapErr(rows.Err())
}

// DecideApproval sets a pending, unexpired approval to status (approved or denied) by decider. It
// reports false, with no change, when the approval is not pending or has expired.
func DecideApproval(ctx context.Context, q Querier, orgID, id, decider, status string) (bool, error) {
	tag, err := q.Exec(ctx,
		`UPDATE approvals SET status = $4, decided_by = $3, decided_at = now()
		 WHERE org_id = $1 AND id = $2 AND status = 'pending' AND expires_at > now()`, orgID, id, decider, status)
	if err != nil {
		return false, mapErr(err)
	}
	return tag.RowsAffected() == 1, nil
}

// UseApproval marks an approved, unexpired approval of this requester for this command hash as used. It
// reports false, with no change, when any of that does not hold: exactly one call succeeds.
func UseApproval(ctx context.Context, q Querier, orgID, id, requesterID, commandHash string) (bool, error) {
	tag, err := q.Exec(ctx,
		`UPDATE approvals SET status = 'used', used_at = now()
		 WHERE org_id = $1 AND id = $2 AND requester_id = $3 AND command_hash = $4
		     AND status = 'approved' AND expires_at > now()`, orgID, id, requesterID, commandHash)
	if err != nil {
		return false, mapErr(err)
	}
	return tag.RowsAffected() == 1, nil
}
