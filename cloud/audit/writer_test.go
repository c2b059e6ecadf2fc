package audit_test

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/cmdai/cmdai/cloud/audit"
	"github.com/cmdai/cmdai/cloud/internal/testdb"
)

// Two writers of one chain (two pools, as two replicas have), taking turns: each one's knowledge of
// the chain's head goes stale at every turn of the other, and the chain stays linear and gap-free.
func TestWritersWithStaleHeadsKeepTheChainLinear(t *testing.T) {
	pool := testdb.New(t)
	ctx := context.Background()
	other := testdb.Another(t, pool)
	org := newOrg(t, pool, "A")
	for i := range 20 {
		db := pool
		if i%3 == 2 {
			db = other
		}
		if err := audit.Record(ctx, db, event(org, "turn", i), event(org, "turn", 100+i)); err != nil {
			t.Fatalf("turn %d: %v", i, err)
		}
	}
	if rep := verify(t, pool, org); !rep.Intact || rep.Events != 40 {
		t.Fatalf("after 20 turns of two writers: %+v", rep)
	}
}

// RecordWith's writes commit with their events, in groups: a write that fails (its key is taken) fails
// its own call alone, and neither its row nor its event is kept, while the rest of its group's are.
func TestRecordWithCommitsEachWriteWithItsEvents(t *testing.T) {
	pool := testdb.New(t)
	ctx := context.Background()
	org := newOrg(t, pool, "A")
	if _, err := pool.Exec(ctx, `CREATE TABLE scratch (k int PRIMARY KEY); INSERT INTO scratch VALUES (3), (7)`); err != nil {
		t.Fatal(err)
	}
	// While a transaction holds the table, the first call's group waits on its insert and the others
	// queue up behind it: they go as one group, two of whose writes fail.
	hold, err := pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := hold.Exec(ctx, `LOCK TABLE scratch IN EXCLUSIVE MODE`); err != nil {
		t.Fatal(err)
	}
	const calls = 16
	errs := make([]error, calls)
	got := make([]int, calls)
	var wg sync.WaitGroup
	call := func(i int) {
		defer wg.Done()
		errs[i] = audit.RecordWith(ctx, pool, func(b *pgx.Batch) {
			b.Queue(`INSERT INTO scratch VALUES ($1) RETURNING k`, i).QueryRow(func(row pgx.Row) error { return row.Scan(&got[i]) })
		}, event(org, "write", i))
	}
	wg.Add(1)
	go call(0)
	time.Sleep(200 * time.Millisecond)
	for i := 1; i < calls; i++ {
		wg.Add(1)
		go call(i)
	}
	time.Sleep(200 * time.Millisecond)
	if err := hold.Rollback(ctx); err != nil {
		t.Fatal(err)
	}
	wg.Wait()
	for i, err := range errs {
		taken := i == 3 || i == 7
		var pgErr *pgconn.PgError
		switch {
		case taken && (!errors.As(err, &pgErr) || pgErr.Code != "23505"):
			t.Errorf("call %d, whose key is taken: %v, want a unique violation", i, err)
		case !taken && err != nil:
			t.Errorf("call %d: %v", i, err)
		case !taken && got[i] != i:
			t.Errorf("call %d: the write's result was not read back (%d)", i, got[i])
		}
	}
	var rows int
	if err := pool.QueryRow(ctx, `SELECT count(*) FROM scratch`).Scan(&rows); err != nil {
		t.Fatal(err)
	}
	if rep := verify(t, pool, org); !rep.Intact || rep.Events != calls-2 || rows != calls {
		t.Fatalf("after %d calls, 2 of them refused: %d rows (want %d), chain %+v (want %d events)", calls, rows, calls, rep, calls-2)
	}
}

// Many callers, two writers on one chain, and writes that fail now and then: every call that succeeded
// has its row and its event, none that failed has either, and the chain is linear.
func TestGroupsUnderContention(t *testing.T) {
	pool := testdb.New(t)
	ctx := context.Background()
	other := testdb.Another(t, pool)
	org := newOrg(t, pool, "A")
	if _, err := pool.Exec(ctx, `CREATE TABLE scratch (k int PRIMARY KEY)`); err != nil {
		t.Fatal(err)
	}
	const writers, calls = 6, 40
	var ok, failed atomic.Int64
	var wg sync.WaitGroup
	for w := range writers {
		db := pool
		if w%3 == 2 {
			db = other // another replica's writer, whose heads go stale at every turn of the first
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range calls {
				k := w*calls + i
				if i%7 == 3 {
					k = -1 // taken after its first use: later ones conflict
				}
				err := audit.RecordWith(ctx, db, func(b *pgx.Batch) {
					b.Queue(`INSERT INTO scratch VALUES ($1)`, k)
				}, event(org, "write", k))
				if err != nil {
					failed.Add(1)
				} else {
					ok.Add(1)
				}
			}
		}()
	}
	wg.Wait()
	var rows int64
	if err := pool.QueryRow(ctx, `SELECT count(*) FROM scratch`).Scan(&rows); err != nil {
		t.Fatal(err)
	}
	rep := verify(t, pool, org)
	if !rep.Intact || int64(rep.Events) != ok.Load() || rows != ok.Load() || failed.Load() == 0 {
		t.Fatalf("%d calls succeeded, %d failed: %d rows, chain %+v", ok.Load(), failed.Load(), rows, rep)
	}
}
