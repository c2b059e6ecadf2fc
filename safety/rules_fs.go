package safety

import (
	"path"
	"strings"
)

// Rules about deleting and overwriting files: rm, rmdir, shred, unlink, truncate, find -delete,
// rsync --delete, mv onto /dev/null, cp/install/ln onto system files.

func init() {
	register(ruleRm, "rm", "trash", "trash-put", "srm", "gio")
	register(ruleRmdir, "rmdir")
	register(ruleShred, "shred", "wipe")
	register(ruleUnlink, "unlink")
	register(ruleTruncate, "truncate")
	register(ruleFindDelete, "find")
	register(ruleRsyncDelete, "rsync")
	register(ruleMv, "mv")
	register(ruleCopyOnto, "cp", "install", "ln", "tee", "dd", "sponge")
}

// operands returns the non-option arguments, honouring "--". Options listed in withValue consume the
// next argument.
func operands(args []arg, withValue string) []arg {
	var out []arg
	for i := 0; i < len(args); i++ {
		a := args[i]
		v := a.Value
		if !a.Dynamic && v == "--" {
			return append(out, args[i+1:]...)
		}
		if !a.Dynamic && len(v) > 1 && v[0] == '-' {
			if len(v) == 2 && strings.IndexByte(withValue, v[1]) >= 0 {
				i++
			}
			continue
		}
		out = append(out, a)
	}
	return out
}

// abs resolves a relative path against a directory an earlier cd made known.
func (c *checker) abs(cl *call, t arg) arg {
	if cl.Cwd == "" || t.Dynamic || t.Value == "" || t.Value[0] == '/' || t.Value[0] == '~' || t.Value[0] == '-' {
		return t
	}
	t.Value = path.Join(cl.Cwd, t.Value)
	if strings.HasSuffix(t.Value, "/*") || t.Value == "/*" {
		t.Glob = true
	}
	t.Head, t.Tail = t.Value, t.Value
	return t
}

// deleteRisk is the risk of deleting target, recursively or not, and why.
func (c *checker) deleteRisk(t arg, recursive bool) (Risk, string, string) {
	if t.Dynamic {
		return c.dynamicDeleteRisk(t, recursive)
	}
	kind := classifyPath(t.Value, c.home)
	what := "deletes " + t.Value
	if recursive {
		what = "deletes everything under " + t.Value + " recursively"
	}
	switch kind {
	case pathRoot:
		if recursive {
			return Critical, "fs.rm-root", "deletes everything under / recursively: the whole system"
		}
		return High, "fs.rm-root", "deletes the files at the top of the file system"
	case pathHome:
		if recursive {
			return Critical, "fs.rm-home", "deletes your whole home directory (" + t.Value + ") recursively"
		}
		return High, "fs.rm-home", "deletes the files in your home directory"
	case pathSystem:
		if recursive {
			return Critical, "fs.rm-system", what + ", a directory the system needs to run"
		}
		return High, "fs.rm-system", what + " from a system directory"
	case pathSensitive:
		if strings.HasPrefix(t.Value, "/etc") || strings.HasPrefix(t.Value, "/boot") {
			return Critical, "fs.rm-system", what + ": the system cannot log in or boot without it"
		}
		return High, "fs.rm-credentials", what + ", which holds keys or credentials that cannot be recovered"
	case pathDevice:
		return High, "fs.rm-device", "removes the device node " + t.Value
	case pathSystemSub:
		if recursive {
			return High, "fs.rm-system", what + " inside a system directory"
		}
		return Moderate, "fs.rm-file", what
	case pathDotfile:
		if recursive {
			return High, "fs.rm-dotfiles", what + ": your personal configuration"
		}
		return Moderate, "fs.rm-file", what + ", a personal configuration file"
	case pathGit:
		if recursive {
			return High, "fs.rm-git", "deletes the repository's history (" + t.Value + ")"
		}
		return Moderate, "fs.rm-git", what
	case pathProject:
		if t.Selected {
			if recursive {
				return High, "fs.rm-tree", "deletes what find selects under the current directory, directories with everything in them"
			}
			return Moderate, "fs.rm-tree", "deletes the files that find selects under the current directory"
		}
		if recursive {
			return High, "fs.rm-tree", "deletes everything in the current directory recursively"
		}
		return Moderate, "fs.rm-tree", "deletes every file in the current directory"
	case pathArtefact, pathTemp, pathNull:
		return Safe, "", ""
	}
	if recursive {
		return High, "fs.rm-recursive", what
	}
	return Moderate, "fs.rm-file", what
}

