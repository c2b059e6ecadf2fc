package offline

import (
	"cmp"
	"path"
	"slices"
	"strconv"
	"strings"
)

// wordValue returns the value of a slot that is no place or file: counts, people, ports and hosts,
// numbers, names, texts and the words a command takes.
func (c *composer) wordValue(name string) (string, bool) {
	s := c.s
	switch name {
	case "globprefix":
		// "variables that start with AWS": the names' start, anchored.
		if len(s.globs) == 0 || !strings.HasSuffix(s.globs[0], "*") || strings.ContainsAny(strings.TrimSuffix(s.globs[0], "*"), "*?[") {
			return "", false
		}
		return singleQuote("^" + strings.TrimSuffix(s.globs[0], "*")), true
	case "count":
		if s.count > 0 {
			n := strconv.Itoa(s.count)
			for i := 0; i+1 < len(c.toks); i++ {
				if c.toks[i].lower == n && c.toks[i+1].lower == "times" {
					c.toks[i+1].used = true // "ping it 5 times": the count, said whole
				}
			}
			return n, true
		}
		return "", false
	case "homepath":
		// A path to write into a shell file, where ~ would not expand inside quotes: ~/x is $HOME/x.
		p, ok := first(s.paths)
		if !ok {
			return "", false
		}
		p = strings.Trim(p, "'\"")
		if rest, ok := strings.CutPrefix(p, "~/"); ok {
			p = "$HOME/" + rest
		}
		if strings.ContainsAny(p, "'\"`") {
			return "", false
		}
		return p, true
	case "jsonbody":
		// A JSON document said whole in the request ('with the json {"name":"test"}'), else {}.
		for _, t := range c.toks {
			if !t.quoted && len(t.raw) > 1 && (t.raw[0] == '{' && t.raw[len(t.raw)-1] == '}' || t.raw[0] == '[' && t.raw[len(t.raw)-1] == ']') &&
				!strings.Contains(t.raw, "'") {
				c.usedWords++
				return "'" + t.raw + "'", true
			}
		}
		return "'{}'", true
	case "pkgname":
		// A package to remove: the word right after the verb ("remove apache2 completely"), else a
		// leftover word.
		for i := 0; i+1 < len(c.toks); i++ {
			switch c.toks[i].lower {
			case "remove", "purge", "uninstall", "delete":
				if w := c.toks[i+1]; !w.quoted && isIdentifier(w.raw) && !c.e.cat.has("stop", w.lower) {
					c.usedWords++
					return w.raw, true
				}
			}
		}
		return c.value("word")
	case "script":
		// A program's file as it shows on its command line: "scraper.py", before a kind of file ("some
		// python script ... worker.py").
		for _, p := range s.paths {
			if strings.Contains(path.Base(p), ".") && p != "." && p != ".." {
				return quote(p), true
			}
		}
		if len(s.globs) > 0 {
			return quote(s.globs[0]), true
		}
		return first(s.paths)
	case "bytecount":
		// One amount of bytes as head -c and tail -c take it: "100 bytes" is 100, "2 kb" 2K.
		if len(s.sizes) != 1 {
			return "", false
		}
		a := strings.TrimLeft(s.sizes[0].arg, "+-")
		if n, ok := strings.CutSuffix(a, "c"); ok {
			return n, true
		}
		if n, ok := strings.CutSuffix(a, "k"); ok {
			return n + "K", true
		}
		return a, true
	case "maxdepth":
		if s.maxDepth > 0 {
			return strconv.Itoa(s.maxDepth), true
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
	case "portrange":
		// "ports 20 to 100": nc takes a range as 20-100.
		if len(s.ports) > 1 {
			return s.ports[0] + "-" + s.ports[1], true
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
		if len(s.urls) == 0 && len(s.hosts) > 0 && (strings.HasPrefix(c.tpl, "curl") || strings.HasPrefix(c.tpl, "wget")) &&
			strings.Contains(s.hosts[0], ".") && !strings.Contains(s.hosts[0], "@") && !isIPv4(s.hosts[0]) {
			return "https://" + s.hosts[0], true // "the headers api.example.com sends back": the site, over https
		}
		return first(s.urls)
	case "host":
		// "to /tmp on web1 as user ubuntu": the account logs in too.
		if len(s.hosts) > 0 && s.user != "" && !strings.Contains(s.hosts[0], "@") && !strings.HasPrefix(s.user, "$") {
			return s.user + "@" + s.hosts[0], true
		}
		return first(s.hosts)
	case "word":
		if len(s.patterns) > 0 {
			return quote(s.patterns[0]), true
		}
		if q := c.quotedText(); q != "" {
			return quote(q), true // "processes with a name matching "postgres""
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
	case "gitignored":
		// What .gitignore should list: the pattern said, else the file.
		if len(s.globs) > 0 {
			return singleQuote(s.globs[0]), true
		}
		for _, p := range s.paths {
			if p != "." && p != "./" {
				return singleQuote(p), true
			}
		}
		return "", false
	case "venvdir":
		// Where the environment goes: the name after "called" or "named" (".venv", "in this project"
		// being only where it is), a path, else the word after "in".
		for i := 0; i+1 < len(c.toks); i++ {
			if w := c.toks[i].lower; (w == "called" || w == "named") && (isIdentifier(c.toks[i+1].raw) || isDotName(c.toks[i+1].raw)) {
				c.usedWords++
				return quote(c.toks[i+1].raw), true
			}
		}
		if len(s.paths) > 0 {
			return quote(s.paths[0]), true
		}
		for i := 0; i+1 < len(c.toks); i++ {
			if w := c.toks[i].lower; (w == "in" || w == "into") && (isIdentifier(c.toks[i+1].raw) || isDotName(c.toks[i+1].raw)) {
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
				if n, ok := c.e.numberAt(c.toks, i-1); ok && isInt(n) {
					c.toks[i-1].used = true
					return n, true // "every 5 seconds", "every two seconds"
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
				if (t.quoted || i > 0 && (c.toks[i-1].lower == "of" || c.toks[i-1].lower == "for")) && x.IsProgram(t.lower) && t.lower != "command" {
					c.usedWords++
					return t.lower, true // the help of command "split", the manual for tree
				}
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
		// A program to run: a script the request names ("server.sh" runs as ./server.sh), the program
		// after "run" ("run make with CC=clang"), else a word.
		if len(s.paths) == 0 {
			if p := programRun(c.toks); p != "" {
				return p, true
			}
			return c.value("word")
		}
		p := s.paths[0]
		if run := interpreters[extOf(p)]; run != "" {
			return run + " " + quote(p), true // "run server.py": a script that need not be executable
		}
		if !strings.Contains(p, "/") && !strings.HasPrefix(p, "~") && !strings.HasPrefix(p, "$") {
			p = "./" + p
		}
		return quote(p), true
	case "service":
		if s.service != "" {
			if u := systemdUnits[strings.ToLower(s.service)]; u != "" && c.os == "linux" && !strings.HasPrefix(c.tpl, "docker") {
				return u, true // "postgres" runs as the unit postgresql
			}
			return quote(s.service), true
		}
		for i := 0; i+1 < len(c.toks); i++ {
			// "follow the journal for the api service": the name said just before "service".
			if w := c.toks[i]; (c.toks[i+1].lower == "service" || c.toks[i+1].lower == "unit") && slices.Contains(s.words, w.raw) {
				c.usedWords++
				return quote(w.raw), true
			}
		}
		for i := 1; i+1 < len(c.toks); i++ {
			// "the last 200 lines of the web-frontend logs": the name between "the" and "logs".
			if w := c.toks[i]; c.toks[i-1].lower == "the" && (c.toks[i+1].lower == "logs" || c.toks[i+1].lower == "log") && slices.Contains(s.words, w.raw) {
				c.usedWords++
				return quote(w.raw), true
			}
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
		}
		for i := 0; i+1 < len(c.toks); i++ {
			// "the local git branch feature/login": a name with a slash, after what it names, is that
			// name, whatever the scene before it left over ("The login feature got merged").
			if w := c.toks[i].lower; (w == "branch" || w == "tag" || w == "image") && slices.Contains(s.paths, c.toks[i+1].raw) {
				return quote(c.toks[i+1].raw), true
			}
			// "Firefox froze ... Force-kill every firefox process": the name as it goes with process.
			if w := c.toks[i+1].lower; (w == "process" || w == "processes") && slices.Contains(s.words, c.toks[i].raw) {
				c.usedWords++
				return quote(c.toks[i].raw), true
			}
		}
		switch {
		case len(s.words) > 1 && roleNouns[strings.ToLower(s.words[0])] && slices.ContainsFunc(c.toks, func(t token) bool { return t.raw == s.words[0] && t.comma }):
			c.usedWords += 2 // "a new intern, priya, ...": the person's name, not their role
			return quote(s.words[1]), true
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
		if q := c.quotedText(); q != "" {
			return singleQuote(q), true // "write "error" to standard output"
		}
		if len(s.words) > 0 {
			return singleQuote(strings.Join(s.words, " ")), true
		}
		return "", false
	}
	return c.textValue(name)
}

// roleNouns say who a person is before their name: "a new intern, priya".
var roleNouns = setOf("intern contractor hire colleague coworker teammate employee student developer dev admin")

// systemdUnits are the unit names of services people call by another name.
var systemdUnits = map[string]string{"postgres": "postgresql", "mongo": "mongod", "mongodb": "mongod"}

// serviceUnit is the systemd unit a service's name means, in lower case: "Postgres" is postgresql.
func serviceUnit(name string) string {
	name = strings.ToLower(name)
	return cmp.Or(systemdUnits[name], name)
}

// quotedText is the first quoted text of the request that names no file or path: what a request
// quotes is what it means literally.
func (c *composer) quotedText() string {
	for _, t := range c.toks {
		if t.quoted && t.raw != "" && !isPathLike(t.raw) && !isFileName(t.raw) {
			return t.raw
		}
	}
	return ""
}

// programRun is the program named right after "run" or "execute": "run make with CC=clang"; "" when
// none is.
func programRun(toks []token) string {
	for i := 0; i+1 < len(toks); i++ {
		if w := toks[i].lower; w != "run" && w != "execute" || toks[i+1].quoted {
			continue
		}
		if p := toks[i+1]; isProgramWord(p.lower) {
			toks[i+1].used = true
			return p.raw
		}
	}
	return ""
}

// isProgramWord reports whether w names a program: an everyday one or one a tldr page is about.
func isProgramWord(w string) bool {
	if everydayPrograms[w] {
		return true
	}
	x := tldrIndex()
	return x != nil && x.IsProgram(w)
}

// interpreters run scripts by their extension.
var interpreters = map[string]string{"py": "python3", "js": "node", "rb": "ruby", "pl": "perl"}
