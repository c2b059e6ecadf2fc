package offline

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// extractURLs claims URLs, user@host targets, IP addresses and host names.
func (e *Engine) extractURLs(toks []token, s *slots) {
	for i := range toks {
		t := &toks[i]
		w := t.lower
		switch {
		case strings.Contains(w, "://"):
			s.urls = append(s.urls, t.raw)
			if h := hostOf(t.raw); h != "" {
				s.hosts = append(s.hosts, h)
			}
			t.used = true
		case gitRemote.MatchString(t.raw):
			// git@github.com:acme/shop.git: a repository's address, as git takes it.
			s.urls = append(s.urls, t.raw)
			if user, rest, ok := strings.Cut(t.raw, "@"); ok && user != "" {
				s.hosts = append(s.hosts, strings.SplitN(rest, ":", 2)[0])
			}
			t.used = true
		case remoteSpec.MatchString(t.raw):
			// scp's and rsync's [user@]host:path: the host, and where on it. The word stays a path too,
			// the destination that rsync and cp name whole.
			host, p, _ := strings.Cut(t.raw, ":")
			s.hosts = append(s.hosts, host)
			s.remotePath = p
		case hostPort.MatchString(t.raw):
			// "example.com:443", "db01.internal:5432": the host, and its port.
			host, port, _ := strings.Cut(t.raw, ":")
			s.hosts = append(s.hosts, host)
			if !slices.Contains(s.ports, port) {
				s.ports = append(s.ports, port)
			}
			t.used = true
		case strings.Contains(w, "@") && !strings.HasPrefix(w, "@") && !strings.HasSuffix(w, "@") && !strings.Contains(w, " "):
			s.hosts = append(s.hosts, t.raw)
			t.used = true
		case (isIPv4(w) || e.isHostName(toks, i)) && !(i > 0 && mentionCues[toks[i-1].lower]):
			s.hosts = append(s.hosts, t.raw)
			t.used = true
		}
	}
}

// mentionCues make the host or address after them text that files say: "every file under /etc/nginx
// that mentions old-api.internal".
var mentionCues = setOf("mentions mention mentioning contain contains containing reference references referencing")

// gitRemote is a repository's address in scp form: user@host:path.git.
var gitRemote = regexp.MustCompile(`^[A-Za-z0-9_.-]+@[A-Za-z0-9][A-Za-z0-9.-]*:[A-Za-z0-9_./~-]+\.git/?$`)

