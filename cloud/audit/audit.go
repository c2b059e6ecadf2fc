// Package audit is the cloud API's audit log. Every sensitive operation is an event in a hash chain,
// one chain per organisation and one for events outside any organisation: an event's hash is SHA-256
// over the RFC 8785 canonical JSON of its fields and the hash of the event before it, domain-separated.
// Writers of a chain take its lock in the transaction of the write they audit, so the chain stays
// linear across server replicas. Each chain's event hashes are also the leaves of an RFC 6962 Merkle
// tree, whose heads the server signs as checkpoints (C2SP signed notes) and proves inclusion and
// consistency against. Verify walks a chain and its checkpoints and names the first event changed,
// removed, reordered or cut off.
package audit

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash/fnv"
	"net/netip"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"

	"github.com/cmdai/cmdai/cloud/pgstore"
)

// The statuses of an event.
const (
	StatusSuccess = "success" // the operation was done
	StatusFailure = "failure" // it failed, or was refused as malformed
	StatusDenied  = "denied"  // it was refused: credentials, role or policy
)

// clock is when events are written (tests of expiry write them in the past).
var clock = time.Now

// zeroHash is the previous_hash of a chain's first event.
const zeroHash = "0000000000000000000000000000000000000000000000000000000000000000"

// hashDomain prefixes what an event's hash covers, so that no other SHA-256 in the system (a Merkle
// node, a command's hash) can be passed off as an event's.
const hashDomain = "cmdai audit event v1\n"

// Bounds of an event's text fields; longer values are cut (at a character boundary).
const (
	maxAction    = 100
	maxResource  = 200
	maxUserAgent = 512
	maxDetail    = 16 << 10
)

// Event is one audited operation. Append sets Seq, CreatedAt, PreviousHash and Hash.
type Event struct {
	OrgID        string // the organisation whose chain holds the event; "" for the chain outside any
	UserID       string // who did it; "" when no account is known (a failed login)
	Action       string // what was done: "auth.login", "policy.set", "command.execute"...
	ResourceType string // what it was done to: "user", "api_key", "policy"...
	ResourceID   string
	Status       string // StatusSuccess, StatusFailure or StatusDenied
	DurationMS   int
	IP           string
	UserAgent    string
	// Details holds what else the event records: strings, integers, booleans, nil, and maps and slices
	// of them (what Canonical takes).
	Details map[string]any

	Seq          int64
	CreatedAt    time.Time
	PreviousHash string
	Hash         string
}

// ChainID is the chain the event belongs to: its organisation's, or pgstore.NilChain.
func (e Event) ChainID() string {
	if e.OrgID == "" {
		return pgstore.NilChain
	}
	return e.OrgID
}

// normalize puts the event's fields in the one form they are hashed and stored in: ids lower case,
// text valid UTF-8 without NUL (which PostgreSQL text and jsonb refuse) and bounded, the IP address in
// its canonical text, the details canonical.
func (e *Event) normalize() ([]byte, error) {
	for _, id := range []*string{&e.OrgID, &e.UserID} {
		*id = strings.ToLower(*id)
		if *id != "" && !pgstore.IsUUID(*id) {
			return nil, fmt.Errorf("audit event: %q is not a uuid", *id)
		}
	}
	e.Action = cleanText(e.Action, maxAction)
	e.ResourceType = cleanText(e.ResourceType, maxResource)
	e.ResourceID = cleanText(e.ResourceID, maxResource)
	e.UserAgent = cleanText(e.UserAgent, maxUserAgent)
	switch {
	case e.Action == "":
		return nil, fmt.Errorf("audit event: no action")
	case e.Status != StatusSuccess && e.Status != StatusFailure && e.Status != StatusDenied:
		return nil, fmt.Errorf("audit event: status %q", e.Status)
	}
	e.DurationMS = max(0, e.DurationMS)
	e.IP = canonicalIP(e.IP)
	details, ok := cleanValue(e.Details).(map[string]any)
	if !ok {
		details = map[string]any{}
	}
	e.Details = details
	return Canonical(details)
}

// canonicalIP is the address's canonical text (an IPv4-mapped IPv6 address as IPv4, no zone), or ""
// for what is not an address.
func canonicalIP(s string) string {
	a, err := netip.ParseAddr(s)
	if err != nil {
		return ""
	}
	return a.Unmap().WithZone("").String()
}

// cleanText makes s valid UTF-8 without NUL, at most limit bytes.
func cleanText(s string, limit int) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.ReplaceAll(s, "\x00", "\uFFFD")
	if len(s) <= limit {
		return s
	}
	for limit > 0 && !utf8.RuneStart(s[limit]) {
		limit--
	}
	return s[:limit]
}

