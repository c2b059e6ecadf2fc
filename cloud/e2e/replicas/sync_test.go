package replicas

import (
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/oklog/ulid/v2"
)

// syncAcrossReplicas has devices upload history records through the balancer while another device pages
// through them with its cursor, each request landing on whichever replica: the reader ends up with every
// record exactly once, in increasing sequence, whatever replica served each page.
func (c *cluster) syncAcrossReplicas(token string) {
	c.t.Helper()
	const uploaders, batches, perBatch = 4, 8, 3
	var (
		mu   sync.Mutex
		sent = map[string]bool{}
		wg   sync.WaitGroup
	)
	for u := range uploaders {
		wg.Go(func() {
			for b := range batches {
				var recs []any
				var ids []string
				for i := range perBatch {
					id := ulid.Make().String()
					ids = append(ids, id)
					recs = append(recs, map[string]any{"id": id, "created_at": time.Now().UTC().Format(time.RFC3339Nano),
						"risk": "safe", "key_id": "k1", "wrapped_key": []byte(fmt.Sprintf("w-%d-%d-%d", u, b, i)),
						"ciphertext": []byte(fmt.Sprintf("c-%d-%d-%d", u, b, i))})
				}
				r, err := c.do("POST", "/api/v1/sync/records", token, map[string]any{"device": fmt.Sprintf("laptop-%d", u), "records": recs})
				if err != nil || r.status != http.StatusOK {
					c.t.Errorf("upload: %v %d %s", err, r.status, r.raw)
					return
				}
				mu.Lock()
				for _, id := range ids {
					sent[id] = true
				}
				mu.Unlock()
			}
		})
	}
	got := map[string]int{}
	cursor, lastSeq := "", -1.0
	page := func() bool {
		r := c.must("GET", "/api/v1/sync/records?limit=4&exclude_device=desktop&cursor="+cursor, token, nil, http.StatusOK)
		for _, it := range r.body["records"].([]any) {
			m := it.(map[string]any)
			got[m["id"].(string)]++
			if seq := m["seq"].(float64); seq <= lastSeq {
				c.t.Errorf("seq %v after %v", seq, lastSeq)
			} else {
				lastSeq = seq
			}
		}
		cursor = r.body["next_cursor"].(string)
		return r.body["more"] == true
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }() // ends when the uploaders do
	for running := true; running; {
		select {
		case <-done:
			running = false
		default:
			page()
		}
	}
	for page() {
	}
	if len(got) != len(sent) || len(sent) != uploaders*batches*perBatch {
		c.t.Errorf("the reader got %d distinct records of %d sent (%d expected)", len(got), len(sent), uploaders*batches*perBatch)
	}
	for id, n := range got {
		if !sent[id] || n != 1 {
			c.t.Errorf("record %s read %d times (sent: %v)", id, n, sent[id])
		}
	}
}
