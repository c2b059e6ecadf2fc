package offline

import (
	"path"
	"regexp"
	"strconv"
	"strings"
	"sync"
)

// tailSlots are what the long tail's requests give beyond files and names: a time of day ("at
// 11pm"), the two ends of a range of lines ("between START and END"), a line to add ("add the line
// 127.0.0.1 myapp to /etc/hosts"), text to put before every line ("with a dash"), arithmetic ("2 to
// the power of 10"), a hexadecimal number, a commit, a label selector (app=api) and a file system type.
type tailSlots struct {
	clock       string // as at reads it: 23:00
	rangeStart  string
	rangeEnd    string
	lineText    string
	prefixText  string
	arith       string // as $(( )) reads it: 2**10
	hexnum      string
	commit      string
	kv          string
	fstype      string
	jqlit       string // a jq path written as jq reads it: .config.port
	cron        string // a schedule as cron reads it: */5 * * * *
	pair        bool   // two names joined by "and": "commits abc and def"
	sevenZipped bool
}

// tailRes are the tail slots' patterns, compiled on first use so that start-up does not pay for them.
var tailRes = sync.OnceValue(func() (r struct{ clock, hex, commit, kv, arith, jqLit *regexp.Regexp }) {
	r.clock = regexp.MustCompile(`^(\d{1,2})(?::(\d{2}))?(am|pm)?$`)
	r.hex = regexp.MustCompile(`^(0x)?[0-9a-f]+$`)
	r.commit = regexp.MustCompile(`^([0-9a-f]{6,40}|head(~\d+|\^+)?)$`)
	r.kv = regexp.MustCompile(`^[a-z0-9][a-z0-9./-]*=[A-Za-z0-9._-]+$`)
	r.arith = regexp.MustCompile(`^[0-9().]+([-+*/%][0-9().]+)+$`)
	r.jqLit = regexp.MustCompile(`^(\.[A-Za-z_][A-Za-z0-9_]*(\[\d*\])?)+$`)
	return r
})

// arithWords are the operators people say in words.
var arithWords = map[string]string{"plus": "+", "minus": "-", "times": "*", "multiplied": "*", "divided": "/",
	"over": "/", "modulo": "%", "mod": "%"}

// prefixWords are the marks "with a dash" and the like put before every line.
var prefixWords = map[string]string{"dash": "- ", "hyphen": "- ", "hash": "# ", "star": "* ", "asterisk": "* ",
	"bullet": "* ", "tab": `\t`, "space": " ", "comment": "# "}

// fileSystems are the types mkfs makes, by the words that name them.
var fileSystems = map[string]string{"ext4": "ext4", "ext3": "ext3", "xfs": "xfs", "btrfs": "btrfs",
	"fat32": "vfat", "vfat": "vfat", "fat": "vfat", "exfat": "exfat", "ntfs": "ntfs"}

func (e *Engine) extractTail(toks []token, s *slots) {
	t := &s.tail
	for i, tok := range toks {
		w := tok.lower
		if tok.quoted {
			continue
		}
		switch {
		case strings.HasSuffix(w, ".7z"):
			t.sevenZipped = true
		case fileSystems[w] != "" && t.fstype == "":
			t.fstype = fileSystems[w]
		case tailRes().jqLit.MatchString(tok.raw) && t.jqlit == "" && namesJSON(toks):
			t.jqlit = tok.raw
			toks[i].used = true
		case tailRes().kv.MatchString(w) && t.kv == "":
			t.kv = tok.raw
		case (w == "at" || w == "by") && i+1 < len(toks) && t.clock == "":
			t.clock = clockAt(toks, i+1)
		case (w == "commit" || w == "revision") && i+1 < len(toks) && tailRes().commit.MatchString(toks[i+1].lower):
			t.commit = toks[i+1].raw
		case (w == "hex" || w == "hexadecimal") && t.hexnum == "":
			for j := i + 1; j < len(toks) && j <= i+2; j++ {
				if h := strings.TrimPrefix(toks[j].lower, "0x"); tailRes().hex.MatchString(toks[j].lower) && h != "" && toks[j].lower != "number" {
					t.hexnum = h
					break
				}
			}
		}
	}
	var from, to int
	if t.arith, from, to = arithmetic(toks); t.arith != "" {
		markUsed(toks, from, to)
	}
	if t.rangeStart, t.rangeEnd, from = lineRange(e, toks); t.rangeStart != "" {
		markUsed(toks, from, from+4)
		// The ends are text to match, as if quoted, no cue words: "and END in file.txt" names no files
		// ending in it.
		toks[from+1].quoted, toks[from+3].quoted = true, true
	}
	if t.lineText, from, to = lineToAdd(toks); t.lineText != "" {
		markUsed(toks, from, to)
	}
	t.cron = cronSchedule(toks, t.clock)
	for i := 1; i+1 < len(toks); i++ {
		if toks[i].lower == "and" && saidName(toks[i-1].raw) && saidName(toks[i+1].raw) && !pointingWords[toks[i-1].lower] &&
			!pointingWords[toks[i+1].lower] && !e.cat.has("stop", toks[i-1].lower) && !e.cat.has("stop", toks[i+1].lower) {
			t.pair = true
		}
	}
	for i, tok := range toks {
		if (tok.lower == "with" || tok.lower == "by") && i+1 < len(toks) {
			j := i + 1
			if toks[j].lower == "a" || toks[j].lower == "an" {
				j++
			}
			if j < len(toks) {
				if toks[j].quoted {
					t.prefixText = toks[j].raw
				} else if p := prefixWords[toks[j].lower]; p != "" {
					t.prefixText = p
				}
			}
		}
	}
}