// dynamicDeleteRisk judges a target only known at run time: if its static part already points at the
// root or a system directory, or it becomes / when a variable is empty, it is critical.
func (c *checker) dynamicDeleteRisk(t arg, recursive bool) (Risk, string, string) {
	head := t.Head
	if !recursive {
		return Moderate, "fs.rm-dynamic", "deletes " + t.Value + ", a path only known at run time"
	}
	if head != "" {
		switch classifyPath(head, c.home) {
		case pathRoot, pathSystem, pathHome:
			return Critical, "fs.rm-dynamic-root", "deletes " + t.Value + " recursively: a path under " +
				strings.TrimRight(head, "/") + "/ that is only known at run time"
		case pathTemp, pathArtefact:
			return Moderate, "fs.rm-dynamic", "deletes " + t.Value + ", a temporary path only known at run time"
		}
		if isArtefact(t.Tail) && t.Tail != "" && !strings.HasPrefix(t.Tail, "/") {
			return Moderate, "fs.rm-dynamic", "deletes " + t.Value + ", build output only known at run time"
		}
		return High, "fs.rm-dynamic", "deletes " + t.Value + " recursively, a path only known at run time"
	}
	if !t.Guarded && (t.Tail == "/*" || t.Tail == "/" && t.Glob || t.Tail == "/.*" || t.Tail == "/{*,.*}") {
		return Critical, "fs.rm-empty-var", "deletes " + t.Value + " recursively: if the variable is empty " +
			"this deletes everything under /"
	}
	return High, "fs.rm-dynamic", "deletes " + t.Value + " recursively, a path only known at run time"
}

func ruleRm(c *checker, cl *call) {
	args := cl.Args
	if cl.Name == "gio" {
		if len(args) == 0 || (args[0].Value != "trash" && args[0].Value != "remove") {
			return
		}
		args = args[1:]
	}
	recursive, force, noPreserve := false, false, false
	for _, a := range args {
		v := a.Value
		if a.Dynamic || len(v) < 2 || v[0] != '-' {
			continue
		}
		if v == "--" {
			break
		}
		switch {
		case v == "--recursive":
			recursive = true
		case v == "--force":
			force = true
		case v == "--no-preserve-root":
			noPreserve = true
		case v[1] != '-':
			recursive = recursive || strings.ContainsAny(v, "rR")
			force = force || strings.IndexByte(v, 'f') >= 0
		}
	}
	if cl.Name == "trash" || cl.Name == "trash-put" || cl.Name == "gio" {
		recursive = false // recoverable from the trash
	}
	if noPreserve {
		c.flagCall(cl, "fs.rm-root", Critical, "--no-preserve-root lets rm delete the whole file system")
	}
	targets := operands(args, "")
	if cl.Name == "rm" && len(targets) == 0 {
		return
	}
	_ = force
	for _, t := range targets {
		if root, filtered, ok := findExecTarget(cl, t); ok {
			c.findDeletion(cl, c.abs(cl, root), c.abs(cl, t), filtered, recursive) // as find -delete
			continue
		}
		r, id, msg := c.deleteRisk(c.abs(cl, t), recursive || t.Tree)
		if id != "" {
			c.flagCall(cl, id, r, msg)
		}
	}
}

