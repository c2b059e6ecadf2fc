package offline

import (
	"slices"
	"strconv"
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
	case "dst":
		if s.dst != "" {
			return quote(s.dst), true
		}
		if len(s.paths) > 1 {
			return quote(s.paths[len(s.paths)-1]), true
		}
		return "", false
	case "names":
		// What to create: names given with "named"/"called" first, then the paths.
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
		if len(s.globs) > 0 {
			return quote(s.globs[0]), true
		}
		if len(s.paths) > 1 {
			return quote(s.paths[len(s.paths)-1]), true
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
	case "src":
		for _, p := range s.paths {
			if p != s.dst && !hasAnySuffix(p, ".tar", ".tar.gz", ".tgz", ".zip") {
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
	case "srcfiles":
		// Every file named but the one to write: "part1.txt and part2.txt into whole.txt".
		dst := s.dst
		if dst == "" && len(s.paths) > 1 {
			dst = s.paths[len(s.paths)-1]
		}
		var q []string
		for _, p := range s.paths {
			if p != dst && !contains(s.dirs, p) {
				q = append(q, quote(p))
			}
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
		if len(s.notGlobs) > 0 || c.e.mentions(c.toks, "negation") {
			return "", false // "all files excluding hidden ones": the shell's glob cannot leave some out
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
		return strings.Join(gs, " "), len(gs) > 0
	case "count":
		if s.count > 0 {
			return strconv.Itoa(s.count), true
		}
		return "", false
	case "user":
		return nonEmpty(s.user)
	case "group":
		return nonEmpty(s.group)
	case "perm":
		return nonEmpty(s.perm)
	case "port":
		return first(s.ports)
	case "port2":
		// The far side of a mapping ("port 8080 to 80"); the same port when only one was said.
		if len(s.ports) > 1 {
			return s.ports[1], true
		}
		return first(s.ports)
	case "pid":
		if len(s.pids) > 0 {
			return s.pids[0], true
		}
		return first(s.numbers)
	case "num":
		// A bare number the template takes ("line 42") is understood, not left over.
		if len(s.numbers) > 0 {
			c.usedWords++
		}
		return first(s.numbers)
	case "num2":
		if len(s.numbers) > 1 {
			c.usedWords++
			return quote(s.numbers[1]), true
		}
		return "", false
	case "nums":
		if len(s.numbers) == 0 {
			return "", false
		}
		c.usedWords += len(s.numbers)
		return strings.Join(s.numbers, " "), true
	case "url":
		return first(s.urls)
	case "host":
		return first(s.hosts)
	case "word":
		if len(s.patterns) > 0 {
			return quote(s.patterns[0]), true
		}
		if len(s.words) > 0 {
			c.usedWords++
		} else if s.service != "" {
			return quote(s.service), true // "find the pid of nginx"
		}
		return first(s.words)
	case "word2":
		// The second leftover word: "set FOO to bar" gives FOO, then bar.
		if len(s.words) > 1 {
			c.usedWords++
			return quote(s.words[1]), true
		}
		return "", false
	case "iface":
		return nonEmpty(s.iface)
	case "dstpath":
		// Where a copy lands on the other machine: the path of host:path, else a path of the request
		// other than what is copied.
		if s.remotePath != "" {
			return quote(s.remotePath), true
		}
		for i := len(s.paths) - 1; i > 0; i-- {
			if p := s.paths[i]; strings.HasPrefix(p, "/") || strings.HasPrefix(p, "~") {
				return quote(p), true
			}
		}
		return "", false
	case "watched":
		// What to run again and again: the rest of the request read on its own ("the disk usage" is
		// df -h), else a script or word it names.
		if cmd, ok := c.repeated(); ok {
			return cmd, true
		}
		if cmd := c.namedCommand(); cmd != "" {
			return cmd, true
		}
		if len(s.paths) > 0 && dataFile(s.paths[0]) {
			return "", false // a log to keep watching is followed, not run
		}
		return c.value("run")
	case "venvdir":
		// Where the environment goes: a path, else the word after "in", "called" or "named".
		if len(s.paths) > 0 {
			return quote(s.paths[0]), true
		}
		for i := 0; i+1 < len(c.toks); i++ {
			if w := c.toks[i].lower; (w == "in" || w == "called" || w == "named" || w == "into") && isIdentifier(c.toks[i+1].raw) {
				c.usedWords++
				return c.toks[i+1].raw, true
			}
		}
		return "", false
	case "cmp":
		// A comparison for awk: shorter or longer.
		for _, t := range c.toks {
			switch t.lower {
			case "shorter", "fewer", "less", "under":
				return "<", true
			}
		}
		return ">", true
	case "sedpat":
		// A text for a sed address: the pattern, else the first leftover word, with / escaped.
		v := ""
		switch {
		case len(s.patterns) > 0:
			v = s.patterns[0]
		case len(s.loose) > 0:
			v = s.loose[0]
		case len(s.words) > 0:
			v = s.words[0]
			c.usedWords++
		}
		if v == "" || strings.ContainsAny(v, "'\n") {
			return "", false
		}
		return strings.ReplaceAll(v, "/", `\/`), true
	case "saytext":
		// What to print: the pattern or leftover words, else everything after the verb ("print hello world").
		if v, ok := c.value("text"); ok {
			return v, true
		}
		for i, t := range c.toks {
			if t.quoted || !echoVerbs[t.lower] || i+1 == len(c.toks) {
				continue
			}
			var words []string
			for _, w := range c.toks[i+1:] {
				words = append(words, w.raw)
			}
			c.usedWords += len(words)
			return singleQuote(strings.Join(words, " ")), true
		}
		return "", false
	case "secs":
		// An interval in seconds: "every 5 seconds", "each second".
		for i, t := range c.toks {
			if t.lower == "sec" || t.lower == "secs" || strings.HasPrefix(t.lower, "second") {
				if i > 0 && isInt(c.toks[i-1].lower) {
					c.toks[i-1].used = true
					return c.toks[i-1].lower, true
				}
				return "1", true
			}
		}
		return "", false
	case "envname":
		if s.envName == "" {
			return "", false
		}
		c.usedWords++
		return s.envName, true
	case "sumtool":
		for _, t := range c.toks {
			switch {
			case strings.HasPrefix(t.lower, "sha256"):
				return "sha256sum", true
			case strings.HasPrefix(t.lower, "sha512"):
				return "sha512sum", true
			case strings.HasPrefix(t.lower, "sha1"):
				return "sha1sum", true
			}
		}
		return "md5sum", true
	case "progversion":
		// The command that prints the program's version: --version, or its own way (ssh -V).
		p, ok := c.value("program")
		if !ok {
			return "", false
		}
		if v, ok := versionFlags[p]; ok {
			return p + " " + v, true
		}
		return p + " --version", true
	case "program":
		// The program the request is about ("the version of node"), as the tldr pages name it; the
		// pages are read only for a template that asks.
		if x := tldrIndex(); x != nil {
			for i, t := range c.toks {
				if !t.used && !t.quoted {
					p := programNamed(x, c.toks, i)
					if p == "" && i > 0 && c.toks[i-1].lower == "the" && everydayPrograms[t.lower] {
						p = t.lower // "the tmux version"
					}
					if p != "" {
						if x.IsProgram(t.lower) {
							p = t.lower // python3 stays python3
						}
						c.usedWords++
						return p, true
					}
				}
			}
		}
		if x := tldrIndex(); s.service != "" && x != nil && x.IsProgram(s.service) {
			return s.service, true // "which version of docker": a service's program
		}
		return "", false
	case "gitsince":
		// git log's --since: a time window, or the day said as it is ("commits from yesterday").
		if v, ok := c.value("since"); ok {
			return v, true
		}
		for _, t := range c.toks {
			if !t.quoted && (t.lower == "yesterday" || t.lower == "today") {
				return t.lower, true
			}
		}
		return "", false
	case "since", "lastspan":
		// A time window: "in the last 30 minutes" is '30 minutes ago' for journalctl, 30m for macOS log.
		n, unit, ok := s.window()
		if !ok {
			return "", false
		}
		if name == "lastspan" {
			return strconv.Itoa(n) + unit[:1], true
		}
		if n != 1 {
			unit += "s"
		}
		return singleQuote(strconv.Itoa(n) + " " + unit + " ago"), true
	case "run":
		// A program to run: a script the request names ("server.sh" runs as ./server.sh), else a word.
		if len(s.paths) == 0 {
			return c.value("word")
		}
		p := s.paths[0]
		if !strings.Contains(p, "/") && !strings.HasPrefix(p, "~") && !strings.HasPrefix(p, "$") {
			p = "./" + p
		}
		return quote(p), true
	case "service":
		if s.service != "" {
			return quote(s.service), true
		}
		return c.value("word")
	case "name":
		// A name to give or act on (a user, a branch, a tag, an image): said with "named"/"called",
		// quoted, or left over.
		switch {
		case s.user != "":
			return quote(s.user), true
		case len(s.globs) > 0:
			return quote(s.globs[0]), true
		case len(s.patterns) > 0:
			return quote(s.patterns[0]), true
		case len(s.words) > 0:
			c.usedWords++
			return quote(s.words[0]), true
		case len(s.loose) > 0:
			return quote(s.loose[0]), true
		case s.service != "":
			return quote(s.service), true
		}
		return first(s.paths)
	case "gitname":
		// A person's name: what the request quotes, else the words left over ("to Alice", "Alice Smith").
		if v, ok := c.value("text"); ok {
			return v, true
		}
		if s.user != "" {
			return singleQuote(s.user), true
		}
		return "", false
	case "text":
		if len(s.patterns) > 0 {
			return singleQuote(s.patterns[0]), true
		}
		if len(s.words) > 0 {
			return singleQuote(strings.Join(s.words, " ")), true
		}
		return "", false
	}
	return c.textValue(name)
}

func nonEmpty(v string) (string, bool) { return quote(v), v != "" }

// first is the first of xs, quoted for the shell.
func first(xs []string) (string, bool) {
	if len(xs) == 0 {
		return "", false
	}
	return quote(xs[0]), true
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

// flags collects the options a vocabulary section [flags.UTIL] maps the prompt's words to, in the
// order the words came: "list files with details, newest first" gives "-l -t" for flags.ls.
func (c *composer) flags(section string) (string, bool) {
	var out []string
	for i := 0; i < len(c.toks); i++ {
		if c.toks[i].quoted {
			continue
		}
		v, n := c.e.cat.lookup(section, c.toks, i)
		if n == 0 {
			continue
		}
		for _, f := range strings.Fields(c.platform(v)) {
			if !contains(out, f) {
				out = append(out, f)
			}
		}
		markUsed(c.toks, i, i+n)
		for k := i; k < i+n; k++ {
			// An option's word is no name for the slots after it: "follow the logs of db" is not
			// "docker logs -f follow".
			if j := slices.Index(c.s.words, c.toks[k].raw); j >= 0 {
				c.s.words = slices.Delete(c.s.words, j, j+1)
			}
		}
		i += n - 1 // "without prompting" is one option, not also "prompting"
	}
	c.flagged = c.flagged || len(out) > 0
	return strings.Join(out, " "), len(out) > 0
}

// lsFlags merges the [flags.ls] options the prompt names into one group the way people type them
// ("-laS", "-lh", "-lt"); sizes, times and sorting only show in a long listing, so they bring -l.
func (c *composer) lsFlags() (string, bool) {
	v, ok := c.flags("flags.ls")
	if !ok {
		return "", false
	}
	var letters, other []string
	for _, f := range strings.Fields(v) {
		if len(f) == 2 && f[0] == '-' && f[1] != '-' {
			letters = append(letters, f[1:])
		} else {
			other = append(other, f)
		}
	}
	if !contains(letters, "l") && (contains(letters, "h") || contains(letters, "t") || contains(letters, "S")) {
		letters = append(letters, "l")
	}
	order := "lahtSrR1di"
	slices.SortStableFunc(letters, func(a, b string) int { return strings.Index(order, a) - strings.Index(order, b) })
	if len(letters) > 0 {
		other = append([]string{"-" + strings.Join(letters, "")}, other...)
	}
	return strings.Join(other, " "), len(other) > 0
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
		s.globs = append(s.globs, s.loose...)
	} else {
		s.paths = append(s.paths, s.loose...)
	}
	s.loose = nil
}