// hostPort is a dotted host name with a port: example.com:443.
var hostPort = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9-]*(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}:[0-9]{1,5}$`)

// remoteSpec is a [user@]host:path target whose path is absolute or under home.
var remoteSpec = regexp.MustCompile(`^([A-Za-z0-9_.-]+@)?[A-Za-z0-9][A-Za-z0-9.-]*:[/~]`)

func hostOf(u string) string {
	_, rest, _ := strings.Cut(u, "://")
	rest, _, _ = strings.Cut(rest, "/")
	if _, h, ok := strings.Cut(rest, "@"); ok {
		rest = h
	}
	return rest
}

func isIPv4(w string) bool {
	w, _, _ = strings.Cut(w, ":")
	parts := strings.Split(w, ".")
	if len(parts) != 4 {
		return false
	}
	for _, p := range parts {
		if p == "" || len(p) > 3 || !isInt(p) {
			return false
		}
	}
	return true
}

// isHostName accepts example.com-like words whose last label is not a file extension, or any dotted
// name right after "host", "server", "ping", "ssh" and the like.
func (e *Engine) isHostName(toks []token, i int) bool {
	w := toks[i].lower
	if toks[i].quoted || strings.ContainsAny(w, "/*?$~") || !strings.Contains(w, ".") || strings.HasPrefix(w, ".") || strings.HasSuffix(w, ".") {
		return false
	}
	for _, r := range w {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '.' || r == '-') {
			return false
		}
	}
	last := w[strings.LastIndexByte(w, '.')+1:]
	if e.cat.has("tld", last) {
		// "i accidently staged config.local": in a request about git's files, a name is a file
		// unless a host cue says otherwise.
		return !slices.ContainsFunc(toks, func(t token) bool { return gitFileWords[t.lower] }) || e.cat.has("hostcue", prevWord(toks, i))
	}
	// "to new.txt" names a file; "to db1.internal" a host.
	return e.cat.has("hostcue", prevWord(toks, i)) && !e.cat.extValues[last] && !isFileName(w)
}

// gitFileWords say a request is about files in a git repository.
var gitFileWords = setOf("git staged stage unstage unstaged commit committed commits tracked untracked gitignore")

// settingNouns are what "change X to Y" sets rather than a text it replaces: "change directory to /tmp",
// "change the owner to bob", "change the timezone to UTC".
var settingNouns = setOf("directory dir folder owner group permission mode shell password hostname timezone time zone branch priority working user default")

// becomesPair reads a replacement said the other way round, what is there first: 'every "DEBUG = True"
// swapped to "DEBUG = False"', "every localhost needs to become db01".
func (e *Engine) becomesPair(toks []token, s *slots) bool {
	for j := 0; j+2 < len(toks); j++ {
		old := toks[j]
		if old.used || !old.quoted && (!isIdentifier(old.raw) && !strings.Contains(old.raw, "://") || e.cat.has("stop", old.lower)) {
			continue
		}
		k := j + 1
		for k < len(toks) && !toks[k].quoted && becomeAux[toks[k].lower] {
			k++
		}
		if k+1 >= len(toks) || toks[k].quoted {
			continue
		}
		n := k + 1
		switch toks[k].lower {
		case "become", "becomes", "turn", "turns":
			if toks[n].lower == "into" && n+1 < len(toks) {
				n++
			}
		case "swapped", "changed", "replaced", "turned", "switched":
			if !e.cat.has("replacejoin", toks[n].lower) || n+1 >= len(toks) {
				continue
			}
			n++
		default:
			continue
		}
		if k == j+1 && !old.quoted && toks[k].lower != "becomes" {
			continue // "files changed to ..." is no text: a bare word needs "needs to", "should" before the verb
		}
		s.old, s.new = old.raw, toks[n].raw
		markUsed(toks, j, n+1)
		return true
	}
	return false
}

// becomeAux are the words between a text and the verb that turns it into another.
var becomeAux = setOf("needs need should must has have to be get gets")

// extractReplace reads "replace foo with bar" and "change A to B" for sed.
func (e *Engine) extractReplace(toks []token, s *slots) {
	if e.becomesPair(toks, s) || settingFlip(toks, s) {
		return
	}
	for i := 0; i+3 < len(toks); i++ {
		if toks[i].quoted || !e.cat.has("replaceverb", toks[i].stem) {
			continue
		}
		j := i + 1
		for j < len(toks) && !toks[j].quoted && e.cat.has("filler", toks[j].lower) || j < len(toks) && (toks[j].lower == "all" || toks[j].lower == "every" || toks[j].lower == "the" || toks[j].lower == "occurrences" || toks[j].lower == "occurrence" || toks[j].lower == "instances" || toks[j].lower == "instance" || toks[j].lower == "of") {
			j++
		}
		if k, ok := e.replaceAcross(toks, j); ok && !settingNouns[toks[j].lower] && !pointingWords[toks[j].lower] {
			// "replace foo in config.txt with bar", "switch every http:// link in links.txt to https://"
			s.old, s.new = toks[j].raw, toks[k+1].raw
			markUsed(toks, i, j+1)
			if replacedNouns[toks[j+1].lower] {
				toks[j+1].used = true
			}
			markUsed(toks, k, k+2)
			return
		}
		if j+2 >= len(toks) || toks[j+1].quoted || !e.cat.has("replacejoin", toks[j+1].lower) || !toks[j].quoted && (settingNouns[toks[j].lower] || settingNouns[toks[j].stem]) {
			continue
		}
		if !toks[j].quoted && pointingWords[toks[j].lower] {
			continue // "my commit message is wrong, change it to ...": the thing named before, no text to find
		}
		to := toks[j+2].lower
		if (to == "a" || to == "an") && j+3 < len(toks) {
			to = toks[j+3].lower
		}
		if x := extOf(toks[j].raw); (videoExts[x] || audioExts[x] || imageExts[x]) && fileKinds["."+to] != "" {
			continue // "change cover.webp to png" converts a file, it replaces no text
		}
		s.old, s.new = toks[j].raw, toks[j+2].raw
		end := j + 3
		if v, ok := charNamed(toks[j]); ok {
			s.old = v // "replace tabs with spaces": the characters, not the words
		}
		if v, ok := charNamed(toks[j+2]); ok {
			s.new = v
		} else if n := atoiOr(toks[j+2].lower, 0); n > 0 && n <= 16 && j+3 < len(toks) {
			if v, ok := charNamed(toks[j+3]); ok {
				s.new, end = strings.Repeat(v, n), j+4 // "with 4 spaces"
			}
		}
		markUsed(toks, i, end)
		if j > i+1 && e.cat.has("wordcue", toks[j-1].lower) {
			toks[j].value = true // "replace the word cat with dog" asks for no cat
		}
		return
	}
}

// replacedNouns name what a replaced text is in a file: "every http:// link", "the old-host URLs".
var replacedNouns = setOf("link links url urls address addresses reference references mention mentions string strings")

// replaceAcross finds, for the text to replace at j, the joining word ("with", "to") after a noun that
// names it and the file it is in: "foo in config.txt with bar", "http:// link in links.txt to
// https://". It reports the joining word's index, and false when the words between are not those.
func (e *Engine) replaceAcross(toks []token, j int) (int, bool) {
	k := j + 1
	if k < len(toks) && replacedNouns[toks[k].lower] {
		k++
	}
	if k+1 >= len(toks) || toks[k].lower != "in" && toks[k].lower != "inside" || !isFileName(toks[k+1].raw) && !isPathLike(toks[k+1].raw) {
		return 0, false
	}
	k += 2
	if k+1 >= len(toks) || toks[k+1].quoted && toks[k+1].raw == "" || !e.cat.has("replacejoin", toks[k].lower) {
		return 0, false
	}
	return k, true
}

// charNames are the characters a request names by word when it replaces one with another.
var charNames = map[string]string{
	"tab": "\t", "space": " ", "newline": "\n", "comma": ",", "semicolon": ";", "colon": ":", "dash": "-",
	"hyphen": "-", "underscore": "_", "dot": ".", "period": ".", "pipe": "|", "backslash": `\`,
}

// charNamed is the character a word names ("tabs", "a comma"); false for any other word or a quoted one.
func charNamed(t token) (string, bool) {
	if t.quoted {
		return "", false
	}
	w := strings.TrimSuffix(t.lower, "s")
	if strings.HasSuffix(t.lower, "shes") || strings.HasSuffix(t.lower, "ches") {
		w = strings.TrimSuffix(t.lower, "es") // dashes, backslashes
	}
	v, ok := charNames[w]
	return v, ok
}

// extractDepth reads "not in subdirectories" (-maxdepth 1), "at most 2 levels deep" and "depth 3".
func (e *Engine) extractDepth(toks []token, s *slots) {
	for i := range toks {
		if toks[i].used || toks[i].quoted {
			continue
		}
		if v, n := e.cat.lookup("depth", toks, i); n > 0 {
			if i+n+1 < len(toks) && toks[i+n].lower == "into" && (toks[i+n+1].lower == "other" || toks[i+n+1].lower == "another") {
				continue // "without descending into other file systems" stays on one filesystem (-xdev)
			}
			markUsed(toks, i, i+n)
			s.maxDepth = atoiOr(v, 1)
			continue
		}
		// "do not delete those in the sub folders": a negation shortly before subdirectories.
		if v, n := e.cat.lookup("subdirs", toks, i); n > 0 && negatedBefore(e, toks, i) {
			markUsed(toks, i, i+n)
			s.maxDepth = atoiOr(v, 1)
			continue
		}
		num, ok := e.numberAt(toks, i)
		if !ok || !isInt(num) {
			continue
		}
		nx := nextWord(toks, i)
		pv := prevWord(toks, i)
		switch {
		case stem(nx) == "level" || nx == "deep" || nx == "levels":
			end := i + 2
			for end < len(toks) && (toks[end].lower == "deep" || toks[end].lower == "down" || toks[end].lower == "below" || toks[end].lower == "deeper") {
				end++
			}
			if pv == "least" || pv == "atleast" || pv == "minimum" || pv == "min" {
				s.minDepth = atoiOr(num, 1)
			} else {
				s.maxDepth = atoiOr(num, 1)
			}
			markUsed(toks, i, end)
		case pv == "depth" || pv == "maxdepth":
			s.maxDepth = atoiOr(num, 1)
			markUsed(toks, i-1, i+1)
		case pv == "mindepth":
			s.minDepth = atoiOr(num, 1)
			markUsed(toks, i-1, i+1)
		}
	}
}

func atoiOr(w string, def int) int {
	n := 0
	for _, r := range w {
		if r < '0' || r > '9' {
			return def
		}
		n = n*10 + int(r-'0')
		if n > 1<<20 {
			return def
		}
	}
	if w == "" {
		return def
	}
	return n
}

// ownershipWords say a request gives files an owner; ownerName is an account's or group's name.
var (
	ownershipWords = setOf("chown owner owners ownership own owned owns")
	ownerName      = regexp.MustCompile(`^[a-z_][a-z0-9_-]*$`)
)

// bothOwners reports whether a request gives a file's user and group the one name: "both user and
// group", "user and group".
func bothOwners(toks []token) bool {
	for i := 0; i+2 < len(toks); i++ {
		if toks[i].lower == "user" && toks[i+1].lower == "and" && toks[i+2].lower == "group" {
			return true
		}
	}
	return false
}

// possessives are the words before "user" or "group" that make it someone's own, not a name's cue.
var possessives = setOf("my your our his her their")

// extractAuthor reads whose commits a request names with a possessive: "alice's commits from the last
// two weeks", "bob's changes".
func (e *Engine) extractAuthor(toks []token, s *slots) {
	for i := 0; i+1 < len(toks); i++ {
		name, ok := cutPossessive(toks[i].raw)
		if !ok || toks[i].quoted || toks[i].used || !isIdentifier(name) || e.cat.has("stop", strings.ToLower(name)) || notPossessors[strings.ToLower(name)] {
			continue
		}
		if next := toks[i+1].stem; next == "commit" || next == "chang" || next == "push" {
			s.author = name
			toks[i].used = true
			return
		}
	}
}

// notPossessors are words that end in "'s" without owning anything: "what's", "it's", "let's".
var notPossessors = setOf("it what that there here let who where he she today yesterday everyone everybody someone somebody")

// extractPeople reads "owned by alice", "user bob", "belonging to group staff".
func (e *Engine) extractPeople(toks []token, s *slots) {
	ownership := slices.ContainsFunc(toks, func(t token) bool { return ownershipWords[t.lower] })
	for i, t := range toks {
		// "change ownership of /var/www/site to deploy:www-data": the owner and group as chown writes them.
		if u, g, ok := strings.Cut(t.raw, ":"); ok && (ownership || prevWord(toks, i) == "to" && u == strings.ToLower(u)) && s.user == "" && !t.used && ownerName.MatchString(u) && ownerName.MatchString(g) {
			s.user = t.raw
			toks[i].used = true
		}
	}
	if chown := slices.IndexFunc(toks, func(t token) bool { return t.lower == "chown" && !t.quoted }); chown >= 0 && s.user == "" {
		// "chown everything in /var/www/html to www-data, both user and group"
		for i := chown + 1; i+1 < len(toks); i++ {
			w := toks[i+1]
			if toks[i].lower != "to" || w.used || w.quoted || !ownerName.MatchString(w.raw) || e.cat.has("stop", w.lower) || e.cat.has("notperson", w.lower) {
				continue
			}
			s.user = w.raw
			if bothOwners(toks) {
				s.user += ":" + w.raw
			}
			markUsed(toks, i, i+2)
			break
		}
	}
	for i := 0; i+1 < len(toks); i++ {
		if toks[i].quoted || toks[i].used {
			continue
		}
		if e.ownerOfTo(toks, i, s) || e.madeOwner(toks, i, s) || e.loginAs(toks, i, s) || e.theNamedUser(toks, i, s) {
			continue
		}
		cue := e.cat.vocab["personcue"][toks[i].lower]
		appositive := toks[i].comma && !toks[i].asks && i+1 < len(toks) && toks[i+1].raw == toks[i+1].lower // "lock her account, jdoe, so ..."
		if cue == "" || possessives[prevWord(toks, i)] && (i+1 >= len(toks) || toks[i+1].lower != "is") && !appositive {
			continue // "let my user run docker": the person's own account, not one named "run"; "my user is ops" names it
		}
		if toks[i].comma && !appositive {
			continue // "in the sudo group? The security review ...": the next sentence names no one
		}
		j := i + 1
		kind := cue
		if toks[i].lower == "account" && !appositive && j < len(toks) && (toks[j].lower == "is" || toks[j].lower == "to" || toks[j].lower == "the" || toks[j].lower == "by") {
			continue // "priya's account is set up": no name follows
		}
		for j < len(toks) && !toks[j].quoted && (toks[j].lower == "the" || toks[j].lower == "user" || toks[j].lower == "group" || toks[j].lower == "name" || toks[j].lower == "by" || toks[j].lower == "to" || toks[j].lower == "is") {
			if toks[j].lower == "group" {
				kind = "group"
			}
			j++
		}
		if j < len(toks) && kind == "user" && s.user == "" && (toks[j].lower == "me" || toks[j].lower == "myself") {
			s.user = "$USER" // "owned by me"
			markUsed(toks, i, j+1)
			continue
		}
		if j >= len(toks) || toks[j].used || !isIdentifier(toks[j].raw) || !toks[j].quoted && (e.cat.has("stop", toks[j].lower) || e.cat.has("permwhat", toks[j].lower) || e.cat.has("notperson", toks[j].lower)) {
			continue
		}
		if kind == "group" && s.group == "" {
			s.group = toks[j].raw
		} else if kind == "user" && s.user == "" {
			s.user = toks[j].raw
		} else {
			continue
		}
		markUsed(toks, i, j+1)
	}
}

// notAccountNames are the words between "the" and "user" that say which user without naming one: "the
// current user", "the new user".
var notAccountNames = setOf("user group account current new old same other default right wrong logged system regular normal main local remote last first whole specific given non-root unprivileged privileged real actual original only single end active admin's web database db app application service")

// theNamedUser reads "the crontab of the www-data user" and "files of the deploy account": the name
// before "user" or "account".
func (e *Engine) theNamedUser(toks []token, i int, s *slots) bool {
	if s.user != "" || toks[i].lower != "the" || i+2 >= len(toks) || toks[i+2].lower != "user" && toks[i+2].lower != "account" {
		return false
	}
	w := toks[i+1]
	if n := i + 3; n < len(toks) && !toks[n].quoted && isIdentifier(toks[n].raw) && toks[n].raw == toks[n].lower && !e.cat.has("stop", toks[n].lower) && !e.cat.has("notperson", toks[n].lower) && e.cat.index[toks[n].stem] == nil {
		return false // "the contractor account jsmith": the name comes after
	}
	if w.quoted || w.used || !isIdentifier(w.raw) || w.raw != w.lower || notAccountNames[w.lower] ||
		e.cat.has("stop", w.lower) || e.cat.has("notperson", w.lower) || e.cat.has("permwhat", w.lower) || possessives[w.lower] {
		return false
	}
	s.user = w.raw
	markUsed(toks, i, i+3)
	return true
}

// loginAs reads the account of "i log in as ops", "connect as deploy" and "alice's home dir on web1",
// which a copy or a remote command uses as user@host.
func (e *Engine) loginAs(toks []token, i int, s *slots) bool {
	if s.user != "" || i == 0 || i+1 >= len(toks) {
		return false
	}
	if base, ok := strings.CutSuffix(toks[i].lower, "'s"); ok && isIdentifier(base) && !toks[i].quoted &&
		!e.cat.has("stop", base) && !e.cat.has("notperson", base) && !possessives[base] &&
		(toks[i+1].lower == "home" && onHost(toks, i+2) || toks[i+1].lower == "crontab" || toks[i+1].lower == "cron") {
		// "to alice's home dir on backup": her account there; "root's crontab": root's jobs.
		s.user = toks[i].raw[:len(base)]
		toks[i].used = true
		return true
	}
	if toks[i].lower == "of" && i >= 2 && (toks[i-1].lower == "dir" || toks[i-1].lower == "directory" || toks[i-1].lower == "folder") && toks[i-2].lower == "home" {
		// "the home dir of user deploy on 203.0.113.10"
		j := i + 1
		if toks[j].lower == "user" && j+1 < len(toks) {
			j++
		}
		if w := toks[j]; !w.quoted && isIdentifier(w.raw) && !e.cat.has("stop", w.lower) && onHost(toks, j+1) {
			s.user = w.raw
			markUsed(toks, i, j+1)
			return true
		}
		return false
	}
	if toks[i].lower != "as" {
		return false
	}
	from := i - 1
	switch p := toks[i-1].lower; {
	case p == "login" || p == "connect" || p == "connecting":
	case p == "in" && i >= 2 && (toks[i-2].lower == "log" || toks[i-2].lower == "logged" || toks[i-2].lower == "logging"):
		from = i - 2
	default:
		return false
	}
	at := i + 1
	if toks[at].lower == "user" && at+1 < len(toks) {
		at++ // "login as user root"
	}
	who := toks[at]
	if who.quoted || who.used || !isIdentifier(who.raw) || e.cat.has("stop", who.lower) || e.cat.has("notperson", who.lower) || strings.ContainsAny(who.raw, "${}.") {
		return false
	}
	s.user = who.raw
	markUsed(toks, from, at+1)
	return true
}

// ownerOfTo reads "change (the) owner of www to www-data" and "change the group (ownership) of logs to
// staff": the owner or group comes after "to", and a bare name between "of" and "to" is what changes
// hands (path-like ones are left to extractPaths).
func (e *Engine) ownerOfTo(toks []token, i int, s *slots) bool {
	into := &s.user
	of := i + 1
	switch {
	case strings.HasPrefix(toks[i].lower, "owner"):
	case toks[i].lower == "group":
		into = &s.group
		if of < len(toks) && toks[of].lower == "ownership" {
			of++
		}
	default:
		return false
	}
	if *into != "" || of >= len(toks) || toks[of].lower != "of" {
		return false
	}
	for k := of + 1; k < len(toks) && k <= of+8; k++ {
		if toks[k].quoted || toks[k].lower != "to" {
			continue
		}
		who := k + 1
		if who+1 < len(toks) && !toks[who].quoted && (toks[who].lower == "group" || toks[who].lower == "user") {
			who++ // "to group 'nogroup'"
		}
		if who >= len(toks) || !isIdentifier(toks[who].raw) || e.cat.has("stop", toks[who].lower) || e.cat.has("notperson", toks[who].lower) {
			return false
		}
		for j := of + 1; j < k && k-of <= 4; j++ { // a few bare words: "of logs to", "of the www dir to"
			if t := &toks[j]; !t.used && !t.quoted && isIdentifier(t.raw) && !isFileName(t.raw) && !e.cat.has("stop", t.lower) &&
				!e.cat.has("notdir", t.lower) && !isSingularDir(t.lower) && !strings.ContainsAny(t.raw, "${}") {
				s.paths = append(s.paths, t.raw)
				t.used = true
			}
		}
		*into = toks[who].raw
		markUsed(toks, i, of+1)
		markUsed(toks, k, who+1)
		return true
	}
	return false
}

// madeOwner reads "give bob ownership of /srv/app" and "make bob the owner of it": the name between
// the verb and the ownership is the new owner.
func (e *Engine) madeOwner(toks []token, i int, s *slots) bool {
	if s.user != "" || toks[i].lower != "give" && toks[i].lower != "make" || i+2 >= len(toks) {
		return false
	}
	who := &toks[i+1]
	k := i + 2
	if toks[k].lower == "the" && k+1 < len(toks) {
		k++
	}
	if !strings.HasPrefix(toks[k].lower, "owner") || who.used || who.quoted || !isIdentifier(who.raw) ||
		e.cat.has("stop", who.lower) || e.cat.has("notperson", who.lower) {
		return false
	}
	s.user = who.raw
	who.used = true
	return true
}

func isIdentifier(w string) bool {
	if w == "" || len(w) > 32 {
		return false
	}
	for i, r := range w {
		ok := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r == '_' || r == '$' || r == '{' || r == '}' ||
			i > 0 && (r >= '0' && r <= '9' || r == '-' || r == '.') || r >= '0' && r <= '9'
		if !ok {
			return false
		}
	}
	return true
}

// laterModeTo returns the index of an octal mode after "to" that follows the one at i, or 0.
func laterModeTo(toks []token, i int) int {
	for j := i + 2; j < len(toks); j++ {
		if !toks[j].quoted && isOctalMode(toks[j].lower) && toks[j-1].lower == "to" {
			return j
		}
	}
	return 0
}

// linesWith reports whether the "with" at toks[i] says what lines hold ("lines with 404 in access.log"),
// where a number is text to look for, never a mode.
func linesWith(toks []token, i int) bool {
	return i >= 1 && linesWords[toks[i-1].lower]
}

var linesWords = setOf("line lines entry entries request requests")

// extractPerm reads octal modes next to "permission", "mode", "chmod" and symbolic cues like "executable".
func (e *Engine) extractPerm(toks []token, s *slots) {
	for i, t := range toks {
		if t.used || t.quoted || !isOctalMode(t.lower) || s.perm != "" && !permHaving(toks, i) {
			continue
		}
		near := prevWord(toks, i) + " " + nextWord(toks, i)
		if i >= 2 {
			near += " " + toks[i-2].lower
		}
		// "to" and "with" say a mode only before it ("set it to 755", "files with 644"): "from 2000 to
		// 65000" is a range.
		prev := prevWord(toks, i)
		if prev == "to" && i >= 2 && isInt(toks[i-2].lower) && slices.ContainsFunc(toks, func(t token) bool { return t.lower == "lines" || t.lower == "line" }) {
			continue // "lines 100 to 120": a range, whatever its digits
		}
		if permHaving(toks, i) && permNamed(toks, i) {
			// "files that have 777 permission", "whose permissions are 644": what to find, not a mode
			// to set; a mode after it ("... and set them to 755") still may be.
			test, say := "-perm "+t.raw, "with permissions "+t.raw
			if permLacking(toks, i) {
				test, say = "! "+test, "without permissions "+t.raw
			}
			s.findPreds = append(s.findPreds, findPred{value: test, say: say})
			s.permHave = true
			toks[i].used = true
			markPermWords(toks, i)
			continue
		}
		if strings.Contains(near, "perm") || strings.Contains(near, "mode") || strings.Contains(near, "chmod") || prev == "to" || prev == "with" && !linesWith(toks, i-1) {
			if j := laterModeTo(toks, i); j > 0 {
				// "files with permission 400 ... change them to 755": the first is what to find, the
				// mode after "to" what to set; "from 644 to 755" only says what it was.
				if prev != "from" {
					s.findPreds = append(s.findPreds, findPred{value: "-perm " + t.raw, say: "with permissions " + t.raw})
				}
				toks[i].used = true
				i, t = j, toks[j]
			}
			s.perm = t.raw
			toks[i].used = true
			if prev == "to" && i >= 3 && isOctalMode(toks[i-2].lower) && toks[i-3].lower == "from" {
				toks[i-2].used = true // "from 644 to 755": what it was
			}
			for _, j := range []int{i - 2, i - 1, i + 1} {
				// "with permissions 777", "mode 644": the word that says what the number is.
				if j >= 0 && j < len(toks) && (strings.HasPrefix(toks[j].lower, "perm") || toks[j].lower == "mode") {
					toks[j].used = true
				}
			}
			// Keep looking only for a test: "change to 755 the files that have 777 permission".
		}
	}
}

// extractSymbolicPerm reads "give group and others read permission" as go+r and "remove write
// permission for others" as o-w, for chmod.
func (e *Engine) extractSymbolicPerm(toks []token, s *slots) {
	if s.perm != "" {
		return
	}
	op, who, what := "", "", ""
	opWord := ""
	firstWhat := -1
	var used []int
	for i, t := range toks {
		if t.used || t.quoted && e.cat.vocab["permwho"][t.lower] == "" {
			continue
		}
		if v, ok := e.cat.vocab["permop"][t.stem]; ok && op == "" && !t.quoted {
			op, opWord = v, t.lower
			used = append(used, i)
		}
		if v, ok := e.cat.vocab["permwho"][t.lower]; ok && !strings.Contains(who, v) && (!t.quoted || op != "") {
			who += v // "strip write permission for 'other'" names whom even in quotes
			used = append(used, i)
		}
		if v, ok := e.cat.vocab["permwhat"][t.lower]; ok && !strings.Contains(what, v) && !t.quoted {
			what += v
			used = append(used, i)
			if firstWhat < 0 {
				firstWhat = i
			}
		}
		if t.lower == "all" && i+1 < len(toks) && strings.HasPrefix(toks[i+1].lower, "permission") && what == "" {
			what, firstWhat = "rwx", i // "files which have all permissions"
			used = append(used, i)
		}
	}
	if what == "" {
		return
	}
	by := op == "" && permBy(toks, firstWhat)
	if by && (e.findPredAt(toks, firstWhat) || firstWhat > 0 && e.findPredAt(toks, firstWhat-1)) {
		return // "writable by everyone", "not readable by all": the find tests the vocabulary names
	}
	if (op == "" || opWord == "set") && (permHaving(toks, firstWhat) || by) {
		// "files that have execute permission set for all", "directories with write permission for
		// others": a test for find (-perm -111, -perm -o+w), not a mode to give them.
		who, any := permHolders(e, toks, firstWhat)
		if who == "" && firstWhat > 0 && toks[firstWhat-1].lower == "all" {
			who = "ugo" // "that have all executable bits set"
		}
		test := "-perm " + findPermMode(who, what, any)
		if mine, ok := ownPermTests[what]; ok && who == "" {
			test = mine // "files which have read permission", for whom no one says: the one who asks
		}
		said := permSaid(who, what)
		say := "with " + said
		if permLacking(toks, firstWhat) {
			test, say = "! "+test, "without "+said
		}
		s.findPreds = append(s.findPreds, findPred{value: test, say: say})
		s.permHave = true
		for _, i := range used {
			if i >= firstWhat {
				toks[i].used = true
			}
		}
		markPermWords(toks, firstWhat)
		return
	}
	if op == "" {
		return
	}
	if len(who) > 1 {
		who = strings.ReplaceAll(who, "a", "") // "for 'other' for all files": all said of the files
	}
	if who == "a" {
		who = ""
	}
	s.perm = who + op + what
	for _, i := range used {
		toks[i].used = true
	}
}

// permHaving reports whether the permission words at i describe what files have ("files that have
// execute permission", "directories with the write permission", "whose permissions are 644",
// "files which have all permissions"): only articles, permission kinds and "and"/"or" stand between
// the cue and them.
func permHaving(toks []token, i int) bool {
	for j := i - 1; j >= 0 && j >= i-5; j-- {
		if toks[j].quoted {
			return false
		}
		switch toks[j].lower {
		case "have", "has", "having", "whose":
			// "change every directory to have permissions 775" says what they should have.
			return j == 0 || toks[j-1].lower != "to"
		case "with":
			// "create notes.txt with permission 600" gives it the mode.
			return !slices.ContainsFunc(toks, func(t token) bool {
				switch t.lower {
				case "create", "make", "new", "touch", "install", "copy", "mkdir":
					return true
				}
				return false
			})
		case "the", "a", "an", "all", "full", "and", "or", "read", "write", "execute", "exec", "permission", "permissions", "are", "is", "set", "to", "of":
			continue
		}
		return false
	}
	return false
}

// findPredAt reports whether a find test of the vocabulary longer than one word starts at toks[i]
// ("writable by everyone", "not readable by all").
func (e *Engine) findPredAt(toks []token, i int) bool {
	_, n := e.cat.lookup("findpred", toks, i)
	return n > 1
}

// permSaid says a permission test in words: "write permission for others", "read and write permission
// for the owner and group".
func permSaid(who, what string) string {
	kinds := map[rune]string{'r': "read", 'w': "write", 'x': "execute"}
	holders := map[rune]string{'u': "the owner", 'g': "the group", 'o': "others"}
	var k, h []string
	for _, w := range what {
		k = append(k, kinds[w])
	}
	if who != "" && who != "ugo" {
		for _, w := range who {
			h = append(h, holders[w])
		}
	}
	out := k[len(k)-1] + " permission"
	if len(k) > 1 {
		out = strings.Join(k[:len(k)-1], ", ") + " and " + out
	}
	switch {
	case who == "ugo":
		out += " for everyone"
	case len(h) > 0:
		out += " for " + strings.Join(h, " and ")
	}
	return out
}

// permBy reports whether an adjective of permission is said of the files with whom it is for:
// "files writable by group or others", "readable by everyone".
func permBy(toks []token, i int) bool {
	switch toks[i].lower {
	case "readable", "writable", "writeable", "executable":
		// "needs to be writable by the group", "make it readable by everyone" ask for the mode.
		return i+1 < len(toks) && toks[i+1].lower == "by" && (i == 0 || !targetState[toks[i-1].lower])
	}
	return false
}

// targetState are the words before an adjective that say what something should become.
var targetState = setOf("be become make made get getting stay remain it them everything")

// permNamed reports whether a permission word stands next to the mode at i ("777 permission", "whose
// permissions are 644"): "files that do not have 2015 in their names" names no mode.
func permNamed(toks []token, i int) bool {
	for j := max(i-3, 0); j < len(toks) && j <= i+1; j++ {
		if l := toks[j].lower; strings.HasPrefix(l, "permission") || l == "mode" || l == "bits" || l == "bit" {
			return true
		}
	}
	return false
}

// permLacking reports whether the permission test at i is negated: "files that do not have read
// permission", "directories without the execute permission".
func permLacking(toks []token, i int) bool {
	if i > 0 {
		switch toks[i-1].lower {
		case "not", "isn't", "aren't", "isnt", "arent", "never":
			toks[i-1].used = true // "files not readable by everyone"
			return true
		}
	}
	for j := i - 1; j >= 0 && j >= i-6; j-- {
		switch toks[j].lower {
		case "without", "lacking", "lack", "missing":
			return true
		case "have", "has", "having":
			if j > 0 {
				switch toks[j-1].lower {
				case "not", "don't", "dont", "doesn't", "doesnt", "never", "no":
					return true
				}
			}
			return false
		}
	}
	return false
}

// permHolders reads whom a permission test is about from the words after it: "set for user, group
// and others" is ugo, "to all the users" and "for everybody" all three, "to the other users" o. None
// named is "" (any of them).
func permHolders(e *Engine, toks []token, i int) (who string, any bool) {
scan:
	for j := i + 1; j < len(toks) && j <= i+12; j++ {
		l := toks[j].lower
		switch {
		case l == "all" || l == "everyone" || l == "everybody":
			if l != "all" || j+1 < len(toks) && (toks[j+1].lower == "users" || toks[j+1].lower == "the" || toks[j+1].lower == "user") || j+1 == len(toks) {
				return "ugo", false
			}
		case l == "users":
			continue
		case e.cat.vocab["permwho"][l] != "":
			if v := e.cat.vocab["permwho"][l]; !strings.Contains(who, v) {
				who += v
			}
			continue
		case l == "or" && who != "":
			any = true // "by group or others": either will do
			continue
		}
		switch l {
		case "read", "write", "execute", "exec", "execution", "permission", "permissions", "access", "bit", "bits", "set", "for", "to", "of", "by",
			"the", "their", "its", "and", "or", "enabled", "all":
			continue
		}
		break scan
	}
	if strings.Contains(who, "a") {
		return "ugo", false
	}
	return who, any
}

// markPermWords marks the words around a permission test as understood: "permission(s)", "bit",
// "set", "for", "to" and whom it is for ("all the users", "everybody", "user, group and others").
func markPermWords(toks []token, i int) {
	for j := max(i-5, 0); j < len(toks) && j <= i+8; j++ {
		switch toks[j].lower {
		case "permission", "permissions", "bit", "bits", "set", "for", "to", "all", "the", "users", "user", "group", "groups",
			"other", "others", "everybody", "everyone", "world", "and", "have", "has", "having", "with", "whose", "are", "is", "full":
			if !toks[j].quoted {
				toks[j].used = true
			}
		}
	}
}

// findPermMode renders find's -perm mode for permission kinds what (r, w, x) held by who (u, g, o; any
// of the three when empty): "-111" has all the bits, "/111" any of them (anyOf: "by group or others");
// for some of the three, the symbolic form says whose bits they are ("-o+w", "/g+w,o+w").
func findPermMode(who, what string, anyOf bool) string {
	prefix := "-"
	if who == "" {
		who, anyOf = "ugo", true
	}
	if anyOf {
		prefix = "/"
	}
	if who != "ugo" {
		var parts []string
		for _, w := range who {
			parts = append(parts, string(w)+"+"+what)
		}
		return prefix + strings.Join(parts, ",")
	}
	bits := 0
	for _, w := range what {
		bits |= permBits[w]
	}
	return prefix + strings.Repeat(strconv.Itoa(bits), 3)
}

var (
	// permBits are the octal bits of each kind of permission.
	permBits = map[rune]int{'r': 4, 'w': 2, 'x': 1}
	// ownPermTests are find's tests of a permission for the one who runs it.
	ownPermTests = map[string]string{"r": "-readable", "w": "-writable", "x": "-executable"}
)

func isOctalMode(w string) bool {
	if len(w) != 3 && len(w) != 4 {
		return false
	}
	for _, r := range w {
		if r < '0' || r > '7' {
			return false
		}
	}
	return true
}

// mappedWords lead from one port to the other: "port 8080 mapped to 80".
var mappedWords = setOf("mapped map maps forwarded forward forwards pointing points published")

// mentionsPort reports whether the request speaks of a port anywhere.
func mentionsPort(toks []token) bool {
	return slices.ContainsFunc(toks, func(t token) bool { return !t.quoted && (t.lower == "port" || t.lower == "ports") })
}

// extractPortsPIDs reads "port 8080", ":8080", "pid 1234", "process 1234".
func (e *Engine) extractPortsPIDs(toks []token, s *slots) {
	for i, t := range toks {
		if t.used || t.quoted {
			continue
		}
		if h, p, ok := strings.Cut(t.lower, ":"); ok && isInt(p) && (h == "" || h == "localhost" || h == "127.0.0.1" || h == "0.0.0.0") {
			if h == "" {
				s.ports = append(s.ports, p) // ":8080"
			} else {
				s.ports = slices.Insert(s.ports, 0, p) // "localhost:8080" is this side of any mapping
			}
			toks[i].used = true
			continue
		}
		if !isInt(t.lower) {
			continue
		}
		switch pv := prevWord(toks, i); {
		case pv == "port" || pv == "ports":
			s.ports = append(s.ports, t.raw)
			toks[i].used = true
		case (pv == "local" || pv == "remote" || pv == "its" && len(s.ports) == 1) && len(t.lower) >= 2 && len(t.lower) <= 5 &&
			slices.ContainsFunc(toks, func(t token) bool {
				return t.lower == "forward" || t.lower == "tunnel" || t.lower == "port" || t.lower == "ports"
			}):
			// "forward my local 5433 to its 5432": the two ends of a tunnel.
			s.ports = append(s.ports, t.raw)
			toks[i].used = true
		case pv == "to" && len(s.ports) == 1 && i >= 2 && (toks[i-2].raw == s.ports[0] || mappedWords[toks[i-2].lower]):
			// "port 8080 to 80", "port 8080 mapped to 80": the port it leads to.
			s.ports = append(s.ports, t.raw)
			toks[i].used = true
		case (pv == "on" || pv == "at") && len(t.lower) >= 4 && len(t.lower) <= 5 && mentionsPort(toks):
			// "a dev server on 5173 ..., what pid is using that port": a port said without the word.
			s.ports = append(s.ports, t.raw)
			toks[i].used = true
		case pv == "pid" || pv == "id" || pv == "process" || pv == "pids",
			(pv == "is" || pv == "=") && i >= 2 && (toks[i-2].lower == "pid" || toks[i-2].lower == "pid's"):
			// "process 4821", "its pid is 48213"
			s.pids = append(s.pids, t.raw)
			toks[i].used = true
		case pv == "on" && i >= 2 && (toks[i-2].lower == "running" || toks[i-2].lower == "listening" || toks[i-2].lower == "runs" ||
			toks[i-2].lower == "served" || toks[i-2].lower == "bound"):
			// "the process running on 5000", "what's listening on 8080": a port.
			s.ports = append(s.ports, t.raw)
			toks[i].used = true
		}
	}
}

// extractCount reads "top 5", "first 20", "10 largest", "last 3 lines".
func (e *Engine) extractCount(toks []token, s *slots) {
	for i := 0; i+1 < len(toks); i++ {
		// "the first line", "the last line": one, said without a number.
		if !toks[i].quoted && (toks[i].lower == "first" || toks[i].lower == "last") && toks[i+1].lower == "line" {
			s.count = 1
			return
		}
		// "the newest file", "the biggest folder": one, the superlative in the singular.
		if i > 0 && toks[i-1].lower == "the" && superlatives[toks[i].lower] && singularThings[toks[i+1].lower] {
			s.count = 1
			return
		}
	}
	for i := range toks {
		if toks[i].used || toks[i].quoted {
			continue
		}
		num, ok := e.numberAt(toks, i)
		if !ok || !isInt(num) || !isNumber(toks[i].lower) && toks[i].lower == "a" {
			continue
		}
		pv, nx := prevWord(toks, i), nextWord(toks, i)
		if nx == "line" && i+2 < len(toks) && (toks[i+2].lower == "per" || toks[i+2].lower == "each" || toks[i+2].lower == "for") {
			continue // "one line per commit" says how, not how many
		}
		if e.cat.has("countbefore", pv) || e.cat.has("countafter", stem(nx)) || e.cat.has("countafter", nx) {
			s.count = atoiOr(num, 10)
			toks[i].used = true
			return
		}
	}
}

func negatedBefore(e *Engine, toks []token, i int) bool {
	for j := i - 1; j >= 0 && j >= i-6; j-- {
		if toks[j].aside != toks[i].aside || toks[j].comma {
			return false // "(don't ask). Convert all the .png files": the aside negates nothing after it
		}
		if !toks[j].quoted && !toks[j].used && e.cat.has("negation", toks[j].lower) {
			return true
		}
	}
	return false
}

// errorMessages are parts of error messages people paste, and the feature each gives the intents that
// answer it: the words of a quoted message are no words of the request, but what it says is a fact.
var errorMessages = map[string]string{
	"unrelated histories":                 "#errunrelated",
	"cannot connect to the docker daemon": "#errdockerdaemon",
	"is the docker daemon running":        "#errdockerdaemon",
	"address already in use":              "#erraddrinuse",
	"has no upstream branch":              "#errnoupstream",
	"unable to locate package":            "#errnopkg",
	"are too open":                        "#errtooopen",
	"unprotected private key file":        "#errtooopen",
}

// knownErrors returns the features of the known error messages that quoted text in toks holds.
func knownErrors(toks []token) []string {
	var out []string
	for _, t := range toks {
		if !t.quoted {
			continue
		}
		msg := strings.ToLower(t.raw)
		for part, f := range errorMessages {
			if strings.Contains(msg, part) && !slices.Contains(out, f) {
				out = append(out, f)
			}
		}
	}
	slices.Sort(out)
	return out
}

// extractLinkCount reads a count of hard links: "files that have one link" (-links 1), "with more than
// one hard link" (-links +1), "fewer than 3 links" (-links -3).
func (e *Engine) extractLinkCount(toks []token, s *slots) {
	for i := 0; i+1 < len(toks); i++ {
		n, ok := e.numberAt(toks, i)
		if !ok || !isInt(n) || toks[i].used {
			continue
		}
		end := i + 1
		if toks[end].lower == "hard" && end+1 < len(toks) {
			end++
		}
		if w := toks[end].lower; w != "link" && w != "links" && w != "hardlink" && w != "hardlinks" {
			continue
		}
		from, sign, say := i, "", "with "+n+" links"
		if n == "1" {
			say = "with one link"
		}
		if i >= 2 && toks[i-1].lower == "than" {
			switch toks[i-2].lower {
			case "more", "over":
				from, sign, say = i-2, "+", "with more than "+n+" links"
			case "fewer", "less":
				from, sign, say = i-2, "-", "with fewer than "+n+" links"
			}
		}
		if from == i && !(i >= 1 && (toks[i-1].lower == "have" || toks[i-1].lower == "has" || toks[i-1].lower == "with" || toks[i-1].lower == "exactly")) {
			continue // "create two links": links to make, not a test
		}
		s.findPreds = append(s.findPreds, findPred{value: "-links " + sign + n, say: say})
		markUsed(toks, from, end+1)
		return
	}
}

// allBut reports whether toks[i] follows "except" or "excluding", or "but" after "all" or "every":
// "removes all files but '*txt' files", "everything in this folder except the txt files" keep what
// follows.
func allBut(toks []token, i int) bool {
	j := i - 1
	if j >= 1 && (toks[j].lower == "the" || toks[j].lower == "for" || toks[j].lower == "any") {
		j--
	}
	if j < 1 || toks[j].quoted {
		return false
	}
	if toks[j].lower == "except" || toks[j].lower == "excluding" {
		return true
	}
	if toks[j].lower != "but" {
		return false
	}
	return slices.ContainsFunc(toks[max(0, j-8):j], func(t token) bool {
		return !t.quoted && (t.lower == "all" || t.lower == "every" || t.lower == "everything" || t.lower == "each")
	})
}

// onHost reports whether a machine is named within a few words from toks[from]: "(home dir) on web1".
func onHost(toks []token, from int) bool {
	for k := from; k+1 < len(toks) && k < from+3; k++ {
		if (toks[k].lower == "on" || toks[k].lower == "at") && isIdentifier(toks[k+1].raw) {
			return true
		}
	}
	return false
}

// settingFlip reads a setting said twice with two values, the one there first and the one wanted after
// ("someone left DEBUG=true in app.env ... flip it to DEBUG=false"): a replacement of the first by the
// second.
func settingFlip(toks []token, s *slots) bool {
	for i, a := range toks {
		ka, _, ok := strings.Cut(a.raw, "=")
		if !ok || a.quoted || !envAssign.MatchString(a.raw) {
			continue
		}
		for j := i + 1; j < len(toks); j++ {
			b := toks[j]
			if kb, _, ok := strings.Cut(b.raw, "="); ok && !b.quoted && kb == ka && b.raw != a.raw && envAssign.MatchString(b.raw) {
				s.old, s.new = a.raw, b.raw
				toks[i].used, toks[j].used = true, true
				return true
			}
		}
	}
	return false
}

// ownershipMoves reads a request that hands files from one owner to another: "change the ownership to
// daisy for all directories owned by harry", "give every file owned by olduser in /home/shared to
// newuser", "chown everything belonging to bob under /srv to alice". The old owner selects files (find's
// -user) and the new one is s.user, what chown gives. Either name alone is left to extractPeople. It
// runs before the replace reader, which would take "ownership to daisy" for a text to change.
func (e *Engine) ownershipMoves(toks []token, s *slots) {
	person := func(j int) int { // the name at or after j ("user bob", "the user 'bob'"), or -1
		for j < len(toks) && !toks[j].quoted && (toks[j].lower == "the" || toks[j].lower == "user") {
			j++
		}
		if j >= len(toks) || toks[j].used || !isIdentifier(toks[j].raw) || strings.ContainsAny(toks[j].raw, "${}") ||
			!toks[j].quoted && (e.cat.has("stop", toks[j].lower) || e.cat.has("notperson", toks[j].lower) || pointingWords[toks[j].lower] ||
				toks[j].lower == "me" || toks[j].lower == "group") {
			return -1
		}
		return j
	}
	// restrictive reports whether the verb at i picks files out ("files owned by bob", "those that belong
	// to bob") rather than tells what is so ("it all belongs to root now", "they're owned by root").
	restrictive := func(i int, finite bool) bool {
		k := i - 1
		for k >= 0 && (toks[k].lower == "all" || toks[k].lower == "now") {
			k--
		}
		if k >= 0 && (beVerbs[toks[k].lower] || strings.HasSuffix(toks[k].lower, "'re")) {
			finite = true
			k--
		}
		return !finite || k >= 0 && (toks[k].lower == "that" || toks[k].lower == "which")
	}
	oldAt, oldFrom, newAt, newFrom := -1, -1, -1, -1
	mover := -1 // the last word that says ownership changes, before a "to NAME"
	for i := 0; i+1 < len(toks); i++ {
		w := toks[i].lower
		if toks[i].quoted {
			continue
		}
		switch {
		case w == "by" && i > 0 && toks[i-1].lower == "owned" && restrictive(i-1, false),
			w == "to" && i > 0 && (toks[i-1].lower == "belonging" || (toks[i-1].lower == "belong" || toks[i-1].lower == "belongs") && restrictive(i-1, true)):
			if j := person(i + 1); j >= 0 && oldAt < 0 {
				oldAt, oldFrom = j, i-1
			}
		case w == "is" && i > 1 && toks[i-1].lower == "owner" && toks[i-2].lower == "whose":
			if j := person(i + 1); j >= 0 && oldAt < 0 {
				oldAt, oldFrom = j, i-2
			}
		case ownershipMovers[w]:
			mover = i
		case w == "to" && mover >= 0 && i-mover <= 14 && newAt < 0:
			if j := person(i + 1); j >= 0 {
				newAt, newFrom = j, i
			}
		}
	}
	if oldAt < 0 || newAt < 0 || toks[oldAt].raw == toks[newAt].raw {
		return
	}
	old := toks[oldAt].raw
	s.findPreds = append(s.findPreds, findPred{value: "-user " + quote(old), say: "owned by " + old})
	s.user, s.ownerMove = toks[newAt].raw, true
	markUsed(toks, oldFrom, oldAt+1)
	markUsed(toks, newFrom, newAt+1)
}

// beVerbs make "owned by root" a statement: "they are owned by root".
var beVerbs = setOf("is are was were been be")

// ownershipMovers say that files change owner: "to NAME" after one of them is the new owner.
var ownershipMovers = setOf("owner ownership chown give hand transfer reassign")
