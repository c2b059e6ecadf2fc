package audit

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/cmdai/cmdai/cloud/pgstore"
)

// The formats events are exported in, a line each.
const (
	// FormatJSONL is the event's canonical JSON: the hashed fields and event_hash. Without event_hash,
	// its SHA-256 after "cmdai audit event v1\n" is event_hash, so a copy can be checked on its own.
	FormatJSONL = "jsonl"
	// FormatCEF is ArcSight's Common Event Format, which most SIEMs read.
	FormatCEF = "cef"
	// FormatSyslog is an RFC 5424 syslog message (facility log audit), the JSON line as its message.
	FormatSyslog = "syslog"
)

// Formats lists the export formats.
var Formats = []string{FormatJSONL, FormatCEF, FormatSyslog}

// sdID names the structured data of the syslog messages. 32473 is the enterprise number RFC 5612
// reserves for documentation and examples: no private enterprise number is registered for cmdai.
const sdID = "cmdai@32473"

// ExportLine formats a stored event in the format, without a line ending. host names the machine in
// syslog messages ("" for none).
func ExportLine(format string, row pgstore.AuditEvent, host string) (string, error) {
	e, details, err := fromRow(row)
	if err != nil {
		return "", err
	}
	fields := hashedFields(e, details)
	fields["event_hash"] = row.EventHash
	js, err := Canonical(fields)
	if err != nil {
		return "", err
	}
	switch format {
	case FormatJSONL:
		return string(js), nil
	case FormatCEF:
		return cefLine(e, string(details)), nil
	case FormatSyslog:
		return syslogLine(e, host, string(js)), nil
	}
	return "", fmt.Errorf("export format %q: use jsonl, cef or syslog", format)
}

// ExportSyslog formats a stored event as an RFC 5424 syslog message whose message part is the event
// in msgFormat: FormatJSONL (what ExportLine's FormatSyslog gives) or FormatCEF.
func ExportSyslog(row pgstore.AuditEvent, host, msgFormat string) (string, error) {
	if msgFormat != FormatCEF {
		return ExportLine(FormatSyslog, row, host)
	}
	e, details, err := fromRow(row)
	if err != nil {
		return "", err
	}
	return syslogLine(e, host, cefLine(e, string(details))), nil
}

func cefLine(e Event, details string) string {
	severity := map[string]string{StatusSuccess: "3", StatusFailure: "5", StatusDenied: "7"}[e.Status]
	var b strings.Builder
	b.WriteString("CEF:0|cmdai|cmdai-server|1|")
	b.WriteString(cefHeader(e.Action) + "|" + cefHeader(e.Action) + "|" + severity + "|")
	ext := [][2]string{
		{"rt", strconv.FormatInt(e.CreatedAt.UnixMilli(), 10)},
		{"act", e.Action},
		{"outcome", e.Status},
		{"suser", e.UserID},
		{"src", e.IP},
		{"requestClientApplication", e.UserAgent},
		{"cs1Label", "org_id"}, {"cs1", e.OrgID},
		{"cs2Label", "resource"}, {"cs2", e.ResourceType + "/" + e.ResourceID},
		{"cn1Label", "seq"}, {"cn1", strconv.FormatInt(e.Seq, 10)},
		{"cn2Label", "duration_ms"}, {"cn2", strconv.Itoa(e.DurationMS)},
		{"cs3Label", "event_hash"}, {"cs3", e.Hash},
		{"cs4Label", "details"}, {"cs4", details},
	}
	first := true
	for _, kv := range ext {
		if kv[1] == "" {
			continue
		}
		if !first {
			b.WriteByte(' ')
		}
		first = false
		b.WriteString(kv[0] + "=" + cefValue(kv[1]))
	}
	return b.String()
}

// cefHeader escapes a CEF header field: backslash and pipe; a line break becomes a space.
func cefHeader(s string) string {
	return strings.NewReplacer(`\`, `\\`, `|`, `\|`, "\r", " ", "\n", " ").Replace(s)
}

// cefValue escapes a CEF extension value: backslash, equals sign and line breaks.
func cefValue(s string) string {
	return strings.NewReplacer(`\`, `\\`, `=`, `\=`, "\r", `\r`, "\n", `\n`).Replace(s)
}

func syslogLine(e Event, host, msg string) string {
	// Facility 13 (log audit); notice for what was done, warning for what failed or was refused.
	pri := 13*8 + 5
	if e.Status != StatusSuccess {
		pri = 13*8 + 4
	}
	var b strings.Builder
	fmt.Fprintf(&b, "<%d>1 %s %s cmdai-server - %s [%s", pri, formatTime(e.CreatedAt), syslogName(host, 255), syslogName(e.Action, 32), sdID)
	for _, kv := range [][2]string{{"org_id", e.OrgID}, {"seq", strconv.FormatInt(e.Seq, 10)}, {"user_id", e.UserID},
		{"status", e.Status}, {"event_hash", e.Hash}} {
		if kv[1] != "" {
			b.WriteString(" " + kv[0] + `="` + strings.NewReplacer(`\`, `\\`, `"`, `\"`, `]`, `\]`).Replace(kv[1]) + `"`)
		}
	}
	b.WriteString("] \uFEFF") // the BOM marks the message as UTF-8 (RFC 5424 section 6.4)
	b.WriteString(msg)
	return b.String()
}

// syslogName is s as an RFC 5424 header field: printable US-ASCII without spaces, at most limit
// characters, "-" for none.
func syslogName(s string, limit int) string {
	b := []byte(s)
	for i, c := range b {
		if c < 33 || c > 126 {
			b[i] = '_'
		}
	}
	if len(b) > limit {
		b = b[:limit]
	}
	if len(b) == 0 {
		return "-"
	}
	return string(b)
}

// FromRow is the event a stored row holds, its details decoded.
func FromRow(row pgstore.AuditEvent) (Event, error) {
	e, _, err := fromRow(row)
	return e, err
}
