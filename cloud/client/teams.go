package client

import (
	"context"
	"errors"
	"net/http"
	"net/url"

	"github.com/cmdai/cmdai/cloud/apitype"
)

// SharePattern shares p with the team and returns it as the server stored it, with the server's risk.
func (c *Client) SharePattern(ctx context.Context, teamID string, p apitype.SharePatternRequest) (apitype.Pattern, error) {
	if p.Parameters == nil {
		p.Parameters = []apitype.Parameter{}
	}
	var out apitype.Pattern
	err := c.do(ctx, http.MethodPost, "/api/v1/teams/"+url.PathEscape(teamID)+"/patterns", p, &out, true)
	return out, err
}

// UsePattern counts one use of the team's pattern.
func (c *Client) UsePattern(ctx context.Context, teamID, patternID string) error {
	return c.do(ctx, http.MethodPost, "/api/v1/teams/"+url.PathEscape(teamID)+"/patterns/"+url.PathEscape(patternID)+"/use", nil, nil, true)
}

// Teams lists the account's teams.
func (c *Client) Teams(ctx context.Context) ([]apitype.Team, error) {
	var out apitype.List[apitype.Team]
	err := c.do(ctx, http.MethodGet, "/api/v1/teams", nil, &out, true)
	return out.Items, err
}

// TeamPatterns returns every pattern shared in the team, following the pages.
func (c *Client) TeamPatterns(ctx context.Context, teamID string) ([]apitype.Pattern, error) {
	var all []apitype.Pattern
	cursor := ""
	for {
		q := url.Values{"limit": {"200"}}
		if cursor != "" {
			q.Set("cursor", cursor)
		}
		var page apitype.Page[apitype.Pattern]
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
