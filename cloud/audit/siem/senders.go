// Package siem delivers each organisation's audit events to the security tools it names (sinks):
// JSON lines or CEF over HTTPS, RFC 5424 syslog over TCP or TLS with octet-counting framing, and
// Splunk's HTTP Event Collector with acknowledgements. Delivery is at least once: a sink's cursor (the
// last sequence number delivered) moves only once the receiver has confirmed a batch, so a batch
// interrupted midway is sent again whole, and a receiver may see an event twice but never miss one.
// Failures back off exponentially per sink; metrics count what was delivered, what failed and how far
// each sink lags behind its organisation's chain.
package siem

import (
	"bufio"
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/cmdai/cmdai/cloud/audit"
	"github.com/cmdai/cmdai/cloud/pgstore"
)

// The kinds of sink.
const (
	KindHTTPS     = "https"      // JSON lines (or CEF lines) POSTed to a URL
	KindSyslogTCP = "syslog_tcp" // RFC 5424 over TCP, octet-counting framing (RFC 6587)
	KindSyslogTLS = "syslog_tls" // the same over TLS (RFC 5425)
	KindSplunkHEC = "splunk_hec" // Splunk HTTP Event Collector
)

// Kinds lists the kinds of sink.
var Kinds = []string{KindHTTPS, KindSyslogTCP, KindSyslogTLS, KindSplunkHEC}

// Config is what a sender needs of a sink: where, how, and its credential in clear.
type Config struct {
	ID       string
	Kind     string
	Format   string // audit.FormatJSONL or audit.FormatCEF
	Endpoint string
	Token    string
	CAPEM    string
	Host     string // names this server in syslog messages and HEC events
	// AckWait bounds the wait for Splunk HEC to acknowledge a batch; 0: 30 seconds.
	AckWait time.Duration
}

// Validate checks a sink's settings as an administrator gives them: the error says which and why.
func (c Config) Validate() error {
	if c.Format != audit.FormatJSONL && c.Format != audit.FormatCEF {
		return fmt.Errorf("format: use jsonl or cef")
	}
	switch c.Kind {
	case KindHTTPS, KindSplunkHEC:
		u, err := url.Parse(c.Endpoint)
		if err != nil || u.Scheme != "https" || u.Host == "" {
			return fmt.Errorf("endpoint: an https:// URL")
		}
		if c.Kind == KindSplunkHEC && c.Token == "" {
			return fmt.Errorf("token: Splunk HEC needs its token")
		}
	case KindSyslogTCP, KindSyslogTLS:
		host, port, err := net.SplitHostPort(c.Endpoint)
		if n, perr := strconv.Atoi(port); err != nil || host == "" || perr != nil || n < 1 || n > 65535 {
			return fmt.Errorf("endpoint: host:port of the syslog receiver")
		}
	default:
		return fmt.Errorf("kind: use %s", strings.Join(Kinds, ", "))
	}
	if c.CAPEM != "" {
		if _, err := certPool(c.CAPEM); err != nil {
			return fmt.Errorf("ca_pem: %w", err)
		}
	}
	return nil
}

// sender delivers one batch and returns once the receiver confirmed it.
type sender interface {
	send(ctx context.Context, rows []pgstore.AuditEvent) error
}

func newSender(c Config) (sender, error) {
	var roots *x509.CertPool
	if c.CAPEM != "" {
		var err error
		if roots, err = certPool(c.CAPEM); err != nil {
			return nil, err
		}
	}
	tlsConf := &tls.Config{RootCAs: roots, MinVersion: tls.VersionTLS12}
	hc := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{TLSClientConfig: tlsConf, Proxy: http.ProxyFromEnvironment}}
	switch c.Kind {
	case KindHTTPS:
		return &httpsSender{c: c, hc: hc}, nil
	case KindSyslogTCP, KindSyslogTLS:
		s := &syslogSender{c: c}
		if c.Kind == KindSyslogTLS {
			host, _, _ := net.SplitHostPort(c.Endpoint)
			s.tls = tlsConf.Clone()
			s.tls.ServerName = host
		}
		return s, nil
	case KindSplunkHEC:
		wait := c.AckWait
		if wait <= 0 {
			wait = 30 * time.Second
		}
		return &hecSender{c: c, hc: hc, ackWait: wait, ackPoll: min(200*time.Millisecond, wait/10)}, nil
	}
	return nil, fmt.Errorf("sink kind %q", c.Kind)
}

func certPool(pem string) (*x509.CertPool, error) {
	p := x509.NewCertPool()
	if !p.AppendCertsFromPEM([]byte(pem)) {
		return nil, errors.New("no PEM certificate in it")
	}
	return p, nil
}

// lines formats each event in the format.
func lines(rows []pgstore.AuditEvent, format string) ([]string, error) {
	out := make([]string, len(rows))
	for i, r := range rows {
		l, err := audit.ExportLine(format, r, "")
		if err != nil {
			return nil, fmt.Errorf("event %d: %w", r.Seq, err)
		}
		out[i] = l
	}
	return out, nil
}

// httpsSender POSTs a batch as lines; any 2xx answer confirms it.
type httpsSender struct {
	c  Config
	hc *http.Client
}

func (s *httpsSender) send(ctx context.Context, rows []pgstore.AuditEvent) error {
	ls, err := lines(rows, s.c.Format)
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.c.Endpoint, strings.NewReader(strings.Join(ls, "\n")+"\n"))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/x-ndjson")
	if s.c.Format == audit.FormatCEF {
		req.Header.Set("Content-Type", "text/plain; charset=utf-8")
	}
	if s.c.Token != "" {
		req.Header.Set("Authorization", "Bearer "+s.c.Token)
	}
	res, err := s.hc.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(res.Body, 512))
	if res.StatusCode/100 != 2 {
		return fmt.Errorf("the receiver answered %s: %s", res.Status, strings.TrimSpace(string(body)))
	}
	return nil
}

