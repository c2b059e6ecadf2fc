package offline

import (
	"path"
	"slices"
	"strconv"
	"strings"
)

// slots are the arguments found in a prompt. Extractors fill them from the tokens and mark the tokens
// they consume, so that the words left over can serve as names and patterns.
type slots struct {
	paths []string // files and directories, in the order given
	dirs  []string // paths the prompt calls a directory or searches in
	dst   string   // a destination: "to /backup", "into dir"
	app   bool     // the request names a program people run and close by name (knownApps)
	dbRef bool     // the request names a database image with its tag: "postgres:16"
	// question is set when the request asks yes or no ("is nginx installed"): it asks for no change.
	question bool
	globs    []string // name patterns for find -name, e.g. "*.py"
	// globAt and globStrong say, for each of globs, which token it came from and whether the person
	// wrote it as a name (see addGlob); pruneGlobs uses them.
	globAt     []int
	globStrong []bool
	iname      bool     // match names ignoring case
	patterns   []string // text to search for, e.g. from "containing 'TODO'"
	loose      []string // quoted words with no cue: a name to find or a text to search, as the intent needs
	searchFor  bool     // a loose word came after "for": "search the files for \'x\'"
	sizes      []sizeCond
	times      []timeCond
	count      int // "top 5", "first 20 lines"; 0 when absent
	user       string
	author     string // whose commits: "alice's commits"
	group      string
	perm       string
	permHave   bool // a permission test ("files that have execute permission") and no mode to set
	vagueRoot  bool // "/" came from "everywhere" or "anywhere"
	ports      []string
	pids       []string
	urls       []string
	hosts      []string
	remotePath string // the path of a host:path target ("web1:/var/www")
	maxDepth   int    // -1 when absent
	minDepth   int
	ftype      string // find -type: f, d or l
	ftypeSay   string
	filesSaid  bool // the prompt says "file(s)": a reason to offer -type f as an alternative
	empty      bool
	newer      string
	old, new   string   // "replace old with new"
	regex      string   // find -regex, from "files matching regular expression ..."
	notGlobs   []string // names to leave out: "except *.txt"
	errs       []string // features of the known error messages quoted: "#errunrelated"
	// bareSrcDir is set when what is copied or moved is named bare and is no file: "copy photos to
	// backup" (transferPair).
	bareSrcDir bool
	findPreds  []findPred // extra find tests from the vocabulary: -executable, -nouser, ...
	ownerMove  bool       // files pass from one owner (a find test) to user: "give bob's files to alice"
	words      []string   // words no keyword or slot claimed, in order: names of processes, services, ...
	numbers    []string   // bare numbers no other slot claimed
	clockTime  int        // the token index of a time of day written as one ("14:30", "9am"), plus one; 0 when none
	imageRef   string     // a container image named with its tag: "myapp:2.1"
	toGroup    bool       // someone is added "to the X group"
	toZip      bool       // something goes "to"/"into" a .zip named: "add notes.txt to backup.zip"
	codeWord   string     // a name from code, written as one: withRetry, get_user, sk_test_123
	service    string     // a daemon the [service] vocabulary knows: "restart nginx"
	iface      string     // a network interface's name: eth0, wlan0, enp3s0, lo
	starGlob   bool       // the prompt typed a glob itself: "*.log"
	envName    string     // an environment variable named in capitals: PATH, $HOME
	bareNums   int        // whole numbers no extractor claimed: "line 42", "lines 10 to 20"
	archFormat string     // an archive format said as a word: "make a tar.bz2 of logs"
	text       textSlots  // a string to transform and its fields: slots_text.go
	media      mediaSlots // dates, geometries, scales and offsets: slots_media.go
	tail       tailSlots  // times of day, line ranges, arithmetic, selectors: slots_tail.go
}

