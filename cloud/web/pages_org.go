//go:build !noweb

package web

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
)

type orgHeader struct {
	Me  user `json:"me"`
	Org *struct {
		ID         string `json:"id"`
		Name       string `json:"name"`
		ViewerRole string `json:"viewerRole"`
	} `json:"organization"`
}

// org reads the organisation's name and the viewer's role for an organisation page; false when the page
// has been answered (an error, or not a member).
func (s *session) org() (orgHeader, bool) {
	var o orgHeader
	if err := s.graphql(`query($id: ID!) { me { email } organization(id: $id) { id name viewerRole } }`,
		map[string]any{"id": s.r.PathValue("id")}, &o); err != nil {
		s.problem(err)
		return o, false
	}
	if o.Org == nil {
		s.h.fail(s.w, s.r, http.StatusNotFound, "No such organisation, or you are not a member of it.")
		return o, false
	}
	return o, true
}

func (s *session) orgView(o orgHeader, title, nav string, data any) view {
	return view{Title: title + " · " + o.Org.Name, Nav: nav, Email: o.Me.Email, Org: &navItem{ID: o.Org.ID, Name: o.Org.Name},
		Notice: s.notice(), Data: data}
}

func orgPath(id string, rest ...string) string {
	return "/orgs/" + url.PathEscape(id) + strings.Join(rest, "")
}

func (h *Handler) orgHome(s *session) {
	http.Redirect(s.w, s.r, orgPath(s.r.PathValue("id"), "/approvals"), http.StatusSeeOther)
}

type policy struct {
	Name      string    `json:"name"`
	Format    string    `json:"format"`
	Source    string    `json:"source"`
	Version   int64     `json:"version"`
	UpdatedAt time.Time `json:"updated_at"`
}

// policyForm is the editor's and the test console's state.
type policyForm struct {
	Policies []policy
	Edit     policy
	CanEdit  bool
	Command  string
	User     string
	Result   *dryRun
	Problems []map[string]any
}

type dryRun struct {
	Policy struct {
		Decision string `json:"decision"`
		Reason   string `json:"reason"`
		Policy   string `json:"policy"`
	} `json:"policy"`
	Matched []struct {
		Policy   string `json:"policy"`
		Rule     string `json:"rule"`
		Decision string `json:"decision"`
		Reason   string `json:"reason"`
	} `json:"matched"`
	Version int64 `json:"version"`
}

// examplePolicy is what the editor offers for a new policy: the seed's example.
const examplePolicy = `name: Restrict Dangerous Commands for Juniors
rules:
  - name: no-rm-rf-for-juniors
    if:
      user_has_role: junior
      command_matches: rm -rf
    then: deny
    reason: juniors may not run rm -rf; ask an engineer to run it
`

func (h *Handler) policiesPage(s *session) { h.showPolicies(s, policyForm{}, "") }

func (h *Handler) showPolicies(s *session, f policyForm, problem string) {
	o, ok := s.org()
	if !ok {
		return
	}
	var list struct {
		Items []policy `json:"items"`
	}
	if err := s.call("GET", "/api/v1/orgs/"+url.PathEscape(o.Org.ID)+"/policies", nil, &list); err != nil {
		s.problem(err)
		return
	}
	f.Policies = list.Items
	f.CanEdit = o.Org.ViewerRole == "admin"
	if f.Edit.Name == "" {
		name := s.r.URL.Query().Get("edit")
		for _, p := range f.Policies {
			if p.Name == name {
				f.Edit = p
			}
		}
		if f.Edit.Name == "" {
			f.Edit = policy{Format: "structured", Source: examplePolicy}
		}
	}
	v := s.orgView(o, "Policies", "policies", f)
	v.Problem = problem
	s.render("policies", v)
}

