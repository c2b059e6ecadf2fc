package offline

import (
	"path"
	"slices"
	"strconv"
	"strings"
)

// namedValue renders the placeholders whose value is a thing the request names by what it is: a branch,
// a remote, a tag, a database, a process, a compose service, a commit message. known is false for
// other names.
func (c *composer) namedValue(name string) (v string, ok, known bool) {
	s := c.s
	v, ok, known = "", false, true
	switch name {
	case "rdst":
		// Where rsync copies to: a host named apart from the folder on it ("to the nas (nas.local, under
		// /backup)") is host:folder.
		if d, ok := c.hostUnder(); ok {
			return d, true, true
		}
		d, ok := c.value("dst")
		if !ok && s.remotePath == "" && len(s.hosts) == 1 && !slices.ContainsFunc(c.toks, func(t token) bool { return t.lower == "from" || t.lower == "off" }) {
			return s.hosts[0] + ":~/", true, true // "copy /var/www/uploads there over ssh": the home folder, as scp
		}
		if !ok || s.remotePath != "" || len(s.hosts) == 0 || strings.Contains(d, ":") {
			return d, ok, true
		}
		if p := strings.Trim(d, "'"); strings.HasPrefix(p, "/") || strings.HasPrefix(p, "~") {
			return s.hosts[0] + ":" + d, true, true
		}
		return d, ok, true
	case "samehost":
		// "rsync ~/projects over to newbox, same path": the machine named after "to".
		for i := 0; i+1 < len(c.toks); i++ {
			if c.toks[i].lower != "to" {
				continue
			}
			if w := c.toks[i+1]; !w.quoted && isIdentifier(w.raw) && !c.e.cat.has("stop", w.lower) && !pointingWords[w.lower] && !possessives[w.lower] {
				c.toks[i+1].used = true
				return w.raw, true, true
			}
		}
		if len(s.hosts) > 0 {
			return s.hosts[0], true, true
		}
		return "", false, true
	case "dirslash":
		// rsync copies a folder's contents when its name ends in a slash.
		for _, p := range s.paths {
			if p != "." && p != "./" {
				return quote(strings.TrimSuffix(p, "/") + "/"), true, true // "... that I've deleted here" names no folder
			}
		}
		return "", false, true
	case "envpat":
		// What the variables' lines mention: a name said in capitals ("AWS"), quoted, or the word after
		// "with" or "have".
		switch {
		case len(s.patterns) > 0:
			return singleQuote(s.patterns[0]), true, true
		case s.envName != "":
			return singleQuote(s.envName), true, true
		}
		v, ok = c.value("pattern")
	case "restartee":
		// The unit to restart: a service named, else the name after the last "restart".
		if s.service != "" {
			return quote(s.service), true, true
		}
		for i := len(c.toks) - 2; i >= 0; i-- {
			if w := c.toks[i+1]; c.toks[i].lower == "restart" && !w.quoted && isIdentifier(w.raw) && !c.e.cat.has("stop", w.lower) && !pointingWords[w.lower] {
				c.toks[i+1].used = true
				return w.raw, true, true
			}
		}
		return "", false, true
	case "branchname":
		// A new branch's name: the word after "branch" or "called", a name with a slash in it
		// (release/2.4), else the name said.
		// "called feature/login" before "branch Nothing" when a sentence ended between them.
		for _, cues := range [][]string{{"called", "named"}, {"branch", "called", "named"}} {
			for i, t := range c.toks {
				if i > 0 && slices.Contains(cues, c.toks[i-1].lower) && !c.toks[i-1].comma && branchNamed(t) && !c.e.cat.has("stop", t.lower) {
					c.toks[i].used = true
					return t.raw, true, true
				}
			}
		}
		for i, t := range c.toks {
			// "I'm on feature/navbar": a relative name with a slash, said after "on", is the branch.
			if i > 0 && c.toks[i-1].lower == "on" && strings.Contains(t.raw, "/") && !strings.HasPrefix(t.raw, "/") && !strings.HasPrefix(t.raw, "~") && branchNamed(t) {
				c.toks[i].used = true
				return t.raw, true, true
			}
		}
		v, ok = c.value("name")
	case "trpair":
		// "turn the commas in list.csv into tabs": the separator there and the one wanted, in order.
		// Read from the verb on: "comma separated instead, swap all the tabs for commas".
		from := slices.IndexFunc(c.toks, func(t token) bool { return swapVerbs[t.lower] })
		for _, start := range []int{from, 0} {
			var seps []string
			for _, t := range c.toks[max(start, 0):] {
				if v, ok := separatorWords[t.lower]; ok && !t.quoted && !slices.Contains(seps, v) {
					seps = append(seps, v)
				}
			}
			if len(seps) == 2 {
				return seps[0] + " " + seps[1], true, true
			}
		}
		return "", false, true
	case "pushbranch":
		// The branch pushed: the one git's pasted "The current branch X has no upstream branch" names,
		// the word after "push" ("push main and have it remember"), a main branch said anywhere outside
		// quotes, else a name.
		for _, t := range c.toks {
			if _, rest, ok := strings.Cut(t.raw, "current branch "); ok && t.quoted {
				if b, _, _ := strings.Cut(rest, " "); b != "" && isIdentifier(strings.ReplaceAll(b, "/", "-")) {
					return b, true, true
				}
			}
		}
		for i := 1; i < len(c.toks); i++ {
			if t := c.toks[i]; c.toks[i-1].lower == "push" && !t.quoted && !toolOutcomes[t.lower] && (mainBranches[t.lower] || branchNamed(t) && !c.e.cat.has("stop", t.lower) && !pointingWords[t.lower]) {
				c.toks[i].used = true
				return t.raw, true, true
			}
		}
		for i, t := range c.toks {
			if !t.quoted && mainBranches[t.lower] {
				c.toks[i].used = true
				return t.raw, true, true
			}
		}
		v, ok = c.value("name")
	case "composesvc":
		// A compose service: the name before "service" ("the web service"), one the vocabulary knows
		// (redis), else a name.
		for i := 1; i < len(c.toks); i++ {
			if c.toks[i].lower == "service" && isIdentifier(c.toks[i-1].raw) && !c.e.cat.has("stop", c.toks[i-1].lower) && !pointingWords[c.toks[i-1].lower] {
				c.toks[i-1].used = true
				return c.toks[i-1].raw, true, true
			}
		}
		if s.service != "" && s.service != "docker" {
			return quote(s.service), true, true
		}
		v, ok = c.value("name")
	case "keytype":
		// "a new 4096-bit RSA ssh key": the kind said, else ed25519.
		for i, t := range c.toks {
			switch t.lower {
			case "rsa", "ecdsa", "ed25519", "dsa":
				c.toks[i].used = true
				return t.lower, true, true
			}
		}
		return "ed25519", true, true
	case "keybits":
		// "4096-bit", "4096 bits": the key's length, for the kinds that take one.
		if n := c.keyLength(); n != "" {
			return "-b " + n, true, true
		}
		return "", false, true
	case "keynopass":
		// "with no passphrase": an empty one, so ssh-keygen does not ask.
		for i := 0; i+1 < len(c.toks); i++ {
			if l := c.toks[i].lower; (l == "no" || l == "without" || l == "empty") && strings.HasPrefix(c.toks[i+1].lower, "passphrase") ||
				l == "passwordless" || l == "passphraseless" {
				markUsed(c.toks, i, i+2)
				return "-N ''", true, true
			}
			if !negWords[c.toks[i].lower] {
				continue
			}
			for j := i + 1; j < len(c.toks) && j <= i+3; j++ {
				// "it shouldn't have a passphrase", "don't set any passphrase"
				if strings.HasPrefix(c.toks[j].lower, "passphrase") {
					markUsed(c.toks, i, j+1)
					return "-N ''", true, true
				}
				if w := c.toks[j].lower; w != "have" && w != "need" && w != "set" && w != "use" && w != "a" && w != "any" {
					break
				}
			}
		}
		return "", false, true
	case "keyfile":
		// "saved as ~/.ssh/gha_deploy", `store it in "outfile"`: where the key pair goes.
		for i := 2; i < len(c.toks); i++ {
			t, prep := c.toks[i], c.toks[i-1].lower
			if (prep == "in" || prep == "as" || prep == "to") && (t.quoted || strings.Contains(t.raw, "/")) &&
				slices.ContainsFunc(c.toks[max(0, i-4):i-1], func(u token) bool { return saveVerbs[u.lower] || u.lower == "store" || u.lower == "stored" }) {
				c.toks[i].used = true
				return "-f " + quote(t.raw), true, true
			}
		}
		for i, t := range c.toks {
			if strings.HasPrefix(t.raw, "~/.ssh/") && !strings.HasSuffix(t.raw, ".pub") && t.raw != "~/.ssh/" {
				c.toks[i].used = true
				for k := i - 1; k >= max(0, i-2) && (c.toks[k].lower == "as" || c.toks[k].lower == "saved" || c.toks[k].lower == "save" || c.toks[k].lower == "to"); k-- {
					c.toks[k].used = true // "saved as"
				}
				return "-f " + quote(t.raw), true, true
			}
		}
		return "", false, true
	case "keycomment":
		// "with the comment laptop-2024", "for me@example.com": what the key says it is for.
		for i, t := range c.toks {
			if i+1 >= len(c.toks) {
				break
			}
			w := c.toks[i+1]
			if (t.lower == "comment" || t.lower == "label") && (w.quoted || isIdentifier(w.raw) && !c.e.cat.has("stop", w.lower) || strings.Contains(w.raw, "@")) ||
				t.lower == "for" && strings.Contains(w.raw, "@") ||
				w.lower == "as" && (i+2 < len(c.toks) && c.toks[i+2].lower == "comment" || i+3 < len(c.toks) && c.toks[i+3].lower == "comment") && (t.quoted || strings.Contains(t.raw, "@")) {
				if w.lower == "as" {
					w = t // "with dana@example.com as the comment"
				}
				c.toks[i].used = true
				c.toks[i+1].used = true
				return "-C " + singleQuote(strings.Trim(w.raw, `"'`)), true, true
			}
		}
		return "", false, true
	case "pkgpin":
		// "exactly version 2.31.0 of requests": the package at that version, as pip takes it.
		ver, name := "", ""
		for i, t := range c.toks {
			switch {
			case ver == "" && isVersion(t.lower) && strings.Contains(t.lower, "."):
				ver = t.lower
				c.toks[i].used = true
			case name == "" && !t.quoted && isIdentifier(t.raw) && !isVersion(t.lower) && !c.e.cat.has("stop", t.lower) && !pinWords[t.lower]:
				name = t.raw
			}
		}
		if name == "" {
			return "", false, true
		}
		c.usedWords++
		if ver == "" {
			return name, true, true
		}
		return name + "==" + ver, true, true
	case "httpcode":
		v := c.httpCode()
		return v, v != "", true
	case "sumsfile":
		v, ok = c.sumsFile()
	case "dbname":
		v, ok = c.dbName()
	case "dbauth":
		v, ok = c.dbAuth()
	case "sqlfile":
		v, ok = c.sqlFile()
	case "dumpto":
		v, ok = c.dumpTo()
	case "mergebase":
		// The branch others were merged into: "merged into develop".
		for i := 0; i+1 < len(c.toks); i++ {
			if c.toks[i].lower == "into" && branchNamed(c.toks[i+1]) && !c.e.cat.has("stop", c.toks[i+1].lower) && !pointingWords[c.toks[i+1].lower] {
				c.toks[i+1].used = true
				return c.toks[i+1].raw, true, true
			}
		}
		return "", false, true
	case "logbranch":
		// The branch whose history: "on the release/2.3 branch", "of branch develop".
		for i, t := range c.toks {
			if t.lower != "branch" {
				continue
			}
			for _, j := range []int{i - 1, i + 1} {
				if j >= 0 && j < len(c.toks) && branchNamed(c.toks[j]) && !c.e.cat.has("stop", c.toks[j].lower) &&
					!pointingWords[c.toks[j].lower] && c.toks[j].lower != "current" && c.toks[j].lower != "new" {
					c.toks[j].used = true
					return c.toks[j].raw, true, true
				}
			}
		}
		return "", false, true
	case "branchbase":
		// Where the branch starts: "off develop", "from main".
		for i := 1; i+1 < len(c.toks); i++ {
			if w := c.toks[i].lower; (w == "off" || w == "from") && c.toks[i-1].lower != "branch" && branchNamed(c.toks[i+1]) &&
				!c.e.cat.has("stop", c.toks[i+1].lower) && !pointingWords[c.toks[i+1].lower] {
				c.toks[i+1].used = true
				return c.toks[i+1].raw, true, true
			}
		}
		return "", false, true
	case "tagname":
		// A release's tag: a version-like word (v2.1.0, 1.4), the one after "as" first ("we're cutting
		// 2.4.0, tag it as v2.4.0"), else the name said.
		for i, t := range c.toks {
			if i > 0 && c.toks[i-1].lower == "as" && !t.quoted && releaseTag.MatchString(t.lower) {
				c.toks[i].used = true
				return t.raw, true, true
			}
		}
		for i, t := range c.toks {
			if !t.quoted && releaseTag.MatchString(t.lower) {
				c.toks[i].used = true
				return t.raw, true, true
			}
		}
		v, ok = c.value("name")
	case "pkgfiles":
		// "the apt package htop": the name after "package", else a program named.
		for i := 0; i+1 < len(c.toks); i++ {
			if w := c.toks[i+1]; c.toks[i].lower == "package" && !w.quoted && isIdentifier(w.raw) && !c.e.cat.has("stop", w.lower) && !progNotNamed[w.lower] {
				markUsed(c.toks, i, i+2)
				return w.raw, true, true
			}
		}
		v, ok := c.value("progname")
		return v, ok, true
	case "progname":
		// A word the pages do not know is a program's name only where the request says it is one
		// (programNouns).
		// "Where is python3 installed?": the program named, not a quoted message around it.
		if x := tldrIndex(); x != nil {
			from := 0 // "Something is off with my virtualenv. Which python3 is first on my PATH?": after the question word
			if k := slices.IndexFunc(c.toks, func(t token) bool { return t.lower == "which" || t.lower == "where" }); k >= 0 {
				from = k
			}
			for i, t := range c.toks {
				if i < from {
					continue
				}
				if !t.quoted && !c.e.cat.has("stop", t.lower) && !progNotNamed[t.lower] && x.IsProgram(t.lower) {
					if !t.used {
						c.usedWords++ // the program's name is understood, as the word slot counts it
					}
					c.toks[i].used = true
					return t.raw, true, true
				}
			}
			if !slices.ContainsFunc(c.toks, func(t token) bool { return programNouns[t.lower] }) {
				return "", false, true // "which mounts are over 85% full" names no program
			}
		}
		v, ok := c.value("word")
		return v, ok, true
	case "procpid":
		// "PID 4821", else the process of the program named: "the java process" is $(pgrep java).
		if len(c.s.pids) > 0 {
			return c.s.pids[0], true, true
		}
		if v, ok := c.value("procname"); ok && !strings.HasPrefix(v, "-") && isIdentifier(v) {
			return "$(pgrep " + v + ")", true, true
		}
		return "", false, true
	case "runname":
		// The program a service runs as, for grep over ps: the service named ("the mysql server"),
		// else the program named.
		if c.s.service != "" {
			return quote(strings.ToLower(c.s.service)), true, true
		}
		v, ok := c.value("procname")
		return v, ok && !strings.HasPrefix(v, "-"), true
	case "procname":
		// A process by its program: "a vim running somewhere" is vim, whatever words come before it.
		x := tldrIndex()
		program := func(t token) bool {
			return !t.quoted && !c.e.cat.has("stop", t.lower) && (knownApps[t.lower] || x != nil && x.IsProgram(t.lower))
		}
		for i, t := range c.toks {
			// "a python script ... it's called train.py": the interpreter runs it, so its name is
			// only in the full command line.
			if !t.quoted && hasAnySuffix(t.lower, ".py", ".sh", ".js", ".rb", ".pl", ".jar", ".php") {
				c.toks[i].used = true
				return "-f " + quote(t.raw), true, true
			}
		}
		for pass := 0; pass < 2; pass++ {
			for i, t := range c.toks {
				// First a program said as running ("a vim running", "node processes"), then any app.
				n := skipWords(c.toks, i+1, "actually", "still", "even", "currently", "really") // "Is gunicorn actually running"
				running := n < len(c.toks) && processWords[c.toks[n].lower]
				if t.used && !strings.EqualFold(t.raw, c.s.service) && !(pass == 0 && running) || !program(t) || pass == 0 && !running || pass == 1 && !knownApps[t.lower] && !everydayPrograms[t.lower] {
					continue
				}
				c.toks[i].used = true
				c.usedWords++
				return t.raw, true, true
			}
		}
		for i := 0; i+1 < len(c.toks); i++ {
			// "Something named kworkerd keeps respawning": a program the pages do not know, by its name.
			if l := c.toks[i].lower; l == "named" || l == "called" {
				if w := c.toks[i+1]; !w.quoted && isIdentifier(w.raw) && !c.e.cat.has("stop", w.lower) && !pointingWords[w.lower] {
					c.toks[i+1].used = true
					return w.raw, true, true
				}
			}
		}
		v, ok = c.value("word")
	case "spaces":
		// "with four spaces": that many blanks, written out; four when the count is not said.
		n := 4
		for i := 0; i+1 < len(c.toks); i++ {
			if w := c.toks[i+1].lower; w != "spaces" && w != "space" {
				continue
			}
			if v, ok := c.e.numberAt(c.toks, i); ok && isInt(v) {
				if k, _ := strconv.Atoi(v); k >= 1 && k <= 16 {
					n = k
					c.toks[i].used = true
				}
			}
		}
		return strings.Repeat(" ", n), true, true
	case "pullfrom":
		// "when I pull from origin main": the remote and the branch, as they were said.
		for i := 0; i+1 < len(c.toks); i++ {
			r, b := c.toks[i], c.toks[i+1]
			if (r.lower == "origin" || r.lower == "upstream") && !b.quoted && isIdentifier(b.raw) && (mainBranches[b.lower] || !c.e.cat.has("stop", b.lower) && !pointingWords[b.lower]) {
				c.toks[i].used, c.toks[i+1].used = true, true
				return r.raw + " " + b.raw, true, true
			}
		}
		return "", false, true
	case "remotename":
		// The remote a request names: the word after "remote" ("the remote backup"), upstream, else origin.
		for i, t := range c.toks {
			if t.lower == "remote" && i+1 < len(c.toks) && isIdentifier(c.toks[i+1].raw) && !c.e.cat.has("stop", c.toks[i+1].lower) &&
				c.toks[i+1].lower != "url" && c.toks[i+1].lower != "called" && c.toks[i+1].lower != "named" {
				c.toks[i+1].used = true
				return c.toks[i+1].raw, true, true
			}
		}
		for _, t := range c.toks {
			if t.lower == "upstream" {
				return "upstream", true, true
			}
		}
		return "origin", true, true
	case "dirstar":
		// Everything in the folder named ("/var" is /var/*), else everything here.
		if r := c.roots(); len(r) > 0 && r[0] != "." {
			return quote(strings.TrimSuffix(r[0], "/")+"/") + "*", true, true
		}
		return "*", true, true
	case "dirglob":
		// A glob in the one folder named: "the pngs in ./screens" is ./screens/*.png; "every webp in
		// photos/" is photos/*.webp, the kind said that is not what they become.
		g := ""
		if len(s.globs) > 0 {
			g = c.sourceGlob()
		} else {
			to, _ := c.extValue("extto")
			for i, t := range c.toks {
				if e := strings.TrimPrefix(t.lower, "."); !t.quoted && e != strings.ToLower(to) && imageExts[e] {
					c.toks[i].used = true
					g = "*." + e
					break
				}
			}
		}
		if g == "" {
			return "", false, true
		}
		if e, ok := strings.CutPrefix(g, "."); ok && (imageExts[strings.ToLower(e)] || rawImageExts[strings.ToLower(e)]) {
			g = "*" + g // "four hundred .CR2 files": every file of that kind
		}
		d := s.globDir()
		if d == "" && len(s.paths) == 1 && len(s.globs) == 0 && !strings.Contains(path.Base(s.paths[0]), ".") {
			d = s.paths[0]
		}
		for i := 0; d == "" && i+2 < len(c.toks); i++ {
			// "a folder called raw_photos with about four hundred .CR2 files"
			if n := c.toks[i+2]; dirNouns[c.toks[i].lower] && (c.toks[i+1].lower == "called" || c.toks[i+1].lower == "named") && !n.quoted && isIdentifier(n.raw) && !c.e.cat.has("stop", n.lower) {
				d = n.raw
			}
		}
		if d == "" && len(s.paths) == 1 && !strings.Contains(g, "/") && !strings.Contains(path.Base(s.paths[0]), ".") {
			// "The screenshots are PNGs in screenshots/ios": the folder they are in, even where it
			// was read as where copies go.
			for i, t := range c.toks {
				if t.raw == s.paths[0] && i > 0 && locationWords[c.toks[i-1].lower] {
					d = s.paths[0]
				}
			}
		}
		if d != "" && d != "." {
			g = strings.TrimSuffix(d, "/") + "/" + g
		}
		if strings.ContainsAny(g, " '\"$`;&|<>()") {
			return quote(g), true, true
		}
		return g, true, true // the shell's glob, as people write it
	case "pippkg":
		// A Python package people know by name, else the name before "is out of date" or after the verb.
		for i, t := range c.toks {
			if pipPackages[t.lower] && !t.quoted {
				c.toks[i].used = true
				return t.raw, true, true
			}
		}
		v, ok = c.value("name")
	case "npmpkg":
		v, ok = c.npmPackage()
	case "certdays":
		return c.certDays(), true, true
	case "ugroups":
		// "put her in the developers group": the new account's extra group.
		for i := 3; i < len(c.toks); i++ {
			if c.toks[i].lower != "group" || c.toks[i-2].lower != "the" || c.toks[i-3].lower != "in" && c.toks[i-3].lower != "to" && c.toks[i-3].lower != "into" {
				continue
			}
			if g := c.toks[i-1]; !g.quoted && isIdentifier(g.raw) && !c.e.cat.has("stop", g.lower) {
				markUsed(c.toks, i-3, i+1)
				return "-G " + g.raw, true, true
			}
		}
		return "", false, true
	case "kubenode":
		// "Node ip-10-0-3-21 is reporting ...": the name after "node", or before it ("the worker-3 node").
		for i, t := range c.toks {
			if t.lower != "node" || t.quoted {
				continue
			}
			for _, j := range []int{i + 1, i - 1} {
				if j >= 0 && j < len(c.toks) && !c.toks[j].quoted && isIdentifier(c.toks[j].raw) && !c.e.cat.has("stop", c.toks[j].lower) && !pointingWords[c.toks[j].lower] && c.toks[j].lower != "is" {
					markUsed(c.toks, j, j+1)
					return c.toks[j].raw, true, true
				}
			}
		}
		if len(s.hosts) > 0 {
			return s.hosts[0], true, true
		}
		return "", false, true
	case "cronuser":
		// "the crontab of user www-data", "the root user", "root's crontab": whose table. "Every user's
		// cron jobs", "each account" are no one user's.
		for i := 0; i+1 < len(c.toks); i++ {
			if l := c.toks[i].lower; (l == "every" || l == "each" || l == "all") && everyoneWords[strings.TrimSuffix(c.toks[i+1].lower, "'s")] {
				return "", false, true
			}
		}
		for i, t := range c.toks {
			if t.quoted {
				continue
			}
			if b, ok := strings.CutSuffix(t.lower, "'s"); ok && isIdentifier(b) && !everyoneWords[b] && i+1 < len(c.toks) && (c.toks[i+1].lower == "crontab" || c.toks[i+1].lower == "cron") {
				return t.raw[:len(b)], true, true
			}
			if t.lower == "user" && i+1 < len(c.toks) && isIdentifier(c.toks[i+1].raw) && !c.e.cat.has("stop", c.toks[i+1].lower) && c.toks[i+1].lower != "have" && c.toks[i+1].lower != "has" {
				markUsed(c.toks, i, i+2)
				return c.toks[i+1].raw, true, true
			}
			if t.lower == "user" && i > 0 && (c.toks[i-1].lower == "root" || isIdentifier(c.toks[i-1].raw) && !c.e.cat.has("stop", c.toks[i-1].lower)) {
				markUsed(c.toks, i-1, i+1)
				return c.toks[i-1].raw, true, true
			}
		}
		for i := 1; i < len(c.toks); i++ {
			if w := c.toks[i-1].lower; (w == "for" || w == "of" || w == "as") && isIdentifier(c.toks[i].raw) && !c.e.cat.has("stop", c.toks[i].lower) {
				return c.toks[i].raw, true, true
			}
		}
		return "", false, true
	case "splitprefix", "splitnames":
		// "named variants_part_aa, variants_part_ab and so on": split's prefix, which it follows with aa, ab, ...
		for i, t := range c.toks {
			p, ok := strings.CutSuffix(t.raw, "aa")
			if !ok || p == "" || t.quoted || !slices.ContainsFunc(c.toks, func(u token) bool { return u.raw == p+"ab" }) {
				continue
			}
			c.toks[i].used = true
			if name == "splitnames" {
				return p + "aa, " + p + "ab, ...", true, true
			}
			return quote(p), true, true
		}
		return "", false, true
	case "ssproc":
		// "with the owning process for each", "and which program has it": ss's -p, which needs root
		// for other users' sockets.
		for i, t := range c.toks {
			if (t.lower == "process" || t.lower == "processes" || t.lower == "program" || t.lower == "pid") && !t.quoted {
				c.toks[i].used = true
				if c.saying {
					return ", with the process that owns each", true, true
				}
				return "p", true, true
			}
		}
		return "", false, true
	case "samegroupowner":
		// "make user and group media own ...": the one name that is both.
		for i := 0; i+3 < len(c.toks); i++ {
			if (c.toks[i].lower == "user" || c.toks[i].lower == "owner") && c.toks[i+1].lower == "and" && c.toks[i+2].lower == "group" {
				if w := c.toks[i+3]; !w.quoted && isIdentifier(w.raw) && !c.e.cat.has("stop", w.lower) {
					c.toks[i+3].used = true
					return w.raw, true, true
				}
			}
		}
		return "", false, true
	case "lackedpat":
		// "which log files don't contain FINISHED": the word after the verb, before any quoted example.
		for i := 0; i+1 < len(c.toks); i++ {
			if l := c.toks[i].lower; l != "contain" && l != "mention" && l != "have" && l != "containing" {
				continue
			}
			j := i + 1
			for j < len(c.toks) && (c.toks[j].lower == "the" || c.toks[j].lower == "word" || c.toks[j].lower == "string" || c.toks[j].lower == "text") {
				j++
			}
			if j < len(c.toks) && (c.toks[j].quoted || c.toks[j].raw != c.toks[j].lower && isIdentifier(c.toks[j].raw)) {
				c.toks[j].used = true
				return quote(c.toks[j].raw), true, true
			}
		}
		v, ok = c.value("pattern")
		return v, ok, true
	case "lackedin":
		// The folder whose files are searched: the one named, wherever it was said ("wrote one log per
		// job into logs/").
		if len(c.s.dirs) > 0 {
			return quote(c.s.dirs[0]), true, true
		}
		for _, p := range append(slices.Clone(c.s.paths), c.s.dst) {
			if strings.HasSuffix(p, "/") {
				return quote(p), true, true
			}
		}
		v, ok = c.value("dir")
		return v, ok, true
	case "gpuindex":
		// "use only GPU three", "gpus 0 and 1", "the second card": CUDA's device numbers.
		var ids []string
		for i := 0; i+1 < len(c.toks); i++ {
			if l := c.toks[i].lower; l != "gpu" && l != "gpus" && l != "card" && l != "device" && l != "devices" {
				continue
			}
			for j := i + 1; j < len(c.toks); j++ {
				w := c.toks[j].lower
				if n, ok := numberWords[w]; ok && w != "a" && w != "an" {
					w = n
				}
				if w == "zero" {
					w = "0"
				}
				if isInt(w) {
					ids = append(ids, w)
					c.toks[j].used = true
					continue
				}
				if w != "and" || len(ids) == 0 {
					break
				}
			}
			if len(ids) > 0 {
				return strings.Join(ids, ","), true, true
			}
		}
		return "", false, true
	case "checkedmember":
		// "Is jonas actually in it?", "is user maya in the group devs": whose membership is checked;
		// "is my user in the dialout group", "am I in it": the current user's, which groups needs no name for.
		if c.s.user != "" {
			return c.s.user, true, true
		}
		for i := 0; i+1 < len(c.toks); i++ {
			if l := c.toks[i].lower; l == "am" && c.toks[i+1].lower == "i" || l == "my" && (c.toks[i+1].lower == "user" || c.toks[i+1].lower == "account") {
				markUsed(c.toks, i, i+2)
				if c.saying {
					return "the current user", true, true
				}
				return "", true, true
			}
		}
		for i := 0; i+1 < len(c.toks); i++ {
			if l := c.toks[i].lower; l != "is" && l != "does" && l != "user" {
				continue
			}
			if w := c.toks[i+1]; !w.quoted && isIdentifier(w.raw) && !c.e.cat.has("stop", w.lower) && !pointingWords[w.lower] && w.raw != c.s.group && w.lower != "user" {
				c.toks[i+1].used = true
				return w.raw, true, true
			}
		}
		return "", false, true
	case "healthof":
		// "shows 'Up 3 hours (unhealthy)' for cache-redis": the container named after "for", else the name said.
		for i := 1; i < len(c.toks); i++ {
			if w := c.toks[i]; (c.toks[i-1].lower == "for" || c.toks[i-1].lower == "container") && !w.quoted && isIdentifier(w.raw) && strings.ContainsAny(w.raw, "-_0123456789") {
				c.toks[i].used = true
				return w.raw, true, true
			}
		}
		v, ok = c.value("name")
		return v, ok, true
	case "installedname":
		// "Is webpack-cli actually installed in this project?": the package between "is" and "installed",
		// whatever the scene before it names ("The build fails ...").
		for i := 0; i+2 < len(c.toks); i++ {
			if c.toks[i].lower != "is" && c.toks[i].lower != "are" {
				continue
			}
			w := c.toks[i+1]
			j := skipWords(c.toks, i+2, "actually", "really", "even", "already", "still")
			if j < len(c.toks) && c.toks[j].lower == "installed" && !w.quoted && isIdentifier(w.raw) && !c.e.cat.has("stop", w.lower) && !pointingWords[w.lower] {
				c.toks[i+1].used = true
				return w.raw, true, true
			}
		}
		v, ok = c.value("name")
		return v, ok, true
	case "newgroup":
		// "a group called robotics", "the devs group", "group devs": the group made.
		for i := 0; i+1 < len(c.toks); i++ {
			if c.toks[i].lower != "group" {
				continue
			}
			j := i + 1
			if c.toks[j].lower == "called" || c.toks[j].lower == "named" {
				j++
			}
			if j < len(c.toks) && !c.toks[j].quoted && isIdentifier(c.toks[j].raw) && !c.e.cat.has("stop", c.toks[j].lower) && c.toks[j].lower != "and" && c.toks[j].lower != "for" {
				markUsed(c.toks, i, j+1)
				return c.toks[j].raw, true, true
			}
		}
		v, ok = c.value("name")
		return v, ok, true
	case "switchto":
		// "switch me to main", "hop over to release/2.4": the branch after "to" behind a verb that switches.
		for i := 0; i+1 < len(c.toks); i++ {
			if c.toks[i].lower != "to" || !slices.ContainsFunc(c.toks[max(0, i-3):i], func(t token) bool { return switchVerbs[t.lower] }) {
				continue
			}
			j := i + 1
			if c.toks[j].lower == "the" && j+1 < len(c.toks) {
				j++
			}
			if b := c.toks[j]; !b.quoted && branchNamed(b) && !c.e.cat.has("stop", b.lower) && !pointingWords[b.lower] {
				c.toks[j].used = true
				return b.raw, true, true
			}
		}
		return "", false, true
	case "vsbranch":
		// "compared to main", "against origin/develop": the branch after the word that compares.
		for i := 1; i+1 < len(c.toks); i++ {
			w, prev := c.toks[i].lower, c.toks[i-1].lower
			if (w == "to" || w == "with") && prev == "compared" || w == "against" || w == "vs" || w == "versus" || w == "to" && prev == "relative" {
				if b := c.toks[i+1]; !b.quoted && isIdentifier(strings.ReplaceAll(b.raw, "/", "-")) && !pointingWords[b.lower] && !c.e.cat.has("stop", b.lower) {
					c.toks[i+1].used = true
					return b.raw, true, true
				}
			}
		}
		return "", false, true
	case "zipadded":
		// "add the new file notes.txt to it": the files named that are no zip archive.
		var q []string
		for _, p := range c.s.paths {
			if !strings.HasSuffix(strings.ToLower(p), ".zip") {
				q = append(q, quote(p))
			}
		}
		return strings.Join(q, " "), len(q) > 0, true
	case "acctname":
		// "the account jsmith27", "user priya": the name after the word for an account.
		if c.s.user != "" {
			return quote(c.s.user), true, true
		}
		for i := 0; i+1 < len(c.toks); i++ {
			if w := c.toks[i].lower; w == "account" || w == "user" || w == "username" || w == "login" {
				if n := c.toks[i+1]; !n.quoted && isIdentifier(n.raw) && !c.e.cat.has("stop", n.lower) && !pointingWords[n.lower] && n.lower != "even" && n.lower != "exist" && n.lower != "exists" {
					c.toks[i+1].used = true
					return n.raw, true, true
				}
			}
		}
		v, ok = c.value("name")
	case "imageref":
		return c.s.imageRef, c.s.imageRef != "", true
	case "sedi":
		// "keep a copy of each original with a .bak suffix", "keep a backup of the original as
		// settings.ini.bak": sed -i with the backup's suffix.
		for _, t := range c.toks {
			if w := strings.ToLower(t.raw); backupSuffixes[w] || strings.Contains(w, ".") && backupSuffixes[w[strings.LastIndex(w, "."):]] && !t.quoted && isFileName(w) {
				return "-i" + w[strings.LastIndex(w, "."):], true, true
			}
		}
		return "-i", true, true
	case "acceptext":
		// "every PDF linked from ...": the kind of file named, as wget -A takes it.
		for _, g := range c.s.globs {
			if ext, ok := strings.CutPrefix(g, "*."); ok && isAlnum(ext) {
				return ext, true, true
			}
		}
		return "", false, true
	case "dbcontainer":
		v, ok = c.dbContainer()
	case "logrange":
		// "on develop but not on main": main..develop.
		var on, off string
		for i := 1; i+1 < len(c.toks); i++ {
			if w := c.toks[i].lower; w != "on" && w != "in" && w != "from" && w != "of" {
				continue
			}
			b := c.toks[i+1]
			if b.lower == "the" && i+2 < len(c.toks) {
				b = c.toks[i+2]
			}
			if b.quoted || !isIdentifier(strings.TrimPrefix(b.raw, "origin/")) || c.e.cat.has("stop", b.lower) || pointingWords[b.lower] {
				continue
			}
			not := c.toks[i-1].lower == "not" || c.toks[i-1].lower == "yet" || c.toks[i-1].lower == "missing" || c.toks[i-1].lower == "into"
			switch {
			case not && off == "":
				off = b.raw
			case !not && on == "":
				on = b.raw
			}
		}
		if on == "" || off == "" {
			return "", false, true
		}
		return off + ".." + on, true, true
	case "lntarget", "lnname":
		// "/srv/app/current should now point at /srv/app/releases/X": the path after "at" or "to" is
		// where the link points; otherwise the order ln takes, target first.
		if len(s.paths) < 2 {
			return "", false, true
		}
		target, link := s.paths[0], s.paths[1]
		for i := 1; i < len(c.toks); i++ {
			if p := c.toks[i-1].lower; (p == "at" || p == "to") && c.toks[i].raw == s.paths[0] {
				break
			} else if (p == "at" || p == "to") && c.toks[i].raw == s.paths[1] {
				target, link = s.paths[1], s.paths[0]
				break
			}
		}
		if name == "lntarget" {
			return quote(target), true, true
		}
		return quote(link), true, true
	case "ontobranch":
		// "the commits on origin/develop": the remote branch named.
		for i, t := range c.toks {
			if b, ok := strings.CutPrefix(t.raw, "origin/"); ok && isIdentifier(b) {
				c.toks[i].used = true
				return b, true, true
			}
		}
		// "rebase onto the latest main": the branch after "onto", past "the latest".
		for i, t := range c.toks {
			if t.lower != "onto" && !(t.lower == "of" && i > 1 && c.toks[i-1].lower == "top") {
				continue
			}
			for j := i + 1; j < len(c.toks) && j <= i+3; j++ {
				w := c.toks[j]
				if w.lower == "the" || w.lower == "latest" || w.lower == "current" || w.lower == "newest" {
					continue
				}
				if isIdentifier(strings.TrimPrefix(w.raw, "origin/")) && !c.e.cat.has("stop", w.lower) {
					c.toks[j].used = true
					return strings.TrimPrefix(w.raw, "origin/"), true, true
				}
				break
			}
		}
		return "", false, true
	case "jqobj":
		// "the keys of its top-level dependencies object": the object's name, before the noun.
		for i := 1; i < len(c.toks); i++ {
			switch c.toks[i].lower {
			case "object", "map", "section", "dict", "dictionary":
				if w := c.toks[i-1]; !w.quoted && isIdentifier(w.raw) && !c.e.cat.has("stop", w.lower) && !strings.ContainsAny(w.raw, ".-") && !jqPlaceWords[w.lower] {
					c.toks[i-1].used = true
					return w.raw, true, true
				}
			}
		}
		return "", false, true
	case "bisectgood", "bisectbad":
		// "between tag v2.0.0 (good) and HEAD (bad)": the name said before each verdict.
		want := strings.TrimPrefix(name, "bisect")
		for i := 1; i < len(c.toks); i++ {
			if strings.Trim(c.toks[i].lower, "()") != want {
				continue
			}
			j := i - 1
			if j > 0 && (c.toks[j].lower == "is" || c.toks[j].lower == "was") {
				j-- // "v1.2 is good"
			}
			if w := c.toks[j]; !w.quoted && (isIdentifier(w.raw) || releaseTag.MatchString(w.lower)) && !c.e.cat.has("stop", w.lower) {
				c.toks[j].used, c.toks[i].used = true, true
				return w.raw, true, true
			}
		}
		if want == "bad" {
			return "HEAD", true, true
		}
		return "", false, true
	case "version":
		// "pinned to exactly 4.17.21": a version with dots.
		for i, t := range c.toks {
			if !t.quoted && isVersion(t.lower) && strings.Contains(t.lower, ".") {
				c.toks[i].used = true
				return t.lower, true, true
			}
		}
		return "", false, true
	case "snapname":
		// The snap a program is known by ("VS Code" is code), else the name said.
		for i, t := range c.toks {
			if n := snapNames[t.lower]; n != "" && !t.quoted {
				c.toks[i].used = true
				if i > 0 && c.toks[i-1].lower == "vs" {
					c.toks[i-1].used = true
				}
				return n, true, true
			}
		}
		v, ok = c.value("installee")
	case "randbytes":
		// "a random 32-byte value": how many bytes.
		for i, t := range c.toks {
			n := strings.TrimSuffix(strings.TrimSuffix(t.lower, "-byte"), "-bytes")
			next := func(k int) string { return nextWord(c.toks, k) }
			if isInt(n) && (n != t.lower || strings.HasPrefix(next(i), "byte") || next(i) == "random" && strings.HasPrefix(next(i+1), "byte")) {
				c.toks[i].used = true
				return n, true, true
			}
		}
		return "32", true, true
	case "icofile":
		for i, t := range c.toks {
			if strings.HasSuffix(t.lower, ".ico") {
				c.toks[i].used = true
				return quote(t.raw), true, true
			}
		}
		return "favicon.ico", true, true
	case "aliasname":
		for i := 1; i < len(c.toks); i++ {
			if p := c.toks[i-1].lower; (p == "called" || p == "named") && isIdentifier(c.toks[i].raw) {
				c.toks[i].used = true
				return c.toks[i].raw, true, true
			}
		}
		for i := 0; i+2 < len(c.toks); i++ {
			// "make ll an alias for ls -alF", "alias ll to ls -alF"
			t := c.toks[i]
			if t.quoted || !isIdentifier(t.raw) || c.e.cat.has("stop", t.lower) {
				continue
			}
			if c.e.cat.index[t.stem] != nil {
				continue // "create an alias ll": the verb names no alias
			}
			if (c.toks[i+1].lower == "an" || c.toks[i+1].lower == "a") && c.toks[i+2].lower == "alias" ||
				i > 0 && (c.toks[i-1].lower == "alias" || c.toks[i-1].lower == "so") && (c.toks[i+1].lower == "for" || c.toks[i+1].lower == "to" || c.toks[i+1].lower == "runs") {
				c.toks[i].used = true
				return t.raw, true, true
			}
		}
		return "", false, true
	case "aliascmd":
		// "git log --oneline --graph --all about fifty times a day": the command written in the
		// request, from its program to its last option.
		if cmd := writtenCommand(c.e, c.toks); cmd != "" {
			return singleQuote(cmd), true, true
		}
		return "", false, true
	case "touchdate":
		// "to Jan 1 2024 at noon": the day as date reads it, and the time of day when said.
		for i := range c.toks {
			d := spelledDate(c.toks, i)
			if d == "" && isoDate(c.toks[i].lower) {
				d = c.toks[i].lower
			}
			if d == "" {
				continue
			}
			for j := i + 1; j < len(c.toks) && j <= i+5; j++ {
				switch w := c.toks[j].lower; {
				case w == "noon" || w == "midday":
					return singleQuote(d + " 12:00"), true, true
				case w == "midnight":
					return singleQuote(d + " 00:00"), true, true
				case clockRe.MatchString(w) && strings.Contains(w, ":"):
					return singleQuote(d + " " + w), true, true
				}
			}
			return singleQuote(d), true, true
		}
		return "", false, true
	case "exportname":
		// The variable: one written as env vars are (DATABASE_URL), else the name said.
		if v, ok := c.value("envname"); ok {
			return v, true, true
		}
		v, ok = c.value("word")
	case "setvalue":
		// "set it to postgres://app@localhost/appdb": the value after the last "to", or after "=".
		for i := len(c.toks) - 2; i >= 0; i-- {
			if w := c.toks[i+1]; (c.toks[i].lower == "to" || c.toks[i].lower == "as") && !pointingWords[w.lower] && !c.e.cat.has("stop", w.lower) {
				c.toks[i+1].used = true
				return quote(w.raw), true, true
			}
		}
		v, ok = c.value("word2")
	case "tokenvar":
		// "a bearer token, which I have in $TOKEN": the variable that holds it, else $TOKEN.
		for i, t := range c.toks {
			if name, ok := strings.CutPrefix(t.raw, "$"); ok && isIdentifier(strings.Trim(name, "{}")) {
				c.toks[i].used = true
				return t.raw, true, true
			}
		}
		return "$TOKEN", true, true
	case "podname":
		// "web-6d4b9-2lqzk": a name shaped as Kubernetes names pods wins over a word beside "pod"
		// ("a staging pod crashlooping, web-6d4b9-2lqzk").
		for i, t := range c.toks {
			if !t.quoted && !t.used && podShaped(t.raw) && t.raw != s.tail.namespace {
				c.toks[i].used = true
				c.usedWords++
				return t.raw, true, true
			}
		}
		if kind, name := c.kubeNamed([]map[string]string{{"pod": "pod"}}); kind != "" {
			return name, true, true
		}
		v, ok = c.value("name")
	case "deployname":
		// "the checkout-api deployment": the name beside the word, else the name the request gives.
		if kind, name := c.kubeNamed([]map[string]string{{"deployment": "deployment"}, {"deploy": "deployment"}}); kind != "" {
			return name, true, true
		}
		v, ok = c.value("name")
	case "kubetarget":
		// What a port is forwarded to: "the prometheus service" is svc/prometheus, "deployment api"
		// deployment/api, anything else a pod by its name.
		if kind, name := c.kubeNamed([]map[string]string{{"service": "svc", "svc": "svc", "deployment": "deployment"}, {"deploy": "deployment"}}); kind != "" {
			return kind + "/" + name, true, true
		}
		v, ok = c.value("name")
	case "lastn":
		// "the last 50 lines of its logs": how many of the newest entries.
		if s.count > 0 {
			c.usedWords++
			return "-n " + strconv.Itoa(s.count), true, true
		}
		return "", false, true
	case "gitsinceflag":
		// "commits by dana from the last two weeks": the window, when one was said.
		if len(s.times) == 0 && !slices.ContainsFunc(c.toks, func(t token) bool { return t.lower == "yesterday" || t.lower == "today" }) {
			return "", false, true
		}
		if v, ok := c.value("gitsince"); ok {
			return "--since=" + v, true, true
		}
		return "", false, true
	case "msg":
		// A commit message: what the request quotes, even where it reads as a place ("change it to
		// "Fix login redirect"").
		switch {
		case len(s.patterns) > 0:
			return singleQuote(s.patterns[0]), true, true
		case strings.HasPrefix(s.text.str, "'"):
			return s.text.str, true, true
		case s.text.str != "":
			return singleQuote(s.text.str), true, true
		}
		v, ok = c.value("pattern")
	default:
		known = false
	}
	return v, ok, known
}

