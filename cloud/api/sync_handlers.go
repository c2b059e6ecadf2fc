package api

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/oklog/ulid/v2"

	"github.com/cmdai/cmdai/cloud/apitype"
	"github.com/cmdai/cmdai/cloud/pgstore"
	"github.com/cmdai/cmdai/seal"
)

// Sync protocol limits, advertised by GET /api/v1/sync/capabilities so that clients size their batches.
const (
	SyncProtocol       = 1
	SyncMaxBatch       = 200
	SyncMaxPage        = 500
	SyncMaxRecordBytes = 64 << 10
	syncMaxWrappedKey  = 256
	syncMaxBodyBytes   = SyncMaxBatch*(SyncMaxRecordBytes*4/3+1024) + 4096
	syncDefaultPage    = 200
)

func (h *handler) syncCapabilities(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, apitype.SyncCapabilities{Protocol: SyncProtocol, MaxBatch: SyncMaxBatch, MaxPage: SyncMaxPage,
		MaxRecordBytes: SyncMaxRecordBytes, Encryption: []string{seal.Scheme}})
}

// decodeSync is decode with the sync body limit, which is larger than the API's default.
func decodeSync(w http.ResponseWriter, r *http.Request, v any) error {
	return decodeLimit(w, r, syncMaxBodyBytes, v)
}

func validDevice(d string) bool { return len(d) <= 64 }

func (h *handler) syncUpload(w http.ResponseWriter, r *http.Request) {
	var req apitype.SyncUploadRequest
	if err := decodeSync(w, r, &req); err != nil {
		writeError(w, r, err)
		return
	}
	switch {
	case !validDevice(req.Device):
		writeError(w, r, errorf(http.StatusBadRequest, CodeValidation, "device is longer than 64 bytes", map[string]string{"field": "device"}))
		return
	case len(req.Records) == 0:
		writeError(w, r, errorf(http.StatusBadRequest, CodeValidation, "records is empty", map[string]string{"field": "records"}))
		return
	case len(req.Records) > SyncMaxBatch:
		writeError(w, r, errorf(http.StatusRequestEntityTooLarge, CodePayloadTooLarge,
			fmt.Sprintf("a batch holds at most %d records; send the rest in another", SyncMaxBatch), map[string]int{"max_batch": SyncMaxBatch}))
		return
	}
	recs := make([]pgstore.SyncRecord, 0, len(req.Records))
	seen := make(map[string]bool, len(req.Records))
	for i, rec := range req.Records {
		if err := validateSyncRecord(rec); err != nil {
			writeError(w, r, errorf(http.StatusBadRequest, CodeValidation, fmt.Sprintf("records[%d]: %s", i, err), map[string]any{"index": i, "id": rec.ID}))
			return
		}
		if seen[rec.ID] {
			writeError(w, r, errorf(http.StatusBadRequest, CodeValidation, fmt.Sprintf("records[%d]: id %s appears twice", i, rec.ID), map[string]any{"index": i, "id": rec.ID}))
			return
		}
		seen[rec.ID] = true
		recs = append(recs, pgstore.SyncRecord{ID: rec.ID, Device: req.Device, CreatedAt: rec.CreatedAt, Risk: rec.Risk,
			Deleted: rec.Deleted, KeyID: rec.KeyID, WrappedKey: rec.WrappedKey, Ciphertext: rec.Ciphertext})
	}
	changed, err := pgstore.UpsertSyncRecords(r.Context(), h.db, principal(r.Context()).UserID, recs)
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, apitype.SyncUploadResponse{Received: len(recs), Changed: changed})
}

func validateSyncRecord(rec apitype.SyncRecord) error {
	if _, err := ulid.ParseStrict(rec.ID); err != nil {
		return errors.New("id must be a 26-character ULID")
	}
	if len(rec.Risk) > 16 {
		return errors.New("risk is longer than 16 bytes")
	}
	if rec.CreatedAt.IsZero() && !rec.Deleted {
		return errors.New("created_at is required")
	}
	if rec.Deleted {
		return nil
	}
	switch {
	case rec.KeyID == "" || len(rec.KeyID) > 64:
		return errors.New("key_id is required (at most 64 bytes)")
	case len(rec.WrappedKey) == 0 || len(rec.WrappedKey) > syncMaxWrappedKey:
		return fmt.Errorf("wrapped_key is required (at most %d bytes)", syncMaxWrappedKey)
	case len(rec.Ciphertext) == 0 || len(rec.Ciphertext) > SyncMaxRecordBytes:
		return fmt.Errorf("ciphertext is required (at most %d bytes)", SyncMaxRecordBytes)
	}
	return nil
}

