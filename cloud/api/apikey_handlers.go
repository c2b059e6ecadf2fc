package api

import (
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/cmdai/cmdai/cloud/apitype"
	"github.com/cmdai/cmdai/cloud/auth"
	"github.com/cmdai/cmdai/cloud/pgstore"
)

func toAPIKeyJSON(k pgstore.APIKey) apitype.APIKey {
	return apitype.APIKey{ID: k.ID, Name: k.Name, Prefix: k.Prefix, Scopes: k.Scopes, ExpiresAt: k.ExpiresAt,
		LastUsedAt: k.LastUsedAt, RevokedAt: k.RevokedAt, CreatedAt: k.CreatedAt}
}

func (h *handler) createAPIKey(w http.ResponseWriter, r *http.Request) {
	var req apitype.CreateAPIKeyRequest
	if err := h.decode(w, r, &req); err != nil {
		writeError(w, r, err)
		return
	}
	req.Name = strings.TrimSpace(req.Name)
	maxDays := int(auth.MaxAPIKeyTTL / (24 * time.Hour))
	switch {
	case req.Name == "" || len(req.Name) > 100:
		writeError(w, r, errorf(http.StatusBadRequest, CodeValidation, "name is required (at most 100 bytes)", map[string]string{"field": "name"}))
		return
	case len(req.Scopes) == 0:
		writeError(w, r, errorf(http.StatusBadRequest, CodeValidation, "scopes is required", map[string]any{"field": "scopes", "allowed": auth.Scopes}))
		return
	case req.ExpiresInDays < 0 || req.ExpiresInDays > maxDays:
		writeError(w, r, errorf(http.StatusBadRequest, CodeValidation, "expires_in_days must be 1 to 365 (0: 365)", map[string]string{"field": "expires_in_days"}))
		return
	}
	ttl := time.Duration(req.ExpiresInDays) * 24 * time.Hour
	k, key, err := h.auth.CreateAPIKey(r.Context(), principal(r.Context()).UserID, req.Name, req.Scopes, ttl)
	if errors.Is(err, auth.ErrInvalidScope) {
		writeError(w, r, errorf(http.StatusBadRequest, CodeValidation, err.Error(), map[string]any{"field": "scopes", "allowed": auth.Scopes}))
		return
	}
	if err != nil {
		writeError(w, r, err)
		return
	}
	out := toAPIKeyJSON(k)
	out.Key = key
	writeJSON(w, http.StatusCreated, out)
}

func (h *handler) listAPIKeys(w http.ResponseWriter, r *http.Request) {
	keys, err := pgstore.APIKeysByUser(r.Context(), h.db, principal(r.Context()).UserID)
	if err != nil {
		writeError(w, r, err)
		return
	}
	out := apitype.List[apitype.APIKey]{Items: make([]apitype.APIKey, 0, len(keys))}
	for _, k := range keys {
		out.Items = append(out.Items, toAPIKeyJSON(k))
	}
	writeJSON(w, http.StatusOK, out)
}

func (h *handler) revokeAPIKey(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	err := errNotFoundIfBadID(id, "api key")
	if err == nil {
		err = pgstore.RevokeAPIKey(r.Context(), h.db, principal(r.Context()).UserID, id)
	}
	if errors.Is(err, pgstore.ErrNotFound) {
		err = errorf(http.StatusNotFound, CodeNotFound, "no such api key", nil)
	}
	if err != nil {
		writeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// errNotFoundIfBadID answers a malformed id as "not found", as the database would for a missing one.
func errNotFoundIfBadID(id, what string) error {
	if !pgstore.IsUUID(id) {
		return errorf(http.StatusNotFound, CodeNotFound, "no such "+what, nil)
	}
	return nil
}
