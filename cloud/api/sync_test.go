package api_test

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/oklog/ulid/v2"

	"github.com/cmdai/cmdai/cloud/api"
)

func syncRecord(id string, n int) map[string]any {
	return map[string]any{"id": id, "created_at": time.Now().UTC().Format(time.RFC3339Nano), "risk": "safe",
		"key_id": "k1", "wrapped_key": []byte(fmt.Sprintf("wrapped-%d", n)), "ciphertext": []byte(fmt.Sprintf("sealed-%d", n))}
}

func newULIDs(n int) []string {
	ids := make([]string, n)
	for i := range ids {
		ids[i] = ulid.Make().String()
	}
	return ids
}

// download pages through everything after cursor that device did not write, returning ids in order.
func (a *testAPI) download(token, cursor, excludeDevice string, limit int) (ids []string, seqs []float64, next string) {
	a.t.Helper()
	for pages := 0; ; pages++ {
		if pages > 100 {
			a.t.Fatal("download does not end")
		}
		r := a.do("GET", fmt.Sprintf("/api/v1/sync/records?cursor=%s&limit=%d&exclude_device=%s", cursor, limit, excludeDevice), token, nil)
		a.want(r, http.StatusOK, "")
		for _, it := range r.Body["records"].([]any) {
			m := it.(map[string]any)
			ids = append(ids, m["id"].(string))
			seqs = append(seqs, m["seq"].(float64))
		}
		cursor = r.Body["next_cursor"].(string)
		if r.Body["more"] != true {
			return ids, seqs, cursor
		}
	}
}

