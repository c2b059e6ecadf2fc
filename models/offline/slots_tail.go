package offline

import (
	"regexp"
	"slices"
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
	sinceClock  string // a time of day things are looked at from: "since 9am", "from nine o'clock this morning"
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
	jqsel       string // a jq condition said in words: "where price is over 100" is .price > 100
	cron        string // a schedule as cron reads it: */5 * * * *
	pair        bool   // two names joined by "and": "commits abc and def"
	orpair      bool   // two or more words joined by "or": "ERROR or WARN"
	numRange    string // two numbers joined by a hyphen, as "A,B": "lines 120-140"
	version     bool   // a version with dots: "pinned to exactly 4.17.21"
	dmode       string // the mode folders get when files get another: "directories 755 and files 644"
	fmode       string
	sevenZipped bool
	epoch       bool     // a number of 9 to 13 digits, as Unix timestamps are: "convert 1700000000 to a date"
	epochQuoted string   // such a number inside a quoted line: "'"ts": 1741012345'"
	namespace   string   // a Kubernetes namespace: "in the prod namespace", "namespace monitoring"
	assign      string   // an environment assignment as the shell takes it: DATABASE_URL=postgres://localhost/dev
	isotime     string   // a moment written as ISO 8601: 2024-03-10T14:00:00Z
	rediskey    string   // the key after "the key": flags:new_checkout
	secretkey   string   // a Kubernetes secret's key: "the secret db-creds (key is password)"
	imagerepo   string   // the repository of docker images asked about: "images for the redis repository"
	sortkey     string   // sort's options for a column: "sorted by score, highest first" is -t, -k2,2 -nr
	revrange    string   // two revisions as git log takes them: "between tag v1.4.0 and HEAD" is v1.4.0..HEAD
	moments     []string // dates with their times, in order: "22:00 on 2024-06-11" is "2024-06-11 22:00"
	perRow      int      // lines put on one: "three per row", "join every 4 lines into one"
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
	"fat32": "vfat", "vfat": "vfat", "fat": "vfat", "exfat": "exfat", "ntfs": "ntfs", "cifs": "cifs", "smb": "cifs", "samba": "cifs",
	"nfs": "nfs", "nfs4": "nfs4", "tmpfs": "tmpfs", "zfs": "zfs"}