// extractSlots runs every extractor over toks. Order matters: the specific ones (sizes, times) claim
// their numbers before counts do.
func (e *Engine) extractSlots(toks []token) *slots {
	s := &slots{maxDepth: -1, minDepth: -1}
	s.errs = knownErrors(toks)
	e.ownershipMoves(toks, s)
	e.extractReplace(toks, s)
	e.extractTail(toks, s) // before paths and names: "between START and END in file.txt" is no glob
	e.extractURLs(toks, s)
	e.extractMedia(toks, s) // before sizes and times: "800x600", "50%", "720p", "3 days ago" as a date
	e.extractSizes(toks, s)
	e.extractTimes(toks, s)
	e.extractDepth(toks, s)
	e.extractPeople(toks, s)
	e.extractGroupAfter(toks, s)
	e.extractAuthor(toks, s)
	e.extractPortsPIDs(toks, s) // before modes: "pid 4242" is not chmod 4242
	e.extractPerm(toks, s)
	e.extractSymbolicPerm(toks, s)
	e.extractService(toks, s)
	extractInterface(toks, s)
	extractEnvName(toks, s)
	extractServerName(e, toks, s)
	e.extractSSHTarget(toks, s)
	e.extractText(toks, s)
	e.extractNames(toks, s)
	e.extractLinkCount(toks, s) // before types: "one link" is a count of hard links, not a symlink
	e.extractTypes(toks, s)
	e.extractPaths(toks, s)
	s.joinPastedPaths()
	changedAfterFile(toks, s)
	s.dropReplacedTexts()
	s.tail.sortkey = sortKey(toks, s.paths) // after paths: a .csv sorts at its commas
	for i := 2; i < len(toks); i++ {
		// "saved as emails_unique.txt": where the result goes, whatever a scene put "into" before.
		saveVerb := func(k int) bool {
			return k >= 0 && (toks[k].lower == "save" || toks[k].lower == "saved" || toks[k].lower == "write")
		}
		if toks[i-1].lower == "as" && (saveVerb(i-2) || resultWords[toks[i-2].lower] && (saveVerb(i-3) || i >= 4 && toks[i-3].lower == "the" && saveVerb(i-4))) &&
			slices.Contains(s.paths, toks[i].raw) {
			s.dst = toks[i].raw
		}
	}
	s.dropLeftAlone(toks)
	s.referredQuote(toks)
	if s.vagueRoot && len(s.dirs) > 1 {
		// "the old hostname is everywhere ... in every .conf file in /etc/myapp": the folder named says
		// where; "everywhere" only said how much.
		s.paths = slices.DeleteFunc(s.paths, func(p string) bool { return p == "/" })
		s.dirs = slices.DeleteFunc(s.dirs, func(p string) bool { return p == "/" })
	}
	for _, p := range s.patterns {
		// ssh says "Permissions 0777 for '/home/me/.ssh/id_ed25519' are too open": the file it names
		// is one to act on too.
		if f := pathInMessage(p); f != "" && !contains(s.paths, f) && (isFileName(baseName(f)) || strings.Contains(f, "/.ssh/")) {
			s.paths = append(s.paths, f)
		}
	}
	e.extractFindPreds(toks, s)
	e.extractCount(toks, s)
	s.namedFiles()
	e.namedDir(toks, s)
	for _, t := range toks {
		s.app = s.app || !t.quoted && knownApps[t.lower]
		if db, tag, ok := strings.Cut(t.lower, ":"); ok && isVersion(tag) {
			_, known := dbImages[db]
			s.dbRef = s.dbRef || known
		}
	}
	if len(toks) > 1 && !toks[0].quoted {
		switch toks[0].lower {
		case "is", "are", "does", "do", "did", "has", "have":
			s.question = true
		}
	}
	s.readMessage(toks)
	for i, t := range toks {
		if !t.used && !t.quoted && (isInt(t.lower) || ordinalWordAt(toks, i) != "" || ordinal(t.lower) != "") {
			s.bareNums++
		}
	}
	return s
}

// knownApps are programs people run by name and close by name: "kill firefox", "quit spotify".
var knownApps = setOf("firefox chrome chromium google-chrome brave spotify slack discord vlc thunderbird steam zoom teams " +
	"skype signal telegram obs gimp inkscape libreoffice soffice evince nautilus dolphin thunar gedit code electron " +
	"java node python python3 ruby php nginx apache2 httpd mysqld postgres redis-server mongod dockerd containerd")

