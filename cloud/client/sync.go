package client

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/cmdai/cmdai/cloud/apitype"
	"github.com/cmdai/cmdai/seal"
)

// Capabilities asks the server for its sync limits.
func (c *Client) Capabilities(ctx context.Context) (apitype.SyncCapabilities, error) {
	var caps apitype.SyncCapabilities
	err := c.do(ctx, http.MethodGet, "/api/v1/sync/capabilities", nil, &caps, true)
	return caps, err
}

// Push uploads recs as written by device and returns how many rows changed on the server. Pushing the
// same records again is harmless.
func (c *Client) Push(ctx context.Context, device string, recs []apitype.SyncRecord) (int, error) {
	var out apitype.SyncUploadResponse
	err := c.do(ctx, http.MethodPost, "/api/v1/sync/records", apitype.SyncUploadRequest{Device: device, Records: recs}, &out, true)
	return out.Changed, err
}

// Pull returns up to limit records after cursor ("" for the start), leaving out those excludeDevice
// wrote.
func (c *Client) Pull(ctx context.Context, cursor, excludeDevice string, limit int) (apitype.SyncPage, error) {
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
	var p apitype.SyncPage
	err := c.do(ctx, http.MethodGet, "/api/v1/sync/records?"+q.Encode(), nil, &p, true)
	return p, err
}

// Delete removes a record from the account (other devices see a tombstone).
func (c *Client) Delete(ctx context.Context, device, id string) error {
	return c.do(ctx, http.MethodDelete, "/api/v1/sync/records/"+url.PathEscape(id)+"?device="+url.QueryEscape(device), nil, nil, true)
}

// SyncKey returns the account's key fingerprint; IsNotFound when no device has set one.
func (c *Client) SyncKey(ctx context.Context) (apitype.SyncKey, error) {
	var k apitype.SyncKey
	err := c.do(ctx, http.MethodGet, "/api/v1/sync/key", nil, &k, true)
	return k, err
}

// SetSyncKey makes keyID the account's key if prev is the current one ("" for the first key);
// IsConflict when another device got there first.
func (c *Client) SetSyncKey(ctx context.Context, prev, keyID string) error {
	return c.do(ctx, http.MethodPut, "/api/v1/sync/key",
		apitype.SetSyncKeyRequest{KeyID: keyID, PreviousKeyID: prev, Scheme: seal.Scheme}, nil, true)
}

// Rewrap replaces the wrapped keys of records (id -> wrapped key) under keyID.
func (c *Client) Rewrap(ctx context.Context, keyID string, wrapped map[string][]byte) (int, error) {
	req := apitype.RewrapRequest{KeyID: keyID, Records: make([]apitype.RewrapRecord, 0, len(wrapped))}
	for id, wk := range wrapped {
		req.Records = append(req.Records, apitype.RewrapRecord{ID: id, WrappedKey: wk})
	}
	var out apitype.Changed
	if err := c.do(ctx, http.MethodPost, "/api/v1/sync/rewrap", req, &out, true); err != nil {
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
func SealRecord(k seal.Key, id string, created time.Time, risk string, plaintext []byte) (apitype.SyncRecord, error) {
	created = created.UTC().Truncate(time.Microsecond)
	s, err := seal.Seal(k, AD(id, created, risk), plaintext)
	if err != nil {
		return apitype.SyncRecord{}, fmt.Errorf("seal record %s: %w", id, err)
	}
	return apitype.SyncRecord{ID: id, CreatedAt: created, Risk: risk, KeyID: s.KeyID, WrappedKey: s.WrappedKey, Ciphertext: s.Ciphertext}, nil
}

// OpenRecord checks and decrypts r with k; seal.ErrOpen when it was tampered with or sealed by
// another key.
func OpenRecord(k seal.Key, r apitype.SyncRecord) ([]byte, error) {
	return seal.Open(k, AD(r.ID, r.CreatedAt, r.Risk), Sealed(r))
}

// Sealed returns the encrypted part of r.
func Sealed(r apitype.SyncRecord) seal.Sealed {
	return seal.Sealed{KeyID: r.KeyID, WrappedKey: r.WrappedKey, Ciphertext: r.Ciphertext}
}