// syslogSender writes a batch on a connection of its own with octet-counting framing, then closes its
// side and waits for the receiver to close its own: a receiver closes only after reading to the end of
// the stream, so that confirms every message was read. A batch cut off sooner is sent again whole.
type syslogSender struct {
	c   Config
	tls *tls.Config
}

func (s *syslogSender) send(ctx context.Context, rows []pgstore.AuditEvent) error {
	d := &net.Dialer{Timeout: 10 * time.Second}
	var conn net.Conn
	var err error
	if s.tls != nil {
		conn, err = (&tls.Dialer{NetDialer: d, Config: s.tls}).DialContext(ctx, "tcp", s.c.Endpoint)
	} else {
		conn, err = d.DialContext(ctx, "tcp", s.c.Endpoint)
	}
	if err != nil {
		return err
	}
	defer conn.Close()
	deadline := time.Now().Add(30 * time.Second)
	if d, ok := ctx.Deadline(); ok && d.Before(deadline) {
		deadline = d
	}
	_ = conn.SetDeadline(deadline)
	w := bufio.NewWriter(conn)
	for _, r := range rows {
		msg, err := audit.ExportSyslog(r, s.c.Host, s.c.Format)
		if err != nil {
			return fmt.Errorf("event %d: %w", r.Seq, err)
		}
		fmt.Fprintf(w, "%d %s", len(msg), msg)
	}
	if err := w.Flush(); err != nil {
		return err
	}
	switch c := conn.(type) {
	case *net.TCPConn:
		err = c.CloseWrite()
	case *tls.Conn:
		err = c.CloseWrite()
	}
	if err != nil {
		return fmt.Errorf("end the batch: %w", err)
	}
	if _, err := io.Copy(io.Discard, conn); err != nil {
		return fmt.Errorf("wait for the receiver to confirm the batch: %w", err)
	}
	return nil
}

// hecSender posts a batch to Splunk's HTTP Event Collector and, when the collector has indexer
// acknowledgement on (it answers an ackId), waits until it acknowledges the batch.
type hecSender struct {
	c                Config
	hc               *http.Client
	ackWait, ackPoll time.Duration
}

// hecURL is the collector's endpoint path on the sink's base URL (which may name it already).
func (s *hecSender) hecURL(path string) string {
	base := strings.TrimRight(s.c.Endpoint, "/")
	base = strings.TrimSuffix(base, "/services/collector/event")
	base = strings.TrimSuffix(base, "/services/collector")
	return base + path
}

// hecAnswer is what the collector answers: a status (code 0 is success), the batch's ackId when
// acknowledgement is on, and on the ack endpoint which ackIds are acknowledged.
type hecAnswer struct {
	Text  string          `json:"text"`
	Code  int             `json:"code"`
	AckID *int64          `json:"ackId"`
	Acks  map[string]bool `json:"acks"`
}

func (s *hecSender) post(ctx context.Context, path string, body []byte) (hecAnswer, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.hecURL(path), bytes.NewReader(body))
	if err != nil {
		return hecAnswer{}, err
	}
	req.Header.Set("Authorization", "Splunk "+s.c.Token)
	req.Header.Set("Content-Type", "application/json")
	// The channel identifies this sender's acknowledgements: the sink's id, a GUID.
	req.Header.Set("X-Splunk-Request-Channel", s.c.ID)
	res, err := s.hc.Do(req)
	if err != nil {
		return hecAnswer{}, err
	}
	defer res.Body.Close()
	var a hecAnswer
	raw, _ := io.ReadAll(io.LimitReader(res.Body, 64<<10))
	jerr := json.Unmarshal(raw, &a)
	if res.StatusCode != http.StatusOK || jerr != nil || a.Code != 0 {
		return a, fmt.Errorf("the collector answered %s: %s", res.Status, strings.TrimSpace(string(raw)))
	}
	return a, nil
}

func (s *hecSender) send(ctx context.Context, rows []pgstore.AuditEvent) error {
	var body bytes.Buffer
	for _, r := range rows {
		line, err := audit.ExportLine(audit.FormatJSONL, r, "")
		if err != nil {
			return fmt.Errorf("event %d: %w", r.Seq, err)
		}
		ev := struct {
			Time       float64         `json:"time"`
			Host       string          `json:"host,omitempty"`
			Source     string          `json:"source"`
			Sourcetype string          `json:"sourcetype"`
			Event      json.RawMessage `json:"event"`
		}{float64(r.CreatedAt.UnixMicro()) / 1e6, s.c.Host, "cmdai-server", "cmdai:audit", json.RawMessage(line)}
		b, err := json.Marshal(ev)
		if err != nil {
			return err
		}
		body.Write(b)
		body.WriteByte('\n')
	}
	a, err := s.post(ctx, "/services/collector/event", body.Bytes())
	if err != nil {
		return err
	}
	if a.AckID == nil {
		return nil // acknowledgement is off: the collector's 200 is all there is
	}
	id := strconv.FormatInt(*a.AckID, 10)
	q, _ := json.Marshal(map[string][]int64{"acks": {*a.AckID}})
	stop := time.Now().Add(s.ackWait)
	for {
		a, err := s.post(ctx, "/services/collector/ack?channel="+url.QueryEscape(s.c.ID), q)
		if err == nil && a.Acks[id] {
			return nil
		}
		if time.Now().After(stop) {
			if err == nil {
				err = errors.New("not acknowledged in time")
			}
			return fmt.Errorf("batch ack %s: %w", id, err)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(s.ackPoll):
		}
	}
}
