package store

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/oklog/ulid/v2"
)

func openTest(t testing.TB, dir string) *Store {
	t.Helper()
	s, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestHistoryRoundTripAndReopen(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	e, err := s.History.Add(ctx, Entry{Prompt: "list big files", Command: "du -ah . | sort -rh | head", Risk: "safe",
		Findings: []Finding{{Rule: "r", Risk: "moderate", Message: "m", Start: 1, End: 2}}, Backend: "offline", Cwd: "/tmp", Shell: "bash"})
	if err != nil {
		t.Fatal(err)
	}
	if e.ID == (ulid.ULID{}) || e.Created.IsZero() {
		t.Fatalf("Add did not assign id and time: %+v", e)
	}
	if _, err := s.History.SetExit(ctx, e.ID, Ran{Code: 3, Took: 1500 * time.Millisecond}); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	s = openTest(t, dir)
	if s.History.Len() != 1 {
		t.Fatalf("Len after reopen = %d", s.History.Len())
	}
	got, err := s.History.Get(ctx, e.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !got.Executed || got.ExitCode != 3 || got.Duration != 1500*time.Millisecond || got.Prompt != e.Prompt ||
		len(got.Findings) != 1 || got.Findings[0].End != 2 {
		t.Fatalf("got %+v", got)
	}
	// An edited command that ran replaces the answer, in the entry and in searches.
	edited, err := s.History.SetExit(ctx, e.ID, Ran{Code: 1, Took: time.Second, Command: "du -ah . | sort -h | tail", Risk: "moderate"})
	if err != nil || edited.Command != "du -ah . | sort -h | tail" || edited.Risk != "moderate" || len(edited.Findings) != 0 ||
		edited.ExitCode != 1 || edited.Prompt != e.Prompt {
		t.Fatalf("edited run: %+v, %v", edited, err)
	}
	if list, err := s.History.List(ctx, Query{Search: "tail"}); err != nil || len(list) != 1 || list[0].Command != edited.Command {
		t.Fatalf("search for the edit = %+v, %v", list, err)
	}
	if list, err := s.History.List(ctx, Query{Search: "head"}); err != nil || len(list) != 0 {
		t.Fatalf("search for the replaced answer = %+v, %v", list, err)
	}
	list, err := s.History.List(ctx, Query{Search: "sort"})
	if err != nil || len(list) != 1 || list[0].ID != e.ID || list[0].Count != 1 {
		t.Fatalf("search after reopen = %+v, %v", list, err)
	}
	if err := s.History.Delete(ctx, e.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.History.Get(ctx, e.ID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Get after delete: %v", err)
	}
	if err := s.History.Delete(ctx, e.ID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("second delete: %v", err)
	}
	if _, err := s.History.SetExit(ctx, e.ID, Ran{}); !errors.Is(err, ErrNotFound) {
		t.Fatalf("SetExit on a deleted entry: %v", err)
	}
	if list, _ := s.History.List(ctx, Query{Search: "sort"}); len(list) != 0 {
		t.Fatalf("deleted entry still found: %+v", list)
	}
}

func TestSecondOpenOfTheSameDirectoryFails(t *testing.T) {
	dir := t.TempDir()
	openTest(t, dir)
	if s, err := Open(dir, Options{}); err == nil {
		s.Close()
		t.Fatal("a second Open of the same directory succeeded")
	}
}

func TestOutboxKeepsOneRecordPerEntryAndAcksOnlyItsChange(t *testing.T) {
	ctx := context.Background()
	s := openTest(t, t.TempDir())
	a, _ := s.History.Add(ctx, Entry{Prompt: "a", Command: "echo a"})
	b, _ := s.History.Add(ctx, Entry{Prompt: "b", Command: "echo b"})
	recs, err := s.Outbox.Pending(ctx, 10)
	if err != nil || len(recs) != 2 || recs[0].EntryID != a.ID || recs[0].Op != OpUpsert {
		t.Fatalf("pending = %+v, %v", recs, err)
	}
	// The entry changes while a push of its first state is in flight: the ack must not drop the change.
	if _, err := s.History.SetExit(ctx, a.ID, Ran{Took: time.Second}); err != nil {
		t.Fatal(err)
	}
	if err := s.Outbox.Ack(ctx, recs[0]); err != nil {
		t.Fatal(err)
	}
	if err := s.Outbox.Fail(ctx, recs[1], errors.New("offline")); err != nil {
		t.Fatal(err)
	}
	if err := s.History.Delete(ctx, b.ID); err != nil {
		t.Fatal(err)
	}
	recs, _ = s.Outbox.Pending(ctx, 10)
	if len(recs) != 2 || recs[0].EntryID != a.ID || recs[1].Op != OpDelete || recs[1].Attempts != 0 {
		t.Fatalf("pending after changes = %+v", recs)
	}
	for _, r := range recs {
		if err := s.Outbox.Ack(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	if recs, _ = s.Outbox.Pending(ctx, 10); len(recs) != 0 {
		t.Fatalf("acked records remain: %+v", recs)
	}
}

func TestPatternsAndSettings(t *testing.T) {
	ctx := context.Background()
	s := openTest(t, t.TempDir())
	if err := s.Patterns.Replace(ctx, []Pattern{{ID: "2", Prompt: "deploy", Command: "make deploy"}, {ID: "1", Prompt: "test", Command: "make test"}}); err != nil {
		t.Fatal(err)
	}
	if err := s.Patterns.Replace(ctx, []Pattern{{ID: "3", Prompt: "lint", Command: "make lint"}}); err != nil {
		t.Fatal(err)
	}
	ps, err := s.Patterns.List(ctx)
	if err != nil || len(ps) != 1 || ps[0].Command != "make lint" {
		t.Fatalf("patterns = %+v, %v", ps, err)
	}
	if err := s.Patterns.Replace(ctx, []Pattern{{Prompt: "no id"}}); err == nil {
		t.Fatal("a pattern without an id was accepted")
	}
	if _, err := s.Settings.Get(ctx, "cursor"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("missing setting: %v", err)
	}
	if err := s.Settings.Set(ctx, "cursor", []byte("42")); err != nil {
		t.Fatal(err)
	}
	if v, err := s.Settings.Get(ctx, "cursor"); err != nil || string(v) != "42" {
		t.Fatalf("setting = %q, %v", v, err)
	}
}

func TestPruneDeletesOnlyOldEntries(t *testing.T) {
	ctx := context.Background()
	s := openTest(t, t.TempDir())
	now := time.Now()
	for i := range 10 {
		if _, err := s.History.Add(ctx, Entry{Prompt: "p", Command: fmt.Sprintf("echo %d", i), Created: now.Add(-time.Duration(i) * 24 * time.Hour)}); err != nil {
			t.Fatal(err)
		}
	}
	n, err := s.History.Prune(ctx, now.Add(-4*24*time.Hour-time.Hour))
	if err != nil || n != 5 {
		t.Fatalf("pruned %d, %v; want 5", n, err)
	}
	list, _ := s.History.List(ctx, Query{Limit: 100})
	if len(list) != 5 || s.History.Len() != 5 {
		t.Fatalf("left %d entries", len(list))
	}
	for i, e := range list {
		if e.Command != fmt.Sprintf("echo %d", i) {
			t.Fatalf("list[%d] = %q: want newest first", i, e.Command)
		}
	}
	s.maintainOnce(ctx, 2*24*time.Hour+time.Hour)
	if s.History.Len() != 3 {
		t.Fatalf("maintenance left %d entries, want 3", s.History.Len())
	}
}
