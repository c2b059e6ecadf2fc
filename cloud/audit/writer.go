package audit

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/cmdai/cmdai/cloud/pgstore"
)

// maxGroup bounds how many calls' events one transaction of a writer takes.
const maxGroup = 256

// flushTimeout bounds one group's transaction: its callers may have gone, but the group's other events
// still need it to end.
const flushTimeout = 30 * time.Second

// writer appends the events of concurrent Record calls on one database in shared transactions. A call
// queues its events and waits; while one group's transaction runs, the calls that arrive queue up and
// go together in the next. No timer holds events back: a lone call is written at once, and a group is
// as large as the calls that arrived during the previous transaction.
type writer struct {
	db Beginner

	mu      sync.Mutex
	queue   []*pendingCall
	running bool // a flush goroutine is draining the queue

	// heads are the chains' heads as this writer last committed them; only the flush goroutine
	// running (one at a time, ordered by mu) uses it.
	heads map[string]pgstore.AuditLink
}

type pendingCall struct {
	events []Event
	change Change     // nil for events alone
	done   chan error // buffered: the flusher never waits for a caller
}

// writers holds one writer per database handle (a pool), made at its first Record.
var writers sync.Map // Beginner → *writer

func writerFor(db Beginner) *writer {
	if w, ok := writers.Load(db); ok {
		return w.(*writer)
	}
	w, _ := writers.LoadOrStore(db, &writer{db: db})
	return w.(*writer)
}

// record queues the events and waits until their transaction ends, or ctx does. A call whose ctx ends
// first returns ctx's error: its events may still be written, and the operation is then not confirmed.
func (w *writer) record(ctx context.Context, change Change, events []Event) error {
	p := &pendingCall{events: events, change: change, done: make(chan error, 1)}
	w.mu.Lock()
	w.queue = append(w.queue, p)
	start := !w.running
	w.running = true
	w.mu.Unlock()
	if start {
		// The flusher ends when it finds the queue empty; the next call starts another.
		go w.flush()
	}
	select {
	case err := <-p.done:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// flush writes queued groups, one transaction each, until the queue is empty.
func (w *writer) flush() {
	for {
		w.mu.Lock()
		n := min(len(w.queue), maxGroup)
		if n == 0 {
			w.running = false
			w.mu.Unlock()
			return
		}
		group := w.queue[:n:n]
		w.queue = w.queue[n:]
		w.mu.Unlock()

		var (
			events  []Event
			changes []Change
		)
		for _, p := range group {
			events = append(events, p.events...)
			if p.change != nil {
				changes = append(changes, p.change)
			}
		}
		ctx, cancel := context.WithTimeout(context.Background(), flushTimeout)
		var err error
		if pool, ok := w.db.(acquirer); ok {
			if w.heads == nil {
				w.heads = map[string]pgstore.AuditLink{}
			}
			err = appendPipelined(ctx, pool, changes, events, w.heads)
			if errors.Is(err, errStaleHead) {
				err = appendPipelined(ctx, pool, changes, events, w.heads) // the heads are read this time
			}
		} else {
			err = w.inTx(ctx, changes, events)
		}
		if err != nil && len(changes) > 0 && len(group) > 1 {
			// One call's change that fails (a conflict) fails the group's transaction: each call then
			// goes in a transaction of its own, so that only its own change fails it.
			for _, p := range group {
				var own []Change
				if p.change != nil {
					own = []Change{p.change}
				}
				p.done <- w.inTx(ctx, own, p.events)
			}
			cancel()
			continue
		}
		cancel()
		for _, p := range group {
			p.done <- err
		}
	}
}

// inTx writes changes, then events, in one transaction of their own: a group's on a handle that is not
// a pool, or one call's when its group failed.
func (w *writer) inTx(ctx context.Context, changes []Change, events []Event) error {
	return pgx.BeginFunc(ctx, w.db, func(tx pgx.Tx) error {
		if len(changes) > 0 {
			b := &pgx.Batch{}
			for _, change := range changes {
				change(b)
			}
			if err := tx.SendBatch(ctx, b).Close(); err != nil {
				return err
			}
		}
		_, err := AppendAll(ctx, tx, events)
		return err
	})
}
