package api

import (
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/cmdai/cmdai/cloud/auth"
	"github.com/cmdai/cmdai/cloud/orgs"
	"github.com/cmdai/cmdai/cloud/pgstore"
	"github.com/cmdai/cmdai/cloud/workflows"
	"github.com/cmdai/cmdai/cloud/workflows/wire"
	"github.com/cmdai/cmdai/workflow"
	"github.com/cmdai/cmdai/workflow/integrations"
)

// workflowRoutes are the workflow engine's routes: workflows and their runs, the webhook trigger,
// runners' registration, claims, heartbeats and results, and integration settings.
func (h *handler) workflowRoutes() []route {
	r, audited := newRoute, auditedRoute
	const (
		wf  = "/api/v1/workflows"
		one = wf + "/{id}"
	)
	return []route{
		audited("workflow.create", "workflow", r("POST", wf, auth.ScopeCommandsWrite, h.createWorkflow)),
		r("GET", wf, auth.ScopeCommandsRead, h.listWorkflows),
		r("GET", one, auth.ScopeCommandsRead, h.getWorkflow),
		audited("workflow.update", "workflow", r("PUT", one, auth.ScopeCommandsWrite, h.updateWorkflow)),
		audited("workflow.run", "workflow_run", r("POST", one+"/runs", auth.ScopeCommandsWrite, h.startWorkflowRun)),
		r("GET", one+"/runs", auth.ScopeCommandsRead, h.listWorkflowRuns),
		r("GET", one+"/runs/{run_id}", auth.ScopeCommandsRead, h.getWorkflowRun),
		r("GET", one+"/runs/{run_id}/logs", auth.ScopeCommandsRead, h.workflowRunLogs),
		audited("workflow.cancel", "workflow_run", r("POST", one+"/runs/{run_id}/cancel", auth.ScopeCommandsWrite, h.cancelWorkflowRun)),
		audited("workflow.webhook", "workflow_run", r("POST", one+"/webhook", AccessPublic, h.workflowWebhook)),

		audited("runner.register", "runner", r("POST", "/api/v1/runners", auth.ScopeTeamsWrite, h.registerRunner)),
		r("POST", "/api/v1/runners/claim", AccessPublic, h.runnerClaim),
		r("POST", "/api/v1/runners/steps/{id}/heartbeat", AccessPublic, h.runnerHeartbeat),
		audited("workflow.step.complete", "workflow_step", r("POST", "/api/v1/runners/steps/{id}/complete", AccessPublic, h.runnerComplete)),

		audited("integration.set", "integration", r("PUT", "/api/v1/orgs/{id}/integrations/{name}", auth.ScopeTeamsWrite, h.setIntegration)),
	}
}

// workflowsReady answers 503 when the server runs without the workflow engine.
func (h *handler) workflowsReady(w http.ResponseWriter, r *http.Request) bool {
	if h.workflows == nil {
		writeError(w, r, errorf(http.StatusServiceUnavailable, CodeUnavailable, "this server runs without the workflow engine", nil))
		return false
	}
	return true
}

// workflowError maps the workflow service's errors to API errors.
func workflowError(err error, what string) error {
	var inv *workflows.InvalidError
	switch {
	case errors.As(err, &inv):
		msg := inv.Errors.Error()
		if len(inv.Errors) > 1 {
			msg = "the workflow is not valid: " + strings.ReplaceAll(msg, "\n", "; ")
		}
		return errorf(http.StatusBadRequest, CodeValidation, msg, map[string]any{"errors": inv.Errors})
	case errors.Is(err, workflows.ErrConflict):
		return errorf(http.StatusConflict, CodeConflict, err.Error(), nil)
	case errors.Is(err, workflows.ErrNoKey):
		return errorf(http.StatusServiceUnavailable, CodeUnavailable, err.Error(), nil)
	case errors.Is(err, workflows.ErrLeaseLost):
		return errorf(http.StatusConflict, CodeConflict, err.Error(), nil)
	case errors.Is(err, pgstore.ErrNotFound):
		return errorf(http.StatusNotFound, CodeNotFound, "no such "+what, nil)
	}
	return err
}

// workflowAccess loads the path's workflow and checks the caller's role in its organisation.
func (h *handler) workflowAccess(w http.ResponseWriter, r *http.Request, actions ...orgs.Action) (wire.Workflow, bool) {
	if !h.workflowsReady(w, r) {
		return wire.Workflow{}, false
	}
	wf, err := h.workflows.Get(r.Context(), r.PathValue("id"))
	if err != nil {
		writeError(w, r, workflowError(err, "workflow"))
		return wire.Workflow{}, false
	}
	_, err = orgs.Authorize(r.Context(), h.db, wf.OrgID, principal(r.Context()).UserID, actions...)
	if err == nil || errors.Is(err, orgs.ErrForbidden) {
		auditOrg(r, wf.OrgID)
	}
	if err != nil {
		writeError(w, r, orgError(err, "workflow"))
		return wire.Workflow{}, false
	}
	return wf, true
}