// kubeNamed finds a Kubernetes object said with its kind ("the prometheus service", "deployment api",
// "the last deployment of api"): the kind as kubectl writes it and the name. The maps are tried in
// order, so that a more specific word wins.
func (c *composer) kubeNamed(kindsInOrder []map[string]string) (kind, name string) {
	for _, kinds := range kindsInOrder {
		for i, t := range c.toks {
			kind := kinds[t.lower]
			if kind == "" || t.quoted {
				continue
			}
			order := []int{i - 1, i + 1}
			nameish := func(j int) bool {
				return j >= 0 && j < len(c.toks) && strings.ContainsAny(c.toks[j].raw, "-_0123456789")
			}
			switch {
			case nameish(i-1) && !nameish(i+1):
			case nameish(i+1) && !nameish(i-1), i < 2 || !folderDeterminers[c.toks[i-2].lower] && c.toks[i-2].lower != "the":
				order = []int{i + 1, i - 1} // "scale deployment web": a verb comes before the kind, the name after
			}
			if i+2 < len(c.toks) && c.toks[i+1].lower == "of" {
				order = []int{i + 2} // "the last deployment of api"
			}
			for _, j := range order {
				if j < 0 || j >= len(c.toks) {
					continue
				}
				if w := c.toks[j]; !w.quoted && isIdentifier(w.raw) && !c.e.cat.has("stop", w.lower) && !isInt(w.lower) && !kubeAdjectives[w.lower] &&
					w.lower != "kubernetes" && w.lower != "k8s" && w.raw != c.s.tail.namespace && !c.e.cat.has("notperson", w.lower) {
					c.toks[j].used = true
					c.usedWords++
					return kind, w.raw
				}
			}
		}
	}
	return "", ""
}