func TestSyncUploadDownload(t *testing.T) {
	a := newAPI(t)
	alice, _ := a.signup("sync-alice@example.com")
	bob, _ := a.signup("sync-bob@example.com")

	caps := a.do("GET", "/api/v1/sync/capabilities", alice, nil)
	a.want(caps, http.StatusOK, "")
	if caps.Body["protocol"].(float64) != api.SyncProtocol || caps.Body["max_batch"].(float64) != api.SyncMaxBatch {
		t.Fatalf("capabilities %s", caps.Raw)
	}
	a.want(a.do("GET", "/api/v1/sync/capabilities", "", nil), http.StatusUnauthorized, api.CodeUnauthorized)

	ids := newULIDs(7)
	var recs []any
	for i, id := range ids {
		recs = append(recs, syncRecord(id, i))
	}
	up := a.do("POST", "/api/v1/sync/records", alice, map[string]any{"device": "laptop", "records": recs})
	a.want(up, http.StatusOK, "")
	if up.Body["changed"].(float64) != 7 {
		t.Fatalf("first upload %s", up.Raw)
	}
	// Idempotent: the same batch again changes nothing and adds no row.
	again := a.do("POST", "/api/v1/sync/records", alice, map[string]any{"device": "laptop", "records": recs})
	a.want(again, http.StatusOK, "")
	if again.Body["changed"].(float64) != 0 {
		t.Fatalf("re-upload changed rows: %s", again.Raw)
	}
	var rows int
	if err := a.pool.QueryRow(context.Background(), `SELECT count(*) FROM sync_records`).Scan(&rows); err != nil || rows != 7 {
		t.Fatalf("%d rows after two uploads (%v), want 7", rows, err)
	}

	// Another device reads them in upload order, two at a time; the uploading device is skipped.
	got, seqs, cursor := a.download(alice, "", "desktop", 2)
	if fmt.Sprint(got) != fmt.Sprint(ids) {
		t.Fatalf("downloaded %v, want %v", got, ids)
	}
	for i := 1; i < len(seqs); i++ {
		if seqs[i] <= seqs[i-1] {
			t.Fatalf("seqs not increasing: %v", seqs)
		}
	}
	if mine, _, _ := a.download(alice, "", "laptop", 50); len(mine) != 0 {
		t.Fatalf("the uploading device got its own records back: %v", mine)
	}

	// An update to one record moves it after the cursor; nothing else comes again.
	changed := syncRecord(ids[2], 99)
	a.want(a.do("POST", "/api/v1/sync/records", alice, map[string]any{"device": "laptop", "records": []any{changed}}), http.StatusOK, "")
	got, _, cursor = a.download(alice, cursor, "desktop", 50)
	if len(got) != 1 || got[0] != ids[2] {
		t.Fatalf("after an update downloaded %v, want [%s]", got, ids[2])
	}

	// A delete becomes a tombstone that other devices see; it is idempotent.
	a.want(a.do("DELETE", "/api/v1/sync/records/"+ids[0]+"?device=laptop", alice, nil), http.StatusNoContent, "")
	a.want(a.do("DELETE", "/api/v1/sync/records/"+ids[0]+"?device=laptop", alice, nil), http.StatusNoContent, "")
	r := a.do("GET", "/api/v1/sync/records?cursor="+cursor, alice, nil)
	a.want(r, http.StatusOK, "")
	items := r.Body["records"].([]any)
	if len(items) != 1 || items[0].(map[string]any)["deleted"] != true || items[0].(map[string]any)["ciphertext"] != nil {
		t.Fatalf("after delete: %s", r.Raw)
	}
	// A stale upload cannot bring a deleted record back.
	a.want(a.do("POST", "/api/v1/sync/records", alice, map[string]any{"device": "laptop", "records": []any{syncRecord(ids[0], 5)}}), http.StatusOK, "")
	var deleted bool
	if err := a.pool.QueryRow(context.Background(), `SELECT deleted FROM sync_records WHERE id = $1`, ids[0]).Scan(&deleted); err != nil || !deleted {
		t.Fatalf("deleted record came back (%v)", err)
	}

	// No BOLA: Bob sees none of Alice's records, and his writes to her ids land in his own space.
	if theirs, _, _ := a.download(bob, "", "", 50); len(theirs) != 0 {
		t.Fatalf("bob downloaded alice's records: %v", theirs)
	}
	a.want(a.do("POST", "/api/v1/sync/records", bob, map[string]any{"device": "x", "records": []any{syncRecord(ids[1], 666)}}), http.StatusOK, "")
	a.want(a.do("DELETE", "/api/v1/sync/records/"+ids[3], bob, nil), http.StatusNoContent, "")
	var aliceCipher []byte
	var aliceDeleted bool
	if err := a.pool.QueryRow(context.Background(),
		`SELECT s.ciphertext, (SELECT deleted FROM sync_records x WHERE x.user_id = s.user_id AND x.id = $2)
		 FROM sync_records s JOIN users u ON u.id = s.user_id WHERE u.email = 'sync-alice@example.com' AND s.id = $1`,
		ids[1], ids[3]).Scan(&aliceCipher, &aliceDeleted); err != nil {
		t.Fatal(err)
	}
	if string(aliceCipher) != "sealed-1" || aliceDeleted {
		t.Fatalf("bob's writes reached alice's records: %q deleted=%v", aliceCipher, aliceDeleted)
	}
	if theirs, _, _ := a.download(bob, "", "", 50); len(theirs) != 2 {
		t.Fatalf("bob sees %d records, want his 2", len(theirs))
	}
}

func TestSyncValidation(t *testing.T) {
	a := newAPI(t)
	tok, _ := a.signup("sync-val@example.com")
	over := make([]any, api.SyncMaxBatch+1)
	for i, id := range newULIDs(len(over)) {
		over[i] = syncRecord(id, i)
	}
	a.want(a.do("POST", "/api/v1/sync/records", tok, map[string]any{"records": over}), http.StatusRequestEntityTooLarge, api.CodePayloadTooLarge)
	a.want(a.do("POST", "/api/v1/sync/records", tok, map[string]any{"records": over[:api.SyncMaxBatch]}), http.StatusOK, "")

	id := ulid.Make().String()
	bad := map[string]map[string]any{
		"not a ulid":      syncRecord("not-a-ulid", 1),
		"no ciphertext":   {"id": id, "created_at": time.Now(), "key_id": "k", "wrapped_key": []byte("w")},
		"no wrapped key":  {"id": id, "created_at": time.Now(), "key_id": "k", "ciphertext": []byte("c")},
		"no key id":       {"id": id, "created_at": time.Now(), "wrapped_key": []byte("w"), "ciphertext": []byte("c")},
		"no created_at":   {"id": id, "key_id": "k", "wrapped_key": []byte("w"), "ciphertext": []byte("c")},
		"huge ciphertext": {"id": id, "created_at": time.Now(), "key_id": "k", "wrapped_key": []byte("w"), "ciphertext": make([]byte, api.SyncMaxRecordBytes+1)},
	}
	for name, rec := range bad {
		t.Run(name, func(t *testing.T) {
			a.want(a.do("POST", "/api/v1/sync/records", tok, map[string]any{"records": []any{rec}}), http.StatusBadRequest, api.CodeValidation)
		})
	}
	a.want(a.do("POST", "/api/v1/sync/records", tok, map[string]any{"records": []any{syncRecord(id, 1), syncRecord(id, 2)}}), http.StatusBadRequest, api.CodeValidation)
	a.want(a.do("POST", "/api/v1/sync/records", tok, map[string]any{"records": []any{}}), http.StatusBadRequest, api.CodeValidation)
	for _, q := range []string{"cursor=-1", "cursor=abc", "limit=0", "limit=" + strconv.Itoa(api.SyncMaxPage+1)} {
		a.want(a.do("GET", "/api/v1/sync/records?"+q, tok, nil), http.StatusBadRequest, api.CodeValidation)
	}
	a.want(a.do("DELETE", "/api/v1/sync/records/nope", tok, nil), http.StatusNotFound, api.CodeNotFound)
}

