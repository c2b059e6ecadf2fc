package pgstore

import (
	"context"
	"strings"
	"time"

	"github.com/cmdai/cmdai/pattern"
)

// Parameter is a pattern.Param as the parameters column holds it.
type Parameter struct {
	Name        string `json:"name"`
	Type        string `json:"type"`
	Default     string `json:"default"`
	Description string `json:"description,omitempty"`
}

// ParametersOf is the stored shape of params.
func ParametersOf(params []pattern.Param) []Parameter {
	out := make([]Parameter, 0, len(params))
	for _, p := range params {
		out = append(out, Parameter{Name: p.Name, Type: string(p.Type), Default: p.Default, Description: p.Description})
	}
	return out
}

// Pattern is a command template shared with a team.
type Pattern struct {
	ID              string
	TeamID          string
	CreatedBy       *string
	Name            string
	Prompt          string
	Template        string
	Description     string
	Parameters      []Parameter
	Tags            []string
	Risk            string
	UseCount        int64
	LastUsedAt      *time.Time
	SourceCommandID *string
	CreatedAt       time.Time
}

// NewPattern is what CreatePattern stores.
type NewPattern struct {
	TeamID          string
	CreatedBy       string
	Name            string
	Prompt          string
	Template        string
	Description     string
	Parameters      []Parameter
	Tags            []string
	Risk            string
	SourceCommandID *string
}

const patternColumns = `id, team_id, created_by, name, prompt, command, description, parameters, tags, risk,
	use_count, last_used_at, source_command_id, created_at`

func scanPattern(row interface{ Scan(...any) error }) (Pattern, error) {
	var p Pattern
	err := row.Scan(&p.ID, &p.TeamID, &p.CreatedBy, &p.Name, &p.Prompt, &p.Template, &p.Description,
		&p.Parameters, &p.Tags, &p.Risk, &p.UseCount, &p.LastUsedAt, &p.SourceCommandID, &p.CreatedAt)
	return p, mapErr(err)
}

// CreatePattern shares a pattern with a team. A name the team already uses is ErrConflict.
func CreatePattern(ctx context.Context, q Querier, p NewPattern) (Pattern, error) {
	if p.Parameters == nil {
		p.Parameters = []Parameter{}
	}
	if p.Tags == nil {
		p.Tags = []string{}
	}
	return scanPattern(q.QueryRow(ctx,
		`INSERT INTO shared_patterns (team_id, created_by, name, prompt, command, description, parameters, tags,
		     risk, source_command_id)
		 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING `+patternColumns,
		p.TeamID, p.CreatedBy, p.Name, p.Prompt, p.Template, p.Description, p.Parameters, p.Tags, p.Risk,
		p.SourceCommandID))
}

// PatternFilter selects a page of a team's patterns.
type PatternFilter struct {
	Text  string  // matched case-insensitively against name, description and template; empty: any
	Tag   string  // a tag the pattern carries; empty: any
	After *Cursor // the last row of the previous page; nil: the first page
	Limit int
}

// likeEscaper makes user text match literally inside ILIKE.
var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)

// PatternsByTeam returns a page of a team's patterns, newest first.
func PatternsByTeam(ctx context.Context, q Querier, teamID string, f PatternFilter) ([]Pattern, error) {
	var (
		afterAt *time.Time
		afterID *string
		text    *string
		tag     *string
	)
	if f.After != nil {
		afterAt, afterID = &f.After.CreatedAt, &f.After.ID
	}
	if f.Text != "" {
		s := "%" + likeEscaper.Replace(f.Text) + "%"
		text = &s
	}
	if f.Tag != "" {
		tag = &f.Tag
	}
	rows, err := q.Query(ctx,
		`SELECT `+patternColumns+` FROM shared_patterns
		 WHERE team_id = $1
		   AND ($2::timestamptz IS NULL OR (created_at, id) < ($2, $3::uuid))
		   AND ($4::text IS NULL OR name ILIKE $4 OR description ILIKE $4 OR command ILIKE $4)
		   AND ($5::text IS NULL OR tags @> ARRAY[$5::text])
		 ORDER BY created_at DESC, id DESC LIMIT $6`,
		teamID, afterAt, afterID, text, tag, f.Limit)
	if err != nil {
		return nil, mapErr(err)
	}
	defer rows.Close()
	out := []Pattern{}
	for rows.Next() {
		p, err := scanPattern(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, mapErr(rows.Err())
}

// UsePattern adds one to the use count of the team's pattern with this id; a pattern of another team is
// ErrNotFound.
func UsePattern(ctx context.Context, q Querier, teamID, id string) (Pattern, error) {
	return scanPattern(q.QueryRow(ctx,
		`UPDATE shared_patterns SET use_count = use_count + 1, last_used_at = now()
		 WHERE id = $1 AND team_id = $2 RETURNING `+patternColumns, id, teamID))
}

// PatternUse is a pattern with how often it was used in a time range.
type PatternUse struct {
	Pattern
	UsesInRange int64
}

// TopPatterns returns up to limit of a team's patterns, most used first (all time), with their uses
// between from (inclusive) and to (exclusive).
func TopPatterns(ctx context.Context, q Querier, teamID string, from, to time.Time, limit int) ([]PatternUse, error) {
	rows, err := q.Query(ctx,
		`SELECT `+patternColumns+`,
		     (SELECT count(*) FROM usage_events e
		      WHERE e.pattern_id = p.id AND e.kind = 'pattern_use' AND e.created_at >= $2 AND e.created_at < $3)
		 FROM shared_patterns p
		 WHERE p.team_id = $1
		 ORDER BY p.use_count DESC, p.created_at DESC, p.id DESC LIMIT $4`,
		teamID, from, to, limit)
	if err != nil {
		return nil, mapErr(err)
	}
	defer rows.Close()
	out := []PatternUse{}
	for rows.Next() {
		var u PatternUse
		p := &u.Pattern
		if err := rows.Scan(&p.ID, &p.TeamID, &p.CreatedBy, &p.Name, &p.Prompt, &p.Template, &p.Description,
			&p.Parameters, &p.Tags, &p.Risk, &p.UseCount, &p.LastUsedAt, &p.SourceCommandID, &p.CreatedAt,
			&u.UsesInRange); err != nil {
			return nil, mapErr(err)
		}
		out = append(out, u)
	}
	return out, mapErr(rows.Err())
}
