package apitype

import "time"

// SyncCapabilities are the server's sync protocol limits, so that clients size their batches. Fields are
// in the order the server has always written them.
type SyncCapabilities struct {
	Encryption     []string `json:"encryption"`
	MaxBatch       int      `json:"max_batch"`
	MaxPage        int      `json:"max_page"`
	MaxRecordBytes int      `json:"max_record_bytes"`
	Protocol       int      `json:"protocol"`
}

// SyncRecord is one sealed history record. The server stores the id, time and risk in the clear and
// never sees the plaintext; a deleted record carries only its id. Seq is the server's order, set on
// download only.
type SyncRecord struct {
	ID         string    `json:"id"`
	Seq        int64     `json:"seq,omitempty"`
	CreatedAt  time.Time `json:"created_at"`
	Risk       string    `json:"risk"`
	Deleted    bool      `json:"deleted,omitempty"`
	KeyID      string    `json:"key_id,omitempty"`
	WrappedKey []byte    `json:"wrapped_key,omitempty"`
	Ciphertext []byte    `json:"ciphertext,omitempty"`
}

// SyncUploadRequest is POST /api/v1/sync/records: records written by Device.
type SyncUploadRequest struct {
	Device  string       `json:"device"`
	Records []SyncRecord `json:"records"`
}

// SyncUploadResponse says how many records arrived and how many rows they changed.
type SyncUploadResponse struct {
	Changed  int `json:"changed"`
	Received int `json:"received"`
}

// SyncPage is one answer of GET /api/v1/sync/records.
type SyncPage struct {
	More       bool         `json:"more"`
	NextCursor string       `json:"next_cursor"`
	Records    []SyncRecord `json:"records"`
}

// SyncKey is the fingerprint of the account's current sync key.
type SyncKey struct {
	KeyID     string    `json:"key_id"`
	Scheme    string    `json:"scheme"`
	UpdatedAt time.Time `json:"updated_at"`
}

// SetSyncKeyRequest is PUT /api/v1/sync/key: KeyID replaces PreviousKeyID ("" for the first key).
type SetSyncKeyRequest struct {
	KeyID         string `json:"key_id"`
	PreviousKeyID string `json:"previous_key_id"`
	Scheme        string `json:"scheme"`
}

// RewrapRequest is POST /api/v1/sync/rewrap: records' data keys wrapped anew under KeyID.
type RewrapRequest struct {
	KeyID   string         `json:"key_id"`
	Records []RewrapRecord `json:"records"`
}

// RewrapRecord is one record's data key wrapped under the new key.
type RewrapRecord struct {
	ID         string `json:"id"`
	WrappedKey []byte `json:"wrapped_key"`
}

// Changed says how many rows a request changed.
type Changed struct {
	Changed int `json:"changed"`
}