func ruleRmdir(c *checker, cl *call) {
	for _, t := range operands(cl.Args, "") {
		if t.Dynamic {
			continue
		}
		switch classifyPath(t.Value, c.home) {
		case pathRoot, pathSystem, pathHome:
			c.flagCall(cl, "fs.rmdir-system", Moderate, "removes the directory "+t.Value+" if it is empty")
		}
	}
}

func ruleShred(c *checker, cl *call) {
	for _, t := range operands(cl.Args, "nsx") {
		if t.Dynamic {
			c.flagCall(cl, "fs.shred", High, "overwrites "+t.Value+" beyond recovery; the target is only known at run time")
			continue
		}
		switch k := classifyPath(t.Value, c.home); k {
		case pathDevice:
			c.flagCall(cl, "disk.shred-device", Critical, "overwrites the whole disk "+t.Value+" beyond recovery")
		case pathRoot, pathHome, pathSystem, pathSensitive:
			c.flagCall(cl, "fs.shred", Critical, "overwrites "+t.Value+" beyond recovery")
		case pathArtefact, pathTemp, pathNull:
		case pathOrdinary, pathProject:
			if kind := c.userData(t.Value); t.Glob && strings.ContainsAny(t.Value, "*?") || t.Tree || t.Selected || kind == "dotfile" || kind == "database" ||
				kind == "document" && (strings.HasPrefix(t.Value, "~") || strings.HasPrefix(t.Value, "/")) {
				c.flagCall(cl, "fs.shred", High, "overwrites "+t.Value+" beyond recovery: many files, or your own")
				break
			}
			// One local file: that is what shred is for, and rm of it is moderate too.
			c.flagCall(cl, "fs.shred", Moderate, "overwrites "+t.Value+" beyond recovery")
		default:
			c.flagCall(cl, "fs.shred", High, "overwrites "+t.Value+" beyond recovery")
		}
	}
}

func ruleUnlink(c *checker, cl *call) {
	for _, t := range operands(cl.Args, "") {
		if r, id, msg := c.deleteRisk(c.abs(cl, t), false); id != "" {
			c.flagCall(cl, id, r, msg)
		}
	}
}

func ruleTruncate(c *checker, cl *call) {
	for _, t := range operands(cl.Args, "sor") {
		n := len(c.findings)
		c.overwrite(cl, t, "truncates")
		if len(c.findings) == n {
			c.flagCall(cl, "fs.truncate", Moderate, "truncates "+t.Value+", losing its content")
		}
	}
}

// cosmeticFiles are system files whose content is only shown to people.
var cosmeticFiles = setOf("/etc/motd", "/etc/issue", "/etc/issue.net", "/etc/motd.tail", "/etc/banner")

// overwrite flags replacing the content of target, by truncate, cp, tee, dd or a redirect.
func (c *checker) overwrite(cl *call, t arg, verb string) {
	if !t.Dynamic && strings.HasSuffix(t.Value, "sysrq-trigger") {
		c.flagCall(cl, "sys.sysrq", Critical, "writes to /proc/sysrq-trigger: reboots, powers off or crashes the kernel at once")
		return
	}
	t = c.abs(cl, t)
	if t.Dynamic {
		if classifyPath(t.Head, c.home) == pathSystem && strings.HasPrefix(t.Head, "/") {
			c.flagCall(cl, "fs.overwrite-system", High, verb+" "+t.Value+", a system file only known at run time")
		}
		return
	}
	switch classifyPath(t.Value, c.home) {
	case pathDevice:
		c.flagCall(cl, "disk.write-device", Critical, verb+" the disk device "+t.Value+", destroying its file systems")
	case pathSensitive:
		if strings.HasPrefix(t.Value, "/") && !strings.HasPrefix(t.Value, c.home) {
			c.flagCall(cl, "fs.overwrite-system", Critical, verb+" "+t.Value+", which decides who can log in or how the system boots")
		} else {
			c.flagCall(cl, "fs.overwrite-credentials", High, verb+" "+t.Value+", which holds keys or credentials")
		}
	case pathSystem, pathRoot, pathHome:
		c.flagCall(cl, "fs.overwrite-system", High, verb+" "+t.Value)
	case pathSystemSub:
		if strings.HasPrefix(t.Value, "/proc/") || strings.HasPrefix(t.Value, "/sys/") {
			c.flagCall(cl, "sys.kernel-write", Moderate, verb+" the kernel setting "+t.Value)
			return
		}
		if cosmeticFiles[t.Value] {
			c.flagCall(cl, "fs.overwrite-system", Moderate, verb+" "+t.Value+", a message shown at login")
			return
		}
		c.flagCall(cl, "fs.overwrite-system", High, verb+" the system file "+t.Value)
	case pathDotfile:
		c.flagCall(cl, "fs.overwrite-dotfile", Moderate, verb+" "+t.Value+", a personal configuration file")
	}
}

