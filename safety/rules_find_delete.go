package safety

import "strings"

// Deleting what find selects reads the same whichever way it is written: find -delete, or find -exec
// rm {} running rm on each match. Both get one finding, at one level, from findDeletion.

// findDeletion flags deleting target, what find selects under root (everything under it when the query
// has no tests), as find -delete and find -exec rm {} do. recursive says matching directories go with
// everything in them (rm -r, or an unfiltered -delete).
func (c *checker) findDeletion(cl *call, root, target arg, filtered, recursive bool) {
	risk, id, msg := c.deleteRisk(target, recursive || !filtered)
	if id == "" {
		return
	}
	if filtered && risk < Critical {
		// A search of the whole system, its directories or a home deletes whatever matches anywhere in
		// them: how many files that is, and which, is not in the command.
		switch classifyPath(root.Value, c.home) {
		case pathRoot, pathSystem, pathHome:
			risk, msg = High, "deletes matching files under "+root.Value
		}
	}
	if id == "fs.rm-recursive" || id == "fs.rm-tree" {
		id = "fs.find-delete"
	}
	c.flagCall(cl, id, risk, msg)
}

// findExecTarget reports whether rm's operand t is what find -exec put in place of {}, and if so the
// directory find searched and whether its tests filtered the matches (findQuery.target wrote t).
func findExecTarget(cl *call, t arg) (root arg, filtered, ok bool) {
	if len(cl.Wrappers) == 0 || cl.Wrappers[len(cl.Wrappers)-1] != "find" || !t.Tree && !t.Glob {
		return arg{}, false, false
	}
	if t.Tree {
		return t, false, true
	}
	root = t
	root.Glob, root.Selected = false, false
	if i := strings.LastIndexByte(t.Value, '/'); i >= 0 {
		root.Value = t.Value[:i]
	}
	if root.Value == "" {
		root.Value = "/"
	}
	return root, true, true
}

// findExecRecursive reads what find -exec put in place of {} as the directory it searched, walked
// recursively: find /etc -exec chmod 755 {} \; changes everything under /etc as chmod -R 755 /etc
// does, and find /etc -type f -exec chmod 644 {} + every file there. Other operands pass unchanged.
func findExecRecursive(recursive bool, t arg) (bool, arg) {
	if !t.Tree && !t.Selected {
		return recursive, t
	}
	root := t
	root.Tree, root.Selected, root.Glob = false, false, false
	if t.Selected {
		root.Value = strings.TrimSuffix(t.Value, "/*")
		if root.Value == "" {
			root.Value = "/"
		}
		if !root.Dynamic {
			root.Head, root.Tail = root.Value, root.Value
		}
	}
	return true, root
}
