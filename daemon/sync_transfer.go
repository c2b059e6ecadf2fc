package daemon

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/oklog/ulid/v2"

	"github.com/cmdai/cmdai/cloud/apitype"
	"github.com/cmdai/cmdai/cloud/client"
	"github.com/cmdai/cmdai/ipc"
	"github.com/cmdai/cmdai/seal"
	"github.com/cmdai/cmdai/store"
)

// push sends the outbox in batches, acknowledging each record only after the server stored it. A crash
// between the two sends the batch again, which the server treats as a no-op.
func (w *syncWorker) push(ctx context.Context, device string, key seal.Key) error {
	for {
		recs, err := w.store.Outbox.Pending(ctx, w.batch)
		if err != nil {
			return err
		}
		if len(recs) == 0 {
			return nil
		}
		wire := make([]apitype.SyncRecord, 0, len(recs))
		for _, r := range recs {
			rec, ok, err := w.wireRecord(ctx, r, key)
			if err != nil {
				return err
			}
			if ok {
				wire = append(wire, rec)
			}
		}
		if len(wire) > 0 {
			if _, err := w.cl.Push(ctx, device, wire); err != nil {
				for _, r := range recs {
					if ferr := w.store.Outbox.Fail(context.WithoutCancel(ctx), r, err); ferr != nil {
						w.log.Warn("note a failed push", "err", ferr)
					}
				}
				return err
			}
		}
		for _, r := range recs {
			if err := w.store.Outbox.Ack(ctx, r); err != nil {
				return err
			}
		}
		w.update(func(st *ipc.SyncStatus) { st.Pushed += len(wire); st.LastPush = time.Now() })
	}
}

// wireRecord seals the entry an outbox record names. An upsert of an entry that is gone (pruned since)
// has nothing to send: ok is false and the record is acknowledged.
func (w *syncWorker) wireRecord(ctx context.Context, r store.OutboxRecord, key seal.Key) (apitype.SyncRecord, bool, error) {
	id := r.EntryID.String()
	if r.Op == store.OpDelete {
		return apitype.SyncRecord{ID: id, CreatedAt: time.Now().UTC(), Deleted: true}, true, nil
	}
	e, err := w.store.History.Get(ctx, r.EntryID)
	if errors.Is(err, store.ErrNotFound) {
		return apitype.SyncRecord{}, false, nil
	}
	if err != nil {
		return apitype.SyncRecord{}, false, err
	}
	plain, err := json.Marshal(e)
	if err != nil {
		return apitype.SyncRecord{}, false, fmt.Errorf("encode history entry: %w", err)
	}
	rec, err := client.SealRecord(key, id, e.Created, e.Risk, plain)
	return rec, err == nil, err
}

// pull stores what other machines wrote since the saved cursor, page by page, saving the cursor after
// each page so that a restart resumes where it stopped. A record that fails decryption is reported and
// skipped, never stored.
func (w *syncWorker) pull(ctx context.Context, creds client.Credentials, device string, key seal.Key) error {
	cursorKey := "sync.cursor." + creds.Server + "|" + creds.UserID
	cursor := ""
	if b, err := w.store.Settings.Get(ctx, cursorKey); err == nil {
		cursor = string(b)
	} else if !errors.Is(err, store.ErrNotFound) {
		return err
	}
	for {
		page, err := w.cl.Pull(ctx, cursor, device, pullPage)
		if err != nil {
			return err
		}
		pulled, rejected := 0, 0
		for _, rec := range page.Records {
			ok, err := w.apply(ctx, key, rec)
			if err != nil {
				return err
			}
			if ok {
				pulled++
			} else {
				rejected++
			}
		}
		if page.NextCursor != "" && page.NextCursor != cursor {
			if err := w.store.Settings.Set(ctx, cursorKey, []byte(page.NextCursor)); err != nil {
				return err
			}
			cursor = page.NextCursor
		}
		w.update(func(st *ipc.SyncStatus) { st.Pulled += pulled; st.Rejected += rejected; st.LastPull = time.Now() })
		if !page.More {
			return nil
		}
	}
}

// apply stores one pulled record; ok is false when it was rejected.
func (w *syncWorker) apply(ctx context.Context, key seal.Key, rec apitype.SyncRecord) (bool, error) {
	id, err := ulid.ParseStrict(rec.ID)
	if err != nil {
		w.reject(rec, fmt.Errorf("bad id: %w", err))
		return false, nil
	}
	if rec.Deleted {
		return true, w.store.History.DeleteSynced(ctx, id)
	}
	if rec.KeyID != key.ID() {
		// Sealed after a key rotation on another machine: stop here, before the cursor passes it.
		w.verified = ""
		return false, errKeyChanged
	}
	plain, err := client.OpenRecord(key, rec)
	if err != nil {
		w.reject(rec, err)
		return false, nil
	}
	var e store.Entry
	if err := json.Unmarshal(plain, &e); err != nil || e.ID != id {
		w.reject(rec, errors.New("the decrypted entry does not match its record"))
		return false, nil
	}
	_, err = w.store.History.PutSynced(ctx, e)
	return true, err
}

var errKeyChanged = errors.New("the account's sync key changed on another machine: run 'cmdai auth login' and enter the new recovery phrase")

func (w *syncWorker) reject(rec apitype.SyncRecord, err error) {
	msg := fmt.Sprintf("record %s from the cloud was rejected and not stored: %v", rec.ID, err)
	w.log.Error("rejected a synced record", "id", rec.ID, "err", err)
	w.rejectedRound = true
	w.update(func(st *ipc.SyncStatus) { st.LastError, st.ErrorAt = msg, time.Now() })
}