// orgOf checks the caller's role in the organisation a body or query names.
func (h *handler) orgOf(w http.ResponseWriter, r *http.Request, orgID string, actions ...orgs.Action) bool {
	if orgID == "" {
		writeError(w, r, errorf(http.StatusBadRequest, CodeValidation, "org_id is required", map[string]string{"field": "org_id"}))
		return false
	}
	if !pgstore.IsUUID(orgID) {
		writeError(w, r, errorf(http.StatusNotFound, CodeNotFound, "no such organisation", nil))
		return false
	}
	_, err := orgs.Authorize(r.Context(), h.db, orgID, principal(r.Context()).UserID, actions...)
	if err == nil || errors.Is(err, orgs.ErrForbidden) {
		auditOrg(r, orgID)
	}
	if err != nil {
		writeError(w, r, orgError(err, "organisation"))
		return false
	}
	return true
}

// createWorkflow is POST /api/v1/workflows: an admin or engineer stores a workflow; the answer holds
// its webhook secret, this once.
func (h *handler) createWorkflow(w http.ResponseWriter, r *http.Request) {
	var req wire.CreateWorkflow
	if err := h.decode(w, r, &req); err != nil {
		writeError(w, r, err)
		return
	}
	if !h.workflowsReady(w, r) || !h.orgOf(w, r, req.OrgID, orgs.ExecuteCommand, orgs.ApproveCommand) {
		return
	}
	out, err := h.workflows.Create(r.Context(), req.OrgID, principal(r.Context()).UserID, req.Source)
	if err != nil {
		writeError(w, r, workflowError(err, "workflow"))
		return
	}
	auditDetail(r, "workflow", out.Name)
	writeJSON(w, http.StatusCreated, out)
}

// updateWorkflow is PUT /api/v1/workflows/{id}: a new source for the same workflow.
func (h *handler) updateWorkflow(w http.ResponseWriter, r *http.Request) {
	var req wire.CreateWorkflow
	if err := h.decode(w, r, &req); err != nil {
		writeError(w, r, err)
		return
	}
	wf, ok := h.workflowAccess(w, r, orgs.ExecuteCommand, orgs.ApproveCommand)
	if !ok {
		return
	}
	out, err := h.workflows.Update(r.Context(), wf.ID, req.Source)
	if err != nil {
		writeError(w, r, workflowError(err, "workflow"))
		return
	}
	writeJSON(w, http.StatusOK, out)
}

// listWorkflows is GET /api/v1/workflows?org_id=: the organisation's workflows.
func (h *handler) listWorkflows(w http.ResponseWriter, r *http.Request) {
	orgID := r.URL.Query().Get("org_id")
	if !h.workflowsReady(w, r) || !h.orgOf(w, r, orgID, orgs.ViewHistory) {
		return
	}
	items, err := h.workflows.List(r.Context(), orgID)
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": items})
}

// getWorkflow is GET /api/v1/workflows/{id}.
func (h *handler) getWorkflow(w http.ResponseWriter, r *http.Request) {
	if wf, ok := h.workflowAccess(w, r, orgs.ViewHistory); ok {
		writeJSON(w, http.StatusOK, wf)
	}
}

// startWorkflowRun is POST /api/v1/workflows/{id}/runs: a manual run, queued as a River job.
func (h *handler) startWorkflowRun(w http.ResponseWriter, r *http.Request) {
	var req wire.StartRun
	if err := h.decode(w, r, &req); err != nil {
		writeError(w, r, err)
		return
	}
	wf, ok := h.workflowAccess(w, r, orgs.ExecuteCommand)
	if !ok {
		return
	}
	run, err := h.workflows.StartRun(r.Context(), wf.ID, workflow.TriggerManual, principal(r.Context()).UserID, req.Params, nil)
	if err != nil {
		writeError(w, r, workflowError(err, "workflow"))
		return
	}
	writeJSON(w, http.StatusCreated, run)
}

// listWorkflowRuns is GET /api/v1/workflows/{id}/runs: the newest runs first.
func (h *handler) listWorkflowRuns(w http.ResponseWriter, r *http.Request) {
	wf, ok := h.workflowAccess(w, r, orgs.ViewHistory)
	if !ok {
		return
	}
	runs, err := h.workflows.Runs(r.Context(), wf.ID)
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": runs})
}