// podShaped accepts names as a controller gives its pods: words and a generated suffix joined by
// hyphens, with a digit among the suffixes ("web-6d4b9-2lqzk", "api-0").
func podShaped(w string) bool {
	parts := strings.Split(w, "-")
	if len(parts) < 2 || !isIdentifier(w) || strings.ContainsAny(w, "./@:") {
		return false
	}
	for _, p := range parts {
		if p == "" {
			return false
		}
	}
	return strings.ContainsAny(strings.Join(parts[1:], ""), "0123456789")
}

// jqPlaceWords say where an object is, not its name: "the top-level object", "the first object".
var jqPlaceWords = setOf("json top-level top root first last second third whole entire outer main each every nested inner")

// pipPackages are Python packages people name without saying they are one.
var pipPackages = setOf("requests numpy pandas flask django pytest boto3 urllib3 setuptools black ruff fastapi uvicorn " +
	"sqlalchemy pydantic scipy matplotlib jupyter httpx pyyaml cryptography pillow openai tqdm click rich celery")

// snapNames are the snaps people name by the program: "VS Code" is the snap code.
var snapNames = map[string]string{"code": "code", "vscode": "code", "slack": "slack", "intellij": "intellij-idea-community",
	"pycharm": "pycharm-community", "sublime": "sublime-text", "helm": "helm", "kubectl": "kubectl", "go": "go",
	"spotify": "spotify", "discord": "discord", "postman": "postman", "obsidian": "obsidian"}

