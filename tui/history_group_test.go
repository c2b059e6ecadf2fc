package tui

import (
	"strings"
	"testing"

	"github.com/cmdai/cmdai/ipc"
)

// The history browser shows a command asked for again and again once, with how many times.
func TestFlowHistoryGroupsRepeats(t *testing.T) {
	client, _ := testDaemon(t)
	asked(t, client, "list files", "show disk usage", "list files", "list files")
	f := startFlow(t, client)
	f.press("ctrl+r")
	frame := f.waitFor("History", "ls -la", "df -h", "3 times")
	if n := strings.Count(frame, "ls -la"); n > 2 { // the row, and the selected entry's detail
		t.Errorf("ls -la shows %d times:\n%s", n, frame)
	}
}

func TestGroupRepeats(t *testing.T) {
	got := groupRepeats([]ipc.HistoryEntry{{ID: "4", Command: "ls"}, {ID: "3", Command: "df -h"}, {ID: "2", Command: "ls"}, {ID: "1", Command: "ls", Count: 2}})
	if len(got) != 2 || got[0].ID != "4" || got[0].Count != 4 || got[1].ID != "3" || got[1].Count != 1 {
		t.Errorf("groupRepeats = %+v: want the newest ls counting 4, then df -h", got)
	}
}