// runOf loads the path's run of the path's workflow.
func (h *handler) runOf(w http.ResponseWriter, r *http.Request) (wire.Run, bool) {
	wf, ok := h.workflowAccess(w, r, orgs.ViewHistory)
	if !ok {
		return wire.Run{}, false
	}
	run, err := h.workflows.Run(r.Context(), r.PathValue("run_id"))
	if err == nil && run.WorkflowID != wf.ID {
		err = pgstore.ErrNotFound
	}
	if err != nil {
		writeError(w, r, workflowError(err, "run"))
		return wire.Run{}, false
	}
	return run, true
}

// getWorkflowRun is GET /api/v1/workflows/{id}/runs/{run_id}: the run with each step's status.
func (h *handler) getWorkflowRun(w http.ResponseWriter, r *http.Request) {
	if run, ok := h.runOf(w, r); ok {
		writeJSON(w, http.StatusOK, run)
	}
}

// cancelWorkflowRun is POST /api/v1/workflows/{id}/runs/{run_id}/cancel: the run ends as cancelled;
// a step running on a runner is stopped at the runner's next heartbeat. 409 when the run had ended.
func (h *handler) cancelWorkflowRun(w http.ResponseWriter, r *http.Request) {
	if _, ok := h.workflowAccess(w, r, orgs.ExecuteCommand); !ok {
		return
	}
	run, ok := h.runOf(w, r)
	if !ok {
		return
	}
	going, err := h.workflows.CancelRun(r.Context(), run.ID, "cancelled by "+principal(r.Context()).UserID)
	switch {
	case err != nil:
		writeError(w, r, err)
	case !going:
		writeError(w, r, errorf(http.StatusConflict, CodeConflict, "the run has already ended ("+run.Status+")", nil))
	default:
		run, err = h.workflows.Run(r.Context(), run.ID)
		if err != nil {
			writeError(w, r, err)
			return
		}
		writeJSON(w, http.StatusOK, run)
	}
}

// workflowRunLogs is GET /api/v1/workflows/{id}/runs/{run_id}/logs[?after=ID][&step=NAME]: the lines
// after the one with id after, so that a client follows a run by asking again with the last id.
func (h *handler) workflowRunLogs(w http.ResponseWriter, r *http.Request) {
	run, ok := h.runOf(w, r)
	if !ok {
		return
	}
	var after int64
	if s := r.URL.Query().Get("after"); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n < 0 {
			writeError(w, r, errorf(http.StatusBadRequest, CodeValidation, "after is the id of a log line", map[string]string{"field": "after"}))
			return
		}
		after = n
	}
	lines, err := h.workflows.Logs(r.Context(), run.ID, after, r.URL.Query().Get("step"))
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": lines, "status": run.Status})
}

// workflowWebhook is POST /api/v1/workflows/{id}/webhook: a run started by a webhook, whose body is
// signed with the workflow's secret (X-Cmdai-Signature: sha256=HMAC). The workflow must declare a
// webhook trigger.
func (h *handler) workflowWebhook(w http.ResponseWriter, r *http.Request) {
	if !h.workflowsReady(w, r) {
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, h.maxBytes))
	if err != nil {
		writeError(w, r, errorf(http.StatusRequestEntityTooLarge, CodePayloadTooLarge, "request body too large", nil))
		return
	}
	wf, err := h.workflows.Get(r.Context(), r.PathValue("id"))
	if err != nil {
		writeError(w, r, workflowError(err, "workflow"))
		return
	}
	secret, err := h.workflows.WebhookSecret(r.Context(), wf.ID)
	if err != nil {
		writeError(w, r, err)
		return
	}
	if !integrations.VerifySignature(secret, body, r.Header.Get(integrations.SignatureHeader)) {
		writeError(w, r, errorf(http.StatusUnauthorized, CodeUnauthorized,
			"the signature does not match: send "+integrations.SignatureHeader+": sha256=HMAC-SHA256(body, the workflow's webhook secret)", nil))
		return
	}
	auditOrg(r, wf.OrgID)
	hooked := false
	for _, t := range wf.Triggers {
		hooked = hooked || t.Type == workflow.TriggerWebhook
	}
	if !hooked {
		writeError(w, r, errorf(http.StatusConflict, CodeConflict, "workflow "+wf.Name+" has no webhook trigger", nil))
		return
	}
	var req wire.StartRun
	if len(strings.TrimSpace(string(body))) > 0 {
		r.Body = io.NopCloser(strings.NewReader(string(body)))
		if err := decodeLimit(w, r, h.maxBytes, &req); err != nil {
			writeError(w, r, err)
			return
		}
	}
	run, err := h.workflows.StartRun(r.Context(), wf.ID, workflow.TriggerWebhook, "", req.Params, nil)
	if err != nil {
		writeError(w, r, workflowError(err, "workflow"))
		return
	}
	writeJSON(w, http.StatusCreated, run)
}