// writtenCommand finds a command written out in a request ("i type git log --oneline --graph --all
// fifty times a day"): a program, its words, and its options up to the first plain word after them,
// marking them used. "" when none has an option.
// shellKeywords are the shell's words that tldr pages describe as programs, which in a request are
// more often English: "an alias for ls -alF".
var shellKeywords = setOf("for if while until case do done then else select function")

func writtenCommand(e *Engine, toks []token) string {
	for i, t := range toks {
		if t.quoted || englishPrograms[t.lower] || !isProgramWord(t.lower) || shellKeywords[t.lower] && i+1 < len(toks) && isProgramWord(toks[i+1].lower) {
			continue // "an alias for ls -alF": the program is ls
		}
		words, options := []string{t.raw}, false
		j := i + 1
		for ; j < len(toks) && !toks[j].quoted; j++ {
			w := toks[j].raw
			if strings.HasPrefix(w, "-") {
				options = true
			} else if options || !isIdentifier(w) || e.cat.has("stop", toks[j].lower) {
				break
			}
			words = append(words, w)
			if toks[j].comma {
				j++
				break
			}
		}
		if options {
			markUsed(toks, i, j)
			return strings.Join(words, " ")
		}
	}
	return ""
}

// keyLength is a key's length in bits as a request says it ("4096-bit", "2048 bits"), marked used; ""
// when it says none.
func (c *composer) keyLength() string {
	for i, t := range c.toks {
		n, unit, _ := strings.Cut(t.lower, "-")
		if unit == "" && i+1 < len(c.toks) {
			unit = c.toks[i+1].lower
		}
		if isInt(n) && (unit == "bit" || unit == "bits") {
			c.toks[i].used = true
			return n
		}
	}
	return ""
}

