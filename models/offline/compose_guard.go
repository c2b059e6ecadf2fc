package offline

import (
	"slices"
	"strings"
)

// findNarrowing are the find tests that pick some files out of a tree; -type alone does not.
var findNarrowing = []string{" -name ", " -iname ", " -path ", " -ipath ", " -wholename ", " -regex ", " -size ", " -mtime ",
	" -mmin ", " -atime ", " -amin ", " -ctime ", " -cmin ", " -newer ", " -user ", " -group ", " -perm ", " -empty",
	" -nouser", " -nogroup", " -links ", " -inum ", " -samefile ", " -xtype l", " -type l"}

// harmful are the programs that destroy or change the files find hands them.
var harmful = map[string]bool{"rm": true, "mv": true, "chmod": true, "chown": true, "chgrp": true, "shred": true,
	"unlink": true, "rmdir": true, "truncate": true}

// xargsTakesValue are xargs options whose value is the next word.
var xargsTakesValue = map[string]bool{"-I": true, "-n": true, "-P": true, "-d": true, "-L": true, "-s": true, "-E": true}

// harmAt returns where the find expression of cmd ends because an action that destroys or changes what
// it found begins: -delete, -exec/-execdir/-ok running one of harmful or sed -i, or a pipe into xargs
// running one of them. It returns -1 when cmd has no such action.
func harmAt(cmd string) int {
	words := strings.Fields(cmd)
	offsets := make([]int, len(words))
	at := 0
	for i, w := range words {
		at += strings.Index(cmd[at:], w)
		offsets[i] = at
		at += len(w)
	}
	runs := func(i int) bool { // does the command starting at word i harm?
		if i >= len(words) {
			return false
		}
		name := words[i][strings.LastIndex(words[i], "/")+1:]
		return harmful[name] || name == "sed" && i+1 < len(words) && strings.HasPrefix(words[i+1], "-i")
	}
	for i, w := range words {
		switch {
		case w == "-delete":
			return offsets[i] - 1
		case w == "-exec" || w == "-execdir" || w == "-ok" || w == "-okdir":
			if runs(i + 1) {
				return offsets[i] - 1
			}
		case w == "|" && i+1 < len(words) && words[i+1] == "xargs":
			j := i + 2
			for j < len(words) && strings.HasPrefix(words[j], "-") {
				if xargsTakesValue[words[j]] {
					j++
				}
				j++
			}
			if runs(j) {
				return offsets[i] - 1
			}
		}
	}
	return -1
}

// keepsTarget guards a find that deletes, moves or changes what it finds: when its expression has no
// test that narrows the tree (a name, a path, an age, a size, an owner ...) it may only run when the
// person asked for everything ("delete all files in tmp") and every word they gave was understood. A
// request whose qualifier got lost ("delete all node_modules folders") gets a NAME placeholder in
// place of the missing test, so that the answer cannot act on the whole tree, and counts as missing an
// argument. It reports whether it changed the command.
func (c *composer) keepsTarget(cmd string) (string, bool) {
	// "directories at 755 and files at 644" is every folder and every file, said.
	cmd, changed := guardTarget(cmd, c.asksForEverything() || c.s.tail.dmode != "")
	if changed {
		c.missing++
	}
	return cmd, changed
}

// guardTarget puts a -name NAME test in a find that destroys or changes what it finds without any test
// that narrows the tree, unless everything was asked for. It reports whether it changed cmd.
func guardTarget(cmd string, everything bool) (string, bool) {
	if !strings.HasPrefix(cmd, "find ") {
		return cmd, false
	}
	at := harmAt(cmd)
	if at < 0 {
		return cmd, false
	}
	expr := cmd[:at] + " "
	if i := strings.Index(expr, " | "); i >= 0 {
		expr = expr[:i+1]
		at = i
	}
	for _, n := range findNarrowing {
		if strings.Contains(expr, n) {
			return cmd, false
		}
	}
	if everything {
		return cmd, false
	}
	return cmd[:at] + " -name NAME" + cmd[at:], true
}

// asksForEverything reports whether a clause of the prompt asks for all of something ("all files",
// "everything") and holds no word left unexplained, which could have said which ones. Words of other
// clauses do not narrow it: "the permissions got wrecked by a bad deploy. I'd like every directory in
// there set to 755, but please don't touch the files" is every directory.
func (c *composer) asksForEverything() bool {
	for i, t := range c.toks {
		if t.quoted {
			continue
		}
		switch t.lower {
		case "all", "every", "everything", "each", "any", "entire", "whole", "only":
			// "only on the files, not the directories": every file, and no folder
		default:
			continue
		}
		from, to := clauseStart(c.toks, i), i
		for to < len(c.toks) && !c.toks[to].comma {
			to++
		}
		if to < len(c.toks) {
			to++ // the clause's last word carries the comma
		}
		if !slices.ContainsFunc(c.toks[from:to], c.leftover) {
			return true
		}
	}
	return false
}

// leftover reports whether t is a word nothing used that could name something: no number, no stop word.
func (c *composer) leftover(t token) bool {
	return !t.used && !t.quoted && !isNumber(t.lower) && ordinal(t.lower) == "" &&
		!c.e.cat.has("stop", t.lower) && !c.e.cat.has("stop", t.stem) && slices.Contains(c.s.words, t.raw)
}

// clobbers reports whether a command redirects its output onto a file it also reads: the shell empties
// the file before the command starts ("sort -u emails.txt > emails.txt").
func clobbers(cmd string) bool {
	i := strings.LastIndex(cmd, " > ")
	if i < 0 {
		return false
	}
	out := strings.Fields(cmd[i+3:])
	if len(out) == 0 {
		return false
	}
	target := strings.Trim(out[0], `'"`)
	for _, w := range strings.Fields(cmd[:i]) {
		if strings.Trim(w, `'"`) == target {
			return true
		}
	}
	return false
}

// namesWithSlash reports whether a find in cmd tests -name or -iname (or grep its --include) against a
// pattern with a slash, which no file's name matches.
func namesWithSlash(cmd string) bool {
	ws := strings.Fields(cmd)
	for i := 0; i+1 < len(ws); i++ {
		if (ws[i] == "-name" || ws[i] == "-iname") && strings.Contains(strings.Trim(ws[i+1], `'"`), "/") {
			return true
		}
	}
	for _, w := range ws {
		// grep's --include matches a file's name too: --include='./sr*' takes nothing.
		if v, ok := strings.CutPrefix(w, "--include="); ok && strings.Contains(v, "/") {
			return true
		}
	}
	return false
}

// oneAge drops a bare age test (-mtime 7, "a week of them" in the scene) from a find that also says
// older or newer than an age (-mtime +7): both together select only what matches the bare one.
func oneAge(cmd string) string {
	ws := strings.Fields(cmd)
	signed := false
	for i := 0; i+1 < len(ws); i++ {
		if (ws[i] == "-mtime" || ws[i] == "-mmin") && (strings.HasPrefix(ws[i+1], "+") || strings.HasPrefix(ws[i+1], "-")) {
			signed = true
		}
	}
	if !signed {
		return cmd
	}
	for i := 0; i+1 < len(ws); i++ {
		if (ws[i] == "-mtime" || ws[i] == "-mmin") && isInt(ws[i+1]) {
			return strings.Replace(cmd, " "+ws[i]+" "+ws[i+1]+" ", " ", 1)
		}
	}
	return cmd
}