// clockAt reads a time of day at toks[i] ("11pm", "11 pm", "23:00", "7:30am") as at's HH:MM, or "".
func clockAt(toks []token, i int) string {
	m := tailRes().clock.FindStringSubmatch(toks[i].lower)
	if m == nil {
		return ""
	}
	ampm := m[3]
	if ampm == "" && i+1 < len(toks) && (toks[i+1].lower == "am" || toks[i+1].lower == "pm") {
		ampm = toks[i+1].lower
	}
	if ampm == "" && m[2] == "" {
		return "" // "at 5" may be anything
	}
	h, _ := strconv.Atoi(m[1])
	if h > 23 || ampm != "" && (h == 0 || h > 12) {
		return ""
	}
	switch {
	case ampm == "pm" && h < 12:
		h += 12
	case ampm == "am" && h == 12:
		h = 0
	}
	mins := m[2]
	if mins == "" {
		mins = "00"
	}
	return strconv.Itoa(h) + ":" + mins
}

// arithmetic reads a sum said in digits ("2+3*4") or words ("2 to the power of 10", "17 divided by 5").
func arithmetic(toks []token) (string, int, int) {
	for i, t := range toks {
		if !t.quoted && tailRes().arith.MatchString(t.lower) {
			return t.lower, i, i + 1
		}
		if !isNumber(t.lower) {
			continue
		}
		j := i + 1
		op := ""
		switch {
		case j+3 < len(toks) && toks[j].lower == "to" && toks[j+1].lower == "the" && toks[j+2].lower == "power":
			op, j = "**", j+3
			if j < len(toks) && toks[j].lower == "of" {
				j++
			}
		case j < len(toks) && arithWords[toks[j].lower] != "":
			op, j = arithWords[toks[j].lower], j+1
			if j < len(toks) && toks[j].lower == "by" {
				j++
			}
		}
		if op != "" && j < len(toks) && isNumber(toks[j].lower) {
			return t.lower + op + toks[j].lower, i, j + 1
		}
	}
	return "", 0, 0
}

// lineRange reads the ends of a range of lines ("between START and END", "from BEGIN to END") and
// where the four words start.
func lineRange(e *Engine, toks []token) (string, string, int) {
	for i := 0; i+3 < len(toks); i++ {
		first, sep := toks[i].lower, toks[i+2].lower
		if !(first == "between" && sep == "and" || first == "from" && (sep == "to" || sep == "until")) {
			continue
		}
		a, b := toks[i+1], toks[i+3]
		if !saysLines(toks[max(0, i-4):i]) {
			continue // "from downloads to pictures", "between main and develop": no lines
		}
		if isNumber(a.lower) || isNumber(b.lower) || e.cat.has("stop", a.lower) || e.cat.has("stop", b.lower) ||
			isFileName(a.raw) || isFileName(b.raw) || strings.Contains(a.raw+b.raw, "/") {
			continue
		}
		return a.raw, b.raw, i
	}
	return "", "", 0
}

// lineToAdd reads the text of "add the line TEXT to FILE" (the words after line, text or entry up to
// the last "to" or "into") and where it starts and ends.
func lineToAdd(toks []token) (string, int, int) {
	start := -1
	for i, t := range toks {
		if (t.lower == "line" || t.lower == "text" || t.lower == "entry") && i > 1 && (toks[i-1].lower == "the" || toks[i-1].lower == "a" || toks[i-1].lower == "this") &&
			addVerbs[toks[i-2].lower] {
			start = i + 1
			break
		}
	}
	if start < 0 {
		return "", 0, 0
	}
	end := -1
	for j := len(toks) - 1; j > start; j-- {
		if toks[j].lower == "to" || toks[j].lower == "into" {
			end = j
			break
		}
	}
	if end < 0 {
		return "", 0, 0
	}
	var words []string
	for _, t := range toks[start:end] {
		words = append(words, t.raw)
	}
	return strings.Join(words, " "), start, end
}

