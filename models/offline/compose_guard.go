package offline

import "strings"

// findNarrowing are the find tests that pick some files out of a tree; -type alone does not.
var findNarrowing = []string{" -name ", " -iname ", " -path ", " -ipath ", " -wholename ", " -regex ", " -size ", " -mtime ",
	" -mmin ", " -atime ", " -amin ", " -ctime ", " -cmin ", " -newer ", " -user ", " -group ", " -perm ", " -empty",
	" -nouser", " -nogroup", " -links ", " -inum ", " -samefile ", " -xtype l", " -type l"}

// findHarm are the actions after which an unfiltered find destroys or changes a whole tree.
var findHarm = []string{" -delete", " rm ", "xargs rm", " -exec rm", " -exec mv ", " -exec chmod ", " -exec chown ", " -exec chgrp ",
	" -exec shred", "xargs -0 rm", " -exec sed -i", "xargs mv", "xargs chmod", "xargs chown"}

// keepsTarget guards a find that deletes, moves or changes what it finds: when its expression has no
// test that narrows the tree (a name, a path, an age, a size, an owner ...) it may only run when the
// person asked for everything ("delete all files in tmp") and every word they gave was understood. A
// request whose qualifier got lost ("delete all node_modules folders") gets a NAME placeholder in
// place of the missing test, so that the answer cannot act on the whole tree, and counts as missing an
// argument. It reports whether it changed the command.
func (c *composer) keepsTarget(cmd string) (string, bool) {
	if !strings.HasPrefix(cmd, "find ") {
		return cmd, false
	}
	at := len(cmd)
	for _, h := range findHarm {
		if i := strings.Index(cmd, h); i >= 0 && i < at {
			at = i
		}
	}
	if at == len(cmd) {
		return cmd, false
	}
	expr := cmd[:at] + " "
	if i := strings.Index(expr, " | "); i >= 0 {
		expr = expr[:i+1]
	}
	for _, n := range findNarrowing {
		if strings.Contains(expr, n) {
			return cmd, false
		}
	}
	if c.saysEverything() && len(c.s.words) == 0 {
		return cmd, false
	}
	c.missing++
	return cmd[:at] + " -name NAME" + cmd[at:], true
}

// saysEverything reports whether the prompt asks for all of something: "all files", "everything".
func (c *composer) saysEverything() bool {
	for _, t := range c.toks {
		if t.quoted {
			continue
		}
		switch t.lower {
		case "all", "every", "everything", "each", "any", "entire", "whole":
			return true
		}
	}
	return false
}