// namedDir reads the one folder a request names as "the folder called site" as that folder's path, not
// a name to look for: "copy the folder called site to /srv" copies site. "Delete all folders named build"
// and "find the folder called site" still look for every such folder.
func (e *Engine) namedDir(toks []token, s *slots) {
	if len(s.globs) != 1 || strings.ContainsAny(s.globs[0], "*?[") || contains(s.paths, s.globs[0]) {
		return
	}
	for i := 1; i < len(toks); i++ {
		if toks[i].raw != s.globs[0] {
			continue
		}
		// "the folder called site", or "the .cache folder".
		var noun, det string
		named := i >= 3 && e.cat.has("namecue", toks[i-1].lower)
		cue := i - 4 // where "into" would be: "into a folder called pics"
		switch {
		case named:
			noun, det = toks[i-2].lower, toks[i-3].lower
			if folderAdjectives[det] && i >= 4 {
				det, cue = toks[i-4].lower, i-5 // "into a new folder called assets"
			}
		case i+1 < len(toks) && isDotName(toks[i].raw):
			noun, det = toks[i+1].lower, toks[i-1].lower
		}
		if noun != "folder" && noun != "directory" && noun != "dir" || !determiner(det) && det != "a" {
			return
		}
		after := i + 1
		if isDotName(toks[i].raw) && after < len(toks) && (toks[after].lower == noun) {
			after++
		}
		for k, t := range toks {
			if !t.quoted && (e.cat.vocab["findverb"][t.lower] != "" || e.cat.vocab["findverb"][t.stem] != "" || t.lower == "all" && nextWord(toks, k) != "over" || t.lower == "every" || t.lower == "each") {
				return // "all the folders called build"; "spill all over Downloads" is no such all
			}
		}
		name := s.globs[0]
		if len(s.paths) == 1 && contains(s.dirs, s.paths[0]) && (strings.HasPrefix(s.paths[0], "~") || strings.HasPrefix(s.paths[0], "/")) && after+1 < len(toks) && toks[after].lower == "in" {
			// "a folder named backups in my home" is ~/backups.
			name = strings.TrimSuffix(s.paths[0], "/") + "/" + name
			s.paths, s.dirs = s.paths[:0], s.dirs[:0]
		}
		s.paths = append(s.paths, name)
		s.dirs = append(s.dirs, name)
		if j := cue; s.dst == "" && named && j >= 0 && e.cat.has("dstcue", toks[j].lower) {
			s.dst = name // "unzip photos.zip into a folder called pics": where it goes
		}
		toks[i].value = true // "a folder named backups" asks for no backup
		s.keepGlobs(func(int) bool { return false })
		if s.ftype == "d" {
			s.ftype, s.ftypeSay = "", "" // "the folder" said what site is, not what to look for in it
		}
		return
	}
}

// namedFiles adds to the paths a file the prompt named as a name without a wildcard ("the setup.sh file",
// "a file named notes.txt"), so that the intents that act on one file take it; the find intents keep
// it as a name to look for.
func (s *slots) namedFiles() {
	if len(s.paths) > 0 {
		return
	}
	// "a .deb file called app.deb": the kind said beside the name is no second name.
	var names []string
	for _, g := range s.globs {
		if !strings.ContainsAny(g, "*?[") {
			names = append(names, g)
		}
	}
	if len(names) != 1 || !isFileName(names[0]) || len(s.globs) > 1 && !kindOf(s.globs, names[0]) {
		return
	}
	s.paths = append(s.paths, names[0])
}

// kindOf reports whether every wildcard pattern of globs is the extension of name ("*.deb" beside
// "app.deb").
func kindOf(globs []string, name string) bool {
	for _, g := range globs {
		if g != name && g != "*."+extOf(name) {
			return false
		}
	}
	return true
}

// window is the first time said as a window back from now ("in the last 2 hours"), in the largest whole
// unit: minute, hour or day.
func (s *slots) window() (n int, unit string, ok bool) {
	if len(s.times) == 0 || !strings.HasPrefix(s.times[0].arg, "-") {
		return 0, "", false
	}
	n, err := strconv.Atoi(strings.TrimPrefix(s.times[0].arg, "-"))
	if err != nil || n <= 0 {
		return 0, "", false
	}
	if !strings.HasSuffix(s.times[0].flag, "min") {
		return n, "day", true
	}
	if n%60 == 0 {
		return n / 60, "hour", true
	}
	return n, "minute", true
}

