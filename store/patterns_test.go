package store

import (
	"context"
	"encoding/json"
	"errors"
	"testing"

	"github.com/dgraph-io/badger/v4"
)

func names(ps []Pattern) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Name+"/"+p.Source)
	}
	return out
}

// Local patterns live beside the team's: sync replaces the team's and keeps the person's own, and use
// counts survive both a sync and a reopen.
func TestPatternsLocalBesideTeam(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	logs, err := s.Patterns.Save(ctx, Pattern{Name: " tail logs ", Command: "tail -n ${lines} ${file}",
		Params: []Param{{Name: "lines", Type: "int", Default: "50"}, {Name: "file", Type: "path"}},
		Tags:   []string{"Logs", "logs", " "}, Description: "the end of a log"})
	if err != nil {
		t.Fatal(err)
	}
	if logs.ID == "" || logs.Name != "tail logs" || logs.Source != SourceLocal || len(logs.Tags) != 1 || logs.Tags[0] != "logs" {
		t.Fatalf("saved %+v", logs)
	}
	if err := s.Patterns.Replace(ctx, []Pattern{{ID: "t1", Name: "deploy", Command: "make deploy ENV=${env}", Team: "ops"}}); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if _, err := s.Patterns.Use(ctx, "t1"); err != nil {
			t.Fatal(err)
		}
	}
	if p, err := s.Patterns.Use(ctx, logs.ID); err != nil || p.Uses != 1 {
		t.Fatalf("use = %+v, %v", p, err)
	}
	got, err := s.Patterns.Search(ctx, "", 0)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"deploy/team", "tail logs/local"}; !equal(names(got), want) || got[0].Uses != 2 {
		t.Fatalf("search = %v (%+v), want %v, most used first", names(got), got, want)
	}
	if err := s.Patterns.Replace(ctx, []Pattern{{ID: "t2", Name: "restart", Command: "systemctl restart ${unit}"}}); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s = openTest(t, dir)
	got, err = s.Patterns.Search(ctx, "", 0)
	if want := []string{"tail logs/local", "restart/team"}; err != nil || !equal(names(got), want) || got[0].Uses != 1 {
		t.Fatalf("after sync and reopen = %v, %v; want %v", names(got), err, want)
	}
}

