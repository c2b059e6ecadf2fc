package pgstore

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"
)

// NilChain is the chain of audit events outside any organisation.
const NilChain = "00000000-0000-0000-0000-000000000000"

// AuditEvent is one row of audit_logs. Empty IPAddress is stored as NULL; Details is a JSON object.
type AuditEvent struct {
	ChainID      string
	Seq          int64
	OrgID        *string
	UserID       *string
	Action       string
	ResourceType string
	ResourceID   string
	Status       string
	DurationMS   int
	IPAddress    string
	UserAgent    string
	Details      []byte
	CreatedAt    time.Time
	PreviousHash string
	EventHash    string
}

const auditColumns = `chain_id, seq, organization_id, user_id, action, resource_type, resource_id, status, duration_ms,
	coalesce(host(ip_address), ''), user_agent, details, created_at, previous_hash, event_hash`

func scanAuditEvent(row interface{ Scan(...any) error }) (AuditEvent, error) {
	var e AuditEvent
	err := row.Scan(&e.ChainID, &e.Seq, &e.OrgID, &e.UserID, &e.Action, &e.ResourceType, &e.ResourceID, &e.Status,
		&e.DurationMS, &e.IPAddress, &e.UserAgent, &e.Details, &e.CreatedAt, &e.PreviousHash, &e.EventHash)
	return e, mapErr(err)
}

// auditLockSpace is the first key of the advisory locks that order each chain's writers, so that they
// share no key with other advisory locks (the migrations' lock takes a single bigint key).
const auditLockSpace = 0x61756469 // "audi"

// LockAuditChain takes the chain's write lock until tx ends, then returns the chain's last event's
// sequence number and hash (0 and "" for an empty chain). Every writer of a chain takes it first, so the
// chain stays linear: the next writer reads the head only once this one has committed or rolled back. The
// lock and the read go in one round trip; under READ COMMITTED (the default) the read, a later statement,
// sees what the lock's previous holder committed. lockKey names the chain among advisory locks; two
// chains sharing a key only wait for each other.
func LockAuditChain(ctx context.Context, tx pgx.Tx, chainID string, lockKey int32) (int64, string, error) {
	b := &pgx.Batch{}
	b.Queue(`SELECT pg_advisory_xact_lock($1, $2)`, int32(auditLockSpace), lockKey)
	b.Queue(`SELECT seq, event_hash FROM audit_logs WHERE chain_id = $1 ORDER BY seq DESC LIMIT 1`, chainID)
	res := tx.SendBatch(ctx, b)
	var seq int64
	var hash string
	_, err := res.Exec()
	if err == nil {
		err = res.QueryRow().Scan(&seq, &hash)
		if errors.Is(err, pgx.ErrNoRows) {
			err = nil
		}
	}
	if cerr := res.Close(); err == nil {
		err = cerr
	}
	return seq, hash, mapErr(err)
}

// InsertAuditEvent appends e to its chain (chain_id follows from OrgID). A sequence number its chain
// holds already is ErrConflict.
func InsertAuditEvent(ctx context.Context, q Querier, e AuditEvent) error {
	_, err := q.Exec(ctx,
		`INSERT INTO audit_logs (seq, organization_id, user_id, action, resource_type, resource_id, status, duration_ms,
		  ip_address, user_agent, details, created_at, previous_hash, event_hash)
		 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, nullif($9, '')::inet, $10, $11::jsonb, $12, $13, $14)`,
		e.Seq, e.OrgID, e.UserID, e.Action, e.ResourceType, e.ResourceID, e.Status, e.DurationMS,
		e.IPAddress, e.UserAgent, string(e.Details), e.CreatedAt, e.PreviousHash, e.EventHash)
	return mapErr(err)
}

// InsertAuditEvents appends events, in order, in one round trip.
func InsertAuditEvents(ctx context.Context, tx pgx.Tx, events []AuditEvent) error {
	if len(events) == 1 {
		return InsertAuditEvent(ctx, tx, events[0])
	}
	b := &pgx.Batch{}
	QueueAuditEvents(b, events)
	return mapErr(tx.SendBatch(ctx, b).Close())
}

// QueueAuditChainLock queues LockAuditChain's statements in b (in a transaction the batch opens);
// ReadAuditChainLock reads their results, in the same order.
func QueueAuditChainLock(b *pgx.Batch, chainID string, lockKey int32) {
	b.Queue(`SELECT pg_advisory_xact_lock($1, $2)`, int32(auditLockSpace), lockKey)
	b.Queue(`SELECT seq, event_hash FROM audit_logs WHERE chain_id = $1 ORDER BY seq DESC LIMIT 1`, chainID)
}

