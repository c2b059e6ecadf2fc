package ipc

import (
	"context"
	"time"
)

// SyncStatus is how the daemon's cloud sync stands (GET /v1/sync, and in Status).
type SyncStatus struct {
	// LoggedIn is false until 'cmdai auth login'; the worker then does nothing.
	LoggedIn bool   `json:"logged_in"`
	Server   string `json:"server,omitempty"`
	Email    string `json:"email,omitempty"`
	Device   string `json:"device,omitempty"`
	// Pending is how many local changes wait to be pushed.
	Pending  int       `json:"pending"`
	LastPush time.Time `json:"last_push,omitzero"`
	LastPull time.Time `json:"last_pull,omitzero"`
	// Pushed, Pulled and Rejected count records since the daemon started; Rejected ones failed
	// decryption (tampered with, or sealed by another key) and were not stored.
	Pushed    int       `json:"pushed"`
	Pulled    int       `json:"pulled"`
	Rejected  int       `json:"rejected"`
	LastError string    `json:"last_error,omitempty"`
	ErrorAt   time.Time `json:"error_at,omitzero"`
	// NextAttempt is when the worker runs next (later after failures: it backs off).
	NextAttempt time.Time `json:"next_attempt,omitzero"`
	// AuditLogs is how each of the person's organisations' audit logs checked against the checkpoint
	// this machine kept of it, at the last sync that pulled.
	AuditLogs []AuditLogStatus `json:"audit_logs,omitempty"`
}

// The states of an organisation's audit log as the daemon last checked it.
const (
	AuditLogConsistent = "consistent" // it extends the checkpoint kept: nothing it covered changed
	AuditLogRewritten  = "rewritten"  // it does not: events the kept checkpoint covered were changed, removed or cut
	AuditLogUnchecked  = "unchecked"  // it could not be checked this time (Problem says why)
)

// AuditLogStatus is one organisation's audit log as the daemon last checked it: the server's signed
// checkpoint must extend the one this machine kept, by a consistency proof.
type AuditLogStatus struct {
	OrgID   string `json:"org_id"`
	OrgName string `json:"org_name,omitempty"`
	State   string `json:"state"`
	// TreeSize is the checkpoint kept now (how many events it covers); a rewritten log keeps the last
	// good one.
	TreeSize  int64     `json:"tree_size"`
	Problem   string    `json:"problem,omitempty"`
	CheckedAt time.Time `json:"checked_at,omitzero"`
}

// Sync returns the daemon's sync state.
func (c *Client) Sync(ctx context.Context) (SyncStatus, error) {
	var st SyncStatus
	err := c.do(ctx, call{method: "GET", path: "/v1/sync"}, &st)
	return st, err
}

// syncNowWait bounds the wait for a sync round's answer: the daemon gives a round at most a minute.
const syncNowWait = time.Minute + 15*time.Second

// SyncNow makes the daemon push and pull now and returns the state after that round; a failed round
// is reported in LastError, not as an error.
func (c *Client) SyncNow(ctx context.Context) (SyncStatus, error) {
	var st SyncStatus
	err := c.do(ctx, call{method: "POST", path: "/v1/sync", wait: syncNowWait}, &st)
	return st, err
}
