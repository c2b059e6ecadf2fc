package daemon

import (
	"context"
	"net/http"
	"time"
)

func (d *daemon) handleSyncStatus(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, d.sync.status(r.Context()))
}

// handleSyncNow runs a sync round and answers with the state after it; it waits at most a minute so
// that a slow server cannot hold the client forever.
func (d *daemon) handleSyncNow(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), time.Minute)
	defer cancel()
	d.sync.now(ctx)
	writeJSON(w, http.StatusOK, d.sync.status(r.Context()))
}
