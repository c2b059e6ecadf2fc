package client

import (
	"context"
	"errors"
	"net/http"
	"net/url"

	"github.com/cmdai/cmdai/cloud/apitype"
)

func orgPath(orgID string, rest ...string) string {
	p := "/api/v1/orgs/" + url.PathEscape(orgID)
	for _, r := range rest {
		p += "/" + r
	}
	return p
}

// Orgs lists the organisations the account belongs to, each with the account's role.
func (c *Client) Orgs(ctx context.Context) ([]apitype.Org, error) {
	var out apitype.List[apitype.Org]
	err := c.do(ctx, http.MethodGet, "/api/v1/orgs", nil, &out, true)
	return out.Items, err
}

// PolicyKey returns the server's Ed25519 public key that signs policy bundles.
func (c *Client) PolicyKey(ctx context.Context) (apitype.PolicyKey, error) {
	var out apitype.PolicyKey
	err := c.do(ctx, http.MethodGet, "/api/v1/policy/key", nil, &out, true)
	return out, err
}

// PolicyBundle returns the organisation's current signed policy bundle. Verify it (policy.Verify) with
// the key PolicyKey returns before using it.
func (c *Client) PolicyBundle(ctx context.Context, orgID string) (apitype.PolicyBundle, error) {
	var out apitype.PolicyBundle
	err := c.do(ctx, http.MethodGet, orgPath(orgID, "policy", "bundle"), nil, &out, true)
	return out, err
}

// Policies lists the organisation's policies.
func (c *Client) Policies(ctx context.Context, orgID string) ([]apitype.OrgPolicy, error) {
	var out apitype.List[apitype.OrgPolicy]
	err := c.do(ctx, http.MethodGet, orgPath(orgID, "policies"), nil, &out, true)
	return out.Items, err
}

// Policy returns one of the organisation's policies by name.
func (c *Client) Policy(ctx context.Context, orgID, name string) (apitype.OrgPolicy, error) {
	var out apitype.OrgPolicy
	err := c.do(ctx, http.MethodGet, orgPath(orgID, "policies", url.PathEscape(name)), nil, &out, true)
	return out, err
}

// PutPolicy creates or replaces the organisation's policy name (an admin's action) and returns it as
// stored, with the bundle version it changed.
func (c *Client) PutPolicy(ctx context.Context, orgID, name string, req apitype.PutPolicyRequest) (apitype.OrgPolicy, error) {
	var out apitype.OrgPolicy
	err := c.do(ctx, http.MethodPut, orgPath(orgID, "policies", url.PathEscape(name)), req, &out, true)
	return out, err
}

// DeletePolicy removes the organisation's policy name (an admin's action).
func (c *Client) DeletePolicy(ctx context.Context, orgID, name string) error {
	return c.do(ctx, http.MethodDelete, orgPath(orgID, "policies", url.PathEscape(name)), nil, nil, true)
}

// DryRunPolicy asks what the organisation's current policies decide for a command.
func (c *Client) DryRunPolicy(ctx context.Context, orgID string, req apitype.DryRunRequest) (apitype.DryRunResult, error) {
	var out apitype.DryRunResult
	err := c.do(ctx, http.MethodPost, orgPath(orgID, "policies", "dry-run"), req, &out, true)
	return out, err
}

// RequestApproval asks the organisation's approvers to let a command run once.
func (c *Client) RequestApproval(ctx context.Context, orgID string, req apitype.ApprovalRequest) (apitype.Approval, error) {
	var out apitype.Approval
	err := c.do(ctx, http.MethodPost, orgPath(orgID, "approvals"), req, &out, true)
	return out, err
}

// Approvals lists the organisation's approvals, newest first: all of them for an approver, the
// caller's own for anyone else. status ("" for any; apitype.ApprovalPending …) filters them.
func (c *Client) Approvals(ctx context.Context, orgID, status string) ([]apitype.Approval, error) {
	p := orgPath(orgID, "approvals")
	if status != "" {
		p += "?" + url.Values{"status": {status}}.Encode()
	}
	var out apitype.List[apitype.Approval]
	err := c.do(ctx, http.MethodGet, p, nil, &out, true)
	return out.Items, err
}

// Approval returns one approval: to its requester or an approver.
func (c *Client) Approval(ctx context.Context, orgID, approvalID string) (apitype.Approval, error) {
	var out apitype.Approval
	err := c.do(ctx, http.MethodGet, orgPath(orgID, "approvals", url.PathEscape(approvalID)), nil, &out, true)
	return out, err
}

// Approve approves a pending approval (an admin's or engineer's action, never the requester's own).
func (c *Client) Approve(ctx context.Context, orgID, approvalID string) (apitype.Approval, error) {
	var out apitype.Approval
	err := c.do(ctx, http.MethodPost, orgPath(orgID, "approvals", url.PathEscape(approvalID), "approve"), nil, &out, true)
	return out, err
}

// Deny denies a pending approval (an admin's or engineer's action).
func (c *Client) Deny(ctx context.Context, orgID, approvalID string) (apitype.Approval, error) {
	var out apitype.Approval
	err := c.do(ctx, http.MethodPost, orgPath(orgID, "approvals", url.PathEscape(approvalID), "deny"), nil, &out, true)
	return out, err
}

// UseApproval spends the caller's approved approval on command, which must be exactly the command
// approved. It succeeds once: see IsApprovalUsed, IsApprovalExpired and IsForbidden.
func (c *Client) UseApproval(ctx context.Context, orgID, approvalID, command string) (apitype.Approval, error) {
	var out apitype.Approval
	err := c.do(ctx, http.MethodPost, orgPath(orgID, "approvals", url.PathEscape(approvalID), "use"),
		apitype.UseApprovalRequest{Command: command}, &out, true)
	return out, err
}

// Execute reports a run of a command of the account's history (POST /api/v1/commands/execute). For a
// member of an organisation the server weighs it against the organisation's policies first: see
// IsPolicyDenied and IsApprovalRequired.
func (c *Client) Execute(ctx context.Context, req apitype.ExecuteRequest) (apitype.Execution, error) {
	var out apitype.Execution
	err := c.do(ctx, http.MethodPost, "/api/v1/commands/execute", req, &out, true)
	return out, err
}

func hasCode(err error, code string) bool {
	var e *Error
	return errors.As(err, &e) && e.Code == code
}

// IsPolicyDenied reports whether err is an organisation's policy refusing a command (403 policy_denied).
func IsPolicyDenied(err error) bool { return hasCode(err, apitype.CodePolicyDenied) }

// IsApprovalRequired reports whether err says the command may run once an approver allows it.
func IsApprovalRequired(err error) bool { return hasCode(err, apitype.CodeApprovalRequired) }

// IsApprovalUsed reports whether err says the approval has already been used (409).
func IsApprovalUsed(err error) bool { return hasCode(err, apitype.CodeApprovalUsed) }

// IsApprovalExpired reports whether err says the approval expired before it was used (410).
func IsApprovalExpired(err error) bool { return hasCode(err, apitype.CodeApprovalExpired) }
