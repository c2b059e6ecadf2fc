package siem_test

import (
	"bufio"
	"context"
	"encoding/json"
	"encoding/pem"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/cmdai/cmdai/cloud/audit/siem"
	"github.com/cmdai/cmdai/cloud/internal/testdb"
	"github.com/cmdai/cmdai/cloud/pgstore"
)

// hecReceiver speaks Splunk HTTP Event Collector's protocol with indexer acknowledgement on: events
// POSTed to /services/collector/event (token in "Authorization: Splunk", a channel in
// X-Splunk-Request-Channel) are answered with an ackId, and are indexed only once
// /services/collector/ack reports that ackId true. Like a busy indexer, it answers some requests 503
// (code 9) and never acknowledges some batches.
type hecReceiver struct {
	token string

	mu       sync.Mutex
	requests int
	nextAck  int64
	pending  map[int64][]int64 // ackId → the sequence numbers of the batch
	polled   map[int64]int
	indexed  map[int64]int // sequence number → times indexed
	refused  int
	dropped  int
}

func newHECReceiver(token string) *hecReceiver {
	return &hecReceiver{token: token, pending: map[int64][]int64{}, polled: map[int64]int{}, indexed: map[int64]int{}}
}

func hecAnswer(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func (h *hecReceiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		hecAnswer(w, http.StatusMethodNotAllowed, map[string]any{"text": "Method not allowed", "code": 6})
		return
	}
	if r.Header.Get("Authorization") != "Splunk "+h.token {
		hecAnswer(w, http.StatusForbidden, map[string]any{"text": "Invalid token", "code": 4})
		return
	}
	channel := r.Header.Get("X-Splunk-Request-Channel")
	if channel == "" {
		channel = r.URL.Query().Get("channel")
	}
	if channel == "" {
		hecAnswer(w, http.StatusBadRequest, map[string]any{"text": "Data channel is missing", "code": 10})
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	switch r.URL.Path {
	case "/services/collector/event":
		h.requests++
		if h.requests%4 == 0 {
			h.refused++
			hecAnswer(w, http.StatusServiceUnavailable, map[string]any{"text": "Server is busy", "code": 9})
			return
		}
		var batch []int64
		dec := json.NewDecoder(r.Body)
		for {
			var ev struct {
				Time       float64         `json:"time"`
				Sourcetype string          `json:"sourcetype"`
				Event      json.RawMessage `json:"event"`
			}
			if err := dec.Decode(&ev); err == io.EOF {
				break
			} else if err != nil || ev.Time == 0 || ev.Sourcetype == "" || len(ev.Event) == 0 {
				hecAnswer(w, http.StatusBadRequest, map[string]any{"text": "Invalid data format", "code": 6, "invalid-event-number": len(batch)})
				return
			}
			var e struct {
				Seq int64 `json:"seq"`
			}
			if err := json.Unmarshal(ev.Event, &e); err != nil || e.Seq == 0 {
				hecAnswer(w, http.StatusBadRequest, map[string]any{"text": "Event field is required", "code": 12})
				return
			}
			batch = append(batch, e.Seq)
		}
		if len(batch) == 0 {
			hecAnswer(w, http.StatusBadRequest, map[string]any{"text": "No data", "code": 5})
			return
		}
		h.nextAck++
		h.pending[h.nextAck] = batch
		hecAnswer(w, http.StatusOK, map[string]any{"text": "Success", "code": 0, "ackId": h.nextAck})
	case "/services/collector/ack":
		var q struct {
			Acks []int64 `json:"acks"`
		}
		if err := json.NewDecoder(r.Body).Decode(&q); err != nil {
			hecAnswer(w, http.StatusBadRequest, map[string]any{"text": "Invalid data format", "code": 6})
			return
		}
		out := map[string]bool{}
		for _, id := range q.Acks {
			h.polled[id]++
			batch, ok := h.pending[id]
			// Every fifth batch is indexed but its acknowledgement is lost: the sender must send it
			// again, and its events are indexed twice. The others are indexed and acknowledged at the
			// second poll.
			switch {
			case !ok:
				out[strconv.FormatInt(id, 10)] = false
			case id%5 == 0:
				if h.polled[id] == 1 {
					h.dropped++
					for _, seq := range batch {
						h.indexed[seq]++
					}
				}
				out[strconv.FormatInt(id, 10)] = false
			case h.polled[id] >= 2:
				for _, seq := range batch {
					h.indexed[seq]++
				}
				delete(h.pending, id)
				out[strconv.FormatInt(id, 10)] = true
			default:
				out[strconv.FormatInt(id, 10)] = false
			}
		}
		hecAnswer(w, http.StatusOK, map[string]any{"acks": out})
	default:
		hecAnswer(w, http.StatusNotFound, map[string]any{"text": "The requested URL was not found on this server.", "code": 404})
	}
}

func serverCA(srv *httptest.Server) string {
	return string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw}))
}