// clone copies s deeply, so that composing one intent (which may move loose words into globs or
// default the type) leaves the slots as they were for the next.
func (s *slots) clone() *slots {
	c := *s
	c.paths, c.dirs, c.globs = slices.Clone(s.paths), slices.Clone(s.dirs), slices.Clone(s.globs)
	c.globAt, c.globStrong = nil, nil // only extraction reads them
	c.patterns, c.loose, c.notGlobs = slices.Clone(s.patterns), slices.Clone(s.loose), slices.Clone(s.notGlobs)
	c.sizes, c.times, c.findPreds = slices.Clone(s.sizes), slices.Clone(s.times), slices.Clone(s.findPreds)
	c.ports, c.pids, c.urls, c.hosts = slices.Clone(s.ports), slices.Clone(s.pids), slices.Clone(s.urls), slices.Clone(s.hosts)
	c.words, c.numbers = slices.Clone(s.words), slices.Clone(s.numbers)
	return &c
}

// leftovers collects what no keyword or slot claimed; called after intent matching marks its keywords.
func (e *Engine) leftovers(toks []token, s *slots) {
	for i, t := range toks {
		if t.used || t.quoted {
			continue
		}
		if isNumber(t.lower) {
			s.numbers = append(s.numbers, t.raw)
			continue
		}
		if n := ordinal(t.lower); n != "" {
			s.numbers = append(s.numbers, n)
			continue
		}
		if n := ordinalWordAt(toks, i); n != "" {
			s.numbers = append(s.numbers, n)
			continue
		}
		if e.cat.has("stop", t.lower) || e.cat.has("stop", t.stem) {
			continue
		}
		s.words = append(s.words, t.raw)
	}
}

func isNumber(w string) bool {
	if w == "" {
		return false
	}
	dot := false
	for i, r := range w {
		switch {
		case r >= '0' && r <= '9':
		case r == '.' && !dot && i > 0:
			dot = true
		default:
			return false
		}
	}
	return true
}

func isInt(w string) bool { return isNumber(w) && !strings.Contains(w, ".") }

// prevWord returns the lowercase word before i, skipping articles, or "".
func prevWord(toks []token, i int) string {
	for j := i - 1; j >= 0; j-- {
		if toks[j].quoted || toks[j].comma {
			return ""
		}
		switch toks[j].lower {
		case "the", "a", "an", "all":
			continue
		}
		return toks[j].lower
	}
	return ""
}

func nextWord(toks []token, i int) string {
	if i+1 < len(toks) && !toks[i+1].quoted {
		return toks[i+1].lower
	}
	return ""
}

// numberAt reads a number at toks[i]: digits or a number word from the vocabulary ("five", "a").
func (e *Engine) numberAt(toks []token, i int) (string, bool) {
	if i < 0 || i >= len(toks) || toks[i].quoted {
		return "", false
	}
	w := toks[i].lower
	if isNumber(w) {
		return w, true
	}
	if v, ok := e.cat.vocab["number"][w]; ok {
		return v, true
	}
	return "", false
}

// findPred is a find test named in the vocabulary, e.g. "executable" -> "-executable | -perm +111".
type findPred struct {
	value string
	say   string
}

func (e *Engine) extractFindPreds(toks []token, s *slots) {
	for i := range toks {
		if toks[i].used || toks[i].quoted {
			continue
		}
		if v, n := e.cat.lookup("findpred", toks, i); n > 0 && !(i > 0 && toks[i-1].lower == "human") {
			say := joinRaw(toks[i : i+n])
			if v == "-xdev" {
				say = "staying on its filesystem"
			}
			s.findPreds = append(s.findPreds, findPred{value: v, say: say})
			markUsed(toks, i, i+n)
		}
	}
}

