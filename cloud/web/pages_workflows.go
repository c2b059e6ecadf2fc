//go:build !noweb

package web

import (
	"errors"
	"net/http"
	"net/url"
	"time"
)

type workflowItem struct {
	ID          string    `json:"id"`
	Name        string    `json:"name"`
	Description string    `json:"description"`
	UpdatedAt   time.Time `json:"updated_at"`
}

type workflowRun struct {
	ID        string     `json:"id"`
	Workflow  string     `json:"workflow"`
	Trigger   string     `json:"trigger"`
	Status    string     `json:"status"`
	Error     string     `json:"error"`
	CreatedAt time.Time  `json:"created_at"`
	StartedAt *time.Time `json:"started_at"`
	EndedAt   *time.Time `json:"ended_at"`
	Steps     []struct {
		Name     string     `json:"name"`
		Status   string     `json:"status"`
		Attempt  int        `json:"attempt"`
		ExitCode *int       `json:"exit_code"`
		Error    string     `json:"error"`
		EndedAt  *time.Time `json:"ended_at"`
	} `json:"steps"`
}

// Live reports whether the run may still change, so that its page keeps itself up to date.
func (r workflowRun) Live() bool {
	return r.Status == "queued" || r.Status == "running" || r.Status == "pending" || r.Status == "waiting"
}

// workflowCall is an API call of a workflows page; false when the page has been answered. A server
// without the workflow engine answers the page with what that means.
func (s *session) workflowCall(o orgHeader, path string, out any) bool {
	err := s.call("GET", path, nil, out)
	var ae *apiError
	if errors.As(err, &ae) && ae.Status == http.StatusServiceUnavailable {
		s.render("workflows", s.orgView(o, "Workflows", "workflows", map[string]any{"Off": true}))
		return false
	}
	if err != nil {
		s.problem(err)
		return false
	}
	return true
}

func (h *Handler) workflowsPage(s *session) {
	o, ok := s.org()
	if !ok {
		return
	}
	var list struct {
		Items []workflowItem `json:"items"`
	}
	if !s.workflowCall(o, "/api/v1/workflows?org_id="+url.QueryEscape(o.Org.ID), &list) {
		return
	}
	s.render("workflows", s.orgView(o, "Workflows", "workflows", map[string]any{"Workflows": list.Items, "OrgID": o.Org.ID}))
}

func (h *Handler) workflowRunsPage(s *session) {
	o, ok := s.org()
	if !ok {
		return
	}
	wid := s.r.PathValue("wid")
	var wf workflowItem
	var runs struct {
		Items []workflowRun `json:"items"`
	}
	base := "/api/v1/workflows/" + url.PathEscape(wid)
	if !s.workflowCall(o, base, &wf) || !s.workflowCall(o, base+"/runs", &runs) {
		return
	}
	s.render("workflow_runs", s.orgView(o, wf.Name, "workflows", map[string]any{"Workflow": wf, "Runs": runs.Items, "OrgID": o.Org.ID}))
}

func (h *Handler) workflowRunPage(s *session) {
	o, ok := s.org()
	if !ok {
		return
	}
	wid, rid := s.r.PathValue("wid"), s.r.PathValue("rid")
	base := "/api/v1/workflows/" + url.PathEscape(wid) + "/runs/" + url.PathEscape(rid)
	var run workflowRun
	var logs struct {
		Items []struct {
			Step   string    `json:"step"`
			Stream string    `json:"stream"`
			Line   string    `json:"line"`
			Time   time.Time `json:"time"`
		} `json:"items"`
	}
	if !s.workflowCall(o, base, &run) || !s.workflowCall(o, base+"/logs", &logs) {
		return
	}
	s.render("workflow_run", s.orgView(o, "Run of "+run.Workflow, "workflows", map[string]any{
		"Run": run, "Logs": logs.Items, "OrgID": o.Org.ID, "WorkflowID": wid, "Self": s.r.URL.Path}))
}