func TestSyncKey(t *testing.T) {
	a := newAPI(t)
	tok, _ := a.signup("sync-key@example.com")
	other, _ := a.signup("sync-key-other@example.com")
	const scheme = "xchacha20poly1305-wrapped-v1"
	a.want(a.do("GET", "/api/v1/sync/key", tok, nil), http.StatusNotFound, api.CodeNotFound)
	a.want(a.do("PUT", "/api/v1/sync/key", tok, map[string]string{"key_id": "k1", "scheme": scheme}), http.StatusOK, "")
	// Setting the same first key again is fine; a different first key is a conflict.
	a.want(a.do("PUT", "/api/v1/sync/key", tok, map[string]string{"key_id": "k1", "scheme": scheme}), http.StatusOK, "")
	a.want(a.do("PUT", "/api/v1/sync/key", tok, map[string]string{"key_id": "k2", "scheme": scheme}), http.StatusConflict, api.CodeConflict)
	a.want(a.do("PUT", "/api/v1/sync/key", tok, map[string]string{"key_id": "k2", "previous_key_id": "k0", "scheme": scheme}), http.StatusConflict, api.CodeConflict)
	a.want(a.do("PUT", "/api/v1/sync/key", tok, map[string]string{"key_id": "k2", "scheme": "rot13"}), http.StatusBadRequest, api.CodeValidation)

	id := ulid.Make().String()
	a.want(a.do("POST", "/api/v1/sync/records", tok, map[string]any{"records": []any{syncRecord(id, 1)}}), http.StatusOK, "")
	rw := a.do("POST", "/api/v1/sync/rewrap", other, map[string]any{"key_id": "k2", "records": []any{map[string]any{"id": id, "wrapped_key": []byte("evil")}}})
	a.want(rw, http.StatusOK, "")
	if rw.Body["changed"].(float64) != 0 {
		t.Fatalf("another user rewrapped a record: %s", rw.Raw)
	}
	rw = a.do("POST", "/api/v1/sync/rewrap", tok, map[string]any{"key_id": "k2", "records": []any{map[string]any{"id": id, "wrapped_key": []byte("new")}}})
	a.want(rw, http.StatusOK, "")
	a.want(a.do("PUT", "/api/v1/sync/key", tok, map[string]string{"key_id": "k2", "previous_key_id": "k1", "scheme": scheme}), http.StatusOK, "")
	r := a.do("GET", "/api/v1/sync/records", tok, nil)
	rec := r.Body["records"].([]any)[0].(map[string]any)
	if rec["key_id"] != "k2" || rec["wrapped_key"] != "bmV3" || rec["ciphertext"] != "c2VhbGVkLTE" && rec["ciphertext"] != "c2VhbGVkLTE=" {
		t.Fatalf("after rewrap: %s", r.Raw)
	}
	if k := a.do("GET", "/api/v1/sync/key", tok, nil); k.Body["key_id"] != "k2" {
		t.Fatalf("key after rotation: %s", k.Raw)
	}
	a.want(a.do("GET", "/api/v1/sync/key", other, nil), http.StatusNotFound, api.CodeNotFound)
}
