package pgstore

import (
	"context"
	"time"
)

// Kinds of usage event.
const (
	UsageGenerate   = "generate"
	UsageExecute    = "execute"
	UsagePatternUse = "pattern_use"
)

// UsageEvent is one metered action. Empty ids are stored as NULL.
type UsageEvent struct {
	UserID    string
	TeamID    string
	APIKeyID  string
	CommandID string
	PatternID string
	Kind      string
	Backend   string
	Risk      string
	LatencyMS *int
}

func nullable(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// RecordUsage stores one usage event.
func RecordUsage(ctx context.Context, q Querier, e UsageEvent) error {
	_, err := q.Exec(ctx,
		`INSERT INTO usage_events (user_id, team_id, api_key_id, command_id, pattern_id, kind, backend, risk, latency_ms)
		 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
		nullable(e.UserID), nullable(e.TeamID), nullable(e.APIKeyID), nullable(e.CommandID), nullable(e.PatternID),
		e.Kind, e.Backend, e.Risk, e.LatencyMS)
	return mapErr(err)
}

// UsageCount is how many events of one kind, backend and risk a user had on one UTC day.
type UsageCount struct {
	Day     time.Time
	Kind    string
	Backend string
	Risk    string
	Count   int64
}

// UsageByUser counts a user's events between from (inclusive) and to (exclusive), grouped by UTC day,
// kind, backend and risk; callers fold the groups into the totals they show.
func UsageByUser(ctx context.Context, q Querier, userID string, from, to time.Time) ([]UsageCount, error) {
	rows, err := q.Query(ctx,
		`SELECT (created_at AT TIME ZONE 'UTC')::date, kind, backend, risk, count(*)
		 FROM usage_events
		 WHERE user_id = $1 AND created_at >= $2 AND created_at < $3
		 GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`, userID, from, to)
	if err != nil {
		return nil, mapErr(err)
	}
	defer rows.Close()
	out := []UsageCount{}
	for rows.Next() {
		var c UsageCount
		if err := rows.Scan(&c.Day, &c.Kind, &c.Backend, &c.Risk, &c.Count); err != nil {
			return nil, mapErr(err)
		}
		out = append(out, c)
	}
	return out, mapErr(rows.Err())
}
