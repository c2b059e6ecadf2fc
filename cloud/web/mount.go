//go:build !noweb

package web

import (
	"log/slog"
	"net/http"
)

// Mount serves the dashboard at / in front of api; paths the dashboard does not serve go to api. A
// server built with the noweb tag has no dashboard: Mount returns api as it is.
func Mount(api http.Handler, log *slog.Logger) (http.Handler, error) {
	return New(api, log)
}
