package store

import (
	"context"
	"testing"
	"time"
)

func TestSearchRanking(t *testing.T) {
	ctx := context.Background()
	s := openTest(t, t.TempDir())
	now := time.Now()
	add := func(prompt, command, cwd string, age time.Duration) {
		t.Helper()
		if _, err := s.History.Add(ctx, Entry{Prompt: prompt, Command: command, Cwd: cwd, Created: now.Add(-age)}); err != nil {
			t.Fatal(err)
		}
	}
	add("show what changed", "git status", "/src/a", 48*time.Hour)
	add("show what changed", "git status", "/src/b", 24*time.Hour)
	add("show what changed", "git status", "/src/a", time.Hour)
	add("push my branch", "git push origin HEAD", "/src/a", 2*time.Hour)
	add("list go files", "find . -name '*.go'", "/src/b", time.Minute)
	add("remove build dir", "rm -rf ./build", "/src/b", 10*24*time.Hour)
	add("see the logs", "journalctl -u gitea", "/", time.Minute)

	tests := []struct {
		name, search, cwd string
		want              []string
	}{
		{"prefix beats infix, frequency breaks ties", "git", "", []string{"git status", "git push origin HEAD", "journalctl -u gitea"}},
		{"all terms must match", "git push", "", []string{"git push origin HEAD"}},
		{"prompt text matches", "branch", "", []string{"git push origin HEAD"}},
		{"fuzzy subsequence", "gtsts", "", []string{"git status"}},
		{"case-insensitive", "HEAD", "", []string{"git push origin HEAD"}},
		{"cwd filter", "git", "/src/b", []string{"git status"}},
		{"unknown cwd", "git", "/nowhere", nil},
		{"no match", "kubectl", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.History.List(ctx, Query{Search: tt.search, Cwd: tt.cwd})
			if err != nil {
				t.Fatal(err)
			}
			var cmds []string
			for _, e := range got {
				cmds = append(cmds, e.Command)
			}
			if len(cmds) != len(tt.want) {
				t.Fatalf("got %q, want %q", cmds, tt.want)
			}
			for i := range cmds {
				if cmds[i] != tt.want[i] {
					t.Fatalf("got %q, want %q", cmds, tt.want)
				}
			}
		})
	}
	// Search answers with the newest entry of a command and counts them all.
	got, _ := s.History.List(ctx, Query{Search: "status"})
	if got[0].Cwd != "/src/a" || got[0].Count != 3 {
		t.Fatalf("git status hit = %+v: want the newest entry, count 3", got[0])
	}
	got, _ = s.History.List(ctx, Query{Search: "status", Cwd: "/src/a"})
	if got[0].Count != 2 {
		t.Fatalf("count within /src/a = %d, want 2", got[0].Count)
	}
	// Listing without a search is plain history, newest first, filtered by cwd.
	got, _ = s.History.List(ctx, Query{Cwd: "/src/b", Limit: 2})
	if len(got) != 2 || got[0].Command != "find . -name '*.go'" || got[1].Command != "git status" {
		t.Fatalf("list in /src/b = %+v", got)
	}
}

func TestRecencyRanksEqualMatches(t *testing.T) {
	ctx := context.Background()
	s := openTest(t, t.TempDir())
	now := time.Now()
	s.History.Add(ctx, Entry{Prompt: "x", Command: "make build", Created: now.Add(-30 * 24 * time.Hour)})
	s.History.Add(ctx, Entry{Prompt: "x", Command: "make test", Created: now.Add(-time.Minute)})
	got, _ := s.History.List(ctx, Query{Search: "make"})
	if len(got) != 2 || got[0].Command != "make test" {
		t.Fatalf("got %+v: the recent one should rank first", got)
	}
}

func TestDeletedPromptNoLongerMatches(t *testing.T) {
	ctx := context.Background()
	s := openTest(t, t.TempDir())
	a, _ := s.History.Add(ctx, Entry{Prompt: "my secret token abc", Command: "echo hi"})
	s.History.Add(ctx, Entry{Prompt: "say hi", Command: "echo hi"})
	if err := s.History.Delete(ctx, a.ID); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.History.List(ctx, Query{Search: "secret"}); len(got) != 0 {
		t.Fatalf("a deleted prompt still matches: %+v", got)
	}
	if got, _ := s.History.List(ctx, Query{Search: "say"}); len(got) != 1 || got[0].Count != 1 {
		t.Fatalf("got %+v", got)
	}
}

func TestSubsequence(t *testing.T) {
	for _, tt := range []struct {
		s, term string
		want    int
	}{
		{"git status", "gst", 6}, {"abc", "abc", 3}, {"axxbxxaxbc", "abc", 4}, {"abc", "abd", 0}, {"", "a", 0},
	} {
		if got := subsequence(tt.s, tt.term); got != tt.want {
			t.Errorf("subsequence(%q, %q) = %d, want %d", tt.s, tt.term, got, tt.want)
		}
	}
}