func TestPatternsSearchSaveDelete(t *testing.T) {
	ctx := context.Background()
	s := openTest(t, t.TempDir())
	a, err := s.Patterns.Save(ctx, Pattern{Name: "big files", Command: "du -ah ${dir} | sort -rh | head -n ${n}", Tags: []string{"disk"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Patterns.Save(ctx, Pattern{Name: "ports", Command: "ss -ltnp", Description: "listening sockets"}); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		q    string
		want []string
	}{
		{"DISK", []string{"big files/local"}},
		{"sort head", []string{"big files/local"}},
		{"listening", []string{"ports/local"}},
		{"nothing like it", nil},
	} {
		got, err := s.Patterns.Search(ctx, tt.q, 0)
		if err != nil || !equal(names(got), tt.want) {
			t.Errorf("search %q = %v, %v; want %v", tt.q, names(got), err, tt.want)
		}
	}
	// Saving under the same name replaces, keeping the id.
	b, err := s.Patterns.Save(ctx, Pattern{Name: "Big Files", Command: "du -h ${dir}"})
	if err != nil || b.ID != a.ID {
		t.Fatalf("resave = %+v, %v; want id %s", b, err, a.ID)
	}
	if got, _ := s.Patterns.Get(ctx, a.ID); got.Command != "du -h ${dir}" {
		t.Fatalf("get after resave = %+v", got)
	}
	for _, bad := range []Pattern{
		{Name: "", Command: "ls"},
		{Name: "x", Command: "  "},
		{Name: "x", Command: "ls ${a b}", Params: []Param{{Name: "a b"}}},
		{Name: "x", Command: "ls ${a}", Params: []Param{{Name: "a", Type: "float"}}},
		{Name: "x", Command: "ls ${a}", Params: []Param{{Name: "a"}, {Name: "a"}}},
		{Name: "x", Command: "ls ${a}", Params: []Param{{Name: "a"}, {Name: "b"}}},
		{Name: "x", Command: "ls ${DIR}", Params: []Param{{Name: "DIR", Type: "path"}}},
		{Name: "x", Command: "head -n ${n}", Params: []Param{{Name: "n", Type: "int", Default: "ten"}}},
	} {
		if _, err := s.Patterns.Save(ctx, bad); !errors.Is(err, ErrInvalid) {
			t.Errorf("save %+v = %v, want ErrInvalid", bad, err)
		}
	}
	if _, err := s.Patterns.Save(ctx, Pattern{ID: "01ARZ3NDEKTSV4RRFFQ69G5FAV", Name: "x", Command: "ls"}); !errors.Is(err, ErrNotFound) {
		t.Errorf("save with an unknown id = %v, want ErrNotFound", err)
	}
	if err := s.Patterns.Replace(ctx, []Pattern{{ID: "t1", Name: "team one", Command: "true"}}); err != nil {
		t.Fatal(err)
	}
	if err := s.Patterns.Delete(ctx, "t1"); !errors.Is(err, ErrInvalid) {
		t.Errorf("delete a team pattern = %v, want ErrInvalid", err)
	}
	if err := s.Patterns.Delete(ctx, a.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.Patterns.Delete(ctx, a.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("delete twice = %v, want ErrNotFound", err)
	}
	if _, err := s.Patterns.Use(ctx, a.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("use a deleted pattern = %v, want ErrNotFound", err)
	}
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestTeamUsesQueueForTheCloud: using a team pattern queues one use for the cloud's count, durably and in
// order; a local pattern's use does not, nor does a team pattern cached before team ids were kept.
func TestTeamUsesQueueForTheCloud(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s := openTest(t, dir)
	if err := s.Patterns.Replace(ctx, []Pattern{{ID: "t1", Name: "deploy", Command: "make deploy", Team: "Ops", TeamID: "team-1"},
		{ID: "t2", Name: "old", Command: "uptime", Team: "Ops"}}); err != nil {
		t.Fatal(err)
	}
	local, err := s.Patterns.Save(ctx, Pattern{Name: "mine", Command: "ls"})
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"t1", local.ID, "t2", "t1"} {
		if _, err := s.Patterns.Use(ctx, id); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s = openTest(t, dir)
	uses, err := s.Patterns.PendingUses(ctx, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(uses) != 2 || uses[0].TeamID != "team-1" || uses[0].PatternID != "t1" || uses[1].PatternID != "t1" ||
		uses[0].ID.Compare(uses[1].ID) >= 0 {
		t.Fatalf("pending uses = %+v, want two of t1 in team-1, oldest first", uses)
	}
	if got, _ := s.Patterns.PendingUses(ctx, 1); len(got) != 1 {
		t.Errorf("limit 1 gave %d", len(got))
	}
	if err := s.Patterns.UseCounted(ctx, uses[0].ID); err != nil {
		t.Fatal(err)
	}
	if left, _ := s.Patterns.PendingUses(ctx, 10); len(left) != 1 || left[0].ID != uses[1].ID {
		t.Fatalf("after one was counted: %+v", left)
	}
	if p, _ := s.Patterns.Get(ctx, "t1"); p.Uses != 2 || p.TeamID != "team-1" {
		t.Errorf("t1 = %+v: the local count and the team id stay", p)
	}
}

// A pattern's stored JSON keeps its shape: records written before parameters had descriptions or bool
// types load as they were, and a saved parameter is written as it always was.
func TestPatternsStoredShape(t *testing.T) {
	ctx := context.Background()
	s := openTest(t, t.TempDir())
	const old = `{"id":"01ARZ3NDEKTSV4RRFFQ69G5FAV","name":"tail logs","command":"tail -n ${lines} ${file} > ${HOME}/out",` +
		`"params":[{"name":"lines","type":"int","default":"50"},{"name":"file"}],"tags":["logs"],"updated":"2024-05-01T10:00:00Z"}`
	if err := s.db.Update(func(txn *badger.Txn) error {
		return txn.Set(localPatternKey("01ARZ3NDEKTSV4RRFFQ69G5FAV"), []byte(old))
	}); err != nil {
		t.Fatal(err)
	}
	p, err := s.Patterns.Get(ctx, "01ARZ3NDEKTSV4RRFFQ69G5FAV")
	if err != nil || len(p.Params) != 2 || p.Params[0] != (Param{Name: "lines", Type: "int", Default: "50"}) || p.Params[1] != (Param{Name: "file"}) {
		t.Fatalf("old record = %+v, %v", p, err)
	}
	saved, err := s.Patterns.Save(ctx, Pattern{Name: "deploy", Command: "deploy --force=${force} ${target}",
		Params: []Param{{Name: "force", Type: "bool", Default: "false", Description: "skip the checks"}, {Name: "target"}}})
	if err != nil {
		t.Fatal(err)
	}
	var raw []byte
	if err := s.db.View(func(txn *badger.Txn) error {
		item, err := txn.Get(localPatternKey(saved.ID))
		if err != nil {
			return err
		}
		raw, err = item.ValueCopy(nil)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	var stored struct {
		Params json.RawMessage `json:"params"`
	}
	if err := json.Unmarshal(raw, &stored); err != nil {
		t.Fatal(err)
	}
	if want := `[{"name":"force","type":"bool","default":"false","description":"skip the checks"},{"name":"target","type":"string"}]`; string(stored.Params) != want {
		t.Fatalf("stored params %s, want %s", stored.Params, want)
	}
}