func (h *Handler) savePolicy(s *session) {
	id := s.r.PathValue("id")
	p := policy{Name: strings.TrimSpace(s.r.PostFormValue("name")), Format: s.r.PostFormValue("format"),
		Source: strings.ReplaceAll(s.r.PostFormValue("source"), "\r\n", "\n")}
	if p.Name == "" {
		h.showPolicies(s, policyForm{Edit: p}, "Name the policy.")
		return
	}
	err := s.call("PUT", "/api/v1/orgs/"+url.PathEscape(id)+"/policies/"+url.PathEscape(p.Name),
		map[string]string{"format": p.Format, "source": p.Source}, nil)
	if ae, ok := err.(*apiError); ok && ae.Status < 500 && ae.Status != http.StatusNotFound {
		f := policyForm{Edit: p}
		if probs, ok := ae.Details["problems"].([]any); ok {
			for _, pr := range probs {
				if m, ok := pr.(map[string]any); ok {
					f.Problems = append(f.Problems, m)
				}
			}
		}
		h.showPolicies(s, f, "The policy was not saved: "+ae.Message)
		return
	}
	if err != nil {
		s.problem(err)
		return
	}
	s.back(orgPath(id, "/policies?edit=", url.QueryEscape(p.Name)), "saved")
}

// testPolicy is the test console: what the organisation's policies decide for a command and a member,
// through the API's dry run.
func (h *Handler) testPolicy(s *session) {
	id := s.r.PathValue("id")
	f := policyForm{Command: s.r.PostFormValue("command"), User: strings.TrimSpace(s.r.PostFormValue("user"))}
	var res dryRun
	err := s.call("POST", "/api/v1/orgs/"+url.PathEscape(id)+"/policies/dry-run",
		map[string]string{"command": f.Command, "user_email": f.User}, &res)
	if ae, ok := err.(*apiError); ok && ae.Status < 500 && ae.Status != http.StatusNotFound {
		h.showPolicies(s, f, "The test did not run: "+ae.Message)
		return
	}
	if err != nil {
		s.problem(err)
		return
	}
	f.Result = &res
	h.showPolicies(s, f, "")
}

type approval struct {
	ID             string     `json:"id"`
	RequesterEmail string     `json:"requester_email"`
	Command        string     `json:"command"`
	Cwd            string     `json:"cwd"`
	Host           string     `json:"host"`
	Reason         string     `json:"reason"`
	Status         string     `json:"status"`
	DecidedAt      *time.Time `json:"decided_at"`
	ExpiresAt      time.Time  `json:"expires_at"`
	CreatedAt      time.Time  `json:"created_at"`
}

var approvalStatuses = []string{"pending", "approved", "denied", "used", "expired"}

func (h *Handler) approvalsPage(s *session) {
	o, ok := s.org()
	if !ok {
		return
	}
	status := s.r.URL.Query().Get("status")
	if !slices.Contains(approvalStatuses, status) && status != "all" {
		status = "pending"
	}
	path := "/api/v1/orgs/" + url.PathEscape(o.Org.ID) + "/approvals"
	if status != "all" {
		path += "?status=" + status
	}
	var list struct {
		Items []approval `json:"items"`
	}
	if err := s.call("GET", path, nil, &list); err != nil {
		s.problem(err)
		return
	}
	canDecide := o.Org.ViewerRole == "admin" || o.Org.ViewerRole == "engineer"
	s.render("approvals", s.orgView(o, "Approvals", "approvals", map[string]any{
		"Items": list.Items, "Status": status, "Statuses": append(slices.Clone(approvalStatuses), "all"),
		"CanDecide": canDecide, "Me": o.Me.Email, "OrgID": o.Org.ID,
	}))
}

func (h *Handler) decideApproval(s *session) {
	id, aid, decision := s.r.PathValue("id"), s.r.PathValue("aid"), s.r.PathValue("decision")
	if decision != "approve" && decision != "deny" {
		s.h.fail(s.w, s.r, http.StatusNotFound, "Approvals are approved or denied.")
		return
	}
	err := s.call("POST", "/api/v1/orgs/"+url.PathEscape(id)+"/approvals/"+url.PathEscape(aid)+"/"+decision, map[string]any{}, nil)
	if err != nil {
		s.problem(err)
		return
	}
	done := map[string]string{"approve": "approved", "deny": "denied"}[decision]
	s.back(orgPath(id, "/approvals"), done)
}

