package api

import (
	"crypto/ed25519"
	"errors"
	"net/http"
	"slices"
	"strings"

	"github.com/cmdai/cmdai/cloud/apitype"
	"github.com/cmdai/cmdai/cloud/orgs"
	"github.com/cmdai/cmdai/cloud/pgstore"
	"github.com/cmdai/cmdai/policy"
)

// Error codes of the organisation, policy and approval routes (see package apitype).
const (
	CodePolicyDenied     = apitype.CodePolicyDenied
	CodeApprovalRequired = apitype.CodeApprovalRequired
	CodeApprovalUsed     = apitype.CodeApprovalUsed
	CodeApprovalExpired  = apitype.CodeApprovalExpired
)

func toOrgJSON(o pgstore.OrgWithRole) apitype.Org {
	features := o.Features
	if features == nil {
		features = []string{}
	}
	return apitype.Org{ID: o.ID, Name: o.Name, Role: o.Role, Features: features, PolicyVersion: o.PolicyVersion,
		PolicyMaxAge: o.PolicyMaxAge.String(), StaleAction: o.StaleAction, CreatedAt: o.CreatedAt}
}

func toOrgPolicyJSON(p pgstore.OrgPolicy) apitype.OrgPolicy {
	return apitype.OrgPolicy{Name: p.Name, Format: p.Format, Source: p.Source, Version: p.Version,
		UpdatedBy: p.UpdatedBy, UpdatedAt: p.UpdatedAt}
}

func toApprovalJSON(a pgstore.Approval) apitype.Approval {
	return apitype.Approval{ID: a.ID, OrgID: a.OrgID, RequesterID: a.RequesterID, RequesterEmail: a.RequesterEmail,
		Command: a.Command, CommandHash: a.CommandHash, Cwd: a.Cwd, Host: a.Host, Reason: a.Reason, Status: a.Status,
		DecidedBy: a.DecidedBy, DecidedAt: a.DecidedAt, ExpiresAt: a.ExpiresAt, UsedAt: a.UsedAt, CreatedAt: a.CreatedAt}
}

// orgError turns the organisation service's errors into API errors; what names the object a 404 is
// about.
func orgError(err error, what string) error {
	var ve *orgs.ValidationError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &ve):
		details := map[string]any{"field": ve.Field}
		if len(ve.Problems) > 0 {
			probs := make([]apitype.PolicyProblem, len(ve.Problems))
			for i, p := range ve.Problems {
				probs[i] = apitype.PolicyProblem{Rule: p.Rule, Field: p.Field, Message: p.Message}
			}
			details["problems"] = probs
		}
		return errorf(http.StatusBadRequest, CodeValidation, ve.Message, details)
	case errors.Is(err, orgs.ErrForbidden), errors.Is(err, orgs.ErrNotApproved), errors.Is(err, orgs.ErrOtherCommand),
		errors.Is(err, orgs.ErrNotRequester), errors.Is(err, orgs.ErrOwnApproval):
		return errorf(http.StatusForbidden, CodeForbidden, err.Error(), nil)
	case errors.Is(err, orgs.ErrApprovalUsed):
		return errorf(http.StatusConflict, CodeApprovalUsed, err.Error(), nil)
	case errors.Is(err, orgs.ErrApprovalExpired):
		return errorf(http.StatusGone, CodeApprovalExpired, err.Error(), nil)
	case errors.Is(err, orgs.ErrApprovalDecided):
		return errorf(http.StatusConflict, CodeConflict, err.Error(), nil)
	case errors.Is(err, orgs.ErrNoSuchUser):
		return errorf(http.StatusNotFound, CodeNotFound, "no member of this organisation has this email address",
			map[string]string{"field": "user_email"})
	case errors.Is(err, pgstore.ErrNotFound):
		return errorf(http.StatusNotFound, CodeNotFound, "no such "+what, nil)
	}
	return err
}

// orgAccess checks, before an organisation route reads or writes anything of the organisation (a body
// is decoded first: a field the route does not take is refused whoever asks), that the caller is a member of the
// organisation in the path whose role may take every one of actions. It answers the request itself and
// reports false when not: 404 for someone outside the organisation (as for one that does not exist),
// 403 for a member whose role lacks an action.
func (h *handler) orgAccess(w http.ResponseWriter, r *http.Request, actions ...orgs.Action) (string, orgs.Role, bool) {
	ids, err := pathIDs(r, "organisation", "id")
	if err != nil {
		writeError(w, r, err)
		return "", "", false
	}
	role, err := orgs.Authorize(r.Context(), h.db, ids[0], principal(r.Context()).UserID, actions...)
	if err == nil || errors.Is(err, orgs.ErrForbidden) {
		auditOrg(r, ids[0]) // a member's call, allowed or not, is the organisation's to audit
	}
	if err != nil {
		writeError(w, r, orgError(err, "organisation"))
		return "", "", false
	}
	return ids[0], role, true
}

