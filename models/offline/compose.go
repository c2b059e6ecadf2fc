package offline

import (
	"path"
	"slices"
	"strings"

	"github.com/cmdai/cmdai/models"
)

// composer fills one intent's template from the slots for one request.
type composer struct {
	e            *Engine
	s            *slots
	os           string // "linux" or "darwin"; BSD systems count as darwin
	shell        string
	missing      int    // required slots that had no value, each lowers confidence
	findSay      string // what the find expression selects, for explanations
	toks         []token
	tpl          string // the command's template, for placeholders that depend on the program
	permIsAction bool
	// ownerIsAction and groupIsAction: likewise an owner (chown) or group (chgrp) the action gives.
	ownerIsAction, groupIsAction bool
	// slotless is set when the command's template takes nothing from the request (pwd, lspci).
	slotless bool
	// usedWords counts leftover words the template consumed, which count as understood.
	usedWords int
	flagged   bool // the prompt's words named options of the command ("human readable" -> -h)
	// manyIn is set once a template took every image named as its input (<images>).
	manyIn bool
	// unfilled is set when a required slot of the template was not in the request: neither "jq JQPATH
	// data.json" nor "chgrp GROUP logdir" is offered; the engine asks for the value instead.
	unfilled bool
	// saying is set while the intent's explanation is rendered, for values written otherwise there.
	saying bool
}

// versionFlags are the programs that print their version otherwise than with --version.
var versionFlags = map[string]string{"ssh": "-V", "java": "-version", "go": "version", "openssl": "version", "tmux": "-V"}

// echoVerbs introduce the text a request asks to print.
var echoVerbs = setOf("echo print say output write display")

// repeatWords are what asks for a command to run again and again rather than which command it is.
var repeatWords = setOf("watch watching every each second seconds sec secs refresh refreshing repeatedly periodically keep run again few")

// repeated reads the request without its words about repeating ("refresh the disk usage every 5
// seconds" is "the disk usage") and returns the command the catalogue is sure of for it. It reads one
// level deep: a rival reading of the rest that repeats again would read the same words for ever.
func (c *composer) repeated() (string, bool) {
	if c.e.inner {
		return "", false
	}
	var rest []string
	for _, t := range c.toks {
		if !t.quoted && (repeatWords[t.lower] || isInt(t.lower)) {
			continue
		}
		rest = append(rest, t.raw)
	}
	if len(rest) == 0 {
		return "", false
	}
	inner := *c.e
	inner.inner = true
	got := inner.catalogueCandidates(models.Request{Prompt: strings.Join(rest, " "), OS: c.os, Shell: c.shell}, 1)
	if len(got) == 0 || !Offered(got[0]) || strings.HasPrefix(got[0].Command, "watch ") || strings.Contains(got[0].Command, "|") {
		return "", false
	}
	c.usedWords += len(rest)
	return got[0].Command, true
}