// features are synthetic tokens ("#glob", "#size", ...) that let catalogue intents ask for slots the
// way they ask for words: "delete files" with a glob is a find, without one an rm.
func (s *slots) features() []token {
	var f []token
	add := func(ok bool, name string) {
		if ok {
			f = append(f, token{raw: name, lower: name, stem: name, used: true})
		}
	}
	refs := 0
	for _, p := range s.paths {
		if isRemoteRef(p) {
			refs++
		}
	}
	add(len(s.globs) > 0 || s.regex != "" || len(s.notGlobs) > 0, "#glob")
	add(slices.ContainsFunc(s.paths, func(p string) bool { return sumsListName(strings.ToLower(path.Base(p))) }), "#sumslist")
	add(slices.ContainsFunc(s.paths, func(p string) bool { return strings.Contains(strings.ToLower(path.Base(p)), "md5") }), "#md5list")
	// "show hidden files" names no files: ls -a shows them where a find would need -name '.*'.
	add(len(s.globs) > 0 && !(len(s.globs) == 1 && s.globs[0] == ".*") || s.regex != "" || len(s.notGlobs) > 0, "#namedglob")
	add(len(s.sizes) > 0, "#size")
	add(len(s.times) > 0, "#time")
	add(s.ftype != "", "#ftype")
	add(s.ftype == "d", "#ftyped")
	add(s.maxDepth >= 0 || s.minDepth >= 0, "#depth")
	add(s.empty, "#empty")
	add(s.newer != "", "#newer")
	add(s.perm != "", "#perm")
	add(s.permHave && s.perm == "", "#permhave")
	add(s.user != "", "#user")
	add(s.ownerMove, "#ownermove")
	add(s.group != "", "#group")
	add(s.author != "", "#author")
	add(s.tail.fstype != "", "#fstype")
	add(len(s.findPreds) > 0, "#findpred")
	add(len(s.paths) > 0, "#path")
	add(len(s.dirs) > 0, "#dir")
	add(s.bareSrcDir, "#baredir")
	add(slices.ContainsFunc(s.paths, func(p string) bool { return strings.HasSuffix(p, ".timer") }), "#timer")
	add(s.starGlob, "#starglob")
	add(slices.ContainsFunc(s.globs, func(g string) bool { return strings.ContainsAny(g, "*?[") }), "#wildglob")
	add(s.envName != "", "#envname")
	add(slices.ContainsFunc(s.paths, func(p string) bool { return p != "." && p != "./" }), "#elsewhere")
	add(len(s.paths)-refs > len(s.dirs), "#file") // "origin/release/2.4" is a branch, not a file
	add(s.globDir() != "" && len(s.paths) == 1, "#globdir")
	add(slices.ContainsFunc(s.paths, func(p string) bool { return hasAnySuffix(strings.ToLower(p), ".pfx", ".p12") }), "#pfx")
	add(slices.ContainsFunc(s.paths, func(p string) bool { return strings.HasSuffix(strings.ToLower(p), ".csv") }), "#csv")
	add(slices.ContainsFunc(s.paths, func(p string) bool {
		b := strings.ToLower(baseName(p))
		return strings.HasPrefix(b, "requirements") && strings.HasSuffix(b, ".txt")
	}), "#reqfile")
	add(len(s.patterns) > 0, "#pattern")
	add(len(s.loose) > 0, "#loose")
	add(s.regex != "", "#regex")
	add(s.archFormat != "", "#archformat")
	add(s.app, "#app")
	add(s.dbRef, "#dbimage")
	add(s.question, "#question")
	add(s.codeWord != "", "#codeword")
	add(s.toZip, "#tozip")
	add(s.toGroup, "#togroup")
	add(s.imageRef != "", "#imageref")
	add(s.clockTime > 0, "#clocktime")
	// sshd's "Failed password" quoted: what the lines say, and what the request is about.
	add(slices.ContainsFunc(append(slices.Clone(s.patterns), s.loose...), func(p string) bool { return strings.EqualFold(p, "failed password") }), "#failedpw")
	add(s.old != "" && s.new != "", "#replace")
	add(s.searchFor, "#searchfor")
	add(len(s.urls) > 0, "#url")
	add(len(s.hosts) > 0, "#host")
	add(len(s.ports) > 0, "#port")
	add(len(s.pids) > 0, "#pid")
	add(s.service != "", "#service")
	add(s.iface != "", "#iface")
	add(s.count > 0, "#count")
	for _, e := range s.errs {
		add(true, e)
	}
	add(s.maxDepth == 1, "#onelevel") // "just this folder, not the subfolders"
	add(s.bareNums > 0, "#num")
	add(s.bareNums > 1, "#num2")
	add(s.dst != "" && !hasAnySuffix(s.dst, ".tar", ".tar.gz", ".tgz", ".zip", ".tar.bz2", ".tar.xz"), "#dstplain")
	for _, p := range s.paths {
		add(strings.ContainsAny(p, "*?["), "#globpath")
		add(hasAnySuffix(p, ".gz", ".tgz"), "#gzipped") // a .tar.gz too: gzip -l reads it
		switch {
		case hasAnySuffix(p, ".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tar.xz", ".txz"):
			add(true, "#archive")
		case hasAnySuffix(p, ".zip"):
			add(true, "#zipfile")
		case hasAnySuffix(p, ".gz", ".bz2", ".xz"):
			add(true, "#gzfile")
		}
	}
	for _, name := range append(s.mediaFeatures(), s.tailFeatures()...) {
		add(true, name)
	}
	return append(f, s.textFeatures()...)
}

