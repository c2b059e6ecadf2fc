package safety

import (
	"path"
	"strings"
)

// Rules about programs that destroy data without deleting anything: archivers and copiers writing onto a
// disk, files emptied by truncate -s 0, cp /dev/null or a bare >, rsync --delete into a user's directories
// and in-place edits of system files.

func init() {
	register(ruleTarWrites, "tar", "gtar", "bsdtar")
	register(ruleCpioWrites, "cpio")
	register(ruleCopierWrites, "rsync", "ddrescue", "dcfldd", "dc3dd", "bmaptool", "mkisofs", "genisoimage", "xorriso",
		"zstd", "unzstd", "brotli")
	register(ruleTruncateEmpty, "truncate")
	register(ruleCopyEmpty, "cp", "install", "mv", "tee")
	register(ruleDdUserData, "dd")
	genericRules = append(genericRules, ruleRedirectEmpty)
}

// userData says what a file a person cares about holds: "dotfile", "database", "document" or "" when it
// is none of these (build output, scratch, an ordinary file of the project).
func (c *checker) userData(p string) string {
	if p == "" || strings.HasPrefix(p, "-") {
		return ""
	}
	if p == "~" || strings.HasPrefix(p, "~/") {
		p = c.home + p[1:]
	}
	switch classifyPath(p, c.home) {
	case pathArtefact, pathTemp, pathNull, pathDevice:
		return ""
	case pathDotfile:
		return "dotfile"
	}
	base := path.Base(p)
	switch path.Ext(base) {
	case ".db", ".sqlite", ".sqlite3", ".db3", ".mdb", ".accdb", ".ibd", ".frm", ".myd", ".realm", ".ldb", ".dump", ".bak":
		return "database"
	}
	if strings.HasPrefix(p, "/var/lib/mysql/") || strings.HasPrefix(p, "/var/lib/postgresql/") ||
		strings.HasPrefix(p, "/var/lib/mongodb/") || strings.HasPrefix(p, "/var/lib/redis/") {
		return "database"
	}
	if strings.HasSuffix(base, ".log") || strings.HasPrefix(base, "nohup") {
		return ""
	}
	if rel, ok := strings.CutPrefix(p, c.home+"/"); ok && !strings.HasPrefix(rel, ".cache/") {
		if strings.HasPrefix(rel, ".") && !strings.Contains(rel, "/") {
			return "dotfile"
		}
		return "document"
	}
	switch path.Ext(base) {
	case ".docx", ".doc", ".xlsx", ".xls", ".pptx", ".odt", ".ods", ".pdf", ".md", ".tex", ".kdbx", ".pages", ".numbers", ".key":
		return "document"
	}
	return ""
}

// userDataWhat describes each kind for a person.
var userDataWhat = map[string]string{
	"dotfile":  "a personal configuration file",
	"database": "a database",
	"document": "one of your files",
}

// emptied flags a command that empties a file a person cares about; it reports whether it flagged.
func (c *checker) emptied(cl *call, t arg, how string) bool {
	t = c.abs(cl, t)
	if t.Dynamic {
		return false
	}
	if c.forensic(cl, t.Value, how) {
		return true
	}
	kind := c.userData(t.Value)
	if kind == "" && isSystemFile(t.Value) {
		c.flagCall(cl, "fs.empty-file", High, how+" empties the system file "+t.Value)
		return true
	}
	if kind == "" {
		return false
	}
	c.flagCall(cl, "fs.empty-file", High, how+" empties "+t.Value+", "+userDataWhat[kind]+": its content is lost for good")
	return true
}

// truncateSize reads truncate's size option.
func truncateSize(args []arg) (string, bool) {
	for i, a := range args {
		v := a.Value
		switch {
		case v == "-s" || v == "--size":
			if i+1 < len(args) {
				return args[i+1].Value, true
			}
		case strings.HasPrefix(v, "--size="):
			return strings.TrimPrefix(v, "--size="), true
		case strings.HasPrefix(v, "-s") && len(v) > 2:
			return v[2:], true
		}
	}
	return "", false
}

func ruleTruncateEmpty(c *checker, cl *call) {
	size, ok := truncateSize(cl.Args)
	if !ok || strings.Trim(size, "0") != "" && size != "0K" && size != "0M" {
		return
	}
	for _, t := range operands(cl.Args, "sor") {
		c.emptied(cl, t, "truncate -s 0")
	}
}

// ruleCopyEmpty catches cp /dev/null or mv /dev/null onto a file, and tee fed /dev/null, which empty it.
func ruleCopyEmpty(c *checker, cl *call) {
	if cl.Name == "tee" {
		for _, r := range cl.Redirs {
			if r.Op == "<" && r.Target.Value == "/dev/null" {
				for _, t := range operands(cl.Args, "") {
					c.emptied(cl, t, "tee < /dev/null")
				}
			}
		}
		return
	}
	ops := operands(cl.Args, "tSm")
	if len(ops) != 2 || ops[0].Value != "/dev/null" {
		return
	}
	c.emptied(cl, ops[1], cl.Name+" /dev/null")
}

// junk are inputs that only make garbage of a file they are copied onto.
var junk = setOf("/dev/zero", "/dev/urandom", "/dev/random", "/dev/null")

