package pgstore

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
)

// AuditSink is one row of audit_sinks: where an organisation's audit events are delivered, and how
// far delivery got.
type AuditSink struct {
	ID, OrgID, Name string
	Kind, Format    string
	Endpoint        string
	TokenSealed     []byte
	CAPEM           string
	Enabled         bool
	CursorSeq       int64
	Delivered       int64
	Failures        int
	NextAttemptAt   time.Time
	LastError       string
	LastErrorAt     *time.Time
	LastDeliveredAt *time.Time
	CreatedAt       time.Time
	UpdatedAt       time.Time
}

const auditSinkColumns = `id::text, organization_id::text, name, kind, format, endpoint, token_sealed, ca_pem, enabled,
	cursor_seq, delivered, failures, next_attempt_at, last_error, last_error_at, last_delivered_at, created_at, updated_at`

func scanAuditSink(row pgx.Row) (AuditSink, error) {
	var s AuditSink
	err := row.Scan(&s.ID, &s.OrgID, &s.Name, &s.Kind, &s.Format, &s.Endpoint, &s.TokenSealed, &s.CAPEM, &s.Enabled,
		&s.CursorSeq, &s.Delivered, &s.Failures, &s.NextAttemptAt, &s.LastError, &s.LastErrorAt, &s.LastDeliveredAt,
		&s.CreatedAt, &s.UpdatedAt)
	return s, mapErr(err)
}

func auditSinkRows(rows pgx.Rows, err error) ([]AuditSink, error) {
	if err != nil {
		return nil, mapErr(err)
	}
	defer rows.Close()
	var out []AuditSink
	for rows.Next() {
		s, err := scanAuditSink(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, mapErr(rows.Err())
}

// InsertAuditSink stores a new sink with id s.ID (its token is sealed bound to that id, so the id is
// chosen first). A name the organisation uses already is ErrConflict.
func InsertAuditSink(ctx context.Context, q Querier, s AuditSink) (AuditSink, error) {
	return scanAuditSink(q.QueryRow(ctx,
		`INSERT INTO audit_sinks (id, organization_id, name, kind, format, endpoint, token_sealed, ca_pem, enabled, cursor_seq)
		 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING `+auditSinkColumns,
		s.ID, s.OrgID, s.Name, s.Kind, s.Format, s.Endpoint, s.TokenSealed, s.CAPEM, s.Enabled, s.CursorSeq))
}

// AuditSinks returns the organisation's sinks by name.
func AuditSinks(ctx context.Context, q Querier, orgID string) ([]AuditSink, error) {
	rows, err := q.Query(ctx, `SELECT `+auditSinkColumns+` FROM audit_sinks WHERE organization_id = $1 ORDER BY lower(name)`, orgID)
	return auditSinkRows(rows, err)
}

// AuditSinkByID returns the organisation's sink; ErrNotFound when it has none of that id.
func AuditSinkByID(ctx context.Context, q Querier, orgID, id string) (AuditSink, error) {
	return scanAuditSink(q.QueryRow(ctx,
		`SELECT `+auditSinkColumns+` FROM audit_sinks WHERE organization_id = $1 AND id = $2`, orgID, id))
}

// UpdateAuditSink changes a sink's settings (name, format, endpoint, token, CA, enabled); a changed
// sink is due at once.
func UpdateAuditSink(ctx context.Context, q Querier, s AuditSink) (AuditSink, error) {
	return scanAuditSink(q.QueryRow(ctx,
		`UPDATE audit_sinks SET name = $3, format = $4, endpoint = $5, token_sealed = $6, ca_pem = $7, enabled = $8,
		   failures = 0, next_attempt_at = now(), updated_at = now()
		 WHERE organization_id = $1 AND id = $2 RETURNING `+auditSinkColumns,
		s.OrgID, s.ID, s.Name, s.Format, s.Endpoint, s.TokenSealed, s.CAPEM, s.Enabled))
}

// DeleteAuditSink removes the organisation's sink; ErrNotFound when it has none of that id.
func DeleteAuditSink(ctx context.Context, q Querier, orgID, id string) error {
	tag, err := q.Exec(ctx, `DELETE FROM audit_sinks WHERE organization_id = $1 AND id = $2`, orgID, id)
	if err == nil && tag.RowsAffected() == 0 {
		return ErrNotFound
	}
	return mapErr(err)
}

// DueAuditSinks returns the enabled sinks whose next attempt is due.
func DueAuditSinks(ctx context.Context, q Querier) ([]AuditSink, error) {
	rows, err := q.Query(ctx,
		`SELECT `+auditSinkColumns+` FROM audit_sinks WHERE enabled AND next_attempt_at <= now() ORDER BY next_attempt_at`)
	return auditSinkRows(rows, err)
}

// LockAuditSink locks the sink's row in tx, so that one replica at a time delivers it; ErrNotFound
// when another holds it (or it is gone or disabled).
func LockAuditSink(ctx context.Context, tx pgx.Tx, id string) (AuditSink, error) {
	return scanAuditSink(tx.QueryRow(ctx,
		`SELECT `+auditSinkColumns+` FROM audit_sinks WHERE id = $1 AND enabled FOR UPDATE SKIP LOCKED`, id))
}

// AuditSinkDelivered moves the sink's cursor to seq after n more events were delivered.
func AuditSinkDelivered(ctx context.Context, q Querier, id string, seq int64, n int) error {
	_, err := q.Exec(ctx,
		`UPDATE audit_sinks SET cursor_seq = greatest(cursor_seq, $2), delivered = delivered + $3, failures = 0,
		   last_delivered_at = now(), next_attempt_at = now() WHERE id = $1`, id, seq, n)
	return mapErr(err)
}

// AuditSinkFailed records a failed delivery and when to try again.
func AuditSinkFailed(ctx context.Context, q Querier, id, problem string, retryAt time.Time) error {
	_, err := q.Exec(ctx,
		`UPDATE audit_sinks SET failures = failures + 1, last_error = $2, last_error_at = now(), next_attempt_at = $3
		 WHERE id = $1`, id, problem, retryAt)
	return mapErr(err)
}

// AuditSinkIdle puts off the sink's next attempt until at (nothing new to deliver).
func AuditSinkIdle(ctx context.Context, q Querier, id string, at time.Time) error {
	_, err := q.Exec(ctx, `UPDATE audit_sinks SET next_attempt_at = $2 WHERE id = $1`, id, at)
	return mapErr(err)
}

// AuditChainHead is the sequence number of the chain's last event (0 for none).
func AuditChainHead(ctx context.Context, q Querier, chainID string) (int64, error) {
	var seq int64
	err := q.QueryRow(ctx, `SELECT coalesce(max(seq), 0) FROM audit_logs WHERE chain_id = $1`, chainID).Scan(&seq)
	return seq, mapErr(err)
}