// backupSuffixes are the suffixes people give the copies sed -i keeps.
var backupSuffixes = setOf(".bak .orig .backup .old")

// rawImageExts are the camera raw formats ImageMagick reads.
var rawImageExts = setOf("cr2 cr3 nef arw dng orf rw2 raf")

// progNotNamed are program names that are everyday words in a question about where a program is.
var progNotNamed = setOf("which where command program script binary find locate whereis type file path install installed fails")

// programNouns say that a request is about a program: "where is the mytool binary installed?"
var programNouns = setOf("command program binary executable tool installed script app")

// swapVerbs put one thing in another's place: "swap the tabs for commas".
var swapVerbs = setOf("swap turn replace convert change switch")

// separatorWords are the separators people name in words, as tr writes them.
var separatorWords = map[string]string{
	"comma": "','", "commas": "','", "tab": "'\\t'", "tabs": "'\\t'", "semicolon": "';'", "semicolons": "';'",
	"colon": "':'", "colons": "':'",
}

// switchVerbs move the working tree to another branch: "switch me to main".
var switchVerbs = setOf("switch checkout change go move hop jump get")

// negWords say no: "it shouldn't have a passphrase".
var negWords = setOf("shouldn't shouldnt mustn't mustnt can't cant won't wont doesn't doesnt don't dont not never no")

// hostUnder is a host said with the folder on it after "under" or "in": "copy ~/thesis to
// backup.lab.uni.edu under /backups/lchen" is backup.lab.uni.edu:/backups/lchen.
func (c *composer) hostUnder() (string, bool) {
	for i := 0; i+2 < len(c.toks); i++ {
		h, w, p := c.toks[i], c.toks[i+1].lower, c.toks[i+2]
		if !slices.Contains(c.s.hosts, h.raw) || w != "under" && w != "in" && w != "into" && w != "at" {
			continue
		}
		if !p.quoted && (strings.HasPrefix(p.raw, "/") || strings.HasPrefix(p.raw, "~")) {
			c.toks[i+2].used = true
			return h.raw + ":" + quote(p.raw), true
		}
	}
	return "", false
}

// everyoneWords stand for every user, not one: "every user's cron jobs".
var everyoneWords = setOf("user users everyone everybody account accounts")

// locationWords before a folder say that things are there: "the PNGs in screenshots/ios".
var locationWords = setOf("in inside under within")