// ruleDdUserData catches dd writing over a file a person cares about.
func ruleDdUserData(c *checker, cl *call) {
	for _, a := range cl.Args {
		if v, ok := strings.CutPrefix(a.Value, "of="); ok && !a.Dynamic {
			t := a
			t.Value, t.Head, t.Tail = v, v, v
			if c.userData(c.abs(cl, t).Value) != "" {
				c.emptied(cl, t, "dd")
			}
		}
	}
}

// emptiesOutput reports a call that prints nothing, or only garbage, so that its output redirected onto a
// file destroys what the file held.
func emptiesOutput(cl *call) bool {
	switch cl.Name {
	case "", ":", "true", "false", "yes":
		return true
	case "cat", "head", "tail":
		for _, a := range cl.Args {
			if junk[a.Value] {
				return true
			}
		}
		return false
	case "echo":
		return len(cl.Args) == 0 || len(cl.Args) == 1 && (cl.Args[0].Value == "-n" || cl.Args[0].Value == "")
	case "printf":
		return len(cl.Args) == 1 && cl.Args[0].Value == ""
	}
	return false
}

// ruleRedirectEmpty catches > file with nothing written: a bare redirect, : > file, cat /dev/null > file.
func ruleRedirectEmpty(c *checker, cl *call) {
	if cl.Dynamic || !emptiesOutput(cl) {
		return
	}
	for _, r := range cl.Redirs {
		switch r.Op {
		case ">", ">|", "&>":
		default:
			continue
		}
		if r.Fd != "" && r.Fd != "1" {
			continue
		}
		sub := *cl
		sub.Span = r.Span
		c.emptied(&sub, r.Target, "the redirect")
	}
}

// tarArchive returns the archive tar writes or reads, and whether it creates or adds to it.
func tarArchive(args []arg) (file arg, writes, found bool) {
	for i, a := range args {
		v := a.Value
		switch {
		case v == "--create" || v == "--append" || v == "--update" || v == "--concatenate":
			writes = true
		case strings.HasPrefix(v, "--file="):
			file, found = a, true
			file.Value = strings.TrimPrefix(v, "--file=")
		case v == "--file" && i+1 < len(args):
			file, found = args[i+1], true
		case strings.HasPrefix(v, "--"):
		case i == 0 && !strings.HasPrefix(v, "-") || strings.HasPrefix(v, "-") && len(v) > 1:
			letters := strings.TrimPrefix(v, "-")
			if strings.ContainsAny(letters, "cruA") {
				writes = true
			}
			if j := strings.IndexByte(letters, 'f'); j >= 0 && !found {
				if j+1 < len(letters) && strings.HasPrefix(v, "-") {
					file, found = a, true
					file.Value = letters[j+1:]
				} else if i+1 < len(args) {
					file, found = args[i+1], true
				}
			}
		}
	}
	return file, writes, found
}

func ruleTarWrites(c *checker, cl *call) {
	file, writes, ok := tarArchive(cl.Args)
	if ok && writes && !file.Dynamic {
		if classifyPath(file.Value, c.home) == pathDevice {
			c.flagCall(cl, "disk.write-device", Critical, cl.Name+" writes an archive over the disk "+file.Value+", destroying its file systems")
			return
		}
	}
	if writes {
		return
	}
	for _, d := range valuesOf(cl.Args, "-C", "--directory") {
		if !d.Dynamic && (d.Value == "/" || d.Value == "//") {
			c.flagCall(cl, "fs.extract-root", High, cl.Name+" extracts over /: any system file in the archive is replaced")
		}
	}
}

func ruleCpioWrites(c *checker, cl *call) {
	if !hasFlag(cl.Args, "o", "--create") {
		return
	}
	for _, f := range valuesOf(cl.Args, "-O", "-F", "--file") {
		if !f.Dynamic && classifyPath(f.Value, c.home) == pathDevice {
			c.flagCall(cl, "disk.write-device", Critical, "cpio writes an archive over the disk "+f.Value+", destroying its file systems")
		}
	}
}

// ruleCopierWrites catches copiers and image writers whose destination is a disk.
func ruleCopierWrites(c *checker, cl *call) {
	var dsts []arg
	switch cl.Name {
	case "dcfldd", "dc3dd":
		for _, a := range cl.Args {
			if v, ok := strings.CutPrefix(a.Value, "of="); ok {
				d := a
				d.Value = v
				dsts = append(dsts, d)
			}
		}
	case "mkisofs", "genisoimage", "zstd", "unzstd", "brotli":
		dsts = valuesOf(cl.Args, "-o")
	case "xorriso":
		dsts = valuesOf(cl.Args, "-outdev", "-dev")
	default:
		if ops := operands(cl.Args, "efTB"); len(ops) >= 2 {
			dsts = ops[len(ops)-1:]
			if cl.Name == "ddrescue" {
				dsts = ops[1:2]
			}
		}
	}
	for _, d := range dsts {
		if !d.Dynamic && classifyPath(d.Value, c.home) == pathDevice {
			c.flagCall(cl, "disk.write-device", Critical, cl.Name+" writes over the disk "+d.Value+", destroying its file systems")
			return
		}
	}
}

// systemEditDirs hold the files an in-place edit can break the system through.
var systemEditDirs = []string{"/etc/", "/boot/", "/usr/", "/lib/", "/lib64/", "/bin/", "/sbin/", "/var/lib/"}

// isSystemFile reports a file under one of systemEditDirs.
func isSystemFile(p string) bool {
	for _, d := range systemEditDirs {
		if strings.HasPrefix(p, d) {
			return true
		}
	}
	return false
}
