package pgstore

import (
	"context"
	"time"
)

// AuditAnchor is a chain's anchor at a sequence number: the events up to it may be removed, and the
// chain still verifies from it (see migration 00007).
type AuditAnchor struct {
	ChainID   string
	Seq       int64
	EventHash string
	Compact   [][]byte
	Inclusion [][]byte
	CreatedAt time.Time
}

// InsertAuditAnchor stores an anchor; one the chain has at that sequence number already is ErrConflict.
func InsertAuditAnchor(ctx context.Context, q Querier, a AuditAnchor) error {
	_, err := q.Exec(ctx, `INSERT INTO audit_anchors (chain_id, seq, event_hash, compact, inclusion) VALUES ($1, $2, $3, $4, $5)`,
		a.ChainID, a.Seq, a.EventHash, a.Compact, a.Inclusion)
	return mapErr(err)
}

// LatestAuditAnchor returns the chain's anchor of the highest sequence number; ErrNotFound for none.
func LatestAuditAnchor(ctx context.Context, q Querier, chainID string) (AuditAnchor, error) {
	var a AuditAnchor
	err := q.QueryRow(ctx, `SELECT chain_id::text, seq, event_hash, compact, inclusion, created_at FROM audit_anchors
		WHERE chain_id = $1 ORDER BY seq DESC LIMIT 1`, chainID).
		Scan(&a.ChainID, &a.Seq, &a.EventHash, &a.Compact, &a.Inclusion, &a.CreatedAt)
	return a, mapErr(err)
}

// ExpireAuditEvents removes the chain's events up to the anchor at seq, through audit_expire (which
// refuses unless they are all older than the organisation's audit retention), and returns how many.
func ExpireAuditEvents(ctx context.Context, q Querier, chainID string, seq int64) (int64, error) {
	var n int64
	err := q.QueryRow(ctx, `SELECT audit_expire($1, $2)`, chainID, seq).Scan(&n)
	return n, mapErr(err)
}

// AuditRetention is an organisation's audit retention in days.
type AuditRetention struct {
	OrgID string
	Days  int
}

// AuditRetentions lists the organisations that keep their audit events for a number of days.
func AuditRetentions(ctx context.Context, q Querier) ([]AuditRetention, error) {
	rows, err := q.Query(ctx, `SELECT id::text, audit_retention_days FROM organizations WHERE audit_retention_days IS NOT NULL ORDER BY id`)
	if err != nil {
		return nil, mapErr(err)
	}
	defer rows.Close()
	var out []AuditRetention
	for rows.Next() {
		var r AuditRetention
		if err := rows.Scan(&r.OrgID, &r.Days); err != nil {
			return nil, mapErr(err)
		}
		out = append(out, r)
	}
	return out, mapErr(rows.Err())
}

// LastAuditSeqBefore is the sequence number of the chain's last event written before t (0 for none).
func LastAuditSeqBefore(ctx context.Context, q Querier, chainID string, t time.Time) (int64, error) {
	var seq int64
	err := q.QueryRow(ctx, `SELECT coalesce(max(seq), 0) FROM audit_logs WHERE chain_id = $1 AND created_at < $2`, chainID, t).Scan(&seq)
	return seq, mapErr(err)
}
