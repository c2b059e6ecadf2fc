package api

import (
	_ "embed"
	"net/http"
)

// OpenAPIDocument is the API's OpenAPI 3.1 description, served at GET /api/v1/openapi.json.
//
//go:embed openapi.json
var OpenAPIDocument []byte

func (h *handler) openAPI(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "public, max-age=300")
	_, _ = w.Write(OpenAPIDocument)
}