// registerRunner is POST /api/v1/runners: an admin registers a runner; its token is answered once.
func (h *handler) registerRunner(w http.ResponseWriter, r *http.Request) {
	var req wire.RegisterRunner
	if err := h.decode(w, r, &req); err != nil {
		writeError(w, r, err)
		return
	}
	if !h.workflowsReady(w, r) || !h.orgOf(w, r, req.OrgID, orgs.ManageTeam) {
		return
	}
	if strings.TrimSpace(req.Name) == "" {
		writeError(w, r, errorf(http.StatusBadRequest, CodeValidation, "a runner needs a name", map[string]string{"field": "name"}))
		return
	}
	out, err := h.workflows.RegisterRunner(r.Context(), req.OrgID, principal(r.Context()).UserID, req.Name, req.Labels)
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, out)
}

// runner authenticates a runner route by the runner's bearer token.
func (h *handler) runner(w http.ResponseWriter, r *http.Request) (wire.Runner, bool) {
	if !h.workflowsReady(w, r) {
		return wire.Runner{}, false
	}
	tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok || !strings.HasPrefix(tok, "cmdr_") {
		writeError(w, r, errorf(http.StatusUnauthorized, CodeUnauthorized, "send the runner's token: Authorization: Bearer cmdr_…", nil))
		return wire.Runner{}, false
	}
	rn, err := h.workflows.RunnerByToken(r.Context(), tok)
	if errors.Is(err, pgstore.ErrNotFound) {
		writeError(w, r, errorf(http.StatusUnauthorized, CodeUnauthorized, "no runner has this token", nil))
		return wire.Runner{}, false
	}
	if err != nil {
		writeError(w, r, err)
		return wire.Runner{}, false
	}
	auditOrg(r, rn.OrgID)
	return rn, true
}

// runnerClaim is POST /api/v1/runners/claim: 200 with a step, or 204 when none is queued for the
// runner's labels.
func (h *handler) runnerClaim(w http.ResponseWriter, r *http.Request) {
	var req wire.ClaimRequest
	if err := h.decode(w, r, &req); err != nil {
		writeError(w, r, err)
		return
	}
	rn, ok := h.runner(w, r)
	if !ok {
		return
	}
	c, ok, err := h.workflows.Claim(r.Context(), rn, req.Labels)
	switch {
	case err != nil:
		writeError(w, r, err)
	case !ok:
		w.WriteHeader(http.StatusNoContent)
	default:
		writeJSON(w, http.StatusOK, c)
	}
}

// runnerHeartbeat is POST /api/v1/runners/steps/{id}/heartbeat: 204, or 409 when the runner lost the step.
func (h *handler) runnerHeartbeat(w http.ResponseWriter, r *http.Request) {
	var req wire.Heartbeat
	if err := decodeLimit(w, r, 16<<20, &req); err != nil {
		writeError(w, r, err)
		return
	}
	rn, ok := h.runner(w, r)
	if !ok {
		return
	}
	if err := h.workflows.Heartbeat(r.Context(), rn, r.PathValue("id"), req); err != nil {
		writeError(w, r, workflowError(err, "step"))
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// runnerComplete is POST /api/v1/runners/steps/{id}/complete: 204, or 409 when the runner lost the step.
func (h *handler) runnerComplete(w http.ResponseWriter, r *http.Request) {
	var req wire.Completion
	if err := decodeLimit(w, r, 16<<20, &req); err != nil {
		writeError(w, r, err)
		return
	}
	rn, ok := h.runner(w, r)
	if !ok {
		return
	}
	auditUser(r, "")
	auditDetail(r, "runner", rn.Name)
	auditDetail(r, "status", string(req.Report.Status))
	if err := h.workflows.Complete(r.Context(), rn, r.PathValue("id"), req); err != nil {
		writeError(w, r, workflowError(err, "step"))
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// setIntegration is PUT /api/v1/orgs/{id}/integrations/{name}: an admin stores an integration's
// settings, validated, sealed at rest, never answered back.
func (h *handler) setIntegration(w http.ResponseWriter, r *http.Request) {
	var req wire.SetIntegration
	if err := h.decode(w, r, &req); err != nil {
		writeError(w, r, err)
		return
	}
	if !h.workflowsReady(w, r) {
		return
	}
	orgID, _, ok := h.orgAccess(w, r, orgs.ManageTeam)
	if !ok {
		return
	}
	if err := h.workflows.SetIntegration(r.Context(), orgID, r.PathValue("name"), req.Config); err != nil {
		writeError(w, r, workflowError(err, "integration"))
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
