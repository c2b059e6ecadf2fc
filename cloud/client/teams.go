package client

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"time"
)

// Team is one team the account belongs to.
type Team struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	Slug string `json:"slug"`
	Role string `json:"role"`
}

// TeamPattern is a pattern shared in a team: a command template with ${name} placeholders.
type TeamPattern struct {
	ID          string          `json:"id"`
	TeamID      string          `json:"team_id"`
	Name        string          `json:"name"`
	Description string          `json:"description"`
	Template    string          `json:"template"`
	Prompt      string          `json:"prompt"`
	Parameters  []TeamParameter `json:"parameters"`
	Tags        []string        `json:"tags"`
	Risk        string          `json:"risk"`
	CreatedAt   time.Time       `json:"created_at"`
}

// TeamParameter is one ${name} placeholder of a shared pattern: its type (string, path, int or bool)
// and default.
type TeamParameter struct {
	Name    string `json:"name"`
	Type    string `json:"type"`
	Default string `json:"default"`
}

// NewTeamPattern is a pattern to share: every ${name} in Template is declared in Parameters.
type NewTeamPattern struct {
	Name        string          `json:"name"`
	Description string          `json:"description,omitempty"`
	Template    string          `json:"template"`
	Parameters  []TeamParameter `json:"parameters"`
	Tags        []string        `json:"tags,omitempty"`
}

// SharePattern shares p with the team and returns it as the server stored it, with the server's risk.
func (c *Client) SharePattern(ctx context.Context, teamID string, p NewTeamPattern) (TeamPattern, error) {
	if p.Parameters == nil {
		p.Parameters = []TeamParameter{}
	}
	var out TeamPattern
	err := c.do(ctx, http.MethodPost, "/api/v1/teams/"+url.PathEscape(teamID)+"/patterns", p, &out, true)
	return out, err
}

// UsePattern counts one use of the team's pattern.
func (c *Client) UsePattern(ctx context.Context, teamID, patternID string) error {
	return c.do(ctx, http.MethodPost, "/api/v1/teams/"+url.PathEscape(teamID)+"/patterns/"+url.PathEscape(patternID)+"/use", nil, nil, true)
}

// Teams lists the account's teams.
func (c *Client) Teams(ctx context.Context) ([]Team, error) {
	var out struct {
		Items []Team `json:"items"`
	}
	err := c.do(ctx, http.MethodGet, "/api/v1/teams", nil, &out, true)
	return out.Items, err
}

// TeamPatterns returns every pattern shared in the team, following the pages.
func (c *Client) TeamPatterns(ctx context.Context, teamID string) ([]TeamPattern, error) {
	var all []TeamPattern
	cursor := ""
	for {
		q := url.Values{"limit": {"200"}}
		if cursor != "" {
			q.Set("cursor", cursor)
		}
		var page struct {
			Items      []TeamPattern `json:"items"`
			NextCursor *string       `json:"next_cursor"`
		}
		if err := c.do(ctx, http.MethodGet, "/api/v1/teams/"+url.PathEscape(teamID)+"/patterns?"+q.Encode(), nil, &page, true); err != nil {
			return nil, err
		}
		all = append(all, page.Items...)
		if page.NextCursor == nil || *page.NextCursor == "" || len(page.Items) == 0 {
			return all, nil
		}
		cursor = *page.NextCursor
	}
}

// IsForbidden reports whether err is the API's 403 (an API key without the scope).
func IsForbidden(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.Status == http.StatusForbidden
}