func (h *Handler) auditPage(s *session) {
	var data struct {
		Me  user `json:"me"`
		Org *struct {
			ID    string `json:"id"`
			Name  string `json:"name"`
			Audit struct {
				Verified    bool    `json:"verified"`
				Events      int     `json:"events"`
				Checkpoints int     `json:"checkpoints"`
				FirstBadSeq *int    `json:"firstBadSeq"`
				Problem     *string `json:"problem"`
				Recent      []struct {
					Seq          int       `json:"seq"`
					Action       string    `json:"action"`
					Status       string    `json:"status"`
					ResourceType string    `json:"resourceType"`
					ResourceID   string    `json:"resourceId"`
					User         *user     `json:"user"`
					CreatedAt    time.Time `json:"createdAt"`
					EventHash    string    `json:"eventHash"`
				} `json:"recent"`
			} `json:"audit"`
		} `json:"organization"`
	}
	err := s.graphql(`query($id: ID!) { me { email } organization(id: $id) { id name audit(limit: 100) {
		verified events checkpoints firstBadSeq problem
		recent { seq action status resourceType resourceId user { email } createdAt eventHash } } } }`,
		map[string]any{"id": s.r.PathValue("id")}, &data)
	if err != nil {
		s.problem(err)
		return
	}
	if data.Org == nil {
		s.h.fail(s.w, s.r, http.StatusNotFound, "No such organisation, or you are not a member of it.")
		return
	}
	s.render("audit", view{Title: "Audit log · " + data.Org.Name, Nav: "audit", Email: data.Me.Email,
		Org: &navItem{ID: data.Org.ID, Name: data.Org.Name}, Data: data.Org})
}

func (h *Handler) settingsPage(s *session) {
	var data struct {
		Me  user `json:"me"`
		Org *struct {
			ID                  string   `json:"id"`
			Name                string   `json:"name"`
			ViewerRole          string   `json:"viewerRole"`
			Features            []string `json:"features"`
			PolicyVersion       int      `json:"policyVersion"`
			PolicyMaxAgeSeconds int      `json:"policyMaxAgeSeconds"`
			StaleAction         string   `json:"staleAction"`
			AuditCommandText    string   `json:"auditCommandText"`
			Members             []struct {
				User     user      `json:"user"`
				Role     string    `json:"role"`
				JoinedAt time.Time `json:"joinedAt"`
			} `json:"members"`
			Teams []teamRef `json:"teams"`
		} `json:"organization"`
	}
	err := s.graphql(`query($id: ID!) { me { email } organization(id: $id) { id name viewerRole features policyVersion
		policyMaxAgeSeconds staleAction auditCommandText members { user { email name } role joinedAt } teams { id name viewerRole } } }`,
		map[string]any{"id": s.r.PathValue("id")}, &data)
	if err != nil {
		s.problem(err)
		return
	}
	if data.Org == nil {
		s.h.fail(s.w, s.r, http.StatusNotFound, "No such organisation, or you are not a member of it.")
		return
	}
	page := map[string]any{"Org": data.Org, "MaxAge": (time.Duration(data.Org.PolicyMaxAgeSeconds) * time.Second).String()}
	if data.Org.ViewerRole == "admin" {
		// What only administrators read: single sign-on, the audit log's retention and its SIEM sinks. A
		// setting the server does not offer, or that is not set, is left out.
		base := "/api/v1/orgs/" + url.PathEscape(data.Org.ID)
		var sso struct {
			Protocol   string `json:"protocol"`
			Issuer     string `json:"issuer"`
			Enforce    bool   `json:"enforce"`
			RequireMFA bool   `json:"require_mfa"`
		}
		if s.call("GET", base+"/sso", nil, &sso) == nil && sso.Protocol != "" {
			page["SSO"] = sso
		}
		var audit struct {
			CommandText    string `json:"command_text"`
			RetentionDays  *int   `json:"retention_days"`
			TrainingExport bool   `json:"training_export"`
		}
		if s.call("GET", base+"/audit/settings", nil, &audit) == nil {
			page["Audit"] = audit
		}
		var sinks struct {
			Items []struct {
				Name     string `json:"name"`
				Kind     string `json:"kind"`
				Format   string `json:"format"`
				Endpoint string `json:"endpoint"`
				Enabled  bool   `json:"enabled"`
			} `json:"items"`
		}
		if s.call("GET", base+"/audit/sinks", nil, &sinks) == nil {
			page["Sinks"] = sinks.Items
		}
	}
	s.render("settings", view{Title: "Settings · " + data.Org.Name, Nav: "settings", Email: data.Me.Email,
		Org: &navItem{ID: data.Org.ID, Name: data.Org.Name}, Data: page})
}
