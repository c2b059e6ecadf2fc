package audit

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/cmdai/cmdai/cloud/pgstore"
)

// acquirer hands out a pool's connections: a *pgxpool.Pool.
type acquirer interface {
	Acquire(ctx context.Context) (*pgxpool.Conn, error)
}

// appendPipelined appends events in one transaction: BEGIN with every chain's lock and head read, then
// the inserts with COMMIT, two round trips. When heads holds every chain's head as this writer last
// committed it, it all goes in one round trip, with a check that each head is still the one known: had
// another writer appended since (or events been cut from the end), the check fails, the transaction
// rolls back, and the caller tries again reading the heads. It is AppendAll in a
// transaction of its own, for Record's groups; heads is updated with what it committed. The changes
// (RecordWith's) go in the same transaction, before the events.
func appendPipelined(ctx context.Context, db acquirer, changes []Change, events []Event, heads map[string]pgstore.AuditLink) (err error) {
	out := make([]Event, len(events))
	details := make([][]byte, len(events))
	for i := range events {
		out[i] = events[i]
		if details[i], err = out[i].normalize(); err != nil {
			return err
		}
	}
	// Chains in one order (as AppendAll takes them), each chain's events in the order given.
	var chains []string
	byChain := map[string][]int{}
	for i := range out {
		c := strings.ToLower(out[i].ChainID())
		if _, ok := byChain[c]; !ok {
			chains = append(chains, c)
		}
		byChain[c] = append(byChain[c], i)
	}
	slices.Sort(chains)

	conn, err := db.Acquire(ctx)
	if err != nil {
		return err
	}
	defer conn.Release()
	inTx := false
	defer func() {
		if err != nil && inTx {
			// Leave the connection clean for the pool; a connection that cannot is closed.
			if _, rerr := conn.Exec(context.WithoutCancel(ctx), "ROLLBACK"); rerr != nil {
				_ = conn.Conn().Close(context.WithoutCancel(ctx))
			}
		}
	}()

	cached := true
	for _, c := range chains {
		if _, ok := heads[c]; !ok {
			cached = false
		}
	}
	b := &pgx.Batch{}
	b.Queue("BEGIN")
	if cached {
		for _, c := range chains {
			pgstore.QueueAuditChainLockAt(b, c, lockKey(c), heads[c].EventHash)
		}
	} else {
		for _, c := range chains {
			pgstore.QueueAuditChainLock(b, c, lockKey(c))
		}
		res := conn.SendBatch(ctx, b)
		inTx = true
		_, err = res.Exec()
		for _, c := range chains {
			if err != nil {
				break
			}
			var head pgstore.AuditLink
			head, err = pgstore.ReadAuditChainLock(res)
			heads[c] = head
		}
		if cerr := res.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			for _, c := range chains {
				delete(heads, c)
			}
			return fmt.Errorf("lock the audit chains: %w", err)
		}
		b = &pgx.Batch{}
	}

	now := clock().UTC().Truncate(time.Microsecond)
	var rows []pgstore.AuditEvent
	for _, c := range chains {
		seq, prev := heads[c].Seq, heads[c].EventHash
		if prev == "" {
			prev = zeroHash
		}
		for _, i := range byChain[c] {
			e := &out[i]
			seq++
			e.Seq, e.PreviousHash, e.CreatedAt = seq, prev, now
			if e.Hash, err = eventHash(*e, details[i]); err != nil {
				return err
			}
			prev = e.Hash
			rows = append(rows, pgstore.AuditEvent{Seq: e.Seq, OrgID: optional(e.OrgID),
				UserID: optional(e.UserID), Action: e.Action, ResourceType: e.ResourceType, ResourceID: e.ResourceID,
				Status: e.Status, DurationMS: e.DurationMS, IPAddress: e.IP, UserAgent: e.UserAgent, Details: details[i],
				CreatedAt: e.CreatedAt, PreviousHash: e.PreviousHash, EventHash: e.Hash})
		}
	}
	for _, change := range changes {
		change(b)
	}
	pgstore.QueueAuditEvents(b, rows)
	b.Queue("COMMIT")
	inTx = true
	err = conn.SendBatch(ctx, b).Close()
	for _, c := range chains {
		delete(heads, c)
	}
	if err != nil {
		if cached {
			return fmt.Errorf("append the audit events: %w: %w", err, errStaleHead)
		}
		return fmt.Errorf("append the audit events: %w", err)
	}
	inTx = false
	for _, c := range chains {
		last := out[byChain[c][len(byChain[c])-1]]
		heads[c] = pgstore.AuditLink{Seq: last.Seq, EventHash: last.Hash}
	}
	return nil
}

// errStaleHead is a group sent with the chains' heads this writer knew, which failed: another writer
// may have appended since, so it is tried again reading the heads.
var errStaleHead = errors.New("a chain's head moved")