func (e *Engine) extractTail(toks []token, s *slots) {
	t := &s.tail
	t.perRow = e.perRow(toks)
	if namesJSON(toks) {
		t.jqsel = e.jqCondition(toks)
	}
	for i, tok := range toks {
		w := tok.lower
		if fileSystems[w] != "" && t.fstype == "" { // quoted or not: mount "ext4" filesystem ...
			t.fstype = fileSystems[w]
			toks[i].used = true
			continue
		}
		if n := epochIn.FindStringSubmatch(tok.raw); n != nil && t.epochQuoted == "" && (tok.quoted || n[1] != tok.raw) {
			// "'last_beacon=1716997812' in it", "events_1717200000.json": a time inside a pasted line or a name.
			t.epochQuoted = n[1]
		}
		if tok.quoted {
			continue
		}
		switch {
		case strings.HasSuffix(w, ".7z"):
			t.sevenZipped = true
		case len(w) >= 9 && len(w) <= 13 && isInt(w):
			t.epoch = true
		case tailRes().jqLit.MatchString(tok.raw) && t.jqlit == "" && namesJSON(toks):
			t.jqlit = tok.raw
			toks[i].used = true
		case t.jqlit == "" && jqDotted(tok.raw) && namesJSON(toks):
			t.jqlit = "." + tok.raw // "the value of database.host" in config.json
			toks[i].used = true
		case tailRes().kv.MatchString(w) && t.kv == "":
			t.kv = tok.raw
		case (w == "at" || w == "by") && i+1 < len(toks) && t.clock == "":
			t.clock = clockAt(toks, i+1)
			if _, end := spokenClock(toks, i+1); t.clock != "" && end > i+1 {
				markUsed(toks, i, end) // "at half past three in the morning": all of it is the time
			}
		case (w == "since" || w == "from") && i+1 < len(toks) && t.sinceClock == "":
			if c := clockAt(toks, i+1); c != "" && toks[i+1].lower != "midnight" { // "since midnight" is today
				t.sinceClock = c
				if len(c) == 4 {
					t.sinceClock = "0" + c // 09:00
				}
				end := i + 2
				if _, e := spokenClock(toks, i+1); e > end {
					end = e
				}
				markUsed(toks, i, end)
			}
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
	t.namespace = e.namespaceOf(toks)
	for i, tok := range toks {
		if !tok.quoted && envAssign.MatchString(tok.raw) && t.assign == "" {
			t.assign = tok.raw
			toks[i].used = true
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
	t.dmode, t.fmode = dirFileModes(toks)
	t.version = slices.ContainsFunc(toks, func(tok token) bool {
		return !tok.quoted && strings.Count(tok.lower, ".") >= 1 && isVersion(tok.lower)
	})
	for _, tok := range toks {
		// "the hotfix a1b2c3d landed on release/2.3": a short hash said bare, with letters and digits.
		if w := tok.lower; t.commit == "" && !tok.quoted && len(w) >= 7 && len(w) <= 40 && tailRes().commit.MatchString(w) &&
			strings.ContainsAny(w, "0123456789") && strings.ContainsAny(w, "abcdef") && !strings.HasPrefix(w, "head") {
			t.commit = tok.raw
		}
	}
	t.moments = moments(toks)
	t.secretkey = secretKey(toks)
	t.imagerepo = imageRepo(toks)
	t.revrange = revRange(toks)
	for i := 0; i+1 < len(toks); i++ {
		if w := toks[i+1]; toks[i].lower == "key" && t.rediskey == "" && !w.quoted && w.raw != "" && !strings.Contains(w.raw, "/") &&
			strings.Trim(w.raw, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789:_.-") == "" && strings.ContainsAny(w.raw, ":_") {
			t.rediskey = w.raw // "the key flags:new_checkout", "key session_42"
		}
	}
	for i, tok := range toks {
		if t.isotime == "" && !tok.quoted && isoTime.MatchString(tok.raw) {
			t.isotime = tok.raw
			toks[i].used = true
		}
	}
	for i, tok := range toks {
		if a, b, ok := strings.Cut(tok.raw, "-"); ok && !tok.quoted && isInt(a) && isInt(b) && t.numRange == "" {
			t.numRange = a + "," + b // "lines 120-140"
			toks[i].used = true
		}
	}
	if alts, _ := orWords(e, toks); len(alts) > 1 {
		t.orpair = true
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

// namespaceOf reads the Kubernetes namespace a request names, before the word ("in the monitoring
// namespace") or after it ("in namespace prod", "the namespace called staging"), and marks the name used,
// so that it is not also the pod. "ns" counts only beside pods, deployments and the like.
func (e *Engine) namespaceOf(toks []token) string {
	kube := false
	for _, t := range toks {
		switch t.lower {
		case "kubectl", "kubernetes", "k8s", "pod", "pods", "deployment", "deployments", "svc", "cluster", "kube-system":
			kube = true
		}
	}
	name := func(j int) bool {
		return j >= 0 && j < len(toks) && !toks[j].used && isIdentifier(toks[j].raw) && !e.cat.has("stop", toks[j].lower) &&
			!e.cat.has("notperson", toks[j].lower) && toks[j].lower != "kubernetes" && toks[j].lower != "k8s"
	}
	for i := 0; i+1 < len(toks) && kube; i++ {
		if toks[i].lower == "in" && (environmentNames[toks[i+1].lower] || kubeNamespaces[toks[i+1].lower]) && !toks[i+1].used {
			toks[i+1].used = true
			return toks[i+1].raw // "the checkout-svc deployment in prod"
		}
	}
	for i, t := range toks {
		if t.raw == "-n" && kube && name(i+1) {
			toks[i].used, toks[i+1].used = true, true // "describe pod api-1 -n prod"
			return toks[i+1].raw
		}
		if t.quoted || t.lower != "namespace" && !(t.lower == "ns" && kube) {
			continue
		}
		if name(i-1) && i >= 2 && (toks[i-2].lower == "the" || toks[i-2].lower == "in" || toks[i-2].lower == "from" || toks[i-2].lower == "of" ||
			toks[i-1].lower == "default" || toks[i-1].lower == "kube-system" || environmentNames[toks[i-1].lower] || !name(i+1)) {
			// "(default namespace) bumped up": the name comes before the word
			toks[i-1].used = true
			return toks[i-1].raw
		}
		j := i + 1
		if j < len(toks) && (toks[j].lower == "called" || toks[j].lower == "named" || toks[j].lower == "is") {
			j++
		}
		if name(j) {
			toks[j].used = true
			return toks[j].raw
		}
	}
	return ""
}

// envAssign is NAME=value with a name in capitals, as a command's environment is set: DATABASE_URL=...
var envAssign = regexp.MustCompile(`^[A-Z_][A-Z0-9_]*=\S+$`)

// clockAt reads a time of day at toks[i] ("11pm", "11 pm", "23:00", "7:30am") as at's HH:MM, or "".
func clockAt(toks []token, i int) string {
	m := tailRes().clock.FindStringSubmatch(toks[i].lower)
	if m == nil {
		hm, _ := spokenClock(toks, i)
		return hm
	}
	ampm := m[3]
	if ampm == "" && i+1 < len(toks) && (toks[i+1].lower == "am" || toks[i+1].lower == "pm") {
		ampm = toks[i+1].lower
	}
	if ampm == "" && m[2] == "" {
		hm, _ := spokenClock(toks, i) // "at 5" may be anything; "at 7 in the evening" is 19:00
		return hm
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

// partOfDay is "am" for the morning and "pm" for the afternoon or evening; "" for any other word.
func partOfDay(w string) string {
	switch w {
	case "morning":
		return "am"
	case "afternoon", "evening":
		return "pm"
	}
	return ""
}

// spokenClock reads a time of day said in words from toks[i] ("noon", "midnight", "half past three in
// the morning", "quarter to 5 pm", "seven in the evening") and where its words end, the period of day
// included; "" when the words say no time for certain, and end i when they name no hour.
func spokenClock(toks []token, i int) (clock string, end int) {
	switch toks[i].lower {
	case "noon", "midday":
		return "12:00", i + 1
	case "midnight":
		return "0:00", i + 1
	}
	mins, j := "00", i
	if j+2 < len(toks) && (toks[j].lower == "half" || toks[j].lower == "quarter") && (toks[j+1].lower == "past" || toks[j+1].lower == "to") {
		switch {
		case toks[j].lower == "half" && toks[j+1].lower == "past":
			mins = "30"
		case toks[j+1].lower == "past":
			mins = "15"
		case toks[j].lower == "quarter":
			mins = "45"
		default:
			mins = "" // "half to" is no time people say
		}
		j += 2
	}
	hour := countWord(toks[j].lower)
	if hour == "" {
		return "", i
	}
	end = j + 1
	if end < len(toks) && (toks[end].lower == "o'clock" || toks[end].lower == "oclock") {
		end++
	}
	period := ""
	switch {
	case end+1 < len(toks) && toks[end].lower == "this":
		// "nine o'clock this morning"
		if period = partOfDay(toks[end+1].lower); period != "" {
			end += 2
		}
	case end < len(toks) && (toks[end].lower == "am" || toks[end].lower == "pm"):
		period = toks[end].lower
	case end+2 < len(toks) && toks[end].lower == "in" && toks[end+1].lower == "the":
		if period = partOfDay(toks[end+2].lower); period != "" {
			end += 3
		}
	case end+1 < len(toks) && toks[end].lower == "at" && toks[end+1].lower == "night":
		period = "night"
		end += 2
	}
	h, err := strconv.Atoi(hour)
	if mins == "" || err != nil || h < 1 || h > 12 || period == "" {
		return "", end // "half past three" may be either
	}
	if toks[i].lower == "quarter" && toks[i+1].lower == "to" {
		h = (h+10)%12 + 1 // quarter to 4 is 3:45
	}
	if period == "night" {
		period = "pm"
		if h < 5 || h == 12 {
			period = "am"
		}
	}
	switch {
	case period == "pm" && h < 12:
		h += 12
	case period == "am" && h == 12:
		h = 0
	}
	return strconv.Itoa(h) + ":" + mins, end
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

// moments are the dates a request names, each with the time said beside it ("22:00 on 2024-06-11",
// "2024-06-12 02:00"), in the order said.
func moments(toks []token) []string {
	var out []string
	for i, t := range toks {
		if !isoDate(t.lower) {
			continue
		}
		m := t.lower
		switch {
		case i+1 < len(toks) && clockRe.MatchString(toks[i+1].lower):
			m += " " + toks[i+1].lower
		case i >= 2 && toks[i-1].lower == "on" && clockRe.MatchString(toks[i-2].lower):
			m += " " + toks[i-2].lower
		case i >= 1 && clockRe.MatchString(toks[i-1].lower):
			m += " " + toks[i-1].lower
		}
		out = append(out, m)
	}
	if len(out) == 0 {
		// "between 12:00 and 13:00", "from 09:30 to 10:00": two times of today.
		for i := 0; i+3 < len(toks); i++ {
			if (toks[i].lower == "between" || toks[i].lower == "from") && clockRe.MatchString(toks[i+1].lower) &&
				(toks[i+2].lower == "and" || toks[i+2].lower == "to" || toks[i+2].lower == "until") && clockRe.MatchString(toks[i+3].lower) {
				return []string{toks[i+1].lower, toks[i+3].lower}
			}
		}
	}
	return out
}

// isoTime matches a moment written as ISO 8601, with its time: 2024-03-10T14:00:00Z, 2024-03-10T14:00+01:00.
var isoTime = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$`)

// isRemoteRef reports whether p names a remote-tracking branch: "origin/release/2.4", "upstream/main".
func isRemoteRef(p string) bool {
	return strings.HasPrefix(p, "origin/") || strings.HasPrefix(p, "upstream/")
}

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
	for _, kv := range [][2]string{{t.clock, "#clock"}, {t.sinceClock, "#sinceclock"}, {t.rangeEnd, "#words2"}, {t.arith, "#arith"}, {t.cron, "#cronexpr"},
		{t.hexnum, "#hexnum"}, {t.commit, "#commit"}, {t.kv, "#kv"}, {t.assign, "#assign"}, {t.isotime, "#isotime"}, {t.rediskey, "#rediskey"}, {t.secretkey, "#secretkey"}, {t.imagerepo, "#imagerepo"}, {t.sortkey, "#sortkey"}, {t.revrange, "#revrange"}} {
		if kv[0] != "" {
			f = append(f, kv[1])
		}
	}
	for _, on := range []struct {
		set  bool
		feat []string
	}{
		{t.sevenZipped, []string{"#7z"}}, {t.epoch, []string{"#epochnum"}}, {t.epochQuoted != "", []string{"#epochquoted"}}, {s.devPath() != "", []string{"#devpath"}},
		{t.jqlit != "", []string{"#jqlit"}}, {t.jqsel != "", []string{"#jqsel"}}, {t.pair, []string{"#commit2", "#pair"}},
		{t.orpair, []string{"#orpair"}}, {t.dmode != "", []string{"#dirfilemodes"}}, {t.numRange != "", []string{"#numrange"}},
		{t.version, []string{"#version"}}, {slices.ContainsFunc(s.paths, isRemoteRef), []string{"#remoteref"}},
		{len(t.moments) >= 2, []string{"#datetimes"}}, {t.perRow > 1, []string{"#pastecols"}},
	} {
		if on.set {
			f = append(f, on.feat...)
		}
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

// orWords finds the first words joined by "or" ("ERROR or WARN", "404 or 500 or 503") and the indexes of
// the tokens they span; words that only point, stop words and file names join nothing.
func orWords(e *Engine, toks []token) ([]string, [2]int) {
	word := func(t token) bool {
		return saidName(t.raw) && !pointingWords[t.lower] && !e.cat.has("stop", t.lower) && !isFileName(t.raw) &&
			!strings.ContainsAny(t.raw, "/~")
	}
	for i := 1; i+1 < len(toks); i++ {
		if toks[i].lower != "or" || !word(toks[i-1]) || !word(toks[i+1]) {
			continue
		}
		alts, j := []string{toks[i-1].raw, toks[i+1].raw}, i+1
		for j+2 < len(toks) && toks[j+1].lower == "or" && word(toks[j+2]) {
			alts, j = append(alts, toks[j+2].raw), j+2
		}
		return alts, [2]int{i - 1, j}
	}
	return nil, [2]int{}
}

// dirFileModes reads two modes said for folders and files ("directories at 755 and files at 644",
// "755 for dirs, 644 for files"): each mode goes with the nearest folder or file word.
func dirFileModes(toks []token) (dmode, fmode string) {
	isMode := func(w string) bool {
		if len(w) < 3 || len(w) > 4 {
			return false
		}
		for _, c := range w {
			if c < '0' || c > '7' {
				return false
			}
		}
		return true
	}
	kind := func(w string) byte {
		switch w {
		case "directories", "directory", "dirs", "dir", "folders", "folder", "subdirectories", "subfolders":
			return 'd'
		case "files", "file":
			return 'f'
		}
		return 0
	}
	for i, t := range toks {
		if t.quoted || !isMode(t.lower) {
			continue
		}
		var before, after byte
		for d := 5; d >= 1; d-- { // the nearest word on each side; "the directories in there to 755"
			if i-d >= 0 && kind(toks[i-d].lower) != 0 && (d <= 3 || !slices.ContainsFunc(toks[i-d:i], func(u token) bool { return u.comma || isMode(u.lower) })) {
				before = kind(toks[i-d].lower)
			}
			if d <= 3 && i+d < len(toks) && kind(toks[i+d].lower) != 0 {
				after = kind(toks[i+d].lower)
			}
		}
		k := before
		if i+1 < len(toks) && (toks[i+1].lower == "for" || toks[i+1].lower == "on") && after != 0 {
			k = after // "755 for dirs"
		}
		switch {
		case k == 'd' && dmode == "":
			dmode = t.lower
		case k == 'f' && fmode == "":
			fmode = t.lower
		}
	}
	if dmode == "" || fmode == "" {
		return "", ""
	}
	return dmode, fmode
}

// kubeNamespaces are the namespaces every Kubernetes cluster has, named bare: "pods in kube-system".
var kubeNamespaces = setOf("kube-system kube-public kube-node-lease")

// secretKey is the key of a Kubernetes secret a request names: "(key is password)", "the key
// password", "its password key"; "" when the request names no secret or no key.
func secretKey(toks []token) string {
	if !slices.ContainsFunc(toks, func(t token) bool { return t.lower == "secret" || t.lower == "secrets" }) {
		return ""
	}
	ok := func(t token) bool {
		return jqIdent.MatchString(t.raw) && !stopListWords[t.lower] && t.lower != "is" && t.lower != "called"
	}
	for i, t := range toks {
		if t.lower != "key" || t.quoted {
			continue
		}
		j := i + 1
		for j < len(toks) && (toks[j].lower == "is" || toks[j].lower == "called" || toks[j].lower == "named") {
			j++
		}
		if j < len(toks) && ok(toks[j]) {
			markUsed(toks, i, j+1)
			return toks[j].raw
		}
		if i > 0 && ok(toks[i-1]) && toks[i-1].lower != "the" && toks[i-1].lower != "a" { // "the password key"
			markUsed(toks, i-1, i+1)
			return toks[i-1].raw
		}
	}
	return ""
}

// secretName is the name after "secret" ("the secret db-creds", "secret called api-keys").
func secretName(toks []token) string {
	for i := 0; i+1 < len(toks); i++ {
		if toks[i].lower != "secret" || toks[i].quoted {
			continue
		}
		j := i + 1
		if toks[j].lower == "called" || toks[j].lower == "named" {
			j++
		}
		if j < len(toks) && isIdentifier(toks[j].raw) && !stopListWords[toks[j].lower] && toks[j].lower != "key" && toks[j].lower != "is" {
			toks[j].used = true
			return toks[j].raw
		}
	}
	return ""
}

// imageRepo is the image repository a request about docker images names: "images for the redis
// repository", "the nginx images", "images of postgres"; "" when none.
func imageRepo(toks []token) string {
	name := func(t token) bool {
		return !t.quoted && imageRepoName.MatchString(t.lower) && !stopListWords[t.lower] && !imageRepoWords[t.lower]
	}
	for i, t := range toks {
		switch t.lower {
		case "repository", "repo":
			if i > 0 && name(toks[i-1]) {
				return toks[i-1].lower
			}
		case "images", "image":
			if i > 0 && name(toks[i-1]) && !dockerWords[toks[i-1].lower] {
				return toks[i-1].lower // "the old redis images"
			}
			j := i + 1
			for j < len(toks) && (toks[j].lower == "for" || toks[j].lower == "of" || toks[j].lower == "the") {
				j++
			}
			if j > i+1 && j < len(toks) && name(toks[j]) {
				return toks[j].lower
			}
		}
	}
	return ""
}

var (
	imageRepoName  = regexp.MustCompile(`^[a-z0-9][a-z0-9._/-]*$`)
	imageRepoWords = setOf("local docker all old new unused dangling every my our their its these those which what repository repo images image versions tags")
	dockerWords    = setOf("docker container local")
)

// revRange is the revision range of "commits between tag v1.4.0 and HEAD" or "since v2.0 up to main",
// as git log takes it (v1.4.0..HEAD); "" when the request names no two revisions so.
func revRange(toks []token) string {
	ref := func(k int) string {
		if k >= len(toks) || toks[k].quoted {
			return ""
		}
		w := toks[k].raw
		if releaseTag.MatchString(strings.ToLower(w)) && strings.ContainsAny(w, ".v") || w == "HEAD" || mainBranches[toks[k].lower] || commitHash.MatchString(w) {
			return w
		}
		return ""
	}
	at := func(k int) (string, int) { // a ref at k, after "tag", "the", "branch" or "commit"
		for k < len(toks) && (toks[k].lower == "tag" || toks[k].lower == "tags" || toks[k].lower == "the" || toks[k].lower == "branch" || toks[k].lower == "commit") {
			k++
		}
		return ref(k), k
	}
	for i := 0; i+1 < len(toks); i++ {
		if w := toks[i].lower; w != "between" && w != "from" && w != "since" {
			continue
		}
		a, k := at(i + 1)
		if a == "" || k+1 >= len(toks) {
			continue
		}
		if c := toks[k+1].lower; c != "and" && c != "to" && c != "until" && c != "through" {
			continue
		}
		if b, end := at(k + 2); b != "" {
			markUsed(toks, i, end+1)
			return a + ".." + b
		}
	}
	return ""
}

// commitHash is an abbreviated or full commit id.
var commitHash = regexp.MustCompile(`^[0-9a-f]{7,40}$`)

// jqDotted reports whether w is a field path written without jq's leading dot ("database.host",
// "spec.replicas"): identifiers joined by dots, the last no file extension.
func jqDotted(w string) bool {
	parts := strings.Split(w, ".")
	if len(parts) < 2 {
		return false
	}
	for _, p := range parts {
		if len(p) < 2 || !isAlpha(strings.ReplaceAll(p, "_", "a")) {
			return false
		}
	}
	x := strings.ToLower(parts[len(parts)-1])
	return !dataExts[x] && !videoExts[x] && !audioExts[x] && !imageExts[x] && !notJQFieldExts[x]
}

// notJQFieldExts are file extensions that end a dotted word naming a file, not a field.
var notJQFieldExts = setOf("pdf zip gz tgz tar xz bz2 sh py js ts go rs rb java html htm css bak old tmp orig env lock sql db iso deb rpm exe dll so out")

// rowWords follow the number of lines that go on one: "three per row", "4 lines at a time".
var rowWords = setOf("per row to each at into onto on in")

// perRow is how many lines a request puts on one line ("three per row", "5 lines at a time", "join every
// 4 lines into one"), or 0 when it says none; beyond 26 it is no row of lines.
func (e *Engine) perRow(toks []token) int {
	for i := 0; i+1 < len(toks); i++ {
		n, ok := e.numberAt(toks, i)
		if !ok {
			continue
		}
		j := i + 1
		if toks[j].lower == "lines" || toks[j].lower == "values" || toks[j].lower == "items" {
			if k, err := strconv.Atoi(n); err == nil && k > 1 && k <= 26 && i > 0 && (toks[i-1].lower == "every" || toks[i-1].lower == "each") {
				return k // "join every 4 lines of data.txt into one"
			}
			j++
		}
		if j+1 >= len(toks) || !rowWords[toks[j].lower] {
			continue
		}
		next := toks[j+1].lower
		if toks[j].lower == "per" && (next == "row" || next == "line") ||
			(toks[j].lower == "at" && next == "a" && j+2 < len(toks) && toks[j+2].lower == "time") ||
			(toks[j].lower != "per" && toks[j].lower != "at" && (next == "one" || next == "a" || next == "each")) {
			if k, err := strconv.Atoi(n); err == nil && k > 1 && k <= 26 {
				return k
			}
		}
	}
	return 0
}

// epochIn finds a Unix time of 10 or 13 digits inside a pasted line or a name.
var epochIn = regexp.MustCompile(`(?:^|[^0-9])([0-9]{10}(?:[0-9]{3})?)(?:[^0-9]|$)`)
