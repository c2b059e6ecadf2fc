package client

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/cmdai/cmdai/cloud/apitype"
	"github.com/cmdai/cmdai/cloud/audit/tlog"
)

// ErrAuditLogRewritten is an organisation's audit log that does not extend the checkpoint a client
// kept: events that checkpoint covered were changed, removed or reordered since, or the log was cut.
var ErrAuditLogRewritten = errors.New("the organisation's audit log does not extend the checkpoint kept: its history was rewritten or cut")

// ErrAuditEventsExpired is a checkpoint kept from before the events that expired under the
// organisation's audit retention: the server can no longer prove its log extends it. It is neither
// a confirmation nor a rewrite.
var ErrAuditEventsExpired = errors.New("the events the checkpoint kept covered have expired under the organisation's audit retention")

// AuditCheckpoint returns the latest signed checkpoint of the organisation's audit log, with the
// inclusion proof of event leaf and the consistency proof from tree size from (zero: not asked for).
// Check the checkpoint's signature with a verifier key obtained beforehand, not with the one it carries.
func (c *Client) AuditCheckpoint(ctx context.Context, orgID string, leaf, from int64) (apitype.AuditCheckpoint, error) {
	q := url.Values{}
	if leaf != 0 {
		q.Set("leaf", strconv.FormatInt(leaf, 10))
	}
	if from != 0 {
		q.Set("from", strconv.FormatInt(from, 10))
	}
	path := orgPath(orgID, "audit", "checkpoint")
	if len(q) > 0 {
		path += "?" + q.Encode()
	}
	var out apitype.AuditCheckpoint
	err := c.do(ctx, http.MethodGet, path, nil, &out, true)
	return out, err
}

// CheckAuditLog fetches the organisation's latest audit checkpoint and checks it: signed by the key
// verifierKey names (one obtained beforehand, not the one the answer carries), of this organisation's
// log, and, when kept holds a checkpoint seen before (its signed note; "" for none), an extension of
// it by the consistency proof. It returns the checkpoint to keep in place of kept; a log that does not
// extend kept is ErrAuditLogRewritten.
func (c *Client) CheckAuditLog(ctx context.Context, orgID, verifierKey, kept string) (apitype.AuditCheckpoint, error) {
	origin := tlog.Origin(orgID)
	var old tlog.Checkpoint
	if kept != "" {
		var err error
		if old, err = tlog.OpenWith(kept, verifierKey, origin); err != nil {
			return apitype.AuditCheckpoint{}, fmt.Errorf("the audit checkpoint kept: %w", err)
		}
	}
	cp, err := c.AuditCheckpoint(ctx, orgID, 0, int64(old.Size))
	var apiErr *Error
	if errors.As(err, &apiErr) && apiErr.Status == http.StatusGone && old.Size > 0 {
		return apitype.AuditCheckpoint{}, fmt.Errorf("%s: %w", apiErr.Message, ErrAuditEventsExpired)
	}
	if errors.As(err, &apiErr) && apiErr.Status == http.StatusBadRequest && old.Size > 0 {
		// The server's log is shorter than the checkpoint kept: it cannot prove from that size.
		return apitype.AuditCheckpoint{}, fmt.Errorf("the log no longer reaches size %d: %w", old.Size, ErrAuditLogRewritten)
	}
	if err != nil {
		return apitype.AuditCheckpoint{}, err
	}
	cur, err := tlog.OpenWith(cp.Checkpoint, verifierKey, origin)
	if err != nil {
		return apitype.AuditCheckpoint{}, fmt.Errorf("the server's audit checkpoint: %w", err)
	}
	if old.Size == 0 {
		return cp, nil
	}
	if cur.Size < old.Size || cp.Consistency == nil {
		return apitype.AuditCheckpoint{}, fmt.Errorf("the log went from %d events to %d: %w", old.Size, cur.Size, ErrAuditLogRewritten)
	}
	if err := tlog.VerifyConsistency(old.Size, cur.Size, cp.Consistency.Proof, old.Root, cur.Root); err != nil {
		return apitype.AuditCheckpoint{}, fmt.Errorf("%v: %w", err, ErrAuditLogRewritten)
	}
	return cp, nil
}
