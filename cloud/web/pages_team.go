//go:build !noweb

package web

import (
	"net/http"
	"strconv"
	"time"
)

type user struct {
	ID    string `json:"id"`
	Email string `json:"email"`
	Name  string `json:"name"`
}

type teamRef struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	ViewerRole string `json:"viewerRole"`
}

// notices are the words for the done= codes that pages are redirected to after a form post.
var notices = map[string]string{
	"invited":  "Invitation sent: they join the team when they accept it.",
	"revoked":  "Invitation revoked.",
	"joined":   "You joined the team.",
	"declined": "Invitation declined.",
	"closed":   "That invitation was already answered, revoked or has expired.",
	"approved": "Approved: the requester may now run the command once.",
	"denied":   "Denied.",
	"saved":    "Policy saved: daemons get the new bundle at their next sync.",
}

func (s *session) notice() string { return notices[s.r.URL.Query().Get("done")] }

func (h *Handler) home(s *session) {
	var data struct {
		Me          user      `json:"me"`
		Teams       []teamRef `json:"teams"`
		Orgs        []teamRef `json:"organizations"`
		Invitations []invitation
	}
	if err := s.graphql(`{ me { email name } teams { id name viewerRole } organizations { id name viewerRole } }`, nil, &data); err != nil {
		s.problem(err)
		return
	}
	var err error
	if data.Invitations, err = s.myInvitations(); err != nil {
		s.problem(err)
		return
	}
	s.render("home", view{Title: "Dashboard", Nav: "home", Email: data.Me.Email, Data: data})
}

const teamQuery = `query Team($id: ID!, $limit: Int, $userId: ID, $risk: String, $search: String, $executed: Boolean) {
  me { email }
  team(id: $id) {
    id name slug plan viewerRole
    members { user { id email name } role joinedAt }
    commandHistory(limit: $limit, userId: $userId, risk: $risk, search: $search, executed: $executed) {
      id command prompt risk user { email } createdAt executedAt exitCode success
    }
  }
}`

type historyFilter struct {
	User, Risk, Search, Ran string
	Limit                   int
}

// Risks lists the risk levels a filter offers.
func (historyFilter) Risks() []string { return []string{"safe", "moderate", "high", "critical"} }

func (h *Handler) teamPage(s *session) { h.showTeam(s, "") }

func (h *Handler) showTeam(s *session, problem string) {
	q := s.r.URL.Query()
	f := historyFilter{User: q.Get("user"), Risk: q.Get("risk"), Search: q.Get("q"), Ran: q.Get("ran"), Limit: 50}
	if n, err := strconv.Atoi(q.Get("limit")); err == nil && n >= 1 && n <= 500 {
		f.Limit = n
	}
	vars := map[string]any{"id": s.r.PathValue("id"), "limit": f.Limit}
	if f.User != "" {
		vars["userId"] = f.User
	}
	if f.Risk != "" {
		vars["risk"] = f.Risk
	}
	if f.Search != "" {
		vars["search"] = f.Search
	}
	switch f.Ran {
	case "yes":
		vars["executed"] = true
	case "no":
		vars["executed"] = false
	}
	var data struct {
		Me   user `json:"me"`
		Team *struct {
			teamRef
			Slug    string `json:"slug"`
			Plan    string `json:"plan"`
			Members []struct {
				User     user      `json:"user"`
				Role     string    `json:"role"`
				JoinedAt time.Time `json:"joinedAt"`
			} `json:"members"`
			History []struct {
				ID         string     `json:"id"`
				Command    string     `json:"command"`
				Prompt     string     `json:"prompt"`
				Risk       string     `json:"risk"`
				User       user       `json:"user"`
				CreatedAt  time.Time  `json:"createdAt"`
				ExecutedAt *time.Time `json:"executedAt"`
				ExitCode   *int       `json:"exitCode"`
				Success    *bool      `json:"success"`
			} `json:"commandHistory"`
		} `json:"team"`
		Filter      historyFilter
		CanAdmin    bool
		Invitations []invitation
	}
	if err := s.graphql(teamQuery, vars, &data); err != nil {
		s.problem(err)
		return
	}
	if data.Team == nil {
		s.h.fail(s.w, s.r, http.StatusNotFound, "No such team, or you are not a member of it.")
		return
	}
	data.Filter = f
	data.CanAdmin = data.Team.ViewerRole == "owner" || data.Team.ViewerRole == "admin"
	if data.CanAdmin {
		var err error
		if data.Invitations, err = s.teamInvitations(data.Team.ID); err != nil {
			s.problem(err)
			return
		}
	}
	s.render("team", view{Title: data.Team.Name, Nav: "team", Email: data.Me.Email,
		Team: &navItem{ID: data.Team.ID, Name: data.Team.Name}, Notice: s.notice(), Problem: problem, Data: data})
}

const analyticsQuery = `query Analytics($id: ID!, $days: Int) {
  me { email }
  team(id: $id) {
    id name
    analytics(days: $days) {
      days totalCommands executedCommands successRate
      commandsPerDay { date count }
      riskMix { risk count }
      topPatterns(limit: 10) { name pattern count totalUses }
    }
  }
}`

func (h *Handler) analyticsPage(s *session) {
	days := 30
	if n, err := strconv.Atoi(s.r.URL.Query().Get("days")); err == nil && n >= 1 && n <= 366 {
		days = n
	}
	var data struct {
		Me   user `json:"me"`
		Team *struct {
			teamRef
			Analytics analytics `json:"analytics"`
		} `json:"team"`
	}
	if err := s.graphql(analyticsQuery, map[string]any{"id": s.r.PathValue("id"), "days": days}, &data); err != nil {
		s.problem(err)
		return
	}
	if data.Team == nil {
		s.h.fail(s.w, s.r, http.StatusNotFound, "No such team, or you are not a member of it.")
		return
	}
	a := data.Team.Analytics
	s.render("analytics", view{Title: "Analytics · " + data.Team.Name, Nav: "analytics", Email: data.Me.Email,
		Team: &navItem{ID: data.Team.ID, Name: data.Team.Name}, Data: map[string]any{
			"A": a, "Days": days, "Ranges": []int{7, 30, 90, 365},
			"PerDay": perDayChart(a, time.Now()), "Risk": riskChart(a), "Patterns": patternChart(a),
			"Success": successMeter(a),
		}})
}

func (h *Handler) patternsPage(s *session) {
	var data struct {
		Me   user `json:"me"`
		Team *struct {
			teamRef
			Patterns []struct {
				Name        string    `json:"name"`
				Command     string    `json:"command"`
				Description string    `json:"description"`
				Risk        string    `json:"risk"`
				Tags        []string  `json:"tags"`
				UseCount    int       `json:"useCount"`
				CreatedAt   time.Time `json:"createdAt"`
			} `json:"patterns"`
		} `json:"team"`
	}
	err := s.graphql(`query($id: ID!) { me { email } team(id: $id) { id name patterns(limit: 100) { name command description risk tags useCount createdAt } } }`,
		map[string]any{"id": s.r.PathValue("id")}, &data)
	if err != nil {
		s.problem(err)
		return
	}
	if data.Team == nil {
		s.h.fail(s.w, s.r, http.StatusNotFound, "No such team, or you are not a member of it.")
		return
	}
	s.render("patterns", view{Title: "Patterns · " + data.Team.Name, Nav: "patterns", Email: data.Me.Email,
		Team: &navItem{ID: data.Team.ID, Name: data.Team.Name}, Data: data.Team})
}
