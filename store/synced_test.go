package store

import (
	"context"
	"testing"
	"time"

	"github.com/oklog/ulid/v2"
)

func TestPutSyncedDoesNotQueue(t *testing.T) {
	ctx := context.Background()
	s, err := Open(t.TempDir(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	remote := Entry{ID: ulid.Make(), Prompt: "list files", Command: "ls -la", Risk: "safe", Created: time.Now()}
	if ok, err := s.History.PutSynced(ctx, remote); err != nil || !ok {
		t.Fatalf("PutSynced = %v, %v", ok, err)
	}
	if n, _ := s.Outbox.Len(ctx); n != 0 {
		t.Fatalf("a synced entry was queued: outbox has %d", n)
	}
	if got, _ := s.History.List(ctx, Query{Search: "list files"}); len(got) != 1 || got[0].Command != "ls -la" {
		t.Fatalf("synced entry not searchable: %+v", got)
	}
	// An update replaces it in the index instead of adding a second slot.
	remote.Executed, remote.ExitCode = true, 2
	if ok, err := s.History.PutSynced(ctx, remote); err != nil || !ok {
		t.Fatalf("PutSynced update = %v, %v", ok, err)
	}
	if s.History.Len() != 1 {
		t.Fatalf("history has %d entries after an update", s.History.Len())
	}

	// A local change waiting to be pushed wins over what the cloud says.
	local, err := s.History.Add(ctx, Entry{Prompt: "p", Command: "pwd"})
	if err != nil {
		t.Fatal(err)
	}
	if ok, _ := s.History.PutSynced(ctx, Entry{ID: local.ID, Prompt: "p", Command: "rm -rf /"}); ok {
		t.Fatal("PutSynced overwrote an entry with a pending local change")
	}
	if n, _ := s.Outbox.Len(ctx); n != 1 {
		t.Fatalf("outbox has %d, want 1", n)
	}

	// A deletion from another machine removes the entry and its pending change, and tolerates repeats.
	if err := s.History.DeleteSynced(ctx, local.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.History.DeleteSynced(ctx, local.ID); err != nil {
		t.Fatal(err)
	}
	if n, _ := s.Outbox.Len(ctx); n != 0 || s.History.Len() != 1 {
		t.Fatalf("after delete: outbox %d, history %d", n, s.History.Len())
	}
}
