package undo

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// String says what the counts put back, for a person: "1,037 paths put back, 2 paths the command
// created removed, 1 git repository reset".
func (c Counts) String() string {
	var parts []string
	if c.Restored > 0 {
		parts = append(parts, countNoun(int64(c.Restored), "path")+" put back")
	}
	if c.Meta > 0 {
		parts = append(parts, "permissions of "+countNoun(int64(c.Meta), "path")+" put back")
	}
	if c.Removed > 0 {
		parts = append(parts, countNoun(int64(c.Removed), "path")+" the command created removed")
	}
	if c.Repos > 0 {
		repos := "1 git repository"
		if c.Repos > 1 {
			repos = fmt.Sprintf("%d git repositories", c.Repos)
		}
		parts = append(parts, repos+" reset")
	}
	if len(parts) == 0 {
		return "nothing to put back"
	}
	return strings.Join(parts, ", ")
}

// Paths counts the paths a snapshot recorded, its files' bytes aside.
func (m Manifest) Paths() int {
	n := 0
	for _, e := range m.Entries {
		if !e.TimesOnly {
			n++
		}
	}
	return n
}

// Describe is one line about the snapshot's run: "rm -rf ./build (ran 2 minutes ago in ~/proj, exit 0)".
func (m Manifest) Describe(now time.Time) string {
	when := "ran " + Ago(now, m.Created)
	if m.Cwd != "" {
		when += " in " + Tilde(m.Cwd)
	}
	switch {
	case !m.Committed:
		when += ", how it ended is unknown"
	case m.ExitCode != 0:
		when += fmt.Sprintf(", exit %d", m.ExitCode)
	}
	return oneLine(m.Command) + " (" + when + ")"
}

// Ago says how long ago t was, roughly: "just now", "5 minutes ago", "3 days ago".
func Ago(now, t time.Time) string {
	d := now.Sub(t)
	unit := func(n int, noun string) string {
		if n == 1 {
			return "1 " + noun + " ago"
		}
		return fmt.Sprintf("%d %ss ago", n, noun)
	}
	switch {
	case d < time.Minute:
		return "just now"
	case d < time.Hour:
		return unit(int(d/time.Minute), "minute")
	case d < 24*time.Hour:
		return unit(int(d/time.Hour), "hour")
	}
	return unit(int(d/(24*time.Hour)), "day")
}

// Tilde writes a path under the home directory with ~.
func Tilde(p string) string {
	home, err := os.UserHomeDir()
	if err != nil || home == "" || home == "/" {
		return p
	}
	if rel, err := filepath.Rel(home, p); err == nil && rel != ".." && !strings.HasPrefix(rel, "../") {
		if rel == "." {
			return "~"
		}
		return "~/" + rel
	}
	return p
}

func oneLine(s string) string { return strings.ReplaceAll(s, "\n", "⏎") }