func hasAnySuffix(s string, suffixes ...string) bool {
	for _, x := range suffixes {
		if strings.HasSuffix(strings.ToLower(s), x) {
			return true
		}
	}
	return false
}

// ordinalWords are the spelt-out ordinals people use for columns, fields and lines.
var ordinalWords = map[string]string{"first": "1", "second": "2", "third": "3", "fourth": "4", "fifth": "5",
	"sixth": "6", "seventh": "7", "eighth": "8", "ninth": "9", "tenth": "10"}

// ordinalWordAt reads "second" in "the second column" or "third field" as its number; elsewhere
// ("first 5 lines", "wait a second") the word is not a position.
func ordinalWordAt(toks []token, i int) string {
	n, ok := ordinalWords[toks[i].lower]
	if !ok || toks[i].quoted || i+1 >= len(toks) {
		return ""
	}
	switch toks[i+1].stem {
	case "column", "field", "line", "row", "word", "character", "col", "char":
		return n
	}
	return ""
}

// ordinal reads "3rd", "2nd", "21st" and "4th" as their number.
func ordinal(w string) string {
	if len(w) < 3 {
		return ""
	}
	n, suf := w[:len(w)-2], w[len(w)-2:]
	if !isInt(n) || suf != "st" && suf != "nd" && suf != "rd" && suf != "th" {
		return ""
	}
	return n
}

// globDir is the one folder, other than this one, that a request's globs are in ("every log file in
// /var/log"), or "" when it names none or several.
func (s *slots) globDir() string {
	if len(s.globs) == 0 {
		return ""
	}
	var from []string
	for _, d := range s.dirs {
		// "from downloads to pictures": the globs are in downloads; "CSVs in raw/ ... the files in raw/
		// must stay": one folder, however often it is said.
		if d != s.dst && !slices.Contains(from, d) {
			from = append(from, d)
		}
	}
	if len(from) != 1 || from[0] == "." || from[0] == "./" {
		return ""
	}
	return from[0]
}

// folderAdjectives come between a determiner and "folder": "a new folder called assets".
var folderAdjectives = setOf("new empty separate fresh dedicated")

// referredQuote makes the one quoted text the request points back at ("the log shows 'HTTP Error 429'
// ... how many lines have that error?") the text to look for.
func (s *slots) referredQuote(toks []token) {
	if len(s.patterns) > 0 || len(s.loose) != 1 {
		return
	}
	for i := 1; i < len(toks); i++ {
		if (toks[i-1].lower == "that" || toks[i-1].lower == "this") && quoteNouns[toks[i].lower] {
			s.patterns = append(s.patterns, s.loose[0])
			s.loose = nil
			toks[i-1].used, toks[i].used = true, true
			return
		}
	}
}

// quoteNouns are what a request calls a line it quoted: "that error", "this message".
var quoteNouns = setOf("error errors message messages line lines warning string text")
