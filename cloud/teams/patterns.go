package teams

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"

	"github.com/cmdai/cmdai/cloud/auth"
	"github.com/cmdai/cmdai/cloud/pgstore"
	"github.com/cmdai/cmdai/pattern"
)

// PatternInput is a pattern to share: either CommandID, a command from the sharer's own history whose
// text becomes the template, or Template written out. Name defaults to the command's prompt.
type PatternInput struct {
	CommandID   string
	Name        string
	Description string
	Template    string
	Parameters  []pattern.Param
	Tags        []string
}

// Share adds a pattern to the team; any member shares. The risk is the server's own verdict on the
// template, never the client's.
func (s *Service) Share(ctx context.Context, teamID string, actor auth.Principal, in PatternInput) (pgstore.Pattern, error) {
	if _, err := Authorize(ctx, s.DB, teamID, actor.UserID); err != nil {
		return pgstore.Pattern{}, err
	}
	np := pgstore.NewPattern{TeamID: teamID, CreatedBy: actor.UserID, Template: in.Template}
	shell := "bash"
	if in.CommandID != "" {
		if in.Template != "" {
			return pgstore.Pattern{}, invalid("template", "send command_id or template, not both")
		}
		c, err := pgstore.CommandByID(ctx, s.DB, actor.UserID, in.CommandID)
		if err != nil {
			return pgstore.Pattern{}, fmt.Errorf("find command: %w", err)
		}
		np.Template, np.Prompt, np.SourceCommandID = c.Command, c.Prompt, &c.ID
		if in.Name == "" {
			in.Name = truncate(strings.TrimSpace(c.Prompt), 100)
		}
		if c.Shell != "" {
			shell = c.Shell
		}
	}
	np.Name = strings.TrimSpace(in.Name)
	if np.Name == "" || len(np.Name) > 100 {
		return pgstore.Pattern{}, invalid("name", "name is required (at most 100 bytes)")
	}
	np.Description = strings.TrimSpace(in.Description)
	if len(np.Description) > 1000 {
		return pgstore.Pattern{}, invalid("description", "description is at most 1000 bytes")
	}
	params, err := checkTemplate(np.Template, in.Parameters)
	if err != nil {
		return pgstore.Pattern{}, err
	}
	np.Parameters = pgstore.ParametersOf(params)
	tags, err := normalizeTags(in.Tags)
	if err != nil {
		return pgstore.Pattern{}, err
	}
	np.Tags = tags
	np.Risk = templateRisk(np.Template, shell).String()
	p, err := pgstore.CreatePattern(ctx, s.DB, np)
	if err != nil {
		return pgstore.Pattern{}, fmt.Errorf("share pattern: %w", err)
	}
	return p, nil
}

// truncate cuts s to at most n bytes without splitting a character.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// Patterns returns a page of the team's patterns; members only.
func (s *Service) Patterns(ctx context.Context, teamID, userID string, f pgstore.PatternFilter) ([]pgstore.Pattern, error) {
	if _, err := Authorize(ctx, s.DB, teamID, userID); err != nil {
		return nil, err
	}
	ps, err := pgstore.PatternsByTeam(ctx, s.DB, teamID, f)
	if err != nil {
		return nil, fmt.Errorf("list patterns: %w", err)
	}
	return ps, nil
}

// Use counts one use of the team's pattern and records it for analytics; members only. A pattern of
// another team is pgstore.ErrNotFound.
func (s *Service) Use(ctx context.Context, teamID, patternID string, actor auth.Principal) (pgstore.Pattern, error) {
	var p pgstore.Pattern
	err := pgx.BeginFunc(ctx, s.DB, func(tx pgx.Tx) error {
		if _, err := Authorize(ctx, tx, teamID, actor.UserID); err != nil {
			return err
		}
		var err error
		if p, err = pgstore.UsePattern(ctx, tx, teamID, patternID); err != nil {
			return fmt.Errorf("count pattern use: %w", err)
		}
		return pgstore.RecordUsage(ctx, tx, pgstore.UsageEvent{UserID: actor.UserID, TeamID: teamID,
			APIKeyID: actor.APIKeyID, PatternID: p.ID, Kind: pgstore.UsagePatternUse, Risk: p.Risk})
	})
	return p, err
}

// TopPatterns returns the team's most used patterns with their uses in [from, to); members only.
func (s *Service) TopPatterns(ctx context.Context, teamID, userID string, from, to time.Time, limit int) ([]pgstore.PatternUse, error) {
	if _, err := Authorize(ctx, s.DB, teamID, userID); err != nil {
		return nil, err
	}
	ps, err := pgstore.TopPatterns(ctx, s.DB, teamID, from, to, limit)
	if err != nil {
		return nil, fmt.Errorf("top patterns: %w", err)
	}
	return ps, nil
}