func (h *handler) syncDownload(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	limit := syncDefaultPage
	if s := q.Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > SyncMaxPage {
			writeError(w, r, errorf(http.StatusBadRequest, CodeValidation, fmt.Sprintf("limit must be 1 to %d", SyncMaxPage), map[string]any{"field": "limit", "max": SyncMaxPage}))
			return
		}
		limit = n
	}
	var after int64
	if s := q.Get("cursor"); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n < 0 {
			writeError(w, r, errorf(http.StatusBadRequest, CodeValidation, "cursor is not one this server issued", map[string]string{"field": "cursor"}))
			return
		}
		after = n
	}
	device := q.Get("exclude_device")
	if !validDevice(device) {
		writeError(w, r, errorf(http.StatusBadRequest, CodeValidation, "exclude_device is longer than 64 bytes", map[string]string{"field": "exclude_device"}))
		return
	}
	recs, err := pgstore.SyncRecordsAfter(r.Context(), h.db, principal(r.Context()).UserID, after, device, limit+1)
	if err != nil {
		writeError(w, r, err)
		return
	}
	more := len(recs) > limit
	if more {
		recs = recs[:limit]
	}
	next := after
	page := apitype.SyncPage{More: more, Records: make([]apitype.SyncRecord, 0, len(recs))}
	for _, rec := range recs {
		page.Records = append(page.Records, apitype.SyncRecord{ID: rec.ID, Seq: rec.Seq, CreatedAt: rec.CreatedAt, Risk: rec.Risk, Deleted: rec.Deleted,
			KeyID: rec.KeyID, WrappedKey: rec.WrappedKey, Ciphertext: rec.Ciphertext})
		next = rec.Seq
	}
	page.NextCursor = strconv.FormatInt(next, 10)
	writeJSON(w, http.StatusOK, page)
}

func (h *handler) syncDelete(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if _, err := ulid.ParseStrict(id); err != nil {
		writeError(w, r, errorf(http.StatusNotFound, CodeNotFound, "no such record", nil))
		return
	}
	device := r.URL.Query().Get("device")
	if !validDevice(device) {
		writeError(w, r, errorf(http.StatusBadRequest, CodeValidation, "device is longer than 64 bytes", map[string]string{"field": "device"}))
		return
	}
	if err := pgstore.DeleteSyncRecord(r.Context(), h.db, principal(r.Context()).UserID, id, device); err != nil {
		writeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (h *handler) syncGetKey(w http.ResponseWriter, r *http.Request) {
	k, err := pgstore.SyncKeyByUser(r.Context(), h.db, principal(r.Context()).UserID)
	if errors.Is(err, pgstore.ErrNotFound) {
		writeError(w, r, errorf(http.StatusNotFound, CodeNotFound, "no sync key yet: the first device to log in makes one", nil))
		return
	}
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, apitype.SyncKey{KeyID: k.KeyID, Scheme: k.Scheme, UpdatedAt: k.UpdatedAt})
}

func (h *handler) syncSetKey(w http.ResponseWriter, r *http.Request) {
	var req apitype.SetSyncKeyRequest
	if err := h.decode(w, r, &req); err != nil {
		writeError(w, r, err)
		return
	}
	switch {
	case req.KeyID == "" || len(req.KeyID) > 64 || len(req.PreviousKeyID) > 64:
		writeError(w, r, errorf(http.StatusBadRequest, CodeValidation, "key_id is required (at most 64 bytes)", map[string]string{"field": "key_id"}))
		return
	case req.Scheme != seal.Scheme:
		writeError(w, r, errorf(http.StatusBadRequest, CodeValidation, "scheme must be "+seal.Scheme, map[string]any{"field": "scheme", "allowed": []string{seal.Scheme}}))
		return
	}
	k, err := pgstore.SetSyncKey(r.Context(), h.db, principal(r.Context()).UserID, req.PreviousKeyID, req.KeyID, req.Scheme)
	if errors.Is(err, pgstore.ErrConflict) {
		writeError(w, r, errorf(http.StatusConflict, CodeConflict, "the account's sync key is not previous_key_id; another device set or rotated it", nil))
		return
	}
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, apitype.SyncKey{KeyID: k.KeyID, Scheme: k.Scheme, UpdatedAt: k.UpdatedAt})
}

func (h *handler) syncRewrap(w http.ResponseWriter, r *http.Request) {
	var req apitype.RewrapRequest
	if err := decodeSync(w, r, &req); err != nil {
		writeError(w, r, err)
		return
	}
	if req.KeyID == "" || len(req.KeyID) > 64 {
		writeError(w, r, errorf(http.StatusBadRequest, CodeValidation, "key_id is required (at most 64 bytes)", map[string]string{"field": "key_id"}))
		return
	}
	if len(req.Records) > SyncMaxPage {
		writeError(w, r, errorf(http.StatusRequestEntityTooLarge, CodePayloadTooLarge, fmt.Sprintf("at most %d records at a time", SyncMaxPage), nil))
		return
	}
	wrapped := make(map[string][]byte, len(req.Records))
	for i, rec := range req.Records {
		if _, err := ulid.ParseStrict(rec.ID); err != nil || len(rec.WrappedKey) == 0 || len(rec.WrappedKey) > syncMaxWrappedKey {
			writeError(w, r, errorf(http.StatusBadRequest, CodeValidation, fmt.Sprintf("records[%d] needs a ULID id and a wrapped_key", i), map[string]int{"index": i}))
			return
		}
		wrapped[rec.ID] = rec.WrappedKey
	}
	n, err := pgstore.RewrapSyncRecords(r.Context(), h.db, principal(r.Context()).UserID, req.KeyID, wrapped)
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, apitype.Changed{Changed: n})
}