func ruleFindDelete(c *checker, cl *call) {
	q := parseFind(cl.Args)
	deletes := false
	for _, a := range cl.Args[q.expr:] {
		switch a.Value {
		case "-delete":
			deletes = true
		case "-fprint", "-fprint0", "-fprintf", "-fls":
			// The file named next is created or truncated.
		}
	}
	for i := q.expr; i+1 < len(cl.Args); i++ {
		switch cl.Args[i].Value {
		case "-fprint", "-fprint0", "-fprintf", "-fls":
			c.overwrite(cl, cl.Args[i+1], "find "+cl.Args[i].Value+" overwrites")
		}
	}
	if !deletes {
		return
	}
	for _, r := range q.roots {
		r = c.abs(cl, r)
		c.findDeletion(cl, r, q.target(r), q.filtered, false) // rules_find_delete.go
	}
}

func ruleRsyncDelete(c *checker, cl *call) {
	if !hasFlag(cl.Args, "", "--delete", "--delete-before", "--delete-after", "--delete-during",
		"--delete-excluded", "--del", "--remove-source-files") {
		return
	}
	ops := operands(cl.Args, "efTB")
	if len(ops) < 2 {
		return
	}
	dst := ops[len(ops)-1]
	if strings.Contains(dst.Value, ":") && !strings.HasPrefix(dst.Value, "/") {
		c.flagCall(cl, "fs.rsync-delete", High, "deletes files on "+dst.Value+" that are not in the source")
		return
	}
	dst = c.abs(cl, dst)
	switch r, _, _ := c.deleteRisk(dst, true); r {
	case Critical:
		c.flagCall(cl, "fs.rsync-delete", Critical, "rsync --delete makes "+dst.Value+" match the source, deleting everything else in it")
	case Safe:
	default:
		if c.userData(strings.TrimSuffix(dst.Value, "/")+"/x") == "document" {
			c.flagCall(cl, "fs.rsync-delete", High, "rsync --delete deletes every file in "+dst.Value+" that is not in the source, in your own files")
			return
		}
		c.flagCall(cl, "fs.rsync-delete", Moderate, "deletes files in "+dst.Value+" that are not in the source")
	}
}

func ruleMv(c *checker, cl *call) {
	ops := operands(cl.Args, "tS")
	if len(ops) < 2 {
		return
	}
	dst := ops[len(ops)-1]
	for _, src := range ops[:len(ops)-1] {
		if src.Dynamic {
			continue
		}
		switch classifyPath(src.Value, c.home) {
		case pathRoot, pathSystem, pathHome:
			c.flagCall(cl, "fs.mv-system", Critical, "moves "+src.Value+" away; the system or your home breaks")
		case pathSensitive:
			if strings.HasPrefix(src.Value, "/etc") || strings.HasPrefix(src.Value, "/boot") {
				c.flagCall(cl, "fs.mv-system", Critical, "moves "+src.Value+" away; the system cannot log in or boot without it")
			} else {
				c.flagCall(cl, "fs.mv-credentials", High, "moves "+src.Value+" away: keys or credentials stop working")
			}
		}
	}
	if !dst.Dynamic && dst.Value == "/dev/null" {
		c.flagCall(cl, "fs.mv-devnull", High, "moves files onto /dev/null: they are lost and /dev/null is replaced")
		return
	}
	c.overwrite(cl, dst, "mv replaces")
}

