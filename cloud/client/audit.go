package client

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

	"github.com/cmdai/cmdai/cloud/apitype"
)

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
