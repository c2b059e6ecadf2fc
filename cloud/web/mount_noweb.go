//go:build noweb

package web

import (
	"log/slog"
	"net/http"
)

// Mount returns api as it is: this server is built without the dashboard (the noweb tag).
func Mount(api http.Handler, _ *slog.Logger) (http.Handler, error) {
	return api, nil
}
