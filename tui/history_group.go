package tui

import "github.com/cmdai/cmdai/ipc"

// groupRepeats folds the entries that share a command into the newest of them, counting them, so that
// a command asked for ten times is one row that says "10 times" rather than ten rows. entries are
// newest first, as the daemon lists them; a search's results come grouped already.
func groupRepeats(entries []ipc.HistoryEntry) []ipc.HistoryEntry {
	at := make(map[string]int, len(entries))
	out := entries[:0:0]
	for _, e := range entries {
		if i, ok := at[e.Command]; ok {
			out[i].Count += max(e.Count, 1)
			continue
		}
		e.Count = max(e.Count, 1)
		at[e.Command] = len(out)
		out = append(out, e)
	}
	return out
}