// placeholderDefault reports whether a slot's default is a placeholder in capitals (<dst=DEST>) rather
// than a value the command can run with (<name=HEAD>, <word=REPLY>, <port=8080>).
func placeholderDefault(def string) bool {
	def = strings.Trim(def, `'"`) // 'MESSAGE' is as much a placeholder as MESSAGE
	if def == "HEAD" || def == "REPLY" || strings.Trim(def, "ABCDEFGHIJKLMNOPQRSTUVWXYZ_0123456789") != "" {
		return false
	}
	return strings.ContainsAny(def, "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
}

// render expands a template. <name> is a required slot (a placeholder in capitals when absent),
// <name?> an optional one (dropped with its space when absent), <name=default> one with a default.
func (c *composer) render(tpl string) string {
	c.placeLoose(tpl)
	// A mode the action sets ("chmod 644") is not also a test for find to make.
	c.permIsAction = c.permIsAction || strings.Contains(tpl, "<perm")
	c.ownerIsAction = c.ownerIsAction || strings.Contains(tpl, "<owner")
	c.groupIsAction = c.groupIsAction || strings.Contains(tpl, "<grp") || strings.Contains(tpl, "<group")
	var b strings.Builder
	for {
		i := strings.IndexByte(tpl, '<')
		if i < 0 {
			b.WriteString(tpl)
			break
		}
		j := strings.IndexByte(tpl[i:], '>')
		if j < 0 || i+1 >= len(tpl) || !isSlotStart(tpl[i+1]) {
			b.WriteString(tpl[:i+1])
			tpl = tpl[i+1:]
			continue
		}
		b.WriteString(tpl[:i])
		spec := tpl[i+1 : i+j]
		tpl = tpl[i+j+1:]
		name, def, hasDef := strings.Cut(spec, "=")
		optional := strings.HasSuffix(name, "?")
		name = strings.TrimSuffix(name, "?")
		v, ok := c.value(name)
		switch {
		case ok:
			b.WriteString(v)
		case hasDef:
			if placeholderDefault(def) {
				c.missing++
				c.unfilled = true
			}
			if name == "shellglobs" || name == "dirglob" {
				def = c.inTheDir(def)
			}
			b.WriteString(def)
		case optional:
			// Drop the space before the slot so "ls -l <path?>" renders as "ls -l".
			out := strings.TrimRight(b.String(), " ")
			b.Reset()
			b.WriteString(out)
		default:
			c.missing++
			c.unfilled = true
			b.WriteString(strings.ToUpper(name))
		}
	}
	out := squeeze(b.String())
	if c.shell == "fish" {
		out = strings.ReplaceAll(out, "$(", "(")
	}
	return out
}

func isSlotStart(b byte) bool { return b >= 'a' && b <= 'z' }

// value returns a slot's rendered value, quoted for the shell.
// linkNamedFirst reports whether the request links a path to another with "link" or "symlink" as its
// verb, the link first: "symlink /opt/app/current to /opt/app/releases/v3".
func (c *composer) linkNamedFirst() bool {
	if len(c.s.paths) != 2 || len(c.s.globs) > 0 {
		return false
	}
	for k := 0; k+3 < len(c.toks); k++ {
		if (c.toks[k].lower == "symlink" || c.toks[k].lower == "link") && c.toks[k+1].raw == c.s.paths[0] &&
			(c.toks[k+2].lower == "to" || c.toks[k+2].lower == "at") && c.toks[k+3].raw == c.s.paths[1] {
			return true
		}
	}
	return false
}

func (c *composer) value(name string) (string, bool) {
	if v, ok, known := c.tailCompose(name); known {
		return v, ok
	}
	s := c.s
	if strings.HasPrefix(name, "flags.") {
		return c.flags(name)
	}
	if name == "lsflags" {
		return c.lsFlags()
	}
	if name == "extfrom" || name == "extto" {
		return c.extValue(name)
	}
	if v, ok, known := c.tailValue(name); known {
		return v, ok
	}
	if v, ok, known := c.searchValue(name); known {
		return v, ok
	}
	if v, ok, known := c.dataValue(name); known {
		return v, ok
	}
	if v, ok, known := c.devValue(name); known {
		return v, ok
	}
	if v, ok, known := c.gitValue(name); known {
		return v, ok
	}
	if v, ok, known := c.sysValue(name); known {
		return v, ok
	}
	if v, ok, known := c.namedValue(name); known {
		return v, ok
	}
	if v, ok, known := c.mediaValue(name); known {
		return v, ok
	}
	switch name {
	case "find":
		return c.find(), true
	case "findf":
		if s.ftype == "" {
			s.ftype = "f"
		}
		return c.find(), true
	case "findfs":
		// "chmod 644 all files", "count the files here": when the person says files and names none,
		// the action is for files, not directories.
		if s.ftype == "" && s.filesSaid && len(s.globs) == 0 && s.regex == "" {
			s.ftype = "f"
		}
		return c.find(), true
	case "findsay":
		if c.findSay == "" {
			c.find()
		}
		return c.findSay, true
	case "path":
		if len(s.paths) > 0 {
			return quote(s.paths[0]), true
		}
		return first(s.dirs)
	case "where":
		// Where to list: the place named, left out when it is the current directory.
		if len(s.paths) > 0 && s.paths[0] != "." {
			return quote(s.paths[0]), true
		}
		return "", false
	case "dir":
		if r := c.roots(); len(r) > 0 {
			return quote(r[0]), true
		}
		return "", false
	case "newfile":
		if out := outFile(s); out != "" {
			return quote(out), true
		}
		return "", false
	case "dst":
		if s.dst != "" {
			return quote(s.dst), true
		}
		for i := 1; len(s.paths) > 1 && i < len(c.toks); i++ {
			// "copy the uploads folder from web01:/srv/uploads to here": the path said after "to" or
			// "into", when one is.
			if w := c.toks[i-1].lower; w != "to" && w != "into" {
				continue
			}
			if p := c.toks[i].raw; contains(s.paths, p) {
				return quote(p), true
			}
			if c.toks[i].lower == "here" && contains(s.paths, ".") {
				return ".", true
			}
		}
		for i := len(s.paths) - 1; i >= 0 && len(s.paths) > 1; i-- {
			// Else the last path named that is not the one things come from.
			if p := s.paths[i]; !c.saidAfter("from", p) {
				return quote(p), true
			}
		}
		if len(s.paths) > 1 {
			return quote(s.paths[1]), true
		}
		return "", false
	case "sumsout":
		// Where checksums go: the destination, else the one name without wildcards the request gave
		// ("save them to a file called SHA256SUMS").
		if s.dst != "" {
			return quote(s.dst), true
		}
		for _, g := range s.globs {
			if !strings.ContainsAny(g, "*?[") {
				return quote(g), true
			}
		}
		for i := 1; i < len(c.toks); i++ {
			if p := c.toks[i-1].lower; (p == "called" || p == "named") && (isIdentifier(c.toks[i].raw) || isFileName(c.toks[i].raw)) {
				c.toks[i].used = true
				return quote(c.toks[i].raw), true
			}
		}
		return "", false
	case "names":
		// What to create: names given with "named"/"called" first, then the paths; one name said to go
		// inside a folder goes there ("a folder called reports inside Documents": Documents/reports).
		if p := c.createdInside(); p != "" {
			return quote(p), true
		}
		if len(s.globs) > 0 {
			q := make([]string, len(s.globs))
			for i, g := range s.globs {
				q[i] = quote(g)
			}
			return strings.Join(q, " "), true
		}
		return c.value("files")
	case "grp":
		if s.group != "" {
			return quote(s.group), true
		}
		if s.dst != "" {
			return quote(s.dst), true
		}
		return "", false
	case "owner":
		if s.user != "" {
			return quote(s.user), true
		}
		if s.dst != "" {
			return quote(s.dst), true
		}
		return "", false
	case "targets":
		var q []string
		for _, p := range s.paths {
			if p != s.dst || s.user != "" {
				q = append(q, quote(p))
			}
		}
		if len(q) == 0 {
			return "", false
		}
		return strings.Join(q, " "), true
	case "old":
		return sedRegex(s.old), s.old != ""
	case "new":
		return sedQuote(s.new), s.new != ""
	case "target":
		// "a symbolic link named X to Y": Y is the target, X the link.
		if c.linkNamedFirst() {
			return quote(s.paths[1]), true // "symlink /opt/app/current to /opt/app/releases/v3"
		}
		if len(s.globs) > 0 {
			if s.dst != "" {
				return quote(s.dst), true
			}
			if len(s.paths) == 0 && len(s.words) > 0 {
				// "named latest pointing to build-42": a plain name left over is what it points to.
				c.usedWords++
				return quote(s.words[0]), true
			}
			return first(s.paths)
		}
		return first(s.paths)
	case "linkname":
		if c.linkNamedFirst() {
			return quote(s.paths[0]), true
		}
		if len(s.globs) > 0 {
			return quote(s.globs[0]), true
		}
		if len(s.paths) > 1 {
			return quote(s.paths[len(s.paths)-1]), true
		}
		return "", false
	case "inarchive":
		// What is taken out of an archive: the path named that is not the archive.
		for _, p := range s.paths {
			if !hasAnySuffix(p, ".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tar.xz", ".zip") && p != s.dst && p != "." && !slices.Contains(s.dirs, p) {
				return quote(p), true
			}
		}
		return "", false
	case "archive":
		for _, p := range s.paths {
			if hasAnySuffix(p, ".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tar.xz", ".zip") {
				return quote(p), true
			}
		}
		return "", false
	case "delim":
		switch sep := s.text.sep; {
		case sep == "\t":
			return c.tab(), true
		case sep != "" && sep != "'":
			return "'" + sep + "'", true // "It's the fourth field, separated by semicolons"
		}
		for _, p := range s.paths {
			if hasAnySuffix(p, ".csv") {
				return "','", true
			}
			if strings.HasPrefix(p, "/etc/passwd") || strings.HasPrefix(p, "/etc/group") {
				return "':'", true
			}
			if hasAnySuffix(p, ".tsv", ".tab") {
				return c.tab(), true
			}
		}
		return "' '", true
	case "srcall":
		// Everything in the source folder: "everything here", "all files and folders in /data".
		for _, p := range s.paths {
			if p != s.dst && p != "." {
				return quote(strings.TrimSuffix(p, "/")) + "/*", true
			}
		}
		if contains(s.paths, ".") {
			return "./*", true
		}
		return "", false // "the contents of dist" with dist unread: not the current folder's
	case "src":
		left := excludedName(c.toks) // what is left out is not what is copied or packed
		_, into := c.archiveNamedIn()
		for i := 1; i < len(c.toks); i++ {
			// "from web01:/srv/uploads to here": what comes after "from" is copied, wherever it is said.
			if p := c.toks[i].raw; c.toks[i-1].lower == "from" && remoteSpec.MatchString(p) && contains(s.paths, p) && p != s.dst {
				return quote(p), true
			}
		}
		for i := 1; i < len(c.toks); i++ {
			// "a gzipped tarball of /var/www/brochure ... in my current directory": what it is of.
			if p := c.toks[i].raw; c.toks[i-1].lower == "of" && strings.HasPrefix(p, "/") && contains(s.paths, p) && p != s.dst && p != left && p != into {
				return quote(p), true
			}
		}
		for _, p := range s.paths {
			if p != s.dst && p != left && p != into && !hasAnySuffix(p, ".tar", ".tar.gz", ".tgz", ".zip") {
				return quote(p), true
			}
		}
		return "", false
	case "dstdir":
		// Where a file lands: the folder said ("into the current directory", "to /tmp"), not the file.
		if s.dst != "" {
			return quote(s.dst), true
		}
		f, _ := c.value("file")
		for i := len(s.paths) - 1; i >= 0; i-- {
			if p := quote(s.paths[i]); p != f {
				return p, true
			}
		}
		return "", false
	case "dlto":
		// Where a download goes: the folder after "into", else the one folder the request names
		// ("I keep my ISOs on the share mounted at /mnt/nas/isos ... straight into that folder").
		if s.dst != "" {
			return quote(s.dst), true
		}
		if len(s.dirs) == 1 {
			return quote(s.dirs[0]), true
		}
		return "", false
	case "first", "second":
		// The files in the order the request says them: "lines of a.txt that are not in b.txt".
		var files []string
		for _, t := range c.toks {
			if contains(s.paths, t.raw) && !contains(s.dirs, t.raw) && !contains(files, t.raw) {
				files = append(files, t.raw)
			}
		}
		for _, p := range s.paths {
			if !contains(s.dirs, p) && !contains(files, p) {
				files = append(files, p)
			}
		}
		k := 0
		if name == "second" {
			k = 1
		}
		if k < len(files) {
			return quote(files[k]), true
		}
		return "", false
	case "scpport":
		// "SSH on the client's server listens on port 2222": scp's -P with the port.
		if len(s.ports) > 0 {
			return "-P " + s.ports[0], true
		}
		return "", false
	case "pastesep":
		// "separated by commas", or lines written "as title,slug" into a .csv: paste's delimiter.
		if v, ok := c.flags("flags.paste"); ok {
			return v, true
		}
		for _, t := range c.toks {
			if a, b, ok := strings.Cut(t.raw, ","); ok && isIdentifier(a) && isIdentifier(b) && !t.quoted {
				return "-d,", true
			}
		}
		if extOf(outFile(s)) == "csv" {
			return "-d,", true
		}
		return "", false
	case "srcfiles":
		// Every file named but the one to write: "part1.txt and part2.txt into whole.txt". Without a
		// "into" the last file named is one more input: writing over it would lose it.
		out := outFile(s)
		var q []string
		for _, p := range s.paths {
			if p != out && !contains(s.dirs, p) {
				q = append(q, quote(p))
			}
		}
		if c.saying && len(q) > 1 {
			return strings.Join(q[:len(q)-1], ", ") + " and " + q[len(q)-1], true
		}
		return strings.Join(q, " "), len(q) > 0
	case "file":
		for _, p := range s.paths {
			if !contains(s.dirs, p) {
				return quote(p), true
			}
		}
		return first(s.paths)
	case "file2":
		n := 0
		for _, p := range s.paths {
			if n++; n == 2 {
				return quote(p), true
			}
		}
		return "", false
	case "files":
		if len(s.paths) == 0 {
			// "create a directory called build": the name is what to create.
			if len(s.globs) > 0 {
				return quote(s.globs[0]), true
			}
			return "", false
		}
		var q []string
		for _, p := range s.paths {
			// "make X in the current directory": the place is where, not what.
			if len(s.paths) > 1 && (p == "." || p == "~" || p == "/") {
				continue
			}
			q = append(q, quote(p))
		}
		return strings.Join(q, " "), true
	case "pattern":
		if len(s.patterns) > 0 {
			return singleQuote(s.patterns[0]), true
		}
		if q := c.quotedText(); q != "" {
			// "whose command line matches 'celery worker'": the quoted text, whatever slot took it.
			return singleQuote(q), true
		}
		for i, t := range c.toks {
			if codeMarkers[t.raw] {
				c.toks[i].used = true
				return t.raw, true // "the TODO comments in our python code"
			}
		}
		if len(s.words) > 0 {
			return singleQuote(s.words[len(s.words)-1]), true
		}
		return "", false
	case "glob":
		if len(s.globs) > 0 {
			return singleQuote(s.globs[0]), true
		}
		return "", false
	case "shellglobs":
		// Globs for the shell to expand ("grep error *.log"), unquoted, in the one folder the request
		// names ("every log file in /var/log" is /var/log/*.log) or here.
		if slices.ContainsFunc(s.notGlobs, s.globCatches) || len(s.notGlobs) == 0 && c.e.leavesOut(c.toks) {
			// "all files excluding hidden ones": the shell's glob cannot leave some out. A name no glob
			// takes ("the .log.1 files ... leave myapp.log alone") needs no leaving out.
			return "", false
		}
		dir := ""
		if d := s.globDir(); d != "" {
			dir = strings.TrimSuffix(d, "/") + "/"
		}
		var gs []string
		for _, g := range s.globs {
			if strings.ContainsAny(dir+g, " '\"$`;&|<>()") {
				return "", false
			}
			gs = append(gs, dir+g)
		}
		if len(gs) == 0 && len(s.dirs) == 1 && c.e.mentions(c.toks, "everyfile") && plainFolder(s.dirs[0]) {
			// "the md5 of every file in /opt/dist": the folder's files, as the shell lists them.
			gs = append(gs, strings.TrimSuffix(s.dirs[0], "/")+"/*")
		}
		return strings.Join(gs, " "), len(gs) > 0
	}
	return c.wordValue(name)
}

// saidAfter reports whether path p is said right after the word w: "from web01:/srv/uploads".
func (c *composer) saidAfter(w, p string) bool {
	for i := 1; i < len(c.toks); i++ {
		if c.toks[i].raw == p && c.toks[i-1].lower == w {
			return true
		}
	}
	return false
}

// inTheDir puts a template's default glob in the one folder the request names and does not write into:
// "shrink all the photos in ~/pics" is ~/pics/*.jpg.
func (c *composer) inTheDir(glob string) string {
	var from []string
	for _, d := range c.s.dirs {
		if d != c.s.dst && d != "." && d != "./" {
			from = append(from, d)
		}
	}
	if len(from) != 1 || !plainFolder(from[0]) {
		return glob
	}
	return strings.TrimSuffix(from[0], "/") + "/" + glob
}

// plainFolder reports whether a folder's name can stand before a glob unquoted: no blank, quote,
// wildcard or character the shell reads.
func plainFolder(d string) bool { return !strings.ContainsAny(d, " '\"$`;&|<>()*?") }

func nonEmpty(v string) (string, bool) { return quote(v), v != "" }

// first is the first of xs, quoted for the shell.
func first(xs []string) (string, bool) {
	if len(xs) == 0 {
		return "", false
	}
	return quote(xs[0]), true
}

// outFile is the file a command writes all the inputs into: the one said to be where they go, else
// the last one named when it is of another kind than all the others ("page1.png page2.png ... one
// scan.pdf"); "" when none is. Without either, the last file named is one more input: writing over it
// would lose it.
func outFile(s *slots) string {
	if s.dst != "" || len(s.paths) < 2 {
		return s.dst
	}
	// The last file named, past folders said again after it ("CSVs in raw/ ... into one file, all.csv
	// ... the files in raw/ must stay"), when no other file has its kind.
	at := len(s.paths) - 1
	for at > 0 && path.Ext(s.paths[at]) == "" && strings.HasSuffix(s.paths[at], "/") {
		at--
	}
	last := s.paths[at]
	ext := path.Ext(last)
	if ext == "" {
		return ""
	}
	for i, p := range s.paths {
		if i != at && strings.EqualFold(path.Ext(p), ext) {
			return ""
		}
	}
	return last
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// quote leaves plain words, paths and $variables alone and single-quotes anything the shell would
// split or expand.
func quote(v string) string {
	if v == "" {
		return "''"
	}
	safe := true
	for i, r := range v {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("_-./:@%+=,", r) || r == '~' && i == 0 {
			continue
		}
		safe = false
		break
	}
	if safe {
		return v
	}
	if strings.HasPrefix(v, "$") && !strings.ContainsAny(v, " \t'\"`;|&<>()") {
		return `"` + v + `"`
	}
	return singleQuote(v)
}

func singleQuote(v string) string {
	return "'" + strings.ReplaceAll(v, "'", `'\''`) + "'"
}

// placeLoose gives quoted words without a cue to the template: text to search for when it wants a
// pattern, a name for find otherwise ("look for 'notes' here" finds files named notes).
func (c *composer) placeLoose(tpl string) {
	s := c.s
	// A file name where find searches is a name to look for: "find all the foo.txt files".
	if strings.Contains(tpl, "<find") && len(s.globs) == 0 {
		var keep []string
		for _, p := range s.paths {
			if isFileName(p) && !contains(s.dirs, p) && p != s.dst {
				s.globs = append(s.globs, p)
			} else {
				keep = append(keep, p)
			}
		}
		s.paths = keep
	}
	if s.regex != "" && len(s.patterns) == 0 && strings.Contains(tpl, "<pattern") {
		s.patterns, s.regex = []string{s.regex}, ""
	}
	if len(s.loose) == 0 {
		return
	}
	if strings.Contains(tpl, "<pattern") || strings.Contains(tpl, "<text") || strings.Contains(tpl, "<word") {
		s.patterns = append(s.patterns, s.loose...)
	} else if strings.Contains(tpl, "<find") {
		for _, l := range s.loose {
			if !strings.Contains(l, " ") || strings.ContainsAny(l, "*?") {
				s.globs = append(s.globs, l) // "dying with "no space left on device"" quotes a message, not a name
			}
		}
	} else {
		for _, l := range s.loose {
			if len(strings.Fields(l)) < 3 || strings.Contains(l, "/") {
				s.paths = append(s.paths, l) // 'My Documents' is a name; "no space left on device" a message
			}
		}
	}
	s.loose = nil
}

// createdInside is the path of the one thing a request creates inside a folder it names: "a new folder
// called reports inside Documents" is Documents/reports, "a file notes.txt in docs" docs/notes.txt; ""
// when the request names no such pair.
func (c *composer) createdInside() string {
	s := c.s
	named := func(w string) bool {
		return slices.Contains(s.globs, w) || slices.Contains(s.paths, w)
	}
	name, parent := "", ""
	for i := 0; i+1 < len(c.toks); i++ {
		w, next := c.toks[i].lower, c.toks[i+1].raw
		switch {
		case (w == "called" || w == "named" || stem(w) == "folder" || stem(w) == "directory" || stem(w) == "file") && named(next) && name == "":
			name = next
		case (w == "in" || w == "inside" || w == "under" || w == "within") && slices.Contains(s.paths, next) && parent == "":
			parent = next
		}
	}
	if name == "" || parent == "" || name == parent || parent == "." || strings.ContainsAny(name, "*?[/") {
		return ""
	}
	return strings.TrimSuffix(parent, "/") + "/" + name
}
