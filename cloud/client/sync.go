package client

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/cmdai/cmdai/seal"
)

// Capabilities are the server's sync protocol limits.
type Capabilities struct {
	Protocol       int      `json:"protocol"`
	MaxBatch       int      `json:"max_batch"`
	MaxPage        int      `json:"max_page"`
	MaxRecordBytes int      `json:"max_record_bytes"`
	Encryption     []string `json:"encryption"`
}

// Record is one sealed history record on the wire. Deleted records carry only their id.
type Record struct {
	ID         string    `json:"id"`
	Seq        int64     `json:"seq,omitempty"`
	CreatedAt  time.Time `json:"created_at"`
	Risk       string    `json:"risk"`
	Deleted    bool      `json:"deleted,omitempty"`
	KeyID      string    `json:"key_id,omitempty"`
	WrappedKey []byte    `json:"wrapped_key,omitempty"`
	Ciphertext []byte    `json:"ciphertext,omitempty"`
}

// Sealed returns the record's encrypted part.
func (r Record) Sealed() seal.Sealed {
	return seal.Sealed{KeyID: r.KeyID, WrappedKey: r.WrappedKey, Ciphertext: r.Ciphertext}
}

// Page is one answer of Pull.
type Page struct {
	Records    []Record `json:"records"`
	NextCursor string   `json:"next_cursor"`
	More       bool     `json:"more"`
}

// SyncKey is the fingerprint of the account's current sync key.
type SyncKey struct {
	KeyID  string `json:"key_id"`
	Scheme string `json:"scheme"`
}

// Capabilities asks the server for its sync limits.
func (c *Client) Capabilities(ctx context.Context) (Capabilities, error) {
	var caps Capabilities
	err := c.do(ctx, http.MethodGet, "/api/v1/sync/capabilities", nil, &caps, true)
	return caps, err
}

// Push uploads recs as written by device and returns how many rows changed on the server. Pushing the
// same records again is harmless.
func (c *Client) Push(ctx context.Context, device string, recs []Record) (int, error) {
	var out struct {
		Changed int `json:"changed"`
	}
	err := c.do(ctx, http.MethodPost, "/api/v1/sync/records", map[string]any{"device": device, "records": recs}, &out, true)
	return out.Changed, err
}

// Pull returns up to limit records after cursor ("" for the start), leaving out those excludeDevice
// wrote.
func (c *Client) Pull(ctx context.Context, cursor, excludeDevice string, limit int) (Page, error) {
	q := url.Values{}
	if cursor != "" {
		q.Set("cursor", cursor)
	}
	if excludeDevice != "" {
		q.Set("exclude_device", excludeDevice)
	}
	if limit > 0 {
		q.Set("limit", strconv.Itoa(limit))
	}
	var p Page
	err := c.do(ctx, http.MethodGet, "/api/v1/sync/records?"+q.Encode(), nil, &p, true)
	return p, err
}

// Delete removes a record from the account (other devices see a tombstone).
func (c *Client) Delete(ctx context.Context, device, id string) error {
	return c.do(ctx, http.MethodDelete, "/api/v1/sync/records/"+url.PathEscape(id)+"?device="+url.QueryEscape(device), nil, nil, true)
}

// SyncKey returns the account's key fingerprint; IsNotFound when no device has set one.
func (c *Client) SyncKey(ctx context.Context) (SyncKey, error) {
	var k SyncKey
	err := c.do(ctx, http.MethodGet, "/api/v1/sync/key", nil, &k, true)
	return k, err
}

// SetSyncKey makes keyID the account's key if prev is the current one ("" for the first key);
// IsConflict when another device got there first.
func (c *Client) SetSyncKey(ctx context.Context, prev, keyID string) error {
	return c.do(ctx, http.MethodPut, "/api/v1/sync/key",
		map[string]string{"key_id": keyID, "previous_key_id": prev, "scheme": seal.Scheme}, nil, true)
}

// Rewrap replaces the wrapped keys of records (id -> wrapped key) under keyID.
func (c *Client) Rewrap(ctx context.Context, keyID string, wrapped map[string][]byte) (int, error) {
	type rec struct {
		ID         string `json:"id"`
		WrappedKey []byte `json:"wrapped_key"`
	}
	recs := make([]rec, 0, len(wrapped))
	for id, wk := range wrapped {
		recs = append(recs, rec{id, wk})
	}
	var out struct {
		Changed int `json:"changed"`
	}
	if err := c.do(ctx, http.MethodPost, "/api/v1/sync/rewrap", map[string]any{"key_id": keyID, "records": recs}, &out, true); err != nil {
		return 0, fmt.Errorf("rewrap: %w", err)
	}
	return out.Changed, nil
}

// AD is the associated data a record is sealed with: its id and the metadata the server stores in the
// clear, so that the server cannot move a record under another id or change its time or risk unnoticed.
// The time counts in microseconds, the precision PostgreSQL keeps.
func AD(id string, created time.Time, risk string) []byte {
	return fmt.Appendf(nil, "cmdai-history-v1|%s|%d|%s", id, created.UnixMicro(), risk)
}

// SealRecord seals plaintext as the record id with its metadata.
func SealRecord(k seal.Key, id string, created time.Time, risk string, plaintext []byte) (Record, error) {
	created = created.UTC().Truncate(time.Microsecond)
	s, err := seal.Seal(k, AD(id, created, risk), plaintext)
	if err != nil {
		return Record{}, fmt.Errorf("seal record %s: %w", id, err)
	}
	return Record{ID: id, CreatedAt: created, Risk: risk, KeyID: s.KeyID, WrappedKey: s.WrappedKey, Ciphertext: s.Ciphertext}, nil
}

// OpenRecord checks and decrypts r with k; seal.ErrOpen when it was tampered with or sealed by
// another key.
func OpenRecord(k seal.Key, r Record) ([]byte, error) {
	return seal.Open(k, AD(r.ID, r.CreatedAt, r.Risk), r.Sealed())
}