// cleanValue returns v with every string (and member name) cleaned, in the types Canonical takes.
func cleanValue(v any) any {
	switch v := v.(type) {
	case string:
		return cleanText(v, maxDetail)
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, e := range v {
			out[cleanText(k, maxResource)] = cleanValue(e)
		}
		return out
	case map[string]string:
		out := make(map[string]any, len(v))
		for k, e := range v {
			out[cleanText(k, maxResource)] = cleanText(e, maxDetail)
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = cleanValue(e)
		}
		return out
	case []string:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = cleanText(e, maxDetail)
		}
		return out
	}
	return v
}

// rawJSON is JSON already canonical, which Canonical copies as it is.
type rawJSON []byte

// eventHash is the hex SHA-256 of hashDomain and the canonical JSON of the event's fields (the
// audit_logs columns by name) and its previous_hash. details is the canonical JSON of e.Details.
func eventHash(e Event, details []byte) (string, error) {
	c, err := Canonical(hashedFields(e, details))
	if err != nil {
		return "", fmt.Errorf("audit event hash: %w", err)
	}
	h := sha256.New()
	h.Write([]byte(hashDomain))
	h.Write(c)
	return hex.EncodeToString(h.Sum(nil)), nil
}

// hashedFields are what an event's hash covers: the audit_logs columns by name, with previous_hash.
func hashedFields(e Event, details []byte) map[string]any {
	return map[string]any{
		"organization_id": nullable(e.OrgID),
		"seq":             e.Seq,
		"user_id":         nullable(e.UserID),
		"action":          e.Action,
		"resource_type":   e.ResourceType,
		"resource_id":     e.ResourceID,
		"status":          e.Status,
		"duration_ms":     e.DurationMS,
		"ip_address":      nullable(e.IP),
		"user_agent":      e.UserAgent,
		"details":         rawJSON(details),
		"created_at":      formatTime(e.CreatedAt),
		"previous_hash":   e.PreviousHash,
	}
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// formatTime writes an event's time as it is hashed: UTC, to the microsecond PostgreSQL keeps.
func formatTime(t time.Time) string {
	return t.UTC().Format("2006-01-02T15:04:05.000000Z")
}

// lockKey names a chain among advisory locks.
func lockKey(chainID string) int32 {
	h := fnv.New32a()
	h.Write([]byte(chainID))
	return int32(h.Sum32())
}

// Append adds the event to the end of its chain in tx, the transaction of the write it audits, so that
// the two commit or roll back together. It takes the chain's lock until tx ends: append last, just
// before commit, to hold it briefly. tx must be READ COMMITTED (pgx's default); under a stricter
// isolation a writer that lost the race fails on the chain's unique sequence number instead of forking it.
func Append(ctx context.Context, tx pgx.Tx, e Event) (Event, error) {
	details, err := e.normalize()
	if err != nil {
		return Event{}, err
	}
	chain := e.ChainID()
	seq, prev, err := pgstore.LockAuditChain(ctx, tx, chain, lockKey(chain))
	if err != nil {
		return Event{}, fmt.Errorf("lock the audit chain: %w", err)
	}
	if prev == "" {
		prev = zeroHash
	}
	e.Seq, e.PreviousHash = seq+1, prev
	e.CreatedAt = clock().UTC().Truncate(time.Microsecond)
	if e.Hash, err = eventHash(e, details); err != nil {
		return Event{}, err
	}
	err = pgstore.InsertAuditEvent(ctx, tx, pgstore.AuditEvent{Seq: e.Seq, OrgID: optional(e.OrgID),
		UserID: optional(e.UserID), Action: e.Action, ResourceType: e.ResourceType, ResourceID: e.ResourceID,
		Status: e.Status, DurationMS: e.DurationMS, IPAddress: e.IP, UserAgent: e.UserAgent, Details: details,
		CreatedAt: e.CreatedAt, PreviousHash: e.PreviousHash, EventHash: e.Hash})
	if err != nil {
		return Event{}, fmt.Errorf("append the audit event: %w", err)
	}
	return e, nil
}

// AppendAll appends each event to its chain in tx (see Append), taking the chains' locks in one order
// so that two transactions that write the same chains cannot deadlock. The events of one chain go in
// the order given, after one lock and one read of the chain's head, in one round trip.
func AppendAll(ctx context.Context, tx pgx.Tx, events []Event) ([]Event, error) {
	order := make([]int, len(events))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		return strings.Compare(strings.ToLower(events[a].ChainID()), strings.ToLower(events[b].ChainID()))
	})
	out := make([]Event, len(events))
	details := make([][]byte, len(events))
	for i := range events {
		out[i] = events[i]
		d, err := out[i].normalize()
		if err != nil {
			return nil, err
		}
		details[i] = d
	}
	for start := 0; start < len(order); {
		chain := out[order[start]].ChainID()
		end := start + 1
		for end < len(order) && out[order[end]].ChainID() == chain {
			end++
		}
		if err := appendChain(ctx, tx, chain, out, details, order[start:end]); err != nil {
			return nil, err
		}
		start = end
	}
	return out, nil
}

