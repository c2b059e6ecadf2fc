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
