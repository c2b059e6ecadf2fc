package pgstore

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
)

// Command is one generated command in a user's history.
type Command struct {
	ID        string
	UserID    string
	ClientID  *string
	Prompt    string
	Command   string
	Shell     string
	Risk      string // the server's rating
	Backend   string
	CreatedAt time.Time
	// ClientRisk is the rating the client sent, "" when none.
	ClientRisk string
}

// NewCommand is what CreateCommand stores.
type NewCommand struct {
	UserID   string
	ClientID *string
	Prompt   string
	Command  string
	Shell    string
	Risk     string // the server's rating
	Backend  string
	// ClientRisk is the rating the client sent, kept apart from Risk.
	ClientRisk string
}

const commandColumns = `id, user_id, client_id, prompt, command, shell, risk, backend, created_at, client_risk`

func scanCommand(row interface{ Scan(...any) error }) (Command, error) {
	var c Command
	err := row.Scan(&c.ID, &c.UserID, &c.ClientID, &c.Prompt, &c.Command, &c.Shell, &c.Risk, &c.Backend, &c.CreatedAt, &c.ClientRisk)
	return c, mapErr(err)
}

// CreateCommand adds a command to a user's history. A client id the user has already sent is ErrConflict.
func CreateCommand(ctx context.Context, q Querier, c NewCommand) (Command, error) {
	return scanCommand(q.QueryRow(ctx,
		`INSERT INTO commands (user_id, client_id, prompt, command, shell, risk, backend, client_risk)
		 VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING `+commandColumns,
		c.UserID, c.ClientID, c.Prompt, c.Command, c.Shell, c.Risk, c.Backend, c.ClientRisk))
}

// QueueCreateCommand queues CreateCommand's insert in b, of a command whose id the caller chose (so that
// what records it can name it before the insert runs); the stored row goes to out when the batch's
// results are read, and a client id already sent fails the batch with ErrConflict.
func QueueCreateCommand(b *pgx.Batch, id string, c NewCommand, out *Command) {
	b.Queue(`INSERT INTO commands (id, user_id, client_id, prompt, command, shell, risk, backend, client_risk)
		 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING `+commandColumns,
		id, c.UserID, c.ClientID, c.Prompt, c.Command, c.Shell, c.Risk, c.Backend, c.ClientRisk).
		QueryRow(func(row pgx.Row) error {
			var err error
			*out, err = scanCommand(row)
			return err
		})
}

// Cursor is the position after which a history page starts: the last row of the previous page.
type Cursor struct {
	CreatedAt time.Time
	ID        string
}

// CommandsByUser returns up to limit of a user's commands, newest first, after the cursor (nil for the
// first page). It uses the (user_id, created_at, id) index, so a deep page costs what the first does.
func CommandsByUser(ctx context.Context, q Querier, userID string, after *Cursor, limit int) ([]Command, error) {
	var (
		afterAt *time.Time
		afterID *string
	)
	if after != nil {
		afterAt, afterID = &after.CreatedAt, &after.ID
	}
	rows, err := q.Query(ctx,
		`SELECT `+commandColumns+` FROM commands
		 WHERE user_id = $1 AND ($2::timestamptz IS NULL OR (created_at, id) < ($2, $3::uuid))
		 ORDER BY created_at DESC, id DESC LIMIT $4`, userID, afterAt, afterID, limit)
	if err != nil {
		return nil, mapErr(err)
	}
	defer rows.Close()
	cmds := []Command{}
	for rows.Next() {
		c, err := scanCommand(rows)
		if err != nil {
			return nil, err
		}
		cmds = append(cmds, c)
	}
	return cmds, mapErr(rows.Err())
}

// DeleteCommand deletes the user's command with this id; another user's command is ErrNotFound.
func DeleteCommand(ctx context.Context, q Querier, userID, id string) error {
	tag, err := q.Exec(ctx, `DELETE FROM commands WHERE id = $1 AND user_id = $2`, id, userID)
	if err != nil {
		return mapErr(err)
	}
	if tag.RowsAffected() == 0 {
		return ErrNotFound
	}
	return nil
}