// listOrgs is GET /api/v1/orgs: the caller's organisations, each with the caller's role.
func (h *handler) listOrgs(w http.ResponseWriter, r *http.Request) {
	os, err := pgstore.OrgsByUser(r.Context(), h.db, principal(r.Context()).UserID)
	if err != nil {
		writeError(w, r, err)
		return
	}
	out := apitype.List[apitype.Org]{Items: make([]apitype.Org, 0, len(os))}
	for _, o := range os {
		out.Items = append(out.Items, toOrgJSON(o))
	}
	writeJSON(w, http.StatusOK, out)
}

// policyKey is GET /api/v1/policy/key: the public key daemons verify bundles with.
func (h *handler) policyKey(w http.ResponseWriter, r *http.Request) {
	key, err := h.orgs.SigningKey(r.Context())
	if err != nil {
		writeError(w, r, err)
		return
	}
	pub := key.Public().(ed25519.PublicKey)
	writeJSON(w, http.StatusOK, apitype.PolicyKey{KeyID: orgs.KeyID(pub), PublicKey: pub})
}

// policyBundle is GET /api/v1/orgs/{id}/policy/bundle: the organisation's policies, issued now and signed.
func (h *handler) policyBundle(w http.ResponseWriter, r *http.Request) {
	orgID, _, ok := h.orgAccess(w, r, orgs.ViewHistory)
	if !ok {
		return
	}
	sb, err := h.orgs.SignedBundle(r.Context(), orgID)
	if err != nil {
		writeError(w, r, orgError(err, "organisation"))
		return
	}
	writeJSON(w, http.StatusOK, apitype.PolicyBundle{OrgID: sb.OrgID, Version: sb.Version, Payload: sb.Payload,
		Signature: sb.Signature, KeyID: sb.KeyID})
}

func (h *handler) listPolicies(w http.ResponseWriter, r *http.Request) {
	orgID, _, ok := h.orgAccess(w, r, orgs.ViewHistory)
	if !ok {
		return
	}
	ps, err := pgstore.OrgPolicies(r.Context(), h.db, orgID)
	if err != nil {
		writeError(w, r, err)
		return
	}
	out := apitype.List[apitype.OrgPolicy]{Items: make([]apitype.OrgPolicy, 0, len(ps))}
	for _, p := range ps {
		out.Items = append(out.Items, toOrgPolicyJSON(p))
	}
	writeJSON(w, http.StatusOK, out)
}

func (h *handler) getPolicy(w http.ResponseWriter, r *http.Request) {
	orgID, _, ok := h.orgAccess(w, r, orgs.ViewHistory)
	if !ok {
		return
	}
	p, err := pgstore.OrgPolicyByName(r.Context(), h.db, orgID, r.PathValue("name"))
	if err != nil {
		writeError(w, r, orgError(err, "policy"))
		return
	}
	writeJSON(w, http.StatusOK, toOrgPolicyJSON(p))
}

// putPolicy is PUT /api/v1/orgs/{id}/policies/{name}: an admin sets a policy, validated (a 400 names
// the rule and field at fault), and the bundle version grows.
func (h *handler) putPolicy(w http.ResponseWriter, r *http.Request) {
	var req apitype.PutPolicyRequest
	if err := h.decodePolicyBody(w, r, &req); err != nil {
		writeError(w, r, err)
		return
	}
	orgID, _, ok := h.orgAccess(w, r, orgs.ConfigurePolicy)
	if !ok {
		return
	}
	by := principal(r.Context()).UserID
	p, err := h.orgs.SetPolicy(r.Context(), orgID, &by, r.PathValue("name"), req.Format, req.Source)
	if err != nil {
		writeError(w, r, orgError(err, "organisation"))
		return
	}
	writeJSON(w, http.StatusOK, toOrgPolicyJSON(p))
}

// decodePolicyBody reads a body that holds a policy's source, which may be larger than other bodies.
func (h *handler) decodePolicyBody(w http.ResponseWriter, r *http.Request, v any) error {
	return decodeLimit(w, r, max(h.maxBytes, 512<<10), v)
}