// appendChain appends events[idx...] (normalised, their details' canonical JSON in details) to the
// chain, in order, under one lock of it.
func appendChain(ctx context.Context, tx pgx.Tx, chain string, events []Event, details [][]byte, idx []int) error {
	seq, prev, err := pgstore.LockAuditChain(ctx, tx, chain, lockKey(chain))
	if err != nil {
		return fmt.Errorf("lock the audit chain: %w", err)
	}
	if prev == "" {
		prev = zeroHash
	}
	now := clock().UTC().Truncate(time.Microsecond)
	rows := make([]pgstore.AuditEvent, 0, len(idx))
	for _, i := range idx {
		e := &events[i]
		seq++
		e.Seq, e.PreviousHash, e.CreatedAt = seq, prev, now
		if e.Hash, err = eventHash(*e, details[i]); err != nil {
			return err
		}
		prev = e.Hash
		rows = append(rows, pgstore.AuditEvent{Seq: e.Seq, OrgID: optional(e.OrgID),
			UserID: optional(e.UserID), Action: e.Action, ResourceType: e.ResourceType, ResourceID: e.ResourceID,
			Status: e.Status, DurationMS: e.DurationMS, IPAddress: e.IP, UserAgent: e.UserAgent, Details: details[i],
			CreatedAt: e.CreatedAt, PreviousHash: e.PreviousHash, EventHash: e.Hash})
	}
	if err := pgstore.InsertAuditEvents(ctx, tx, rows); err != nil {
		return fmt.Errorf("append the audit events: %w", err)
	}
	return nil
}

// Beginner starts transactions: a *pgxpool.Pool.
type Beginner interface {
	Begin(ctx context.Context) (pgx.Tx, error)
}

// Record appends the events in a transaction of their own, for an operation whose own writes have
// committed already (or that wrote nothing), and returns once that transaction has committed. The
// events of concurrent calls on one db share transactions (group commit, see writer): a chain takes
// one lock and one commit for many events rather than one each, which is what keeps a busy chain's
// writers from queueing behind each other's commits.
func Record(ctx context.Context, db Beginner, events ...Event) error {
	for _, e := range events {
		if _, err := e.normalize(); err != nil { // e is a copy: a bad event fails only its own call
			return err
		}
	}
	return writerFor(db).record(ctx, nil, events)
}

// Change is a write that commits in one transaction with its audit events (RecordWith): it queues its
// statements in b, and takes their results in the queued queries' callbacks. It may be queued more
// than once (a group that fails is tried again, call by call), each time in a transaction that is
// then committed or rolled back whole.
type Change func(b *pgx.Batch)

// RecordWith is Record for an operation whose write has not been made: the write (change) and its
// events commit in one transaction, shared with other calls' as Record's are, so the operation costs
// one commit with its audit events instead of two, and is never made without them. A change that fails
// (a unique key taken) fails its own call alone: its error is returned as the change's callback gave it.
func RecordWith(ctx context.Context, db Beginner, change Change, events ...Event) error {
	for _, e := range events {
		if _, err := e.normalize(); err != nil {
			return err
		}
	}
	return writerFor(db).record(ctx, change, events)
}

func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// fromRow is the event a stored row holds, and the canonical JSON of its details.
func fromRow(r pgstore.AuditEvent) (Event, []byte, error) {
	e := Event{Action: r.Action, ResourceType: r.ResourceType, ResourceID: r.ResourceID, Status: r.Status,
		DurationMS: r.DurationMS, IP: r.IPAddress, UserAgent: r.UserAgent, Seq: r.Seq, CreatedAt: r.CreatedAt,
		PreviousHash: r.PreviousHash, Hash: r.EventHash}
	if r.OrgID != nil {
		e.OrgID = *r.OrgID
	}
	if r.UserID != nil {
		e.UserID = *r.UserID
	}
	if e.IP != "" {
		e.IP = canonicalIP(e.IP)
	}
	v, err := ParseJSON(r.Details)
	if err != nil {
		return e, nil, fmt.Errorf("event %d's details: %w", r.Seq, err)
	}
	details, err := Canonical(v)
	if err != nil {
		return e, nil, fmt.Errorf("event %d's details: %w", r.Seq, err)
	}
	e.Details, _ = v.(map[string]any)
	return e, details, nil
}