// addVerbs say a line is to be added: "append the line ...".
var addVerbs = setOf("add append put insert write")

// saysLines reports whether toks speak of lines or text: a range after them is one of lines.
func saysLines(toks []token) bool {
	for _, t := range toks {
		switch t.lower {
		case "line", "lines", "text", "everything", "part", "section", "content", "contents", "block":
			return true
		}
	}
	return false
}

func (s *slots) tailFeatures() []string {
	t := s.tail
	var f []string
	for _, kv := range [][2]string{{t.clock, "#clock"}, {t.rangeEnd, "#words2"}, {t.arith, "#arith"}, {t.cron, "#cronexpr"},
		{t.hexnum, "#hexnum"}, {t.commit, "#commit"}, {t.kv, "#kv"}} {
		if kv[0] != "" {
			f = append(f, kv[1])
		}
	}
	if t.sevenZipped {
		f = append(f, "#7z")
	}
	if s.devPath() != "" {
		f = append(f, "#devpath")
	}
	if t.jqlit != "" {
		f = append(f, "#jqlit")
	}
	if t.pair {
		f = append(f, "#commit2")
	}
	n := 0
	for _, p := range s.paths {
		if extOf(p) == "json" {
			n++
		}
	}
	if n >= 2 {
		f = append(f, "#json2")
	}
	return f
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

// namesJSON reports whether the request names a JSON file: only then is ".config.port" a jq path, not
// a file's extension.
func namesJSON(toks []token) bool {
	for _, t := range toks {
		if strings.HasSuffix(t.lower, ".json") {
			return true
		}
	}
	return false
}

// devPath is the first device the request names (/dev/sdb1), or "".
func (s *slots) devPath() string {
	for _, p := range s.paths {
		if strings.HasPrefix(p, "/dev/") && len(p) > len("/dev/") {
			return p
		}
	}
	return ""
}

// sedPattern escapes what sed's / delimited addresses and replacements would read as syntax.
func sedPattern(s string) string {
	r := strings.NewReplacer(`\`, `\\`, "/", `\/`, "&", `\&`, "'", "")
	return r.Replace(s)
}

// cronSchedule reads a schedule said in words ("every 5 minutes", "every day at 3am", "hourly",
// "every monday at 9am") as cron's five fields, or "". clock is the time of day said, as at reads it.
func cronSchedule(toks []token, clock string) string {
	hour, minute := "0", "0"
	if h, m, ok := strings.Cut(clock, ":"); ok {
		hour, minute = h, strings.TrimLeft(m, "0")
		if minute == "" {
			minute = "0"
		}
	}
	for i, t := range toks {
		w := t.lower
		switch w {
		case "hourly":
			return "0 * * * *"
		case "daily", "nightly":
			return minute + " " + hour + " * * *"
		case "weekly":
			return minute + " " + hour + " * * 0"
		}
		if w != "every" && w != "each" || i+1 >= len(toks) {
			continue
		}
		next := toks[i+1].lower
		n := ""
		if countWord(next) != "" && next != "a" && i+2 < len(toks) {
			n, next = countWord(next), toks[i+2].lower
		}
		switch strings.TrimSuffix(next, "s") {
		case "minute", "min":
			if n == "" || n == "1" {
				return "* * * * *"
			}
			return "*/" + n + " * * * *"
		case "hour":
			if n == "" || n == "1" {
				return "0 * * * *"
			}
			return "0 */" + n + " * * *"
		case "day", "night", "morning", "evening":
			return minute + " " + hour + " * * *"
		case "week":
			return minute + " " + hour + " * * 0"
		case "month":
			return minute + " " + hour + " 1 * *"
		}
		for d, name := range strings.Fields("sunday monday tuesday wednesday thursday friday saturday") {
			if strings.TrimSuffix(next, "s") == name {
				return minute + " " + hour + " * * " + strconv.Itoa(d)
			}
		}
	}
	return ""
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
			if n := ordinalNumber(t.lower); n != "" {
				return n
			}
		}
	}
	return ""
}

// ordinalNumber reads "3rd", "second", "10th" as its number, or "".
func ordinalNumber(w string) string {
	if n, ok := map[string]string{"second": "2", "third": "3", "fourth": "4", "fifth": "5", "sixth": "6",
		"seventh": "7", "eighth": "8", "ninth": "9", "tenth": "10"}[w]; ok {
		return n
	}
	for _, suf := range []string{"st", "nd", "rd", "th"} {
		if d, ok := strings.CutSuffix(w, suf); ok && isInt(d) {
			return d
		}
	}
	return ""
}
