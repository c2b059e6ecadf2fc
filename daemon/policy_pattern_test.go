package daemon

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/cmdai/cmdai/ipc"
	"github.com/cmdai/cmdai/store"
)

// A command counts as an approved pattern's only when it is a team pattern that the daemon, filling it
// itself with the values sent, turns into exactly that command.
func TestApprovedPattern(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(filepath.Join(t.TempDir(), "db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	team := store.Pattern{ID: "team-1", Name: "clean", Command: "rm -rf ./${dir}", Team: "ops", TeamID: "t1",
		Params: []store.Param{{Name: "dir", Type: "path"}}}
	if err := st.Patterns.Replace(ctx, []store.Pattern{team}); err != nil {
		t.Fatal(err)
	}
	mine, err := st.Patterns.Save(ctx, store.Pattern{Name: "mine", Command: "rm -rf ./${dir}", Params: []store.Param{{Name: "dir", Type: "path"}}})
	if err != nil {
		t.Fatal(err)
	}
	d := &daemon{store: st}
	values := map[string]string{"dir": "build"}
	for _, tc := range []struct {
		name string
		req  ipc.CheckRequest
		want bool
	}{
		{"the team pattern, filled", ipc.CheckRequest{Command: "rm -rf ./build", PatternID: "team-1", PatternValues: values}, true},
		{"a command that only claims it", ipc.CheckRequest{Command: "rm -rf ./build ~", PatternID: "team-1", PatternValues: values}, false},
		{"other values", ipc.CheckRequest{Command: "rm -rf ./build", PatternID: "team-1", PatternValues: map[string]string{"dir": "src"}}, false},
		{"a local pattern", ipc.CheckRequest{Command: "rm -rf ./build", PatternID: mine.ID, PatternValues: values}, false},
		{"no pattern", ipc.CheckRequest{Command: "rm -rf ./build"}, false},
		{"an unknown pattern", ipc.CheckRequest{Command: "rm -rf ./build", PatternID: "nope", PatternValues: values}, false},
	} {
		if got := d.approvedPattern(ctx, tc.req); got != tc.want {
			t.Errorf("%s: approved = %v, want %v", tc.name, got, tc.want)
		}
	}
}
