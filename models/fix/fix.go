// Package fix corrects the last command a shell ran, from the command and its exit status alone: a
// mistyped command name or git subcommand, or a package manager run without sudo. It knows few mistakes
// and says so rather than guess; model backends answer the rest.
package fix

import (
	"errors"
	"os"
	"path/filepath"
	"strings"

	"github.com/cmdai/cmdai/models"
)

// ErrNoFix means none of the known mistakes explains how the last command ended.
var ErrNoFix = errors.New("no fix found")

// ErrNothingToFix means the last command succeeded.
var ErrNothingToFix = errors.New("the last command succeeded: nothing to fix")

// Fixer suggests corrected commands. The zero value looks commands up on $PATH.
type Fixer struct {
	// Exists reports whether a command name can run; nil means "is a known command or on $PATH".
	Exists func(name string) bool
}

// Suggest answers "fix the last command" for the newest history hint.
func (f Fixer) Suggest(history []models.HistoryHint) (models.Response, error) {
	if len(history) == 0 {
		return models.Response{}, ErrNoFix
	}
	last := history[len(history)-1]
	line := strings.TrimSpace(last.Command)
	if line == "" {
		return models.Response{}, ErrNoFix
	}
	if last.ExitCode == 0 {
		return models.Response{}, ErrNothingToFix
	}
	words := strings.Fields(line)
	rest := strings.TrimSpace(strings.TrimPrefix(line, words[0]))
	name := words[0]
	answer := func(cmd, why string) (models.Response, error) {
		return models.Response{Command: cmd, Explanation: why, Confidence: 0.9, Backend: "fix"}, nil
	}

	// A command name the shell could not find: the closest known name, when it is close.
	if last.ExitCode == 127 && !f.exists(name) && !strings.ContainsAny(name, "/=$`\"'") {
		if c := closest(name, f.candidates()); c != "" {
			return answer(join(c, rest), "'"+name+"' is not a command; did you mean '"+c+"'?")
		}
		return models.Response{}, ErrNoFix
	}
	// git says "'stauts' is not a git command" and exits 1.
	if name == "git" && len(words) > 1 && last.ExitCode == 1 {
		sub := words[1]
		if !isKnown(gitCommands, sub) && !strings.HasPrefix(sub, "-") {
			if c := closest(sub, gitCommands); c != "" {
				return answer("git "+c+strings.TrimPrefix(rest, sub), "'"+sub+"' is not a git command; did you mean '"+c+"'?")
			}
		}
	}
	// Package managers and service control refuse to change the system without root.
	if needsRoot(words) && (last.ExitCode == 1 || last.ExitCode == 100 || last.ExitCode == 126 || last.ExitCode == 4) {
		return answer("sudo "+line, name+" needs root to change the system: run it with sudo")
	}
	return models.Response{}, ErrNoFix
}

func join(name, rest string) string {
	if rest == "" {
		return name
	}
	return name + " " + rest
}

func (f Fixer) exists(name string) bool {
	if f.Exists != nil {
		return f.Exists(name)
	}
	return isKnown(shellBuiltins, name) || onPath(name)
}

// candidates are the names a typo may have meant: well-known commands, and the ones on $PATH when the
// caller did not say what exists.
func (f Fixer) candidates() []string {
	if f.Exists != nil {
		out := make([]string, 0, len(knownCommands))
		for _, c := range knownCommands {
			if f.Exists(c) {
				out = append(out, c)
			}
		}
		return out
	}
	return append(append([]string{}, knownCommands...), shellBuiltins...)
}

func onPath(name string) bool {
	for _, dir := range filepath.SplitList(os.Getenv("PATH")) {
		if st, err := os.Stat(filepath.Join(dir, name)); err == nil && !st.IsDir() && st.Mode()&0o111 != 0 {
			return true
		}
	}
	return false
}

// needsRoot reports whether the command changes the system through a tool that requires root, and is
// not already run through sudo or doas.
func needsRoot(words []string) bool {
	if len(words) < 2 {
		return false
	}
	switch words[0] {
	case "apt", "apt-get", "dpkg", "dnf", "yum", "zypper", "pacman", "apk", "snap":
		for _, w := range words[1:] {
			if isKnown(pkgWrites, w) || strings.HasPrefix(w, "-S") || w == "-i" || w == "-U" || w == "-R" {
				return true
			}
		}
	case "systemctl":
		return isKnown(serviceWrites, words[1])
	}
	return false
}

func isKnown(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// closest is the candidate nearest to s in Damerau-Levenshtein distance, when that is small for its
// length and no other candidate is as near; "" otherwise.
func closest(s string, candidates []string) string {
	limit := 1
	if len(s) > 4 {
		limit = 2
	}
	best, bestD, ties := "", limit+1, 0
	for _, c := range candidates {
		d := distance(s, c)
		switch {
		case d < bestD:
			best, bestD, ties = c, d, 0
		case d == bestD && c != best:
			ties++
		}
	}
	if best == "" || ties > 0 {
		return ""
	}
	return best
}

// distance is the optimal-string-alignment edit distance: insertions, deletions, substitutions and
// swaps of neighbouring letters each cost one, which covers most slips of the fingers ("gti").
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	d := make([][]int, len(ra)+1)
	for i := range d {
		d[i] = make([]int, len(rb)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(ra); i++ {
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(ra)][len(rb)]
}
