package api_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/cmdai/cmdai/cloud/api"
	"github.com/cmdai/cmdai/cloud/audit"
	"github.com/cmdai/cmdai/cloud/pgstore"
	"github.com/cmdai/cmdai/cloud/secrets"
)

// An organisation's administrators read its audit log (paged, filtered), change its audit settings,
// export its history anonymised once it opted in, and manage its SIEM sinks (tokens sealed, never
// shown); members who are not administrators cannot; every call is itself in the log.
func TestAuditAdminRoutes(t *testing.T) {
	t.Setenv(secrets.EnvKey, secrets.NewKey())
	o := newOrgAPI(t)
	ctx := context.Background()
	base := "/api/v1/orgs/" + o.org + "/audit"

	// The log, a page at a time, and filtered.
	r := o.do("GET", base+"/events?limit=2", o.adminTok, nil)
	o.want(r, http.StatusOK, "")
	items := r.Body["items"].([]any)
	if len(items) != 2 || r.Body["next_after"] != float64(2) || items[0].(map[string]any)["seq"] != float64(1) {
		t.Fatalf("first page: %s", r.Raw)
	}
	r = o.do("GET", base+"/events?after_seq=2&limit=1000&action=policy.", o.adminTok, nil)
	o.want(r, http.StatusOK, "")
	for _, it := range r.Body["items"].([]any) {
		if ev := it.(map[string]any); !strings.HasPrefix(ev["action"].(string), "policy.") || ev["seq"].(float64) <= 2 {
			t.Fatalf("filtered page has %v", ev)
		}
	}
	for _, bad := range []string{"?limit=0", "?status=maybe", "?user_id=x", "?since=yesterday"} {
		o.want(o.do("GET", base+"/events"+bad, o.adminTok, nil), http.StatusBadRequest, api.CodeValidation)
	}
	for _, tok := range []string{o.engTok, o.junTok, o.roTok} {
		o.want(o.do("GET", base+"/events", tok, nil), http.StatusForbidden, api.CodeForbidden)
		o.want(o.do("PATCH", base+"/settings", tok, map[string]any{"command_text": "full"}), http.StatusForbidden, api.CodeForbidden)
		o.want(o.do("POST", base+"/sinks", tok, map[string]any{"name": "x", "kind": "syslog_tcp", "endpoint": "127.0.0.1:514"}), http.StatusForbidden, api.CodeForbidden)
	}
	o.want(o.do("GET", base+"/events", o.outsiderTok, nil), http.StatusNotFound, api.CodeNotFound)
	if e := lastEvent(t, o.pool, o.org, "audit.events.read"); e.Status != audit.StatusDenied || userOf(e) != o.roID {
		t.Fatalf("a refused read: %+v", e.AuditEvent)
	}

	// Settings; the anonymised export only once the organisation opted in.
	o.want(o.do("GET", base+"/anonymized-commands", o.adminTok, nil), http.StatusForbidden, "training_export_off")
	r = o.do("GET", base+"/settings", o.adminTok, nil)
	o.want(r, http.StatusOK, "")
	if r.Body["command_text"] != "hash" || r.Body["retention_days"] != nil || r.Body["training_export"] != false {
		t.Fatalf("default settings: %s", r.Raw)
	}
	o.want(o.do("PATCH", base+"/settings", o.adminTok, map[string]any{"retention_days": 30}), http.StatusBadRequest, api.CodeValidation)
	o.want(o.do("PATCH", base+"/settings", o.adminTok, map[string]any{"command_text": "all"}), http.StatusBadRequest, api.CodeValidation)
	r = o.do("PATCH", base+"/settings", o.adminTok, map[string]any{"command_text": "redacted", "retention_days": 400, "training_export": true})
	o.want(r, http.StatusOK, "")
	if r.Body["command_text"] != "redacted" || r.Body["retention_days"] != float64(400) || r.Body["training_export"] != true {
		t.Fatalf("settings now: %s", r.Raw)
	}
	e := lastEvent(t, o.pool, o.org, "audit.settings.set")
	before, after := e.details["before"].(map[string]any), e.details["after"].(map[string]any)
	if userOf(e) != o.adminID || before["command_text"] != "hash" || after["retention_days"] != float64(400) || after["training_export"] != true {
		t.Fatalf("settings event: %v", e.details)
	}
	o.want(o.do("POST", "/api/v1/commands", o.engTok, map[string]any{"prompt": "log in to the db",
		"command": "mysql -u admin -pS3cretPw -h 10.1.2.3 payroll", "risk": "moderate", "backend": "ollama"}), http.StatusCreated, "")
	r = o.do("GET", base+"/anonymized-commands", o.adminTok, nil)
	o.want(r, http.StatusOK, "")
	if recs := r.Body["items"].([]any); len(recs) != 1 || recs[0].(map[string]any)["command_template"] != "mysql -u <ARG> -p<SECRET> -h <IP> payroll" {
		t.Fatalf("anonymised export: %s", r.Raw)
	}
	for _, leak := range []string{"S3cretPw", "10.1.2.3", "log in to the db", "admin"} {
		if strings.Contains(r.Raw, leak) {
			t.Fatalf("the anonymised export holds %q: %s", leak, r.Raw)
		}
	}

	// SIEM sinks.
	r = o.do("POST", base+"/sinks", o.adminTok, map[string]any{"name": "splunk", "kind": "splunk_hec", "endpoint": "https://splunk.acme.example:8088", "token": "hec-secret-token"})
	o.want(r, http.StatusCreated, "")
	sid := r.Body["id"].(string)
	if r.Body["has_token"] != true || strings.Contains(r.Raw, "hec-secret-token") || r.Body["cursor_seq"] != float64(0) {
		t.Fatalf("created sink: %s", r.Raw)
	}
	stored, err := pgstore.AuditSinkByID(ctx, o.pool, o.org, sid)
	if err != nil || len(stored.TokenSealed) == 0 || strings.Contains(string(stored.TokenSealed), "hec-secret-token") {
		t.Fatalf("the stored token is not sealed: %v %q", err, stored.TokenSealed)
	}
	if e := lastEvent(t, o.pool, o.org, "audit.sink.create"); strings.Contains(string(e.Details), "hec-secret-token") || e.ResourceID != sid {
		t.Fatalf("sink event: %+v %s", e.AuditEvent, e.Details)
	}
	o.want(o.do("POST", base+"/sinks", o.adminTok, map[string]any{"name": "SPLUNK", "kind": "syslog_tcp", "endpoint": "siem.acme.example:6514"}), http.StatusConflict, api.CodeConflict)
	for _, bad := range []map[string]any{
		{"name": "a", "kind": "carrier-pigeon", "endpoint": "x"},
		{"name": "b", "kind": "https", "endpoint": "http://insecure.example"},
		{"name": "c", "kind": "splunk_hec", "endpoint": "https://splunk.example"},
		{"name": "d", "kind": "syslog_tls", "endpoint": "no-port"},
		{"name": "e", "kind": "syslog_tls", "endpoint": "siem.example:6514", "ca_pem": "not a pem"},
		{"name": "f", "kind": "https", "endpoint": "https://x.example", "start": "yesterday"},
	} {
		o.want(o.do("POST", base+"/sinks", o.adminTok, bad), http.StatusBadRequest, api.CodeValidation)
	}
	r = o.do("POST", base+"/sinks", o.adminTok, map[string]any{"name": "syslog", "kind": "syslog_tls", "endpoint": "siem.acme.example:6514", "format": "cef", "start": "now"})
	o.want(r, http.StatusCreated, "")
	if r.Body["cursor_seq"].(float64) < 10 || r.Body["lag"].(float64) != 0 {
		t.Fatalf("a sink from now: %s", r.Raw)
	}
	r = o.do("GET", base+"/sinks", o.adminTok, nil)
	o.want(r, http.StatusOK, "")
	if n := len(r.Body["items"].([]any)); n != 2 {
		t.Fatalf("%d sinks", n)
	}
	o.want(o.do("PATCH", base+"/sinks/"+sid, o.adminTok, map[string]any{"kind": "https"}), http.StatusBadRequest, api.CodeValidation)
	r = o.do("PATCH", base+"/sinks/"+sid, o.adminTok, map[string]any{"enabled": false, "token": "rotated-token"})
	o.want(r, http.StatusOK, "")
	if r.Body["enabled"] != false || r.Body["has_token"] != true {
		t.Fatalf("patched sink: %s", r.Raw)
	}
	o.want(o.do("PATCH", base+"/sinks/"+sid, o.adminTok, map[string]any{"token": ""}), http.StatusBadRequest, api.CodeValidation) // HEC needs one
	o.want(o.do("GET", "/api/v1/orgs/"+o.outsiderOrg+"/audit/sinks/"+sid, o.outsiderTok, nil), http.StatusNotFound, api.CodeNotFound)
	o.want(o.do("DELETE", base+"/sinks/"+sid, o.adminTok, nil), http.StatusNoContent, "")
	o.want(o.do("GET", base+"/sinks/"+sid, o.adminTok, nil), http.StatusNotFound, api.CodeNotFound)
	if e := lastEvent(t, o.pool, o.org, "audit.sink.delete"); e.Status != audit.StatusSuccess || userOf(e) != o.adminID {
		t.Fatalf("delete event: %+v", e.AuditEvent)
	}
}