// ruleCopyOnto flags copies whose destination is a disk or a file the system depends on.
func ruleCopyOnto(c *checker, cl *call) {
	switch cl.Name {
	case "dd":
		return // rules_disk judges of=
	case "tee", "sponge":
		appendOnly := hasFlag(cl.Args, "a", "--append")
		for _, t := range operands(cl.Args, "") {
			if appendOnly {
				c.appendTo(cl, t)
				continue
			}
			c.overwrite(cl, t, "overwrites")
		}
		return
	}
	ops := operands(cl.Args, "tSm")
	if len(ops) < 2 {
		return
	}
	dst := c.abs(cl, ops[len(ops)-1])
	if dst.Dynamic {
		return
	}
	intoDir := strings.HasSuffix(dst.Value, "/") || len(ops) > 2 || hasFlag(cl.Args, "t", "--target-directory")
	switch k := classifyPath(dst.Value, c.home); {
	case k == pathDevice || k == pathSensitive && !intoDir:
		c.overwrite(cl, dst, cl.Name+" overwrites")
	case k == pathSensitive:
		c.flagCall(cl, "fs.write-system", High, cl.Name+" adds files to "+dst.Value+", which controls logins, sudo or boot")
	case k == pathSystem || k == pathSystemSub:
		if strings.HasPrefix(dst.Value, "/mnt") || strings.HasPrefix(dst.Value, "/media") {
			return
		}
		// Installing a file into a system directory is routine administration, not destruction.
		c.flagCall(cl, "fs.write-system", Moderate, cl.Name+" writes into the system location "+dst.Value)
	case k == pathDotfile && !intoDir:
		c.flagCall(cl, "fs.overwrite-dotfile", Moderate, cl.Name+" replaces "+dst.Value+", a personal configuration file")
	}
}

// appendTo flags appending to a file: harmless for ordinary files, a backdoor for accounts and sudoers.
func (c *checker) appendTo(cl *call, t arg) {
	if t.Dynamic {
		return
	}
	if strings.HasSuffix(t.Value, "sysrq-trigger") {
		c.overwrite(cl, t, "writes")
		return
	}
	switch classifyPath(t.Value, c.home) {
	case pathDevice:
		c.flagCall(cl, "disk.write-device", Critical, "writes to the disk device "+t.Value)
	case pathSensitive:
		if strings.HasPrefix(t.Value, "/") && !strings.HasPrefix(t.Value, c.home) && !strings.HasPrefix(t.Value, "/home/") {
			c.flagCall(cl, "fs.append-system", Critical, "appends to "+t.Value+", which decides who can log in, run as root or what runs at boot")
		} else {
			c.flagCall(cl, "fs.append-credentials", High, "appends to "+t.Value+", which decides who can log in as you")
		}
	case pathSystemSub, pathSystem:
		if strings.HasPrefix(t.Value, "/proc/") || strings.HasPrefix(t.Value, "/sys/") {
			c.flagCall(cl, "sys.kernel-write", Moderate, "writes the kernel setting "+t.Value)
			return
		}
		c.flagCall(cl, "fs.append-system", Moderate, "appends to the system file "+t.Value)
	case pathDotfile:
		c.flagCall(cl, "fs.append-dotfile", Moderate, "appends to "+t.Value+", which runs or applies at every login")
	}
}
