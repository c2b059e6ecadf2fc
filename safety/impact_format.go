package safety

import (
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
)

// String describes the blast radius for a person, one line per action:
//
//	would delete 1,204 files and 37 dirs (3.2 GB) under ./build
//	would delete ./notes.txt (12 KB)
//	would change permissions of at least 3,410 files and 96 dirs under /etc
//
// It is "" when nothing destructive was found. Sizes use powers of 1000 like "du -h --si": one decimal
// below 10 of a unit, none from 10 up.
func (b BlastRadius) String() string {
	var lines []string
	for _, a := range b.Actions {
		lines = append(lines, a.String())
	}
	if len(lines) == 0 && b.Unknown {
		lines = append(lines, "could not tell what it would touch")
	}
	return strings.Join(lines, "\n")
}

var opPhrases = map[string]string{
	OpDelete:    "would delete",
	OpMove:      "would move",
	OpChmod:     "would change permissions of",
	OpChown:     "would change owner of",
	OpTruncate:  "would truncate",
	OpOverwrite: "would overwrite",
}

// String describes one action on one line.
func (a ImpactAction) String() string {
	var sb strings.Builder
	sb.WriteString(opPhrases[a.Op])
	if sb.Len() == 0 {
		sb.WriteString("would " + a.Op)
	}
	sizeMatters := a.Op != OpChmod && a.Op != OpChown
	switch {
	case len(a.Targets) == 1 && a.MoreTargets == 0 && a.Dirs == 0 && a.Files == 1 && a.Verb != "find" &&
		a.Verb != "rsync" && !a.Truncated:
		// One file: its name says more than "1 file".
		sb.WriteString(" " + displayPath(a.Targets[0]))
		if sizeMatters {
			fmt.Fprintf(&sb, " (%s)", humanBytes(a.Bytes))
		}
	case len(a.Targets) > 0 || a.Files > 0 || a.Dirs > 0:
		switch {
		case a.Truncated:
			sb.WriteString(" at least")
		case a.Approximate:
			sb.WriteString(" up to")
		}
		sb.WriteString(" " + countPhrase(a.Files, a.Dirs))
		if sizeMatters && a.Bytes > 0 {
			fmt.Fprintf(&sb, " (%s)", humanBytes(a.Bytes))
		}
		sb.WriteString(wherePhrase(a))
	}
	if a.Dest != "" && a.Op == OpMove {
		sb.WriteString(" to " + displayPath(a.Dest))
	}
	if len(a.Dynamic) > 0 {
		if len(a.Targets) > 0 || a.Files > 0 || a.Dirs > 0 {
			sb.WriteString(", plus")
		}
		fmt.Fprintf(&sb, " targets not known until run time (%s)", strings.Join(a.Dynamic, ", "))
	}
	if len(a.Missing) > 0 {
		if len(a.Targets) == 0 && len(a.Dynamic) == 0 {
			sb.WriteString(" nothing")
		}
		fmt.Fprintf(&sb, "; not found: %s", displayPaths(a.Missing, 3, 0))
	}
	return sb.String()
}

// wherePhrase says where the counted entries are: under one directory, or among a few named targets.
func wherePhrase(a ImpactAction) string {
	if len(a.Targets) == 0 {
		return ""
	}
	if len(a.Targets) == 1 && a.MoreTargets == 0 && (a.Dirs > 0 || a.Verb == "find") {
		return " under " + displayPath(a.Targets[0])
	}
	return ": " + displayPaths(a.Targets, 3, a.MoreTargets)
}

func countPhrase(files, dirs int64) string {
	switch {
	case files == 0 && dirs == 0:
		return "nothing"
	case dirs == 0:
		return countNoun(files, "file")
	case files == 0:
		return countNoun(dirs, "dir")
	}
	return countNoun(files, "file") + " and " + countNoun(dirs, "dir")
}

func countNoun(n int64, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return thousands(n) + " " + noun + "s"
}

// displayPath prefixes relative paths with ./ so that they read as paths.
func displayPath(p string) string {
	if filepath.IsAbs(p) || p == "." || strings.HasPrefix(p, "./") || strings.HasPrefix(p, "../") {
		return p
	}
	return "./" + p
}

// displayPaths lists up to limit paths and how many more there are.
func displayPaths(ps []string, limit, more int) string {
	more += max(len(ps)-limit, 0)
	shown := make([]string, 0, limit)
	for _, p := range ps[:min(len(ps), limit)] {
		shown = append(shown, displayPath(p))
	}
	s := strings.Join(shown, ", ")
	if more > 0 {
		s += fmt.Sprintf(" and %s more", thousands(int64(more)))
	}
	return s
}

// thousands writes n with comma thousands separators: 1,204.
func thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var sb strings.Builder
	if neg {
		sb.WriteByte('-')
	}
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			sb.WriteByte(',')
		}
		sb.WriteRune(c)
	}
	return sb.String()
}

// humanBytes writes a size in powers of 1000 as "du -h --si" does, rounding to nearest: 512 B, 12 KB,
// 3.2 GB.
func humanBytes(n int64) string {
	if n < 1000 {
		return fmt.Sprintf("%d B", n)
	}
	units := []string{"KB", "MB", "GB", "TB", "PB", "EB"}
	v := float64(n)
	for _, u := range units {
		v /= 1000
		if v < 9.95 {
			return fmt.Sprintf("%.1f %s", v, u)
		}
		if v < 999.5 || u == "EB" {
			return fmt.Sprintf("%.0f %s", v, u)
		}
	}
	return fmt.Sprintf("%d B", n) // unreachable: EB returns above
}
