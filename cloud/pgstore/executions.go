package pgstore

import (
	"context"
	"time"
)

// CommandByID returns the user's command with this id; another user's command is ErrNotFound.
func CommandByID(ctx context.Context, q Querier, userID, id string) (Command, error) {
	return scanCommand(q.QueryRow(ctx,
		`SELECT `+commandColumns+` FROM commands WHERE id = $1 AND user_id = $2`, id, userID))
}

// Execution is how a run of a command ended, as the client reported it.
type Execution struct {
	CommandID  string
	ExitCode   int
	DurationMS int
	ExecutedAt time.Time
}

// RecordExecution stores how the user's command ended when it ran (the latest run wins); another user's
// command is ErrNotFound.
func RecordExecution(ctx context.Context, q Querier, userID string, e Execution) (Execution, error) {
	err := q.QueryRow(ctx,
		`UPDATE commands SET exit_code = $3, duration_ms = $4, executed_at = $5
		 WHERE id = $1 AND user_id = $2 RETURNING id, exit_code, duration_ms, executed_at`,
		e.CommandID, userID, e.ExitCode, e.DurationMS, e.ExecutedAt).
		Scan(&e.CommandID, &e.ExitCode, &e.DurationMS, &e.ExecutedAt)
	return e, mapErr(err)
}
