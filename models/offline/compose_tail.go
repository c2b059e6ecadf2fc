package offline

import (
	"cmp"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// tailValue renders the tail slots; known is false for a name that is not one of them.
func (c *composer) tailValue(name string) (v string, ok, known bool) {
	t := c.s.tail
	one := func(v string) (string, bool, bool) { return v, v != "", true }
	switch name {
	case "numrange":
		return one(t.numRange)
	case "dmode":
		return one(t.dmode)
	case "fmode":
		return one(t.fmode)
	case "orpat":
		// "lines with ERROR or WARN": one extended regular expression of the alternatives.
		alts, span := orWords(c.e, c.toks)
		if len(alts) < 2 {
			return "", false, true
		}
		for i := span[0]; i <= span[1]; i++ {
			c.toks[i].used = true
		}
		for i, a := range alts {
			alts[i] = regexp.QuoteMeta(a)
		}
		return singleQuote(strings.Join(alts, "|")), true, true
	case "setting":
		// "some file under /etc sets PermitRootLogin": the name after the verb that says what a file holds.
		for i := 0; i+1 < len(c.toks); i++ {
			w := c.toks[i+1]
			if settingVerbs[c.toks[i].lower] && (w.quoted || isIdentifier(w.raw) && !c.e.cat.has("stop", w.lower) && !pointingWords[w.lower]) {
				c.toks[i+1].used = true
				return one(singleQuote(strings.Trim(w.raw, `"'`)))
			}
		}
		v, ok, _ := c.gitValue("pickaxe")
		return v, ok, true
	case "sincedt", "untildt":
		if len(t.moments) < 2 {
			return "", false, true
		}
		for i, tok := range c.toks {
			if isoDate(tok.lower) || clockRe.MatchString(tok.lower) {
				c.toks[i].used = true
			}
		}
		if name == "sincedt" {
			return one(`"` + t.moments[0] + `"`)
		}
		return one(`"` + t.moments[1] + `"`)
	case "copyof":
		// "vm-disk.qcow2 ... to the backup drive at /mnt/backup": the same name in the other folder.
		file, dir := "", ""
		for _, p := range c.s.paths {
			switch {
			case file == "" && isFileName(path.Base(p)):
				file = p
			case dir == "" && strings.HasPrefix(p, "/") && !isFileName(path.Base(p)):
				dir = p
			}
		}
		if file == "" || dir == "" {
			return "", false, true
		}
		return one(quote(strings.TrimSuffix(dir, "/") + "/" + path.Base(file)))
	case "redisdb", "redisdbsay":
		// "redis database 2", "db 2": -n N (the number alone for the explanation).
		for i := 0; i+1 < len(c.toks); i++ {
			if l := c.toks[i].lower; (l == "db" || l == "database") && isInt(c.toks[i+1].lower) {
				c.toks[i+1].used = true
				if name == "redisdbsay" {
					return one(c.toks[i+1].lower)
				}
				return one("-n " + c.toks[i+1].lower)
			}
		}
		return "", false, true
	case "dnsserver":
		// "ask Google's 8.8.8.8 directly": the resolver to query, an IP beside the name.
		for i, tok := range c.toks {
			if l := tok.lower; isIPv4(l) && !strings.Contains(l, ":") {
				c.toks[i].used = true
				return one("@" + l)
			}
		}
		return "", false, true
	case "dbfile":
		// The SQLite file: one named .db, .sqlite or .sqlite3, else the first file.
		for _, p := range c.s.paths {
			if x := extOf(p); x == "db" || x == "sqlite" || x == "sqlite3" {
				return one(quote(p))
			}
		}
		v, ok := c.value("file")
		return v, ok, true
	case "keeppat", "droppat":
		// "lines with ERROR but not the ones mentioning healthcheck": the text before the exception is
		// kept, the one after it dropped.
		keep, drop, ok := keepAndDrop(c.toks)
		if !ok {
			return "", false, true
		}
		if name == "keeppat" {
			return one(singleQuote(keep))
		}
		return one(singleQuote(drop))
	case "sqltable":
		// "the events table", "table events": the name beside the word.
		if v := c.nameBeside(tableNouns, false, nil); v != "" {
			return one(v)
		}
		return "", false, true
	case "sqlitewhat":
		// ".schema" when the request asks for the tables' definitions, else their names.
		if slices.ContainsFunc(c.toks, func(t token) bool { return t.lower == "schema" || t.lower == "columns" || t.lower == "definitions" }) {
			return one(".schema")
		}
		return one(".tables")
	case "fieldlist":
		// "fields 1 and 6", "columns 2, 3 and 5": cut's list; one field is the number the request gives.
		if l := fieldList(c.toks); l != "" {
			return one(l)
		}
		v, ok := c.value("num")
		return v, ok, true
	case "revrange":
		return one(t.revrange)
	case "sortkey":
		return one(t.sortkey)
	case "imagerepo":
		for i, tok := range c.toks {
			if tok.lower == t.imagerepo {
				c.toks[i].used = true
			}
		}
		return one(t.imagerepo)
	case "secretkey":
		return one(t.secretkey)
	case "secretname":
		if n := secretName(c.toks); n != "" {
			return one(quote(n))
		}
		v, ok := c.value("name")
		return v, ok, true
	case "rediskey":
		for i, tok := range c.toks {
			if tok.raw == t.rediskey {
				c.toks[i].used = true
			}
		}
		return one(t.rediskey)
	case "redishost", "redishostsay":
		// "Redis on cache-01": a host other than this one.
		for _, h := range c.s.hosts {
			if h != "localhost" && h != "127.0.0.1" {
				if name == "redishostsay" {
					return one(" on " + h)
				}
				return one("-h " + h)
			}
		}
		return "", false, true
	case "awksep":
		switch {
		case slices.ContainsFunc(c.s.paths, func(p string) bool { return extOf(p) == "csv" }) ||
			slices.ContainsFunc(c.toks, func(t token) bool { return t.lower == "comma" || t.lower == "comma-separated" }):
			return one("-F,")
		case slices.ContainsFunc(c.toks, func(t token) bool { return t.lower == "colon" || t.lower == "colon-separated" }):
			return one("-F:")
		case slices.ContainsFunc(c.toks, func(t token) bool { return t.lower == "tab" || t.lower == "tab-separated" || t.lower == "tsv" }) ||
			slices.ContainsFunc(c.s.paths, func(p string) bool { return extOf(p) == "tsv" }):
			return one(`-F'\t'`)
		}
		return "", false, true
	case "acluser":
		// "give priya read + execute", "for auditor1", "the user auditor1".
		if c.s.user != "" {
			return one(c.s.user)
		}
		for i := 0; i+1 < len(c.toks); i++ {
			w := c.toks[i+1]
			if l := c.toks[i].lower; (l == "give" || l == "for" || l == "user" || l == "let" || l == "allow") && !w.quoted && isIdentifier(w.raw) &&
				!c.e.cat.has("stop", w.lower) && !pointingWords[w.lower] && !possessives[w.lower] && w.lower != "read" && w.lower != "write" && w.lower != "access" {
				c.toks[i+1].used = true
				return one(w.raw)
			}
		}
		if len(c.toks) > 1 && isIdentifier(c.toks[0].raw) && !c.e.cat.has("stop", c.toks[0].lower) && !sceneSubjects[c.toks[0].lower] &&
			(c.toks[1].lower == "needs" || c.toks[1].lower == "wants" || c.toks[1].lower == "should" || c.toks[1].lower == "must") {
			c.toks[0].used = true
			return one(c.toks[0].raw) // "priya needs to read stuff in /data/reports ..."
		}
		return "", false, true
	case "aclperm":
		// Read on a folder needs x to enter it; write adds w.
		perm := ""
		for _, t := range c.toks {
			switch t.lower {
			case "read", "reading", "readable":
				perm += "r"
			case "write", "writing", "writable":
				perm += "w"
			}
		}
		x := "x"
		if _, ok := c.flags("flags.setfacl"); ok {
			x = "X" // recursively: enter every folder, run no file that was not runnable
		} else if len(c.s.dirs) == 0 && len(c.s.paths) > 0 && isFileName(baseName(c.s.paths[0])) {
			x = "" // a file: read and write are all there is to give
		}
		switch {
		case strings.Contains(perm, "w"):
			return one("rw" + x)
		case perm != "":
			return one("r" + x)
		}
		return "", false, true
	case "histword":
		// "search my bash history for every lvextend command": the program said, else the word looked for.
		if x := tldrIndex(); x != nil {
			for i, t := range c.toks {
				// A service's name is a program too: "every command I ran that had docker in it".
				if !t.quoted && (!t.used || strings.EqualFold(c.s.service, t.raw)) && t.raw == t.lower && x.IsProgram(t.lower) && !c.e.cat.has("stop", t.lower) && t.lower != "history" && t.lower != "bash" && t.lower != "command" {
					c.toks[i].used = true
					return one(t.raw)
				}
			}
		}
		if len(c.s.patterns) > 0 {
			return one(singleQuote(c.s.patterns[0]))
		}
		v, ok := c.value("word")
		return v, ok, true
	case "awkcond":
		return one(awkCondition(c.toks))
	case "rsabits":
		return one(c.keyLength())
	case "keyout", "csrout", "certfile":
		// "The files should be called server.key and server.crt.": the names given, by their kind; a
		// name said bare may have been read as one to find.
		ext := map[string]string{"keyout": ".key", "csrout": ".csr", "certfile": ".crt"}[name]
		for _, p := range append(slices.Clone(c.s.paths), c.s.globs...) {
			if strings.HasSuffix(strings.ToLower(p), ext) && !strings.ContainsAny(p, "*?[") {
				return one(quote(p))
			}
		}
		return "", false, true
	case "csrsubj":
		// "with CN=intranet.corp.example as the subject", else the host the certificate is for.
		for i, tok := range c.toks {
			if strings.HasPrefix(strings.ToUpper(tok.raw), "CN=") {
				c.toks[i].used = true
				return one(`"/` + tok.raw + `"`)
			}
		}
		if len(c.s.hosts) > 0 {
			return one(`"/CN=` + c.s.hosts[0] + `"`)
		}
		return "", false, true
	case "isotime":
		return one(singleQuote(t.isotime))
	case "logpat":
		// "only the ERROR lines", "lines with ERROR or FATAL": the level as said, alternatives as one
		// extended expression; else the word the request looks for.
		if v, ok, _ := c.tailValue("orpat"); ok {
			return "-E " + v, true, true
		}
		for i, t := range c.toks {
			if logLevels[t.lower] && !t.quoted {
				c.toks[i].used = true
				return t.raw, true, true
			}
		}
		v, ok := c.value("word")
		return v, ok, true
	case "nsname": // the namespace as said, for explanations
		return one(t.namespace)
	case "namespace":
		if t.namespace == "" {
			return "", false, true
		}
		c.usedWords++
		return one("-n " + quote(t.namespace))
	case "attime":
		return one(t.clock)
	case "sinceclock":
		return one(t.sinceClock)
	case "versionof":
		// "which version of requests", "the version of the firefox snap", "which version of
		// postgresql-16 apt would install": the name after "of".
		for i := 0; i+2 < len(c.toks); i++ {
			if c.toks[i].lower != "version" || c.toks[i+1].lower != "of" {
				continue
			}
			j := skipWords(c.toks, i+2, "the", "my", "our")
			if j < len(c.toks) && !c.toks[j].quoted && isIdentifier(c.toks[j].raw) && !c.e.cat.has("stop", c.toks[j].lower) {
				c.toks[j].used = true
				return one(c.toks[j].raw)
			}
		}
		for i := 1; i+1 < len(c.toks); i++ {
			// "Is the curl package installed ..., and which version?": the name before "package".
			if c.toks[i+1].lower == "package" && c.toks[i-1].lower == "the" && !c.toks[i].quoted && isIdentifier(c.toks[i].raw) && !c.e.cat.has("stop", c.toks[i].lower) {
				c.toks[i].used = true
				return one(c.toks[i].raw)
			}
		}
		return "", false, true
	case "sshkey":
		// The private key a request names: under .ssh, id_*, *.pem or *.key.
		for _, p := range c.s.paths {
			b := baseName(p)
			if strings.HasPrefix(b, "id_") && !strings.HasSuffix(b, ".pub") || strings.HasSuffix(b, ".pem") || strings.HasSuffix(b, ".key") ||
				strings.Contains(p, "/.ssh/") && b != ".ssh" && b != "config" && b != "known_hosts" && b != "authorized_keys" {
				return one(quote(p))
			}
		}
		return "", false, true
	case "pickonto":
		// "cherry-pick a1b2c3d onto release-2.4": the branch right after "onto"; "onto the current
		// branch" names none to switch to.
		for i := 0; i+1 < len(c.toks); i++ {
			if w := c.toks[i].lower; w != "onto" && w != "into" && !(w == "on" && c.toks[i+1].lower == "to") {
				continue
			}
			j := skipWords(c.toks, i+1, "to", "the", "branch")
			if j < len(c.toks) && branchNamed(c.toks[j]) && !c.e.cat.has("stop", c.toks[j].lower) && !possessives[c.toks[j].lower] &&
				!notBranchNames[c.toks[j].lower] {
				c.toks[j].used = true
				return one(c.toks[j].raw)
			}
		}
		return "", false, true
	case "timerunit":
		// "report.timer", or "the backup timer" as systemd names it.
		for _, p := range c.s.paths {
			if strings.HasSuffix(p, ".timer") {
				return one(p)
			}
		}
		for i := 0; i+1 < len(c.toks); i++ {
			if w := c.toks[i]; c.toks[i+1].lower == "timer" && !w.quoted && isIdentifier(w.raw) && !c.e.cat.has("stop", w.lower) && !w.used && w.raw == w.lower && w.lower != "systemd" {
				return one(w.raw + ".timer")
			}
		}
		return "", false, true
	case "ufwport":
		// "ufw allow https": a port, or a service ufw knows by name.
		if len(c.s.ports) > 0 {
			return one(c.s.ports[0])
		}
		for _, tk := range c.toks {
			if ufwServices[tk.lower] && !tk.quoted {
				return one(tk.lower)
			}
		}
		return "", false, true
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
				return one("-t " + c.tab()) // fish reads no $'\t'

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
	case "commit", "revertee":
		// A commit named ("commit a1b2c3d", "HEAD~2", a bare hash); the commit to undo is else the last.
		if t.commit != "" {
			for i := range c.toks {
				if c.toks[i].raw == t.commit {
					c.toks[i].used = true
					if i > 0 && (c.toks[i-1].lower == "commit" || c.toks[i-1].lower == "revision") {
						c.toks[i-1].used = true // "commit 9f2c1d" is said
					}
				}
			}
			return one(t.commit)
		}
		for i := range c.toks {
			if w := c.toks[i].lower; !c.toks[i].quoted && tailRes().commit.MatchString(w) && (strings.HasPrefix(w, "head") || strings.ContainsAny(w, "0123456789")) {
				c.toks[i].used = true
				return one(c.toks[i].raw)
			}
		}
		if name == "commit" {
			// "how package.json looks on main": a branch said after "on" or "in" names the commit.
			for i := 0; i+1 < len(c.toks); i++ {
				if w := c.toks[i+1]; (c.toks[i].lower == "on" || c.toks[i].lower == "in") && mainBranches[w.lower] {
					c.toks[i+1].used = true
					return one(w.lower)
				}
			}
			return "", false, true
		}
		return one("HEAD")
	case "kv":
		return one(t.kv)
	case "fstype":
		return one(t.fstype)
	case "fstypeflag":
		if t.fstype == "" {
			return "", false, true
		}
		return "-t " + t.fstype, true, true
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
		for _, p := range c.s.paths {
			// "frames/frame001.png, frame002.png and so on": every image numbered alike.
			if g := numberedGlob(p); g != "" {
				return one(g)
			}
		}
		return "", false, true
	case "fps":
		// "at 30fps", "24 frames per second".
		for i, t := range c.toks {
			if n, ok := strings.CutSuffix(t.lower, "fps"); ok && isInt(n) {
				c.toks[i].used = true
				return one(n)
			}
			if isInt(t.lower) && i+1 < len(c.toks) && (c.toks[i+1].lower == "fps" || c.toks[i+1].lower == "frames") {
				c.toks[i].used = true
				return one(t.lower)
			}
		}
		return "", false, true
	case "cronexpr":
		return one(t.cron)
	case "cronpath":
		// cron starts jobs in the home folder: a script named here is given by its full path. "root
		// crontab: add /opt/check.sh" names the table, not a script.
		var script string
		for _, p := range c.s.paths {
			if p != "crontab" && p != "/etc/crontab" && p != "." {
				script = p
				break
			}
		}
		if script == "" {
			p, ok := c.value("run")
			if !ok {
				return "", false, true
			}
			return one(strings.Trim(p, "'"))
		}
		if !strings.Contains(script, "/") && !strings.HasPrefix(script, "~") && !strings.HasPrefix(script, "$") {
			script = "$PWD/" + script
		}
		if run := interpreters[extOf(script)]; run != "" {
			script = run + " " + script
		}
		return one(script)
	case "logfield":
		return one(logField(c.toks))
	case "headertext":
		return one(quoteOr(headerText(c.toks)))
	case "exclude":
		// "excluding node_modules": --exclude with what is left out, never the bare option.
		if n := excludedName(c.toks); n != "" {
			markExcluded(c.toks, n)
			return one("--exclude=" + quoteOr(n))
		}
		return "", false, true
	case "exclname":
		n := excludedName(c.toks)
		markExcluded(c.toks, n)
		return one(quoteOr(n))
	case "pct":
		// "more than 90 percent used", "over 85%": the share said.
		for i, t := range c.toks {
			if n, ok := strings.CutSuffix(t.lower, "%"); ok && isInt(n) {
				c.toks[i].used = true
				return one(n)
			}
			if isInt(t.lower) && i+1 < len(c.toks) && (c.toks[i+1].lower == "percent" || c.toks[i+1].lower == "%" || c.toks[i+1].lower == "pct") {
				markUsed(c.toks, i, i+2)
				return one(t.lower)
			}
		}
		return "", false, true
	case "grepctx":
		// "plus three lines after each one", "with 2 lines of context": grep's -A, -B or -C.
		for i := 0; i+2 < len(c.toks); i++ {
			n, ok := c.e.numberAt(c.toks, i)
			if !ok || n == "1" && c.toks[i].lower != "1" && c.toks[i].lower != "one" || c.toks[i+1].lower != "lines" && c.toks[i+1].lower != "line" {
				continue
			}
			opt := ""
			both := i+4 < len(c.toks) && c.toks[i+3].lower == "and" && (c.toks[i+4].lower == "after" || c.toks[i+4].lower == "before" || c.toks[i+4].lower == "below" || c.toks[i+4].lower == "above")
			switch w := c.toks[i+2].lower; {
			case both && (w == "before" || w == "after" || w == "above" || w == "below"):
				opt = "-C " // "3 lines before and after each hit"
			case w == "after" || w == "below" || w == "following":
				opt = "-A "
			case w == "before" || w == "above" || w == "preceding":
				opt = "-B "
			case w == "around" || w == "of" && i+3 < len(c.toks) && c.toks[i+3].lower == "context" || w == "context":
				opt = "-C "
			}
			if opt != "" {
				markUsed(c.toks, i, i+3)
				if both {
					markUsed(c.toks, i+3, i+5)
				}
				return one(opt + n)
			}
		}
		return "", false, true
	case "histlast":
		// "only the last twenty matches": the newest of them.
		for i := 0; i+1 < len(c.toks); i++ {
			if c.toks[i].lower == "last" || c.toks[i].lower == "latest" || c.toks[i].lower == "recent" {
				if n, ok := c.e.numberAt(c.toks, i+1); ok && isInt(n) && n != "1" {
					markUsed(c.toks, i, i+2)
					return one("| tail -n " + n)
				}
			}
		}
		return "", false, true
	case "searchdir":
		// Where a search that leaves a folder out runs: the folder named that is not the one left out.
		n := excludedName(c.toks)
		for _, p := range c.s.paths {
			if p != n && strings.TrimSuffix(p, "/") != n {
				return one(quote(p))
			}
		}
		return one(".")
	case "grepexcl":
		// "all .log files except debug.log": the files left out of a recursive grep.
		if len(c.s.notGlobs) > 0 {
			var ex []string
			for _, g := range c.s.notGlobs {
				ex = append(ex, "--exclude="+singleQuote(g))
			}
			return one(strings.Join(ex, " "))
		}
		// "skip the venv folder": grep's option, when the request leaves a folder out.
		n := excludedName(c.toks)
		if n == "" {
			return "", false, true
		}
		markExcluded(c.toks, n)
		return one("--exclude-dir=" + quote(n))
	case "grepincl":
		// "in our python code": grep's option for the kind of file named.
		if len(c.s.globs) == 0 {
			return "", false, true
		}
		return one("--include=" + singleQuote(c.s.globs[0]))
	case "zipexcl":
		// zip matches -x patterns against whole paths: a folder anywhere is "*/node_modules/*", a kind
		// of file "*.log".
		n := excludedName(c.toks)
		if n == "" {
			return "", false, true
		}
		switch {
		case n == ".*":
			n = "*/.*" // hidden files anywhere under the folder
		case !strings.Contains(n, "*"):
			n = "*/" + strings.Trim(n, "/") + "/*"
		}
		return one(singleQuote(n))
	case "lineaddr":
		return one(lineAddress(c.toks))
	case "outvideo":
		if v := c.inputOf(videoExts); v != "" {
			return one(quote(v))
		}
		return one("video.mp4")
	case "jqlit":
		return one(t.jqlit)
	case "jqsel":
		return one(t.jqsel)
	case "jqselect":
		if t.jqsel == "" {
			return "", false, false
		}
		return one("'.[] | select(" + t.jqsel + ")'")
	case "jqcount":
		if t.jqsel == "" {
			return "", false, false
		}
		return one("'[.[] | select(" + t.jqsel + ")] | length'")
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
	case "mountpoint":
		// "mounted at /mnt/data": the folder named besides the device.
		dev := c.s.devPath()
		for i := 1; i < len(c.toks); i++ {
			// "Mount it at /mnt/data": the folder said after the word that places it.
			if w := c.toks[i-1].lower; (w == "at" || w == "on" || w == "under" || w == "to") && strings.HasPrefix(c.toks[i].raw, "/") && !strings.HasPrefix(c.toks[i].raw, "/dev/") && c.toks[i].raw != "/" {
				return one(c.toks[i].raw)
			}
		}
		for _, p := range c.s.paths {
			if p != dev && strings.HasPrefix(p, "/") && !strings.HasPrefix(p, "/dev/") {
				return one(p)
			}
		}
		return "", false, true
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
// markExcluded marks the name excludedName found, and the word that left it out, as understood.
func markExcluded(toks []token, name string) {
	if name == "" {
		return
	}
	for i, t := range toks {
		switch {
		case t.raw == name || "*"+t.raw == name:
			toks[i].used = true
		case excludeVerbs[t.lower] && !t.quoted:
			toks[i].used = true
		}
	}
}

// insideWords come between a verb that leaves out and the folder left out: "skip anything inside X".
var insideWords = setOf("anything everything stuff inside within under in")

// excludeVerbs leave something out: "excluding node_modules", "can rsync skip it?".
var excludeVerbs = setOf("without excluding except exclude skipping skip ignore ignoring omit omitting minus")

func excludedName(toks []token) string {
	for i, t := range toks {
		switch {
		case excludeVerbs[t.lower]:
		case t.lower == "out": // "leave out the .tmp junk"
			if i == 0 || toks[i-1].lower != "leave" && toks[i-1].lower != "leaving" && toks[i-1].lower != "keep" && toks[i-1].lower != "keeping" {
				continue
			}
		case t.lower == "include": // "please don't include the .git folder in it"
			if i == 0 || toks[i-1].lower != "don't" && toks[i-1].lower != "dont" && toks[i-1].lower != "not" {
				continue
			}
		default:
			continue
		}
		for j := i + 1; j < len(toks); j++ {
			n := toks[j]
			if n.lower == "the" || n.lower == "any" || n.lower == "all" || n.lower == "its" || n.lower == "their" || insideWords[n.lower] {
				continue // "skip anything inside node_modules"
			}
			if n.lower == "it" || n.lower == "them" || n.lower == "that" {
				// "node_modules is enormous ... can rsync skip it?": the folder named before.
				for k := i - 1; k >= 0; k-- {
					if p := toks[k]; !strings.Contains(p.raw, "/") && strings.ContainsAny(p.raw, "._") && saidName(p.raw) && !isFileName(p.raw) {
						return p.raw
					}
				}
				break
			}
			if (n.lower == "hidden" || n.lower == "dot") && j+1 < len(toks) && (fileNouns[toks[j+1].lower] || dirNouns[toks[j+1].lower] || toks[j+1].lower == "ones") {
				return ".*" // "excluding hidden files"
			}
			// A name of a file or folder: written like one (node_modules, .git, *.log) or called one
			// ("the cache folder"); "without compression" leaves out no file.
			named := strings.ContainsAny(n.raw, "._/*-") || n.quoted ||
				j+1 < len(toks) && (fileNouns[toks[j+1].lower] || toks[j+1].lower == "dir")
			if saidName(strings.Trim(n.raw, "*")) && !pointingWords[n.lower] && named {
				if j+1 < len(toks) && !n.quoted && extensionOnly(n.raw) && !dotDirs[n.lower] && !dirNouns[toks[j+1].lower] {
					return "*" + n.raw // "the .tmp junk", ".log files": every file of that kind
				}
				return n.raw
			}
			break
		}
	}
	return ""
}

// numberedGlob turns a numbered image's path into the glob of its sequence ("frames/frame001.png" is
// "frames/frame*.png"); "" when the name has no number before its extension.
func numberedGlob(p string) string {
	ext := path.Ext(p)
	stem := strings.TrimSuffix(p, ext)
	i := len(stem)
	for i > 0 && stem[i-1] >= '0' && stem[i-1] <= '9' {
		i--
	}
	if ext == "" || i == len(stem) || strings.ContainsAny(p, "*?[") {
		return ""
	}
	return stem[:i] + "*" + ext
}

// extensionOnly reports whether w is a file extension alone: ".tmp", ".log".
func extensionOnly(w string) bool {
	return len(w) > 1 && len(w) <= 6 && w[0] == '.' && isAlpha(w[1:])
}

// dotDirs are folders whose names start with a dot and are left out of archives by name.
var dotDirs = setOf(".git .svn .hg .cache .venv .idea .vscode .terraform .next .nuxt .tox .npm .yarn")

// dirNouns say that the word before them names a folder.
var dirNouns = setOf("folder folders directory directories dir dirs")

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
		a, j := toks[i-1], i+1
		for j+1 < len(toks) && pairSkips[toks[j].lower] {
			j++ // "main and my branch feature-x": the name after the words that only point at it
		}
		b := toks[j]
		if toks[i].lower == "and" && saidName(a.raw) && saidName(b.raw) && !pointingWords[a.lower] && !pointingWords[b.lower] &&
			!pronouns[a.lower] && !pronouns[b.lower] && !(i >= 2 && toks[i-2].lower == "pid") {
			return a.raw, b.raw, true
		}
	}
	return "", "", false
}

// notBranchNames say which branch without naming it: "onto the current branch".
var notBranchNames = setOf("current curent currnet present same active checked this my your our latest newest other")

// ufwServices are the services ufw opens by name.
var ufwServices = setOf("http https ssh smtp imap imaps pop3 dns ftp")

// pronouns name no branch, folder or commit: "pid 3120 and I changed its config".
var pronouns = setOf("i we you he she they it me us them")

// pairSkips come between "and" and the second of a pair's names.
var pairSkips = setOf("my the your our their branch folder directory dir commit")

// logLevels are the words a log line is filtered by: "only the ERROR lines".
var logLevels = setOf("error errors err warn warning warnings fatal critical crit panic exception exceptions traceback debug info notice alert emerg")

// settingVerbs say what a file holds: "some file sets PermitRootLogin".
var settingVerbs = setOf("sets set contains mentions defines configures enables has says")

// awkCondition is the test on a column a request states: "the amount is in column 4 ... greater than
// 10000" is $4 > 10000, "the third column is EU" $3 == "EU"; "" when it states none.
func awkCondition(toks []token) string {
	col, at := "", 0
	for i := 0; i+1 < len(toks); i++ {
		if w := toks[i].lower; (w == "column" || w == "field" || w == "col") && isInt(toks[i+1].lower) {
			col, at = toks[i+1].lower, i+2
			break
		}
		if toks[i].lower == "last" && (toks[i+1].lower == "column" || toks[i+1].lower == "field") {
			col, at = "NF", i+2 // "the response time ... as the last field on each line"
			break
		}
		if n := cmp.Or(ordinalWordAt(toks, i), ordinal(toks[i].lower)); n != "" && (toks[i+1].lower == "column" || toks[i+1].lower == "field") {
			col, at = n, i+2 // "the third column is EU"
			break
		}
	}
	if col == "" {
		return ""
	}
	for i := range toks {
		for _, said := range jqComparisons {
			// "above 10000", "greater than 10000": the operators jq conditions read, here for awk.
			n := len(said.words)
			if i+n >= len(toks) || !wordsAt(toks, i, said.words) {
				continue
			}
			if v := strings.TrimSuffix(toks[i+n].lower, "."); isNumber(v) {
				return "'$" + col + " " + said.op + " " + v + "'"
			}
			break
		}
	}
	if v, ok := equalsAt(toks, at); ok {
		if isNumber(v) {
			return "'$" + col + " == " + v + "'"
		}
		return "'$" + col + " == \"" + v + "\"'"
	}
	return ""
}

// equalsAt reads the value of "is EU", "equals 200", "is equal to done" at toks[i]: a word or a
// quoted text, not a comparison ("is greater than 10").
func equalsAt(toks []token, i int) (string, bool) {
	switch {
	case i+1 < len(toks) && (toks[i].lower == "equals" || toks[i].lower == "=" || toks[i].lower == "=="):
		i++
	case i+3 < len(toks) && toks[i].lower == "is" && toks[i+1].lower == "equal" && toks[i+2].lower == "to":
		i += 3
	case i+1 < len(toks) && toks[i].lower == "is" && !toks[i].comma:
		i++
	default:
		return "", false
	}
	v := toks[i]
	if v.quoted && v.raw != "" && !strings.ContainsAny(v.raw, "\"\\") {
		return v.raw, true
	}
	if !isIdentifier(v.raw) || strings.ContainsAny(v.raw, "${}") || awkNotValues[v.lower] {
		return "", false
	}
	return v.raw, true
}

// awkNotValues are the words after "is" that start a comparison or a description, not a value.
var awkNotValues = setOf("greater more less smaller bigger larger higher lower above below over under at not the a an empty blank missing set equal exactly")

// mainBranches are the branch names people say without calling them branches.
var mainBranches = setOf("main master develop trunk")

// exceptCues begin what a search leaves out: "but not", "except", "excluding".
var exceptCues = setOf("except excluding but minus")

// keepAndDrop reads the text a search keeps and the one it leaves out: "ERROR ... but not the ones
// mentioning healthcheck", "ERROR except lines containing timeout". What it keeps is the nearest quoted
// text or word in capitals before the cue; what it drops, the first quoted text or name after it, past
// words like "the ones mentioning". It reports false unless it finds both.
func keepAndDrop(toks []token) (keep, drop string, ok bool) {
	cue := -1
	for i, t := range toks {
		if !t.quoted && exceptCues[t.lower] && (t.lower != "but" || i+1 < len(toks) && (toks[i+1].lower == "not" || toks[i+1].lower == "without")) {
			cue = i
			break
		}
	}
	if cue <= 0 {
		return "", "", false
	}
	textual := func(t token) bool {
		return t.quoted || t.raw != strings.ToLower(t.raw) && isIdentifier(t.raw)
	}
	for i := cue - 1; i >= 0 && keep == ""; i-- {
		if textual(toks[i]) && !isFileName(toks[i].raw) {
			keep = toks[i].raw
		}
	}
	for i := cue + 1; i < len(toks) && drop == ""; i++ {
		t := toks[i]
		switch t.lower {
		case "not", "without", "the", "ones", "one", "lines", "line", "those", "that", "which", "mention", "mentioning",
			"mentions", "contain", "containing", "contains", "with", "have", "having", "has", "any", "of":
			continue
		}
		if t.quoted || isIdentifier(t.raw) && !isFileName(t.raw) {
			drop = t.raw
		}
		break
	}
	return keep, drop, keep != "" && drop != ""
}

// fieldList reads two or more field numbers after "fields" or "columns" ("fields 1 and 6", "columns 2,
// 3 and 5") as cut's list (1,6), and marks them used; "" when fewer are said.
func fieldList(toks []token) string {
	for i, t := range toks {
		if t.lower != "fields" && t.lower != "columns" || t.quoted {
			continue
		}
		var nums []string
		end := i
		for j := i + 1; j < len(toks); j++ {
			w := strings.TrimSuffix(toks[j].lower, ",")
			if isInt(w) {
				nums = append(nums, w)
				end = j
				if toks[j].comma && !(j+1 < len(toks) && isInt(toks[j+1].lower)) {
					break
				}
				continue
			}
			if w != "and" || len(nums) == 0 {
				break
			}
		}
		if len(nums) >= 2 {
			markUsed(toks, i, end+1)
			return strings.Join(nums, ",")
		}
		// "the second and fourth fields", "the 1st, 3rd and 5th columns": ordinals before the noun.
		nums, start := nil, i
		for j := i - 1; j >= 0; j-- {
			if n := cmp.Or(ordinalWordAt(toks, j), ordinal(toks[j].lower), ordinals[toks[j].lower]); n != "" && !toks[j].quoted && n != "last" {
				nums, start = append([]string{n}, nums...), j
				continue
			}
			if toks[j].lower != "and" || len(nums) == 0 {
				break
			}
		}
		if len(nums) >= 2 {
			markUsed(toks, start, i+1)
			return strings.Join(nums, ",")
		}
	}
	return ""
}
