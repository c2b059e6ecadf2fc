package pgstore

import (
	"context"
	"time"
)

// DeleteCommandsBefore deletes up to limit commands, older than cutoff, of users on plan, and reports how
// many it deleted. Rows another transaction holds are skipped (SKIP LOCKED), so the retention job never
// waits on, or blocks, a user's own writes.
func DeleteCommandsBefore(ctx context.Context, q Querier, plan string, cutoff time.Time, limit int) (int64, error) {
	tag, err := q.Exec(ctx,
		`WITH doomed AS (
		   SELECT c.id FROM commands c JOIN users u ON u.id = c.user_id
		   WHERE u.plan = $1 AND c.created_at < $2
		   LIMIT $3 FOR UPDATE OF c SKIP LOCKED)
		 DELETE FROM commands WHERE id IN (SELECT id FROM doomed)`, plan, cutoff, limit)
	if err != nil {
		return 0, mapErr(err)
	}
	return tag.RowsAffected(), nil
}

// DeleteStaleInvitations deletes up to limit team invitations answered (accepted, declined, revoked) or
// expired before cutoff: with them go the email addresses they name.
func DeleteStaleInvitations(ctx context.Context, q Querier, cutoff time.Time, limit int) (int64, error) {
	tag, err := q.Exec(ctx,
		`WITH doomed AS (
		   SELECT id FROM team_invitations
		   WHERE status <> 'pending' AND answered_at < $1 OR status = 'pending' AND expires_at < $1
		   LIMIT $2 FOR UPDATE SKIP LOCKED)
		 DELETE FROM team_invitations WHERE id IN (SELECT id FROM doomed)`, cutoff, limit)
	if err != nil {
		return 0, mapErr(err)
	}
	return tag.RowsAffected(), nil
}