func (h *handler) deletePolicy(w http.ResponseWriter, r *http.Request) {
	orgID, _, ok := h.orgAccess(w, r, orgs.ConfigurePolicy)
	if !ok {
		return
	}
	if err := h.orgs.DeletePolicy(r.Context(), orgID, r.PathValue("name")); err != nil {
		writeError(w, r, orgError(err, "policy"))
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// dryRunPolicy is POST /api/v1/orgs/{id}/policies/dry-run: what the current policies decide for a
// command, for the caller or, for an admin, for another member.
func (h *handler) dryRunPolicy(w http.ResponseWriter, r *http.Request) {
	var req apitype.DryRunRequest
	if err := h.decode(w, r, &req); err != nil {
		writeError(w, r, err)
		return
	}
	orgID, role, ok := h.orgAccess(w, r, orgs.ViewHistory)
	if !ok {
		return
	}
	if err := checkCommandFields(req.Command, req.Cwd, req.Host); err != nil {
		writeError(w, r, err)
		return
	}
	ctx := r.Context()
	u, err := pgstore.UserByID(ctx, h.db, principal(ctx).UserID)
	if err != nil {
		writeError(w, r, err)
		return
	}
	if req.UserEmail != "" && !strings.EqualFold(strings.TrimSpace(req.UserEmail), u.Email) {
		if !orgs.Can(role, orgs.ConfigurePolicy) {
			writeError(w, r, errorf(http.StatusForbidden, CodeForbidden,
				"only an admin asks as another member: leave user_email out to ask as yourself", map[string]string{"field": "user_email"}))
			return
		}
		if u, err = pgstore.UserByEmail(ctx, h.db, strings.ToLower(strings.TrimSpace(req.UserEmail))); err != nil {
			writeError(w, r, orgError(errors.Join(orgs.ErrNoSuchUser, err), "member"))
			return
		}
		mr, err := pgstore.OrgMemberRole(ctx, h.db, orgID, u.ID)
		if err != nil {
			writeError(w, r, orgError(errors.Join(orgs.ErrNoSuchUser, err), "member"))
			return
		}
		role = orgs.Role(mr)
	}
	o, err := pgstore.OrgByID(ctx, h.db, orgID)
	if err != nil {
		writeError(w, r, orgError(err, "organisation"))
		return
	}
	c, err := h.orgs.Evaluate(ctx, orgID, o.PolicyVersion, orgs.Request{User: policy.User{ID: u.ID, Email: u.Email},
		Role: role, Command: req.Command, Cwd: req.Cwd, Host: req.Host})
	if err != nil {
		writeError(w, r, err)
		return
	}
	out := apitype.DryRunResult{Policy: toDecisionJSON(c.Result.Policy.Decision, c.Result.Policy.Reason, c.Result.Policy.Name),
		Matched: make([]apitype.PolicyMatch, 0, len(c.Result.Matches)), Version: c.Version}
	for _, m := range c.Result.Matches {
		out.Matched = append(out.Matched, apitype.PolicyMatch{Policy: m.Policy, Rule: m.Rule, Decision: string(m.Decision), Reason: m.Reason})
	}
	writeJSON(w, http.StatusOK, out)
}

func toDecisionJSON[D ~string](d D, reason, name string) apitype.PolicyDecision {
	return apitype.PolicyDecision{Decision: string(d), Reason: reason, Policy: name}
}

// checkCommandFields bounds a command and where it runs.
func checkCommandFields(command, cwd, host string) error {
	if command == "" || len(command) > maxFieldBytes {
		return errorf(http.StatusBadRequest, CodeValidation, "command is required (at most 8 KiB)", map[string]string{"field": "command"})
	}
	return checkWhere(cwd, host)
}

// checkWhere bounds where a command runs: its working directory and host name.
func checkWhere(cwd, host string) error {
	switch {
	case len(cwd) > 4096:
		return errorf(http.StatusBadRequest, CodeValidation, "cwd is longer than 4096 bytes", map[string]string{"field": "cwd"})
	case len(host) > 255:
		return errorf(http.StatusBadRequest, CodeValidation, "host is longer than 255 bytes", map[string]string{"field": "host"})
	}
	return nil
}

// requestApproval is POST /api/v1/orgs/{id}/approvals: a member who runs commands asks for one to be
// approved.
func (h *handler) requestApproval(w http.ResponseWriter, r *http.Request) {
	var req apitype.ApprovalRequest
	if err := h.decode(w, r, &req); err != nil {
		writeError(w, r, err)
		return
	}
	orgID, _, ok := h.orgAccess(w, r, orgs.ExecuteCommand)
	if !ok {
		return
	}
	if err := checkCommandFields(req.Command, req.Cwd, req.Host); err != nil {
		writeError(w, r, err)
		return
	}
	a, err := h.orgs.RequestApproval(r.Context(), orgID, principal(r.Context()).UserID,
		pgstore.Approval{Command: req.Command, Cwd: req.Cwd, Host: req.Host, Reason: req.Reason})
	if err != nil {
		writeError(w, r, orgError(err, "organisation"))
		return
	}
	writeJSON(w, http.StatusCreated, toApprovalJSON(a))
}

var approvalStatuses = []string{apitype.ApprovalPending, apitype.ApprovalApproved, apitype.ApprovalDenied,
	apitype.ApprovalUsed, apitype.ApprovalExpired}

// listApprovals is GET /api/v1/orgs/{id}/approvals[?status=]: every approval for an approver, the
// caller's own for anyone else; newest first, at most 200.
func (h *handler) listApprovals(w http.ResponseWriter, r *http.Request) {
	orgID, role, ok := h.orgAccess(w, r, orgs.ViewHistory)
	if !ok {
		return
	}
	f := pgstore.ApprovalFilter{Status: r.URL.Query().Get("status")}
	if f.Status != "" && !slices.Contains(approvalStatuses, f.Status) {
		writeError(w, r, errorf(http.StatusBadRequest, CodeValidation,
			"status is pending, approved, denied, used or expired", map[string]string{"field": "status"}))
		return
	}
	if !orgs.Can(role, orgs.ApproveCommand) {
		f.RequesterID = principal(r.Context()).UserID
	}
	as, err := pgstore.Approvals(r.Context(), h.db, orgID, f)
	if err != nil {
		writeError(w, r, err)
		return
	}
	out := apitype.List[apitype.Approval]{Items: make([]apitype.Approval, 0, len(as))}
	for _, a := range as {
		out.Items = append(out.Items, toApprovalJSON(a))
	}
	writeJSON(w, http.StatusOK, out)
}

// approvalAccess is orgAccess for one approval: the approval's id must be well formed too.
func (h *handler) approvalAccess(w http.ResponseWriter, r *http.Request, actions ...orgs.Action) (string, string, orgs.Role, bool) {
	orgID, role, ok := h.orgAccess(w, r, actions...)
	if !ok {
		return "", "", "", false
	}
	ids, err := pathIDs(r, "approval", "aid")
	if err != nil {
		writeError(w, r, err)
		return "", "", "", false
	}
	return orgID, ids[0], role, true
}

// getApproval is GET /api/v1/orgs/{id}/approvals/{aid}: for its requester and the approvers; to anyone
// else it does not exist.
func (h *handler) getApproval(w http.ResponseWriter, r *http.Request) {
	orgID, aid, role, ok := h.approvalAccess(w, r, orgs.ViewHistory)
	if !ok {
		return
	}
	a, err := pgstore.ApprovalByID(r.Context(), h.db, orgID, aid)
	if err == nil && a.RequesterID != principal(r.Context()).UserID && !orgs.Can(role, orgs.ApproveCommand) {
		err = pgstore.ErrNotFound
	}
	if err != nil {
		writeError(w, r, orgError(err, "approval"))
		return
	}
	writeJSON(w, http.StatusOK, toApprovalJSON(a))
}

func (h *handler) approveApproval(w http.ResponseWriter, r *http.Request) {
	h.decideApproval(w, r, true)
}

func (h *handler) denyApproval(w http.ResponseWriter, r *http.Request) { h.decideApproval(w, r, false) }

// decideApproval is POST /api/v1/orgs/{id}/approvals/{aid}/approve|deny, an admin's or engineer's.
func (h *handler) decideApproval(w http.ResponseWriter, r *http.Request, approve bool) {
	orgID, aid, _, ok := h.approvalAccess(w, r, orgs.ApproveCommand)
	if !ok {
		return
	}
	a, err := h.orgs.Decide(r.Context(), orgID, aid, principal(r.Context()).UserID, approve)
	if err != nil {
		writeError(w, r, orgError(err, "approval"))
		return
	}
	writeJSON(w, http.StatusOK, toApprovalJSON(a))
}

// useApproval is POST /api/v1/orgs/{id}/approvals/{aid}/use: the requester spends an approval on the
// command it approves, once.
func (h *handler) useApproval(w http.ResponseWriter, r *http.Request) {
	var req apitype.UseApprovalRequest
	if err := h.decode(w, r, &req); err != nil {
		writeError(w, r, err)
		return
	}
	orgID, aid, _, ok := h.approvalAccess(w, r, orgs.ExecuteCommand)
	if !ok {
		return
	}
	if err := checkCommandFields(req.Command, "", ""); err != nil {
		writeError(w, r, err)
		return
	}
	a, err := orgs.UseApproval(r.Context(), h.db, orgID, aid, principal(r.Context()).UserID, req.Command)
	if err != nil {
		writeError(w, r, orgError(err, "approval"))
		return
	}
	writeJSON(w, http.StatusOK, toApprovalJSON(a))
}