// QueueAuditChainLockAt queues the lock of LockAuditChain and, instead of the read of the chain's
// head, a statement that fails unless the head is still headHash (what a writer that appended last
// knows): the batch's transaction then aborts, and the writer reads the head and tries again. It
// fails the same when events were removed from the end, so a writer never appends after a gap.
func QueueAuditChainLockAt(b *pgx.Batch, chainID string, lockKey int32, headHash string) {
	b.Queue(`SELECT pg_advisory_xact_lock($1, $2)`, int32(auditLockSpace), lockKey)
	// The ELSE branch, a subquery of two rows used as a value, is an error, and is evaluated only when
	// the head is not the one known.
	b.Queue(`SELECT CASE WHEN coalesce((SELECT event_hash FROM audit_logs WHERE chain_id = $1 ORDER BY seq DESC LIMIT 1), '') = $2
		THEN 1 ELSE (SELECT g FROM generate_series(1, 2) g) END`, chainID, headHash)
}

// ReadAuditChainLock reads what QueueAuditChainLock queued: the chain's last event (zero for none).
func ReadAuditChainLock(res pgx.BatchResults) (AuditLink, error) {
	var l AuditLink
	if _, err := res.Exec(); err != nil {
		return l, mapErr(err)
	}
	err := res.QueryRow().Scan(&l.Seq, &l.EventHash)
	if errors.Is(err, pgx.ErrNoRows) {
		err = nil
	}
	return l, mapErr(err)
}

// QueueAuditEvents queues the inserts of events, in order, in b.
func QueueAuditEvents(b *pgx.Batch, events []AuditEvent) {
	for _, e := range events {
		b.Queue(`INSERT INTO audit_logs (seq, organization_id, user_id, action, resource_type, resource_id, status, duration_ms,
		  ip_address, user_agent, details, created_at, previous_hash, event_hash)
		 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, nullif($9, '')::inet, $10, $11::jsonb, $12, $13, $14)`,
			e.Seq, e.OrgID, e.UserID, e.Action, e.ResourceType, e.ResourceID, e.Status, e.DurationMS,
			e.IPAddress, e.UserAgent, string(e.Details), e.CreatedAt, e.PreviousHash, e.EventHash)
	}
}

