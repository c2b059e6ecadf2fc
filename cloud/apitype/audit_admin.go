package apitype

import "time"

// AuditEvent is one event of an organisation's audit log, as GET /api/v1/orgs/{id}/audit/events gives
// it: the stored fields, and the hashes that chain it.
type AuditEvent struct {
	Seq          int64          `json:"seq"`
	OrgID        string         `json:"org_id"`
	UserID       string         `json:"user_id,omitempty"`
	Action       string         `json:"action"`
	ResourceType string         `json:"resource_type"`
	ResourceID   string         `json:"resource_id"`
	Status       string         `json:"status"`
	DurationMS   int            `json:"duration_ms"`
	IP           string         `json:"ip_address,omitempty"`
	UserAgent    string         `json:"user_agent,omitempty"`
	Details      map[string]any `json:"details"`
	CreatedAt    time.Time      `json:"created_at"`
	PreviousHash string         `json:"previous_hash"`
	EventHash    string         `json:"event_hash"`
}

// AuditEventPage is a page of audit events, oldest first; NextAfter is the after_seq of the next page
// (absent on the last).
type AuditEventPage struct {
	Items     []AuditEvent `json:"items"`
	NextAfter int64        `json:"next_after,omitempty"`
}

// AuditSettings is an organisation's audit settings (GET and PATCH /api/v1/orgs/{id}/audit/settings):
// how much of a command's text its execution events keep (full, redacted or hash), how many days its
// audit events are kept (null: for ever; 365 to 2557), and whether its history may be exported,
// anonymised, for model training.
type AuditSettings struct {
	CommandText    string `json:"command_text"`
	RetentionDays  *int   `json:"retention_days"`
	TrainingExport bool   `json:"training_export"`
}

// AuditSettingsUpdate changes the settings it names; retention_days 0 keeps events for ever.
type AuditSettingsUpdate struct {
	CommandText    *string `json:"command_text,omitempty"`
	RetentionDays  *int    `json:"retention_days,omitempty"`
	TrainingExport *bool   `json:"training_export,omitempty"`
}

// AuditSink is a SIEM sink of an organisation's audit log. Its token is never given back: HasToken
// says whether it has one.
type AuditSink struct {
	ID              string     `json:"id"`
	Name            string     `json:"name"`
	Kind            string     `json:"kind"`
	Format          string     `json:"format"`
	Endpoint        string     `json:"endpoint"`
	HasToken        bool       `json:"has_token"`
	CAPEM           string     `json:"ca_pem,omitempty"`
	Enabled         bool       `json:"enabled"`
	CursorSeq       int64      `json:"cursor_seq"`
	Lag             int64      `json:"lag"`
	Delivered       int64      `json:"delivered"`
	Failures        int        `json:"failures"`
	LastError       string     `json:"last_error,omitempty"`
	LastErrorAt     *time.Time `json:"last_error_at,omitempty"`
	LastDeliveredAt *time.Time `json:"last_delivered_at,omitempty"`
	NextAttemptAt   time.Time  `json:"next_attempt_at"`
	CreatedAt       time.Time  `json:"created_at"`
}

// AuditSinkRequest creates a sink (POST; name, kind and endpoint required) or changes one (PATCH: the
// fields given). Kind: https, syslog_tcp, syslog_tls or splunk_hec; format: jsonl (default) or cef;
// start: "beginning" (default) delivers the whole log, "now" only what comes next.
type AuditSinkRequest struct {
	Name     *string `json:"name,omitempty"`
	Kind     *string `json:"kind,omitempty"`
	Format   *string `json:"format,omitempty"`
	Endpoint *string `json:"endpoint,omitempty"`
	Token    *string `json:"token,omitempty"`
	CAPEM    *string `json:"ca_pem,omitempty"`
	Enabled  *bool   `json:"enabled,omitempty"`
	Start    *string `json:"start,omitempty"`
}
