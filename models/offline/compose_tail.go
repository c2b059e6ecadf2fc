package offline

import (
	"cmp"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// tailCompose renders the slots the long tail's templates take from the whole request (container
// images, package managers, two names joined by "and", ...); known is false for a name that is not one
// of them.
func (c *composer) tailCompose(name string) (v string, ok, known bool) {
	s := c.s
	switch name {
	case "pkg.install", "pkg.remove", "pkg.update", "pkg.upgrade", "pkg.search", "pkg.list":
		v, ok = c.packageCommand(strings.TrimPrefix(name, "pkg."))
		return v, ok, true
	case "awkfs":
		// CSV and TSV files split on their delimiter, not on blanks.
		f, _ := c.value("file")
		switch {
		case hasAnySuffix(strings.Trim(f, "'"), ".csv"):
			return "-F,", true, true
		case hasAnySuffix(strings.Trim(f, "'"), ".tsv"):
			return `-F'\t'`, true, true
		}
		return "", false, true
	case "startword":
		// "lines that start with A": the word after "with".
		for i, t := range c.toks {
			if t.lower == "with" && i > 0 && i+1 < len(c.toks) && startVerbs[c.toks[i-1].lower] {
				c.toks[i+1].used = true
				return sedPattern(c.toks[i+1].raw), true, true
			}
		}
		return "", false, true
	case "importpat", "importword":
		// "files that import requests": the import line of the module after "import".
		for i, t := range c.toks {
			if (t.lower == "import" || t.lower == "imports") && i+1 < len(c.toks) && saidName(c.toks[i+1].raw) {
				c.toks[i+1].used = true
				if name == "importword" {
					return c.toks[i+1].raw, true, true
				}
				return singleQuote("import " + c.toks[i+1].raw), true, true
			}
		}
		return "", false, true
	case "globq":
		if len(s.globs) == 0 {
			return "", false, true
		}
		return singleQuote(s.globs[0]), true, true
	case "and1", "and2":
		// "files that contain both foo and bar": the two words, quoted for grep.
		a, b, ok := andPair(c.toks)
		if !ok {
			return "", false, true
		}
		if name == "and2" {
			a = b
		}
		return singleQuote(a), true, true
	case "grepr", "grepfiles":
		// The files named ("text files": *.txt), else every file here, recursively.
		g, ok := c.value("shellglobs")
		switch {
		case name == "grepfiles" && ok:
			return g, true, true
		case name == "grepfiles":
			return ".", true, true
		}
		return "r", !ok, true
	case "ctrimage":
		// A container image: as written ("ubuntu:22.04"), or a name and the version after it ("the
		// ubuntu 22.04 image").
		for _, t := range c.toks {
			if !t.quoted && strings.Contains(t.raw, ":") && !strings.Contains(t.raw, "://") && !strings.HasPrefix(t.raw, ":") {
				return t.raw, true, true
			}
		}
		for i := 0; i+1 < len(c.toks); i++ {
			a, b := c.toks[i], c.toks[i+1]
			if !a.quoted && saidName(a.raw) && !isNumber(a.raw) && !pointingWords[a.lower] && imageTag(b.raw) {
				c.usedWords += 2
				return quote(a.raw + ":" + b.raw), true, true
			}
		}
		if len(s.words) == 0 {
			v, ok = nonEmpty(s.service) // "the nginx image": a name the engine also knows as a service
			return v, ok, true
		}
		c.usedWords++
		return quote(s.words[0]), true, true
	case "mkdirp":
		// A nested path needs its parents made: "mkdir -p a/b/c".
		if f, _ := c.flags("flags.mkdir"); strings.Contains(f, "-p") {
			return "", false, true
		}
		for _, p := range append(slices.Clone(s.paths), s.globs...) {
			if !strings.HasPrefix(p, "/") && !strings.HasPrefix(p, "~") && strings.Contains(strings.Trim(p, "/"), "/") {
				return "-p", true, true // a/b/c; an absolute path's parent usually exists
			}
		}
		return "", false, true
	case "splitsize", "journalsize":
		// A size as split -b and journalctl --vacuum-size read it: 100M, 1G, 500K.
		if len(s.sizes) == 0 {
			return "", false, true
		}
		v := strings.TrimLeft(s.sizes[0].arg, "+-")
		if k, ok := strings.CutSuffix(v, "k"); ok {
			v = k + "K" // find's kilobytes are k, split's and journalctl's K
		}
		return v, true, true
	case "runlog":
		// What runs in the background: a script by its interpreter, else a program.
		for _, p := range s.paths {
			if p == s.dst {
				continue
			}
			switch {
			case strings.HasSuffix(p, ".py"):
				return "python3 " + quote(p), true, true
			case strings.HasSuffix(p, ".js"):
				return "node " + quote(p), true, true
			case strings.HasSuffix(p, ".sh") && !strings.Contains(p, "/"):
				return quote("./" + p), true, true
			}
			return quote(p), true, true
		}
		v, ok = c.value("word")
		return v, ok, true
	case "jumphost":
		// The machine a tunnel goes through: "through bastion", "via jump.example.com".
		for i, t := range c.toks {
			if (t.lower == "through" || t.lower == "via") && i+1 < len(c.toks) && saidName(c.toks[i+1].raw) && !pointingWords[c.toks[i+1].lower] {
				c.toks[i+1].used = true
				return c.toks[i+1].raw, true, true
			}
		}
		if len(s.hosts) > 1 {
			return s.hosts[len(s.hosts)-1], true, true
		}
		return "", false, true
	case "sshhost":
		// The machine to log in to: a host, else the name after "to" or "on".
		if len(s.hosts) > 0 {
			return s.hosts[0], true, true
		}
		for i, t := range c.toks {
			if (t.lower == "to" || t.lower == "on" || t.lower == "into") && i+1 < len(c.toks) && saidName(c.toks[i+1].raw) && !pointingWords[c.toks[i+1].lower] && !strings.Contains(c.toks[i+1].raw, "/") {
				c.toks[i+1].used = true
				return c.toks[i+1].raw, true, true
			}
		}
		v, ok = c.value("word")
		return v, ok, true
	case "remotepath":
		// What to fetch from the other machine: a path said, else the folder or file named.
		for _, p := range s.paths {
			if p != s.dst && p != "." && !strings.Contains(p, ":") {
				return quote(p), true, true
			}
		}
		for i, t := range c.toks {
			if (t.lower == "folder" || t.lower == "directory" || t.lower == "file" || t.lower == "dir") && i+1 < len(c.toks) && saidName(c.toks[i+1].raw) && !pointingWords[c.toks[i+1].lower] {
				c.toks[i+1].used = true
				return quote(c.toks[i+1].raw), true, true
			}
		}
		return "", false, true
	case "shellpath":
		// A login shell by name, found where this machine has it.
		for _, t := range c.toks {
			switch t.lower {
			case "zsh", "bash", "fish", "sh", "dash", "ksh", "tcsh":
				return `"$(command -v ` + t.lower + `)"`, true, true
			}
		}
		return "", false, true
	case "dirs2", "branches2", "commits2":
		// Two folders to compare, in the order said: on either side of "and" ("the folders old and
		// new", whatever else the words mean), else the paths, then plain names left over.
		if a, b, ok := andPair(c.toks); ok {
			c.usedWords += 2
			return quote(a) + " " + quote(b), true, true
		}
		var two []string
		for _, p := range s.paths {
			two = append(two, quote(p))
		}
		for _, w := range s.words {
			if len(two) < 2 {
				c.usedWords++
				two = append(two, quote(w))
			}
		}
		if len(two) != 2 {
			return "", false, true
		}
		return two[0] + " " + two[1], true, true
	}
	return "", false, false
}

// imageTag reports whether w is a version that follows an image's name: 22.04, 3.12-slim, latest.
func imageTag(w string) bool {
	switch w {
	case "latest", "stable", "alpine", "slim":
		return true
	}
	v, suffix, _ := strings.Cut(w, "-")
	if suffix != "" && !isAlnum(suffix) {
		return false
	}
	for _, part := range strings.Split(v, ".") {
		if !isInt(part) {
			return false
		}
	}
	return true
}

// saidName reports whether w is a file or folder name said as it is: letters, digits, dots, dashes,
// underscores, slashes and tildes.
func saidName(w string) bool {
	for i := 0; i < len(w); i++ {
		c := w[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("._/~-", c) >= 0) {
			return false
		}
	}
	return w != ""
}

// startVerbs come before "with" in "lines that start with A".
var startVerbs = setOf("start starts starting begin begins beginning")

// pointingWords point at something named elsewhere; they name nothing themselves.
var pointingWords = setOf("the this that these those it them both its their")

// packageManagers are the package managers a request may name, by the words that name them, with
// their commands to install, remove, refresh, upgrade, search and list.
var packageManagers = map[string]map[string]string{
	"apt": {"install": "sudo apt install", "remove": "sudo apt remove", "update": "sudo apt update",
		"upgrade": "sudo apt update && sudo apt upgrade", "search": "apt search", "list": "apt list --installed"},
	"brew": {"install": "brew install", "remove": "brew uninstall", "update": "brew update",
		"upgrade": "brew update && brew upgrade", "search": "brew search", "list": "brew list"},
	"dnf": {"install": "sudo dnf install", "remove": "sudo dnf remove", "update": "sudo dnf check-update",
		"upgrade": "sudo dnf upgrade", "search": "dnf search", "list": "dnf list --installed"},
	"yum": {"install": "sudo yum install", "remove": "sudo yum remove", "update": "sudo yum check-update",
		"upgrade": "sudo yum update", "search": "yum search", "list": "yum list installed"},
	"pacman": {"install": "sudo pacman -S", "remove": "sudo pacman -R", "update": "sudo pacman -Sy",
		"upgrade": "sudo pacman -Syu", "search": "pacman -Ss", "list": "pacman -Q"},
	"snap": {"install": "sudo snap install", "remove": "sudo snap remove", "update": "sudo snap refresh --list",
		"upgrade": "sudo snap refresh", "search": "snap find", "list": "snap list"},
	"apk": {"install": "sudo apk add", "remove": "sudo apk del", "update": "sudo apk update",
		"upgrade": "sudo apk upgrade", "search": "apk search", "list": "apk info"},
	"zypper": {"install": "sudo zypper install", "remove": "sudo zypper remove", "update": "sudo zypper refresh",
		"upgrade": "sudo zypper update", "search": "zypper search", "list": "zypper search --installed-only"},
}

// packageCommand is the package manager's command for action: the manager the request names
// ("with pacman", "using homebrew"), else apt on Linux and Homebrew on macOS.
func (c *composer) packageCommand(action string) (string, bool) {
	mgr := "apt"
	if c.os == "darwin" {
		mgr = "brew"
	}
	for _, t := range c.toks {
		switch w := t.lower; w {
		case "homebrew", "brew":
			mgr = "brew"
		case "apt-get", "aptitude":
			mgr = "apt"
		default:
			if _, ok := packageManagers[w]; ok && !t.quoted {
				mgr = w
			}
		}
	}
	return packageManagers[mgr][action], true
}

// tailValue renders the tail slots; known is false for a name that is not one of them.
func (c *composer) tailValue(name string) (v string, ok, known bool) {
	t := c.s.tail
	one := func(v string) (string, bool, bool) { return v, v != "", true }
	switch name {
	case "attime":
		return one(t.clock)
	case "atrun":
		r, ok := c.value("run")
		if !ok {
			return "", false, true
		}
		return one(singleQuote(strings.Trim(r, "'")))
	case "rangestart":
		return one(sedPattern(t.rangeStart))
	case "rangeend":
		return one(sedPattern(t.rangeEnd))
	case "linetext":
		return one(quoteOr(t.lineText))
	case "prefixtext":
		if t.prefixText == `\t` {
			return one(t.prefixText)
		}
		return one(sedPattern(t.prefixText))
	case "openwhat":
		if len(c.s.urls) > 0 {
			return one(quote(c.s.urls[0]))
		}
		v, ok := c.value("file")
		return v, ok, true
	case "editor":
		// The editor by its command: "vs code" and "vscode" are code, "neovim" is nvim.
		for i, t := range c.toks {
			switch {
			case editors[t.lower]:
				return one(t.lower)
			case t.lower == "vscode" || t.lower == "code" && i > 0 && c.toks[i-1].lower == "vs":
				return one("code")
			case t.lower == "neovim":
				return one("nvim")
			}
		}
		return "", false, true
	case "appendto":
		// A file of the system is written through sudo tee; one's own files by the shell.
		f, ok := c.value("file")
		if !ok {
			return "", false, true
		}
		if systemPath(strings.Trim(f, "'")) {
			return one("| sudo tee -a " + f)
		}
		return one(">> " + f)
	case "debfile", "isofile", "pyfile":
		// The package, disk image or script the request names, by path or as "a file called main.py";
		// apt installs a file by its path ("./app.deb").
		want := strings.TrimSuffix(name, "file")
		for _, p := range c.s.paths {
			if extOf(p) != want {
				continue
			}
			if want == "deb" && !strings.ContainsAny(p, "/~$") {
				p = "./" + p
			}
			return one(quote(p))
		}
		return "", false, true
	case "shutmode":
		// shutdown's -r restarts; -h halts and powers off.
		for _, t := range c.toks {
			if t.stem == "reboot" || t.stem == "restart" {
				return one("-r")
			}
		}
		return one("-h")
	case "timed":
		return one(c.timedCommand())
	case "sortsep":
		// sort splits fields at blanks; a CSV's at commas, a TSV's at tabs.
		for _, p := range c.s.paths {
			switch extOf(p) {
			case "csv":
				return one("-t,")
			case "tsv":
				return one("-t $'\\t'")
			}
		}
		return "", false, true
	case "withbranch":
		// "up to date with main": the branch after with, from or on.
		for i := 0; i+1 < len(c.toks); i++ {
			w := c.toks[i+1]
			if (c.toks[i].lower == "with" || c.toks[i].lower == "from" || c.toks[i].lower == "on") && !w.quoted && isIdentifier(w.raw) && !c.e.cat.has("stop", w.lower) {
				markUsed(c.toks, i+1, i+2)
				return one(w.raw)
			}
		}
		return "", false, true
	case "userhome":
		// userdel -r removes the home directory too, when the request says so.
		for _, t := range c.toks {
			if t.lower == "home" || t.stem == "director" || t.lower == "files" {
				return one("-r")
			}
		}
		return "", false, true
	case "ncount":
		// "the 10 most recent commits": how many, as -n N.
		if c.s.count > 1 { // "one line per commit" counts no commits
			return one("-n " + strconv.Itoa(c.s.count))
		}
		return "", false, true
	case "emailaddr":
		// The address a request gives, wherever it stands ("set up git with my email ann@example.com").
		for i, t := range c.toks {
			if strings.Count(t.raw, "@") == 1 && !strings.ContainsAny(t.raw, " '") && strings.Contains(t.raw[strings.Index(t.raw, "@"):], ".") {
				markUsed(c.toks, i, i+1)
				return one(quote(t.raw))
			}
		}
		if v, ok := c.value("text"); ok {
			return one(v)
		}
		return "", false, true
	case "zipout":
		// The archive the request names ("into texts.zip"), else the template's own name.
		for _, p := range c.s.paths {
			if extOf(p) == "zip" {
				return one(quote(p))
			}
		}
		return "", false, true
	case "outputof":
		return one(c.outputOf())
	case "jqset":
		return one(c.jqAssignment())
	case "city":
		// "the weather in berlin": wttr.in takes the place after the service's host.
		for i := 0; i+1 < len(c.toks); i++ {
			w := c.toks[i+1]
			if (c.toks[i].lower == "in" || c.toks[i].lower == "for" || c.toks[i].lower == "at") && !w.quoted && isAlpha(strings.ReplaceAll(w.lower, "-", "a")) && !c.e.cat.has("stop", w.lower) {
				markUsed(c.toks, i, i+2)
				return one("/" + w.raw)
			}
		}
		return "", false, true
	case "arith":
		return one(t.arith)
	case "hexnum":
		return one(t.hexnum)
	case "commit":
		return one(t.commit)
	case "kv":
		return one(t.kv)
	case "fstype":
		return one(t.fstype)
	case "factor":
		p, err := strconv.Atoi(strings.TrimSuffix(c.s.media.percent, "%"))
		if err != nil || p <= 0 {
			return "", false, true
		}
		return one(strconv.FormatFloat(float64(p)/100, 'f', -1, 64))
	case "transpose":
		return one(c.transpose())
	case "videofile":
		return one(quoteOr(c.inputOf(videoExts)))
	case "audiofile":
		return one(quoteOr(c.inputOf(audioExts)))
	case "outwithaudio":
		v := c.inputOf(videoExts)
		if v == "" {
			return "", false, true
		}
		return one(quote(strings.TrimSuffix(v, path.Ext(v)) + "-with-audio" + path.Ext(v)))
	case "framesglob":
		// The images of a folder ("frames/"), or the glob said, in name order.
		if len(c.s.globs) > 0 {
			if d := c.s.globDir(); d != "" {
				return one(strings.TrimSuffix(d, "/") + "/" + c.s.globs[0])
			}
			return one(c.s.globs[0])
		}
		for _, d := range c.s.paths {
			if !strings.Contains(path.Base(d), ".") {
				return one(strings.TrimSuffix(d, "/") + "/*.png")
			}
		}
		return "", false, true
	case "cronexpr":
		return one(t.cron)
	case "cronpath":
		// cron starts jobs in the home folder: a script named here is given by its full path.
		p, ok := c.value("run")
		if !ok {
			return "", false, true
		}
		p = strings.Trim(p, "'")
		if strings.HasPrefix(p, "./") {
			p = "$PWD/" + p[2:]
		}
		return one(p)
	case "logfield":
		return one(logField(c.toks))
	case "headertext":
		return one(quoteOr(headerText(c.toks)))
	case "exclname":
		return one(quoteOr(excludedName(c.toks)))
	case "lineaddr":
		return one(lineAddress(c.toks))
	case "outvideo":
		if v := c.inputOf(videoExts); v != "" {
			return one(quote(v))
		}
		return one("video.mp4")
	case "jqlit":
		return one(t.jqlit)
	case "jsonfiles":
		var q []string
		for _, p := range c.s.paths {
			if extOf(p) == "json" {
				q = append(q, quote(p))
			}
		}
		return one(strings.Join(q, " "))
	case "devpath":
		return one(c.s.devPath())
	}
	return "", false, false
}

// transpose is ffmpeg's filter for the rotation said: 90 degrees clockwise (the default), counter-
// clockwise, or 180 degrees.
func (c *composer) transpose() string {
	ccw := false
	for _, t := range c.toks {
		switch t.lower {
		case "counterclockwise", "anticlockwise", "counter-clockwise", "anti-clockwise", "left":
			ccw = true
		case "upside":
			return "transpose=1,transpose=1"
		}
	}
	switch c.s.media.degrees {
	case "180":
		return "transpose=1,transpose=1"
	case "270", "-90":
		ccw = !ccw
	}
	if ccw {
		return "transpose=2"
	}
	return "transpose=1"
}

// logField is the field of a web server's access log that a request counts by: the client's
// address (1), the path (7) or the status code (9).
func logField(toks []token) string {
	for _, t := range toks {
		switch t.lower {
		case "status", "statuses", "code", "codes":
			return "9"
		case "url", "urls", "path", "paths", "page", "pages", "endpoint", "endpoints":
			return "7"
		}
	}
	return "1"
}

// headerText is the header a request sends: the words after "header" up to the last "to" before the
// URL ("with the header Authorization: Bearer abc to https://...").
func headerText(toks []token) string {
	start := -1
	for i, t := range toks {
		if t.lower == "header" || t.lower == "headers" {
			start = i + 1
			break
		}
	}
	if start < 0 {
		return ""
	}
	var words []string
	for _, t := range toks[start:] {
		if t.lower == "to" || t.lower == "for" || t.lower == "on" || strings.Contains(t.raw, "://") {
			break
		}
		words = append(words, t.raw)
	}
	h := strings.Join(words, " ")
	switch {
	case strings.Contains(h, ":"):
		return h
	case len(words) >= 2:
		// A header is a name, a colon and a value; the colon may have been lost with the punctuation.
		return words[0] + ": " + strings.Join(words[1:], " ")
	}
	return ""
}

// excludedName is what an archive leaves out: the name after "without", "excluding" or "except"
// ("without the node_modules folder").
func excludedName(toks []token) string {
	for i, t := range toks {
		switch t.lower {
		case "without", "excluding", "except", "exclude", "skipping", "skip", "ignore", "ignoring":
		default:
			continue
		}
		for j := i + 1; j < len(toks); j++ {
			n := toks[j]
			if n.lower == "the" || n.lower == "any" || n.lower == "all" {
				continue
			}
			// A name of a file or folder: written like one (node_modules, .git, *.log) or called one
			// ("the cache folder"); "without compression" leaves out no file.
			named := strings.ContainsAny(n.raw, "._/*-") || n.quoted ||
				j+1 < len(toks) && (fileNouns[toks[j+1].lower] || toks[j+1].lower == "dir")
			if saidName(strings.Trim(n.raw, "*")) && !pointingWords[n.lower] && named {
				return n.raw
			}
			break
		}
	}
	return ""
}

// fileNouns say that the word before them names a file or folder.
var fileNouns = setOf("folder folders directory directories file files")

// lineAddress is the line sed addresses: "the first line" or "the header" is 1, "the last line" $,
// "line 5" 5, "the 3rd line" 3.
func lineAddress(toks []token) string {
	for i, t := range toks {
		next := ""
		if i+1 < len(toks) {
			next = toks[i+1].lower
		}
		switch {
		case t.lower == "first" && (next == "line" || next == "row"), t.lower == "header" || t.lower == "heading":
			return "1"
		case t.lower == "last" && (next == "line" || next == "row"):
			return "$"
		case (t.lower == "line" || t.lower == "row") && isInt(next):
			return next
		case next == "line" || next == "row":
			if n := cmp.Or(ordinalWordAt(toks, i), ordinal(t.lower)); n != "" {
				return n
			}
		}
	}
	return ""
}

// sedPattern escapes what sed's / delimited addresses and replacements would read as syntax.
func sedPattern(s string) string {
	r := strings.NewReplacer(`\`, `\\`, "/", `\/`, "&", `\&`, "'", "")
	return r.Replace(s)
}

// andPair is the two names said on either side of "and" ("both foo and bar"), neither a word that
// points elsewhere.
func andPair(toks []token) (string, string, bool) {
	for i := 1; i+1 < len(toks); i++ {
		a, b := toks[i-1], toks[i+1]
		if toks[i].lower == "and" && saidName(a.raw) && saidName(b.raw) && !pointingWords[a.lower] && !pointingWords[b.lower] {
			return a.raw, b.raw, true
		}
	}
	return "", "", false
}

// outputOf is the command whose output a request saves: the words after "the output of" up to where
// the output goes ("save the output of make to build.log" runs make).
func (c *composer) outputOf() string {
	for i := 0; i+2 < len(c.toks); i++ {
		if c.toks[i].lower != "output" || c.toks[i+1].lower != "of" && c.toks[i+1].lower != "from" {
			continue
		}
		var words []string
		j := i + 2
		for ; j < len(c.toks); j++ {
			t := c.toks[j]
			if !t.quoted && (t.lower == "to" || t.lower == "into" || t.lower == "in" || t.lower == "as") {
				break
			}
			words = append(words, t.raw)
		}
		if len(words) == 0 || len(words) > 6 || !c.runsProgram(c.toks[i+2]) {
			return ""
		}
		markUsed(c.toks, i, j)
		return strings.Join(words, " ")
	}
	return ""
}

// jqAssignment is the jq filter that sets what a request names to its value: "set debug to true" is
// '.debug = true', "change the name to web" is '.name = "web"'.
func (c *composer) jqAssignment() string {
	for i := 0; i+3 < len(c.toks); i++ {
		switch c.toks[i].lower {
		case "set", "change", "update", "make":
		default:
			continue
		}
		j := i + 1
		for j < len(c.toks) && (c.toks[j].lower == "the" || c.toks[j].lower == "field" || c.toks[j].lower == "key" || c.toks[j].lower == "property" || c.toks[j].lower == "value" || c.toks[j].lower == "of") {
			j++
		}
		if j+2 >= len(c.toks) || c.toks[j+1].lower != "to" {
			continue
		}
		key, val := c.toks[j].raw, c.toks[j+2].raw
		if !jqKey.MatchString(key) || strings.ContainsAny(val, "'\\") || val == "" {
			return ""
		}
		if _, err := strconv.ParseFloat(val, 64); err != nil && val != "true" && val != "false" && val != "null" {
			val = strconv.Quote(val)
		}
		markUsed(c.toks, i, j+3)
		return "'." + key + " = " + val + "'"
	}
	return ""
}

// jqKey is a field name jq takes after a dot as it is.
var jqKey = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_.]*$`)

// runsProgram reports whether t can start a command: a quoted command, a script, or a program the tldr
// pages know ("the output of make", not "the output of the last command").
func (c *composer) runsProgram(t token) bool {
	if t.quoted || strings.HasPrefix(t.raw, "./") || strings.HasSuffix(t.lower, ".sh") {
		return true
	}
	x := tldrIndex()
	return x != nil && x.IsProgram(t.lower) && !c.e.cat.has("stop", t.lower)
}

// editors are the text editors a request names by their command.
var editors = setOf("nano vim vi emacs micro gedit nvim kate")

// systemPath reports whether p lies where only root writes: /etc, /usr, /opt, /var, /boot, /srv.
func systemPath(p string) bool {
	for _, d := range []string{"/etc/", "/usr/", "/opt/", "/var/", "/boot/", "/srv/", "/lib/"} {
		if strings.HasPrefix(p, d) {
			return true
		}
	}
	return false
}

// timedCommand is the command a request asks to time, said between "how long" and "takes" ("how long
// ls -R / takes", "how long does make take") or after "time" or "to run" ("time the command make test").
func (c *composer) timedCommand() string {
	toks := c.toks
	from, to := -1, len(toks)
	for i, t := range toks {
		switch {
		case t.lower == "long" && i > 0 && toks[i-1].lower == "how":
			from = i + 1
			if from < len(toks) && (toks[from].lower == "does" || toks[from].lower == "do" || toks[from].lower == "will") {
				from++
			}
		case t.lower == "time" && from < 0 || t.lower == "run" && i > 0 && toks[i-1].lower == "to":
			from, to = i+1, len(toks) // "how long it takes to run X": X runs to the end
			for from < len(toks) && (toks[from].lower == "the" || toks[from].lower == "command" || toks[from].lower == "running") {
				from++
			}
		case (t.lower == "takes" || t.lower == "take" || t.lower == "took") && from >= 0 && i > from && to == len(toks):
			to = i
		}
	}
	if from < 0 || from >= to || to-from > 8 || !c.runsProgram(toks[from]) {
		return ""
	}
	words := make([]string, 0, to-from)
	for _, t := range toks[from:to] {
		w := t.raw
		if t.quoted {
			w = quote(t.raw)
		}
		words = append(words, w)
	}
	markUsed(toks, from, to)
	return strings.Join(words, " ")
}

// saveTo is the file a request saves a printing command's output to ("save the first 10 lines of a.txt
// into top.txt"): the place said after "to" or "into", when the request says to save, write or put and
// the command only prints. Its words count as understood.
func (c *composer) saveTo(cmd string) (string, bool) {
	dst := c.s.dst
	if dst == "" || !isFileName(baseName(dst)) || strings.ContainsAny(cmd, ">|") || strings.Contains(cmd, dst) || binaryOut(dst) {
		return "", false
	}
	prog, _, _ := strings.Cut(cmd, " ")
	if !printers[prog] || prog == "sed" && strings.Contains(cmd, " -i") {
		return "", false
	}
	verb := -1
	for i, t := range c.toks {
		if !t.quoted && saveVerbs[t.lower] {
			verb = i
		}
	}
	if verb < 0 {
		return "", false
	}
	markUsed(c.toks, verb, verb+1)
	for i, t := range c.toks {
		if t.raw == dst {
			markUsed(c.toks, i, i+1)
		}
	}
	return dst, true
}

var (
	// printers are programs whose answer is what they print.
	printers = setOf("head tail grep sort uniq cut awk sed cat wc ls find ps df du date jq tr column nl tac rev diff comm")
	// saveVerbs ask for a command's output in a file.
	saveVerbs = setOf("save saved saving write store put dump redirect")
)

// pipeFrom is the command whose output a filter is asked to read ("the 3rd column of ps output", "grep
// error in the output of dmesg"), when the filter reads no file of its own. Its words count as understood.
func (c *composer) pipeFrom(cmd string) (string, bool) {
	prog, _, _ := strings.Cut(cmd, " ")
	if !filters[prog] || len(c.s.paths) > 0 || strings.Contains(cmd, "|") {
		return "", false
	}
	for i, t := range c.toks {
		if t.quoted || t.lower != "output" {
			continue
		}
		// "ps output", "the output of ps", "ps's output".
		if i > 0 && c.runsProgram(c.toks[i-1]) && !c.e.cat.has("stop", c.toks[i-1].lower) {
			markUsed(c.toks, i-1, i+1)
			return sourceCommand(c.toks[i-1].lower), true
		}
		if i+2 < len(c.toks) && (c.toks[i+1].lower == "of" || c.toks[i+1].lower == "from") && c.runsProgram(c.toks[i+2]) {
			markUsed(c.toks, i, i+3)
			return sourceCommand(c.toks[i+2].lower), true
		}
	}
	return "", false
}

// sourceCommand is how a program is run for its output: ps lists every process.
func sourceCommand(p string) string {
	if p == "ps" {
		return "ps aux"
	}
	return p
}

// filters are programs that read standard input when given no file.
var filters = setOf("cut awk grep sort uniq head tail wc tr sed column nl tac rev")

// namedCommand is the command a request names after "the command" ("repeat the command date every
// second"), up to where the request goes on about when or how often.
func (c *composer) namedCommand() string {
	for i := 0; i+1 < len(c.toks); i++ {
		if c.toks[i].lower != "command" || !c.runsProgram(c.toks[i+1]) {
			continue
		}
		j := i + 1
		var words []string
		for ; j < len(c.toks) && !repeatWords[c.toks[j].lower] && c.toks[j].lower != "for" && c.toks[j].lower != "until"; j++ {
			words = append(words, c.toks[j].raw)
		}
		markUsed(c.toks, i, j)
		return strings.Join(words, " ")
	}
	return ""
}

// binaryOut reports whether p names an archive, image, audio, video or document: no printed text is
// saved into one ("throw today's logs into today.tar.gz" asks for a tar).
func binaryOut(p string) bool {
	x := extOf(p)
	return fileKinds["."+x] != "" && x != "json" && x != "yaml" && x != "yml" && x != "csv" && x != "xml" && x != "md" && x != "sql" && x != "html" ||
		strings.HasSuffix(p, ".tar.gz") || strings.HasSuffix(p, ".tar.bz2")
}
