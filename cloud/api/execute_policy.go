package api

import (
	"fmt"
	"net/http"

	"github.com/cmdai/cmdai/cloud/apitype"
	"github.com/cmdai/cmdai/cloud/orgs"
	"github.com/cmdai/cmdai/cloud/pgstore"
	"github.com/cmdai/cmdai/gate"
	"github.com/cmdai/cmdai/policy"
)

// approvalUse is an approval a run will spend: it lets a command that needs an approver run once.
type approvalUse struct{ orgID, id string }

// checkPolicy weighs a reported run against the policies of every organisation the caller belongs to,
// through the execution gate. Any organisation's refusal refuses it: 403 policy_denied, or 403
// approval_required when an approver can allow it and the request names no approval that does. It
// returns the approval to spend with the run, if one is needed, and each organisation's check (those
// made before a refusal, with a refusal), which the run's audit events record.
func (h *handler) checkPolicy(r *http.Request, c pgstore.Command, req apitype.ExecuteRequest) (*approvalUse, []orgs.Check, error) {
	ctx := r.Context()
	userID := principal(ctx).UserID
	memberships, err := pgstore.OrgsByUser(ctx, h.db, userID)
	if err != nil || len(memberships) == 0 {
		return nil, nil, err
	}
	u, err := pgstore.UserByID(ctx, h.db, userID)
	if err != nil {
		return nil, nil, fmt.Errorf("load user: %w", err)
	}
	var checks, needApproval []orgs.Check
	for _, o := range memberships {
		chk, err := h.orgs.Evaluate(ctx, o.ID, o.PolicyVersion, orgs.Request{User: policy.User{ID: u.ID, Email: u.Email},
			Role: orgs.Role(o.Role), Command: c.Command, Shell: c.Shell, Cwd: req.Cwd, Host: req.Host})
		if err != nil {
			return nil, checks, err
		}
		checks = append(checks, chk)
		if chk.Decision.Outcome != gate.Refuse {
			continue
		}
		if chk.Decision.Policy.Decision == gate.PolicyApprovalRequired {
			needApproval = append(needApproval, chk)
			continue
		}
		return nil, checks, refusal(CodePolicyDenied, chk)
	}
	if len(needApproval) == 0 {
		return nil, checks, nil
	}
	if req.ApprovalID == "" {
		return nil, checks, refusal(CodeApprovalRequired, needApproval[0])
	}
	if len(needApproval) > 1 {
		// One approval is one organisation's: a run that two organisations want approved cannot run on one.
		return nil, checks, refusal(CodeApprovalRequired, needApproval[1])
	}
	if err := errNotFoundIfBadID(req.ApprovalID, "approval"); err != nil {
		return nil, checks, err
	}
	return &approvalUse{orgID: needApproval[0].OrgID, id: req.ApprovalID}, checks, nil
}

// refusal is the 403 for a run the gate refuses on an organisation's policy; details say which
// organisation and policy, so that a client can request an approval there.
func refusal(code string, chk orgs.Check) error {
	p := chk.Decision.Policy
	return errorf(http.StatusForbidden, code, chk.Decision.Reason, map[string]any{
		"org_id": chk.OrgID, "decision": string(p.Decision), "reason": p.Reason, "policy": p.Name, "version": chk.Version,
	})
}