// Splunk HEC: a batch counts as delivered only once the collector acknowledges it; a busy collector
// (503) and batches it never acknowledges are sent again, so every event is indexed, duplicates only
// from the unacknowledged batches. A wrong token fails, says why, and delivers nothing.
func TestSplunkHECSinkWaitsForAcks(t *testing.T) {
	ctx := context.Background()
	pool := testdb.New(t)
	org := newOrg(t, pool, 230)
	recv := newHECReceiver("hec-token-123")
	srv := httptest.NewTLSServer(recv)
	t.Cleanup(srv.Close)
	kr := keyring(t)
	s := addSink(t, pool, kr, pgstore.AuditSink{OrgID: org, Name: "splunk", Kind: siem.KindSplunkHEC, Endpoint: srv.URL, CAPEM: serverCA(srv)}, "hec-token-123")
	bad := addSink(t, pool, kr, pgstore.AuditSink{OrgID: org, Name: "wrong token", Kind: siem.KindSplunkHEC, Endpoint: srv.URL + "/services/collector/event", CAPEM: serverCA(srv)}, "not-the-token")

	reg := prometheus.NewRegistry()
	d := &siem.Deliverer{DB: pool, Keyring: kr, Batch: 40, Backoff: 20 * time.Millisecond, AckTimeout: 300 * time.Millisecond,
		Interval: 20 * time.Millisecond, Logger: slog.New(slog.DiscardHandler)}
	if err := d.Register(reg); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 60*time.Second, func() string { return describe(sinkRow(t, pool, org, s.ID)) }, func() bool {
		_ = d.RunOnce(ctx)
		return sinkRow(t, pool, org, s.ID).CursorSeq == 230
	})
	recv.mu.Lock()
	defer recv.mu.Unlock()
	dups := 0
	for seq := int64(1); seq <= 230; seq++ {
		switch n := recv.indexed[seq]; {
		case n == 0:
			t.Errorf("event %d was never indexed", seq)
		case n > 1:
			dups += n - 1
		}
	}
	t.Logf("230 events: %d duplicates, %d requests refused busy, %d batches whose acknowledgement was lost", dups, recv.refused, recv.dropped)
	if recv.refused == 0 || recv.dropped == 0 {
		t.Errorf("the collector refused %d requests and dropped %d batches: the test did not exercise retries", recv.refused, recv.dropped)
	}
	if dups == 0 || dups > recv.dropped*40 {
		// Only the batches whose acknowledgement was lost are indexed twice.
		t.Errorf("%d events indexed twice, from %d batches of at most 40 whose acknowledgement was lost", dups, recv.dropped)
	}
	if failed := metric(t, reg, "cmdai_audit_sink_failed_total"); failed < float64(recv.refused+recv.dropped) {
		t.Errorf("failed batches %v, want at least %d", failed, recv.refused+recv.dropped)
	}
	b := sinkRow(t, pool, org, bad.ID)
	if b.CursorSeq != 0 || b.Failures == 0 || !strings.Contains(b.LastError, "Invalid token") {
		t.Errorf("the sink with a wrong token: %s", describe(b))
	}
}

// JSON lines (and CEF lines) over HTTPS: each batch a POST with the bearer token; a receiver's error
// is retried; the lines check against their hashes' fields.
func TestHTTPSSinkPostsLines(t *testing.T) {
	ctx := context.Background()
	pool := testdb.New(t)
	org := newOrg(t, pool, 120)
	var mu sync.Mutex
	got := map[string][]string{}
	calls := 0
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		calls++
		if r.Header.Get("Authorization") != "Bearer siem-token" {
			http.Error(w, "who are you", http.StatusUnauthorized)
			return
		}
		if calls == 2 {
			http.Error(w, "try later", http.StatusBadGateway)
			return
		}
		sc := bufio.NewScanner(r.Body)
		for sc.Scan() {
			got[r.URL.Path] = append(got[r.URL.Path], sc.Text())
		}
	}))
	t.Cleanup(srv.Close)
	kr := keyring(t)
	for _, f := range []string{"jsonl", "cef"} {
		addSink(t, pool, kr, pgstore.AuditSink{OrgID: org, Name: f, Kind: siem.KindHTTPS, Format: f, Endpoint: srv.URL + "/" + f, CAPEM: serverCA(srv)}, "siem-token")
	}
	d := &siem.Deliverer{DB: pool, Keyring: kr, Batch: 50, Backoff: 10 * time.Millisecond, Logger: slog.New(slog.DiscardHandler)}
	waitFor(t, 30*time.Second, func() string { return "not all lines arrived" }, func() bool {
		_ = d.RunOnce(ctx)
		mu.Lock()
		defer mu.Unlock()
		return len(seqs(t, strings.Join(got["/jsonl"], "\n"))) == 120 && len(got["/cef"]) >= 120
	})
	mu.Lock()
	defer mu.Unlock()
	for _, l := range got["/cef"] {
		if !strings.HasPrefix(l, "CEF:0|cmdai|cmdai-server|1|test.event|") {
			t.Fatalf("not a CEF line: %q", l)
		}
	}
	for _, l := range got["/jsonl"] {
		if !strings.HasPrefix(l, "{") || !strings.Contains(l, `"event_hash":"`) {
			t.Fatalf("not a JSON line of an event: %q", l)
		}
	}
}