// auditEventRows reads every event a query of audit_logs (selecting auditColumns) returned.
func auditEventRows(rows pgx.Rows, err error) ([]AuditEvent, error) {
	if err != nil {
		return nil, mapErr(err)
	}
	defer rows.Close()
	var out []AuditEvent
	for rows.Next() {
		e, err := scanAuditEvent(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, mapErr(rows.Err())
}

// AuditEvents returns up to limit of the chain's events after sequence number afterSeq, in order.
func AuditEvents(ctx context.Context, q Querier, chainID string, afterSeq int64, limit int) ([]AuditEvent, error) {
	rows, err := q.Query(ctx,
		`SELECT `+auditColumns+` FROM audit_logs WHERE chain_id = $1 AND seq > $2 ORDER BY seq LIMIT $3`,
		chainID, afterSeq, limit)
	return auditEventRows(rows, err)
}

// AuditLink is an event's place in its chain and its hash.
type AuditLink struct {
	Seq       int64
	EventHash string
}

// AuditLinks returns the sequence numbers and hashes of the chain's events up to sequence number
// uptoSeq, in order.
func AuditLinks(ctx context.Context, q Querier, chainID string, uptoSeq int64) ([]AuditLink, error) {
	rows, err := q.Query(ctx,
		`SELECT seq, event_hash FROM audit_logs WHERE chain_id = $1 AND seq <= $2 ORDER BY seq`, chainID, uptoSeq)
	if err != nil {
		return nil, mapErr(err)
	}
	defer rows.Close()
	out := make([]AuditLink, 0, max(0, min(uptoSeq, 1<<20)))
	for rows.Next() {
		var l AuditLink
		if err := rows.Scan(&l.Seq, &l.EventHash); err != nil {
			return nil, mapErr(err)
		}
		out = append(out, l)
	}
	return out, mapErr(rows.Err())
}

// AuditChains returns every chain that has an event or a checkpoint: a chain whose events were all
// removed still has its checkpoints.
func AuditChains(ctx context.Context, q Querier) ([]string, error) {
	rows, err := q.Query(ctx,
		`SELECT chain_id::text FROM audit_logs UNION SELECT chain_id::text FROM audit_checkpoints ORDER BY 1`)
	if err != nil {
		return nil, mapErr(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, mapErr(err)
		}
		out = append(out, id)
	}
	return out, mapErr(rows.Err())
}

// AuditCheckpoint is a chain's signed tree head at a size.
type AuditCheckpoint struct {
	ChainID   string
	TreeSize  int64
	RootHash  []byte
	Note      string
	CreatedAt time.Time
}

// InsertAuditCheckpoint stores a checkpoint unless the chain has one of this size already (which
// another replica stored first: a checkpoint of a size is the same signed note whoever signs it). Run
// it outside a transaction: a checkpoint stored at once by another replica aborts this one's. (The
// table's rules rule out ON CONFLICT.)
func InsertAuditCheckpoint(ctx context.Context, q Querier, c AuditCheckpoint) error {
	_, err := q.Exec(ctx,
		`INSERT INTO audit_checkpoints (chain_id, tree_size, root_hash, note)
		 SELECT $1, $2, $3, $4 WHERE NOT EXISTS
		  (SELECT 1 FROM audit_checkpoints WHERE chain_id = $1 AND tree_size = $2)`,
		c.ChainID, c.TreeSize, c.RootHash, c.Note)
	if err = mapErr(err); errors.Is(err, ErrConflict) {
		return nil
	}
	return err
}

// AuditCheckpoints returns the chain's checkpoints, smallest first.
func AuditCheckpoints(ctx context.Context, q Querier, chainID string) ([]AuditCheckpoint, error) {
	rows, err := q.Query(ctx,
		`SELECT chain_id, tree_size, root_hash, note, created_at FROM audit_checkpoints
		 WHERE chain_id = $1 ORDER BY tree_size`, chainID)
	if err != nil {
		return nil, mapErr(err)
	}
	defer rows.Close()
	var out []AuditCheckpoint
	for rows.Next() {
		var c AuditCheckpoint
		if err := rows.Scan(&c.ChainID, &c.TreeSize, &c.RootHash, &c.Note, &c.CreatedAt); err != nil {
			return nil, mapErr(err)
		}
		out = append(out, c)
	}
	return out, mapErr(rows.Err())
}

// LatestAuditCheckpoint returns the chain's largest checkpoint; ErrNotFound when it has none.
func LatestAuditCheckpoint(ctx context.Context, q Querier, chainID string) (AuditCheckpoint, error) {
	var c AuditCheckpoint
	err := q.QueryRow(ctx,
		`SELECT chain_id, tree_size, root_hash, note, created_at FROM audit_checkpoints
		 WHERE chain_id = $1 ORDER BY tree_size DESC LIMIT 1`, chainID).
		Scan(&c.ChainID, &c.TreeSize, &c.RootHash, &c.Note, &c.CreatedAt)
	return c, mapErr(err)
}

// The settings of how much of a command's text an organisation's execution events keep.
const (
	AuditTextFull     = "full"
	AuditTextRedacted = "redacted"
	AuditTextHash     = "hash"
)

// OrgAuditCommandText returns each organisation's setting of how much of a command's text its
// execution events keep, by organisation id.
func OrgAuditCommandText(ctx context.Context, q Querier, orgIDs []string) (map[string]string, error) {
	rows, err := q.Query(ctx, `SELECT id::text, audit_command_text FROM organizations WHERE id = ANY($1::uuid[])`, orgIDs)
	if err != nil {
		return nil, mapErr(err)
	}
	defer rows.Close()
	out := make(map[string]string, len(orgIDs))
	for rows.Next() {
		var id, mode string
		if err := rows.Scan(&id, &mode); err != nil {
			return nil, mapErr(err)
		}
		out[id] = mode
	}
	return out, mapErr(rows.Err())
}

// SetOrgAuditCommandText sets how much of a command's text the organisation's execution events keep.
func SetOrgAuditCommandText(ctx context.Context, q Querier, orgID, mode string) error {
	tag, err := q.Exec(ctx, `UPDATE organizations SET audit_command_text = $2, updated_at = now() WHERE id = $1`, orgID, mode)
	if err == nil && tag.RowsAffected() == 0 {
		return ErrNotFound
	}
	return mapErr(err)
}

// AuditCursor is the position after which an export page starts: the last event of the previous page.
type AuditCursor struct {
	CreatedAt time.Time
	ChainID   string
	Seq       int64
}

// AuditEventsSince returns up to limit events written at or after since, after the cursor (nil for the
// first page), oldest first (ties in chain and sequence order), of one chain or, for chainID "", of all.
func AuditEventsSince(ctx context.Context, q Querier, chainID string, since time.Time, after *AuditCursor, limit int) ([]AuditEvent, error) {
	var (
		afterAt    *time.Time
		afterChain *string
		afterSeq   *int64
	)
	if after != nil {
		afterAt, afterChain, afterSeq = &after.CreatedAt, &after.ChainID, &after.Seq
	}
	rows, err := q.Query(ctx,
		`SELECT `+auditColumns+` FROM audit_logs
		 WHERE created_at >= $1 AND ($2 = '' OR chain_id = nullif($2, '')::uuid)
		   AND ($3::timestamptz IS NULL OR (created_at, chain_id, seq) > ($3, $4::uuid, $5))
		 ORDER BY created_at, chain_id, seq LIMIT $6`, since, chainID, afterAt, afterChain, afterSeq, limit)
	return auditEventRows(rows, err)
}

// AuditChainsWrittenSince returns the chains that have an event written at or after since.
func AuditChainsWrittenSince(ctx context.Context, q Querier, since time.Time) ([]string, error) {
	rows, err := q.Query(ctx, `SELECT DISTINCT chain_id::text FROM audit_logs WHERE created_at >= $1 ORDER BY 1`, since)
	if err != nil {
		return nil, mapErr(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, mapErr(err)
		}
		out = append(out, id)
	}
	return out, mapErr(rows.Err())
}

// AuditFilter narrows a read of a chain's events; zero fields do not filter.
type AuditFilter struct {
	Action string // an action, or a prefix of actions ending in '.' ("policy.")
	UserID string
	Status string
	Since  time.Time
	Until  time.Time
}

// AuditEventsFiltered returns up to limit of the chain's events after sequence number afterSeq that
// pass the filter, in order.
func AuditEventsFiltered(ctx context.Context, q Querier, chainID string, afterSeq int64, limit int, f AuditFilter) ([]AuditEvent, error) {
	var since, until *time.Time
	if !f.Since.IsZero() {
		since = &f.Since
	}
	if !f.Until.IsZero() {
		until = &f.Until
	}
	rows, err := q.Query(ctx,
		`SELECT `+auditColumns+` FROM audit_logs WHERE chain_id = $1 AND seq > $2
		   AND ($3 = '' OR action = $3 OR (right($3, 1) = '.' AND starts_with(action, $3)))
		   AND ($4 = '' OR user_id = nullif($4, '')::uuid)
		   AND ($5 = '' OR status = $5)
		   AND ($6::timestamptz IS NULL OR created_at >= $6)
		   AND ($7::timestamptz IS NULL OR created_at < $7)
		 ORDER BY seq LIMIT $8`, chainID, afterSeq, f.Action, f.UserID, f.Status, since, until, limit)
	return auditEventRows(rows, err)
}

// OrgAuditSettings is an organisation's audit settings.
type OrgAuditSettings struct {
	CommandText    string
	RetentionDays  *int
	TrainingExport bool
}

// GetOrgAuditSettings returns the organisation's audit settings; ErrNotFound when there is none.
func GetOrgAuditSettings(ctx context.Context, q Querier, orgID string) (OrgAuditSettings, error) {
	var s OrgAuditSettings
	err := q.QueryRow(ctx, `SELECT audit_command_text, audit_retention_days, training_export FROM organizations WHERE id = $1`, orgID).
		Scan(&s.CommandText, &s.RetentionDays, &s.TrainingExport)
	return s, mapErr(err)
}

// SetOrgAuditSettings stores the organisation's audit settings.
func SetOrgAuditSettings(ctx context.Context, q Querier, orgID string, s OrgAuditSettings) error {
	tag, err := q.Exec(ctx, `UPDATE organizations SET audit_command_text = $2, audit_retention_days = $3, training_export = $4,
		updated_at = now() WHERE id = $1`, orgID, s.CommandText, s.RetentionDays, s.TrainingExport)
	if err == nil && tag.RowsAffected() == 0 {
		return ErrNotFound
	}
	return mapErr(err)
}

// OrgCommand is a command in the history of a member of an organisation, for the anonymised export.
type OrgCommand struct {
	ID, Prompt, Command, Risk, Backend string
	ExitCode                           *int
	CreatedAt                          time.Time
}

// OrgCommandsSince returns up to limit commands of the organisation's members' history written at or
// after since, after the command (createdAt, id) of the last page (nil for the first), oldest first.
func OrgCommandsSince(ctx context.Context, q Querier, orgID string, since time.Time, afterAt *time.Time, afterID string, limit int) ([]OrgCommand, error) {
	rows, err := q.Query(ctx,
		`SELECT c.id::text, c.prompt, c.command, c.risk, c.backend, c.exit_code, c.created_at
		 FROM commands c JOIN organization_members m ON m.user_id = c.user_id AND m.org_id = $1
		 WHERE c.created_at >= $2 AND ($3::timestamptz IS NULL OR (c.created_at, c.id) > ($3, nullif($4, '')::uuid))
		 ORDER BY c.created_at, c.id LIMIT $5`, orgID, since, afterAt, afterID, limit)
	if err != nil {
		return nil, mapErr(err)
	}
	defer rows.Close()
	var out []OrgCommand
	for rows.Next() {
		var c OrgCommand
		if err := rows.Scan(&c.ID, &c.Prompt, &c.Command, &c.Risk, &c.Backend, &c.ExitCode, &c.CreatedAt); err != nil {
			return nil, mapErr(err)
		}
		out = append(out, c)
	}
	return out, mapErr(rows.Err())
}
