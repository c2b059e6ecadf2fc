package offline

import (
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// processWords follow a program said as what runs: "a vim running", "node processes".
var processWords = setOf("running runnning runs process processes instance instances")

// imageRef is an image name with its tag: myapp:2.1, registry.example.com/team/api:latest.
var imageRef = regexp.MustCompile(`^[a-z0-9][a-z0-9._/-]*:[A-Za-z0-9._-]+$`)

// releaseTag is a version as tags name releases: v2.1.0, 1.4, v3.
var releaseTag = regexp.MustCompile(`^v?\d+(\.\d+)*(-[a-z0-9.]+)?$`)

// dbImages are the database images people run in docker, by the words that name them: the image, the
// port it listens on and the variable that sets its password ("" when it takes none).
var dbImages = map[string]struct{ image, port, passVar string }{
	"postgres": {"postgres", "5432", "POSTGRES_PASSWORD"}, "postgresql": {"postgres", "5432", "POSTGRES_PASSWORD"},
	"mysql": {"mysql", "3306", "MYSQL_ROOT_PASSWORD"}, "mariadb": {"mariadb", "3306", "MARIADB_ROOT_PASSWORD"},
	"redis": {"redis", "6379", ""}, "mongo": {"mongo", "27017", "MONGO_INITDB_ROOT_PASSWORD"}, "mongodb": {"mongo", "27017", "MONGO_INITDB_ROOT_PASSWORD"},
}

// dbContainer renders the arguments of docker run for a database: the port published (the one said,
// else the database's own), its password ("password can just be secret") and the image with the
// version said ("postgres 16" is postgres:16).
func (c *composer) dbContainer() (string, bool) {
	for i, t := range c.toks {
		name, tag, tagged := strings.Cut(t.lower, ":") // "postgres:16"
		db, ok := dbImages[name]
		if !ok || t.quoted || tagged && !isVersion(tag) {
			continue
		}
		image := db.image
		switch {
		case tagged:
			image += ":" + tag
		case i+1 < len(c.toks) && isVersion(c.toks[i+1].lower):
			image += ":" + c.toks[i+1].lower
			c.toks[i+1].used = true
		}
		port := db.port
		if len(c.s.ports) > 0 {
			port = c.s.ports[0]
		}
		out := "-p " + port + ":" + db.port
		for j := 1; j+1 < len(c.toks); j++ {
			// "a container named pg-test": the name docker gives it.
			if w := c.toks[j+1]; (c.toks[j].lower == "named" || c.toks[j].lower == "called") && !w.quoted && isIdentifier(w.raw) && !c.e.cat.has("stop", w.lower) {
				c.toks[j].used, c.toks[j+1].used = true, true
				out = "--name " + w.raw + " " + out
				break
			}
		}
		if pass := c.passwordSaid(); pass != "" && db.passVar != "" {
			out += " -e " + db.passVar + "=" + quote(pass)
		}
		c.usedWords++
		return out + " " + image, true
	}
	return "", false
}

// passwordSaid is the password a request gives after "password" ("password can just be secret",
// "with password hunter2"), skipping the little words between; "" when none.
func (c *composer) passwordSaid() string {
	for i, t := range c.toks {
		if t.lower != "password" && t.lower != "pass" && t.lower != "pw" {
			continue
		}
		for j := i + 1; j < len(c.toks) && j <= i+5; j++ {
			w := c.toks[j]
			if w.quoted || !c.e.cat.has("stop", w.lower) && w.lower != "just" && w.lower != "can" && w.lower != "set" && w.lower != "of" && w.lower != "is" && w.lower != "be" {
				c.toks[j].used = true
				return w.raw
			}
		}
	}
	return ""
}

// isVersion reports whether w reads as a version: 16, 8.0, 7.2.4.
func isVersion(w string) bool {
	if w == "" || w[0] < '0' || w[0] > '9' {
		return false
	}
	for _, r := range w {
		if (r < '0' || r > '9') && r != '.' {
			return false
		}
	}
	return true
}

// npmPackages are the packages people name by what they are: "the typescript compiler" is typescript.
var npmPackages = map[string]string{"typescript": "typescript", "tsc": "typescript", "eslint": "eslint",
	"prettier": "prettier", "yarn": "yarn", "pnpm": "pnpm", "nodemon": "nodemon", "pm2": "pm2", "npx": "npm",
	"lodash": "lodash", "express": "express", "react": "react", "axios": "axios", "webpack": "webpack", "jest": "jest",
	"vite": "vite", "vue": "vue", "moment": "moment", "chalk": "chalk", "dotenv": "dotenv", "mocha": "mocha"}

// npmPackage is the package a global install names: one people know by name, else the name said.
func (c *composer) npmPackage() (string, bool) {
	for i, t := range c.toks {
		if p, ok := npmPackages[t.lower]; ok && !t.quoted {
			c.toks[i].used = true
			return p, true
		}
	}
	for i, t := range c.toks {
		// "npm audit flagged lodash": a name after npm's own words, the first no keyword used.
		if i > 0 && npmWords[c.toks[i-1].lower] && !t.quoted && !t.used && isIdentifier(t.raw) && !npmWords[t.lower] &&
			!c.e.cat.has("stop", t.lower) && !c.e.cat.has("notperson", t.lower) && !sceneStates[t.lower] {
			c.toks[i].used = true
			return t.raw, true
		}
	}
	return c.value("name")
}

// npmWords are npm's subcommands and the verbs around a package's name: "npm audit flagged lodash".
var npmWords = setOf("npm audit flagged flags install update upgrade bump outdated want add need")

// certDays is how long a certificate is to stay valid, in days: "good for a year" is 365, "for 90
// days" 90, "2 years" 730; 365 when the request does not say.
func (c *composer) certDays() string {
	for i, t := range c.toks {
		n := 1
		if i > 0 {
			if v, err := strconv.Atoi(c.toks[i-1].lower); err == nil && v > 0 {
				n = v
			}
		}
		switch strings.TrimSuffix(t.lower, "s") {
		case "year":
			c.toks[i].used = true
			return strconv.Itoa(365 * n)
		case "day":
			if n > 1 {
				c.toks[i].used = true
				return strconv.Itoa(n)
			}
		case "month":
			c.toks[i].used = true
			return strconv.Itoa(30 * n)
		}
	}
	return "365"
}

// branchNamed reports whether t can be a branch's name as said: release/2.4, feature-x, develop.
func branchNamed(t token) bool {
	return !t.quoted && t.raw != "" && !strings.HasPrefix(t.raw, "/") && !strings.HasPrefix(t.raw, ".") &&
		!strings.HasPrefix(t.raw, "~") && strings.Trim(t.raw, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/._-") == ""
}

// pinWords are the words of a pinned install that name no package.
var pinWords = setOf("install exactly version pip pip3 python package with of the a use using pin get just specifically want need")

// httpCode is the HTTP status a request names: a number from 100 to 599; "" when none.
func (c *composer) httpCode() string {
	for i, t := range c.toks {
		if n, err := strconv.Atoi(t.lower); err == nil && n >= 100 && n <= 599 && !t.quoted {
			c.toks[i].used = true
			return t.lower
		}
	}
	return ""
}

// sumsFile is the checksum list a verification reads: SHA256SUMS, x.sha256, else the one file named.
func (c *composer) sumsFile() (string, bool) {
	for _, t := range c.toks {
		if strings.Contains(t.raw, "SUMS") && !t.quoted && !slices.Contains(c.s.paths, t.raw) {
			c.s.paths = append(c.s.paths, t.raw) // "the SHA256SUMS file": a name in capitals is a file here
		}
	}
	for _, p := range c.s.paths {
		b := strings.ToLower(path.Base(p))
		if strings.HasSuffix(b, ".md5") && c.tpl != "" && strings.HasPrefix(c.tpl, "md5sum") {
			return quote(p), true // "firmware.bin plus its checksum as firmware.bin.md5"
		}
		if sumsListName(b) {
			if len(c.s.paths) > 1 && !strings.Contains(c.tpl, "--ignore-missing") && !sumsOfItsOwn(p, c.s.paths) {
				if c.saying {
					return quote(p) + " that are here (--ignore-missing skips the others)", true
				}
				return quote(p) + " --ignore-missing", true // only the files that are here
			}
			return quote(p), true
		}
	}
	return c.value("file")
}

// sumsListName reports whether file name b (lower case) names a list of checksums: SHA256SUMS,
// checksums.sha256, release.sha256sum.
func sumsListName(b string) bool {
	return strings.Contains(b, "sums") || strings.HasSuffix(b, ".sha256") || strings.HasSuffix(b, ".sha256sum") || strings.Contains(b, "checksum")
}

// sumsOfItsOwn reports whether the paths besides the checksum list sums are only the file it is named
// after (or names without an extension, like README): imagenet_subset.tar beside
// imagenet_subset.tar.sha256 is what the list checks, all of it.
func sumsOfItsOwn(sums string, paths []string) bool {
	base := strings.TrimSuffix(sums, path.Ext(sums))
	for _, p := range paths {
		if p != sums && p != base && strings.Contains(path.Base(p), ".") { // "the README gave its hash": no file it checks
			return false
		}
	}
	return true
}

// dbName is the database a dump or restore names: the word before "database" or "db", or after it.
func (c *composer) dbName() (string, bool) {
	for _, word := range []string{"database", "db"} {
		if v, ok := c.dbNamedBy(word); ok {
			return v, true
		}
	}
	return c.value("name")
}

// dbNamedBy is the name beside word ("the shop database", "database shop"), skipping kinds and machines.
func (c *composer) dbNamedBy(word string) (string, bool) {
	for i, t := range c.toks {
		if t.lower != word && !(word == "database" && t.lower == "schema") {
			continue
		}
		for _, j := range []int{i - 1, i + 1} {
			if j == i-1 && j >= 0 && c.toks[j].comma {
				continue // "as user etl, database warehouse": the name before the comma is another's
			}
			if j >= 0 && j < len(c.toks) && isIdentifier(c.toks[j].raw) && !c.e.cat.has("stop", c.toks[j].lower) &&
				!pointingWords[c.toks[j].lower] && !dbWords[c.toks[j].lower] {
				c.toks[j].used = true
				return c.toks[j].raw, true
			}
		}
	}
	return "", false
}

// dbWords name kinds of database, or what is beside one, not one: "the mysql database", "the db server".
var dbWords = setOf("mysql mariadb postgres postgresql sqlite full whole entire production prod staging local remote new old sql empty existing " +
	"server host box machine dump file backup")

// dbAuth is how a database client logs in as the user said: "as root" is -u root -p.
func (c *composer) dbAuth() (string, bool) {
	for i := 0; i+1 < len(c.toks); i++ {
		if c.toks[i].lower == "as" && isIdentifier(c.toks[i+1].raw) && !c.e.cat.has("stop", c.toks[i+1].lower) {
			w := c.toks[i+1]
			if w.lower == "user" && i+2 < len(c.toks) {
				w = c.toks[i+2]
			}
			c.toks[i+1].used = true
			return "-u " + w.raw + " -p", true
		}
	}
	return "", false
}

// dumpTo is where a dump goes: gzipped when the request says so, named after the database.
func (c *composer) dumpTo() (string, bool) {
	name := "dump"
	if db, ok := c.dbName(); ok {
		name = strings.Trim(db, "'")
	}
	out := ""
	for _, p := range c.s.paths {
		if hasAnySuffix(p, ".sql", ".sql.gz", ".dump") {
			out = p // "to shop.sql"
		}
	}
	for i, t := range c.toks {
		if t.lower == "gzipped" || t.lower == "gzip" || t.lower == "compressed" || strings.HasSuffix(out, ".gz") {
			c.toks[i].used = true
			if out == "" {
				out = name + ".sql.gz"
			}
			return "| gzip > " + quote(out), true
		}
	}
	if out == "" {
		out = name + ".sql"
	}
	return "> " + quote(out), true
}

// devValue renders the placeholders of database and environment requests; known is false for others.
func (c *composer) devValue(name string) (v string, ok, known bool) {
	s := c.s
	switch name {
	case "envassign":
		if s.tail.assign == "" {
			// "Start ./server with PORT set to 8081 just for this one run": the name said, then its value.
			name, ok := c.value("envname")
			val, ok2 := c.value("setvalue")
			if !ok || !ok2 {
				return "", false, true
			}
			return name + "=" + val, true, true
		}
		name, val, _ := strings.Cut(s.tail.assign, "=")
		return name + "=" + quote(val), true, true
	case "envfile":
		for _, p := range s.paths {
			if b := path.Base(p); b == ".env" || strings.HasPrefix(b, ".env.") || strings.HasSuffix(b, ".env") {
				return quote(p), true, true
			}
		}
		return "", false, true
	case "pghost":
		// "the reporting postgres is at 10.20.0.7": the server, when one is named.
		if len(s.hosts) == 0 {
			return "", false, true
		}
		return "-h " + s.hosts[0], true, true
	case "pguser":
		// "connect as user reporter": the role to log in as.
		for i := 0; i+1 < len(c.toks); i++ {
			if c.toks[i].lower != "as" {
				continue
			}
			j := i + 1
			if c.toks[j].lower == "user" && j+1 < len(c.toks) {
				j++
			}
			if w := c.toks[j]; isIdentifier(w.raw) && !c.e.cat.has("stop", w.lower) {
				c.toks[j].used = true
				return "-U " + w.raw, true, true
			}
		}
		return "", false, true
	case "container":
		// "the container called worker", "its called db", "the postgres container pg-main", "container
		// api", "the running redis container": a name said after "called", then after "container",
		// then before it.
		for i, t := range c.toks {
			if (t.lower == "called" || t.lower == "named") && c.nameAt(i+1, containerWords) {
				c.toks[i+1].used = true
				return c.toks[i+1].raw, true, true
			}
		}
		if v := c.nameBeside(containerNouns, true, containerWords); v != "" {
			return v, true, true
		}
		if v, ok := c.value("name"); ok {
			return v, true, true
		}
		return "", false, true
	case "pgcontainer":
		// "a docker container called pg": the container's name, not the database's.
		for i := 0; i+1 < len(c.toks); i++ {
			if w := c.toks[i+1]; (c.toks[i].lower == "called" || c.toks[i].lower == "named" || c.toks[i].lower == "container") &&
				isIdentifier(w.raw) && !c.e.cat.has("stop", w.lower) && w.lower != "called" && w.lower != "named" {
				c.toks[i+1].used = true
				return w.raw, true, true
			}
		}
		return "", false, true
	}
	return "", false, false
}

// gitValue renders the placeholders of git requests that name a text or a remote branch.
func (c *composer) gitValue(name string) (v string, ok, known bool) {
	switch name {
	case "gitauthor":
		// "commits by me (author alice)", "written by bob": the name after "author" or "by".
		if c.s.author != "" {
			return c.s.author, true, true // "alice's commits"
		}
		for _, cue := range []string{"author", "by"} {
			for i := 0; i+1 < len(c.toks); i++ {
				w := c.toks[i+1]
				if c.toks[i].lower == cue && (isIdentifier(w.raw) || strings.Contains(w.raw, "@")) && !c.e.cat.has("stop", w.lower) && w.lower != "me" && w.lower != "accident" && w.lower != "mistake" {
					c.toks[i+1].used = true
					return w.raw, true, true
				}
			}
		}
		if v, ok := c.value("name"); ok {
			return v, true, true
		}
		return "", false, true
	case "pickaxe":
		// The text a commit added or removed: quoted, a name in capitals ("LEGACY_AUTH"), else a word.
		switch {
		case len(c.s.patterns) > 0:
			return singleQuote(c.s.patterns[0]), true, true
		case c.s.envName != "":
			return c.s.envName, true, true
		case c.s.codeWord != "":
			return c.s.codeWord, true, true // "The function was called withRetry."
		}
		v, ok := c.value("pattern")
		return v, ok, true
	case "remotebranch":
		// "origin/develop" as said, else origin/ and the local branch named ("my local develop").
		for _, t := range c.toks {
			if strings.HasPrefix(t.lower, "origin/") || strings.HasPrefix(t.lower, "upstream/") {
				return t.raw, true, true
			}
		}
		for i := 0; i+1 < len(c.toks); i++ {
			if w := c.toks[i+1]; c.toks[i].lower == "local" && branchNamed(w) && !c.e.cat.has("stop", w.lower) && !pointingWords[w.lower] {
				return "origin/" + w.raw, true, true
			}
		}
		return "", false, true
	case "onto":
		// What a rebase replays onto: "origin/main" as said, "upstream's main", else the branch named.
		if v, ok := c.value("remotebranch"); ok {
			return v, true, true
		}
		for i := 0; i+1 < len(c.toks); i++ {
			if r, ok := strings.CutSuffix(c.toks[i].lower, "'s"); ok && (r == "upstream" || r == "origin") && branchNamed(c.toks[i+1]) && !c.e.cat.has("stop", c.toks[i+1].lower) {
				markUsed(c.toks, i, i+2)
				return r + "/" + c.toks[i+1].raw, true, true
			}
		}
		v, ok := c.value("name")
		return v, ok, true
	}
	return "", false, false
}

// sqlFile is the dump a restore reads: a .sql file named, else the first file.
func (c *composer) sqlFile() (string, bool) {
	for _, p := range c.s.paths {
		if hasAnySuffix(p, ".sql", ".dump") {
			return quote(p), true
		}
	}
	return c.value("file")
}

// sysValue renders the placeholders of process and scheduling requests; known is false for others.
func (c *composer) sysValue(name string) (v string, ok, known bool) {
	switch name {
	case "tailn":
		// "its last 100 log lines": docker's --tail.
		if c.s.count > 0 && slices.ContainsFunc(c.toks, func(t token) bool { return t.lower == "lines" || t.lower == "line" }) {
			return "--tail " + strconv.Itoa(c.s.count), true, true
		}
		return "", false, true
	case "crontabl":
		// "the cron jobs of user www-data": another user's crontab, read as root; "what cron jobs root
		// has" is root's.
		if c.s.user == "" && slices.ContainsFunc(c.toks, func(t token) bool { return t.lower == "root" }) {
			return "sudo crontab -u root -l", true, true
		}
		if c.s.user == "" || strings.HasPrefix(c.s.user, "$") || everyoneWords[strings.ToLower(c.s.user)] {
			return "crontab -l", true, true // "the current user's crontab" names no user
		}
		return "sudo crontab -u " + quote(c.s.user) + " -l", true, true
	case "cronwho":
		if c.s.user == "" || strings.HasPrefix(c.s.user, "$") || everyoneWords[strings.ToLower(c.s.user)] {
			return "", false, true
		}
		return c.s.user, true, true
	case "signal":
		// "send it a HUP", "reload it": the signal by its name without SIG.
		for i, t := range c.toks {
			w := strings.TrimPrefix(strings.ToUpper(t.raw), "SIG")
			switch {
			case w == "HUP" || w == "TERM" || w == "KILL" || w == "INT" || w == "USR1" || w == "USR2" || w == "QUIT":
				c.toks[i].used = true
				return w, true, true
			case t.lower == "reload":
				return "HUP", true, true
			}
		}
		return "", false, true
	case "installee":
		// "install nginx on a fedora box": the word after install, when it names something.
		for i, t := range c.toks {
			if t.lower != "install" {
				continue
			}
			for j := i + 1; j < len(c.toks) && j <= i+3; j++ {
				w := c.toks[j]
				if w.lower == "the" || w.lower == "a" || w.lower == "package" || w.lower == "packages" || w.lower == "program" || w.lower == "tool" {
					continue // "install the package jq"
				}
				if !w.quoted && isIdentifier(w.raw) && !c.e.cat.has("stop", w.lower) && !pointingWords[w.lower] {
					return c.packagesFrom(j), true, true
				}
				break
			}
		}
		for i, t := range c.toks {
			// "... need htop, whats the install command": the program named anywhere, and those listed
			// with it ("i need git and vim installed").
			if !t.quoted && !c.e.cat.has("stop", t.lower) && !pkgWords[t.lower] && !englishPrograms[t.lower] && isProgramWord(t.lower) {
				return c.packagesFrom(i), true, true
			}
		}
		v, ok := c.value("name")
		return v, ok, true
	case "pwbytes":
		// "a 32-character password": base64 writes 4 characters for every 3 bytes.
		for i, t := range c.toks {
			n := strings.TrimSuffix(strings.TrimSuffix(t.lower, "-character"), "-char")
			if v, err := strconv.Atoi(n); err == nil && v >= 8 && v <= 256 && (n != t.lower || i+1 < len(c.toks) && strings.HasPrefix(c.toks[i+1].lower, "char")) {
				c.toks[i].used = true
				return strconv.Itoa((v*3 + 3) / 4), true, true
			}
		}
		return "", false, true
	case "gzfiles":
		// The gzipped files a search reads, as the shell expands them: "/var/log/syslog.*.gz".
		var out []string
		for _, p := range append(slices.Clone(c.s.paths), c.s.globs...) {
			if strings.HasSuffix(p, ".gz") || strings.HasSuffix(p, ".gz'") {
				out = append(out, p)
			}
		}
		if len(out) == 0 {
			return "", false, true
		}
		return strings.Join(out, " "), true, true
	case "imagetag":
		// "tag it myapp:2.1": an image's name and tag as docker writes them, else the name said.
		for i, t := range c.toks {
			if !t.quoted && imageRef.MatchString(t.raw) {
				c.toks[i].used = true
				return t.raw, true, true
			}
		}
		v, ok := c.value("name")
		if strings.ContainsAny(v, "*?") {
			return "", false, true // "the docker image" read as image files names no tag
		}
		return v, ok, true
	case "member":
		// Who joins a group: the name after add/put, or, for "add her", the person the request named
		// before ("new hire alice needs to ...").
		for i := 0; i+1 < len(c.toks); i++ {
			if c.toks[i].lower != "add" && c.toks[i].lower != "put" {
				continue
			}
			w := c.toks[i+1]
			if isIdentifier(w.raw) && !c.e.cat.has("stop", w.lower) && !themWords[w.lower] && w.lower != "user" {
				c.toks[i+1].used = true
				return quote(w.raw), true, true
			}
			if themWords[w.lower] {
				for k := 1; k+1 < i; k++ {
					if p := c.toks[k]; personVerbs[c.toks[k+1].lower] && isIdentifier(p.raw) && !c.e.cat.has("stop", p.lower) {
						c.toks[k].used = true
						return quote(p.raw), true, true
					}
				}
			}
		}
		v, ok := c.value("name")
		return v, ok, true
	case "pkglist":
		// "curl, git and htop": the programs a request lists to install, in order.
		var out []string
		for i, t := range c.toks {
			if t.quoted || c.e.cat.has("stop", t.lower) || pkgWords[t.lower] || slices.Contains(out, t.lower) {
				continue
			}
			if isProgramWord(t.lower) {
				c.toks[i].used = true
				out = append(out, t.lower)
			}
		}
		if len(out) == 0 {
			return "", false, true
		}
		c.usedWords += len(out)
		return strings.Join(out, " "), true, true
	case "newowner", "newowners":
		// "give them all back to www-data": the name after the last "to"; "back to the dev user" names dev.
		// newowners is user and group as chown writes them: www-data:www-data, or the sam:sam said.
		both := func(v string) string {
			if name == "newowners" && !strings.Contains(v, ":") {
				return v + ":" + v
			}
			return v
		}
		if strings.Contains(c.s.user, ":") {
			return c.s.user, true, true
		}
		for i := len(c.toks) - 2; i >= 0; i-- {
			if c.toks[i].lower != "to" {
				continue
			}
			j := i + 1
			if c.toks[j].lower == "the" && j+2 < len(c.toks) && c.toks[j+2].lower == "user" {
				j++
			}
			if w := c.toks[j]; isIdentifier(w.raw) && !c.e.cat.has("stop", w.lower) && !pointingWords[w.lower] {
				c.toks[j].used = true
				return both(w.raw), true, true
			}
		}
		if c.s.user != "" {
			return both(c.s.user), true, true
		}
		return "", false, true
	case "pidfile":
		for _, p := range c.s.paths {
			if strings.HasSuffix(p, ".pid") {
				return quote(p), true, true
			}
		}
		return "", false, true
	}
	return "", false, false
}

// kubeAdjectives describe a deployment or service rather than name it: "the last deployment".
var kubeAdjectives = setOf("last previous latest current new old bad broken failed")

// themWords point at a person named before; personVerbs follow a person's name in a scene.
var (
	themWords   = setOf("her him them")
	personVerbs = setOf("needs wants should has is will can must")
)

// pkgWords are the words of an install request that name no package.
var pkgWords = setOf("apt apt-get sudo update install installed upgrade package packages box ubuntu debian fedora fresh new")

// packagesFrom is the package named at toks[j] and those listed after it ("git, curl and vim"), quoted
// as the shell needs, and marks them used.
func (c *composer) packagesFrom(j int) string {
	names := []string{quote(c.toks[j].raw)}
	c.toks[j].used = true
	name := func(k int) bool { // a program the pages know, not a word of the request: "install nginx and start it"
		w := c.toks[k]
		return !w.quoted && isIdentifier(w.raw) && !c.e.cat.has("stop", w.lower) && !pointingWords[w.lower] && !pkgWords[w.lower] &&
			!englishPrograms[w.lower] && isProgramWord(w.lower)
	}
	for k := j + 1; k < len(c.toks); {
		switch {
		case c.toks[k].lower == "and" && k+1 < len(c.toks) && (name(k+1) || c.lastPackage(k+1)):
			names = append(names, quote(c.toks[k+1].raw))
			c.toks[k].used, c.toks[k+1].used = true, true
			k += 2
			continue
		case c.toks[k-1].comma && name(k):
			names = append(names, quote(c.toks[k].raw))
			c.toks[k].used = true
			k++
			continue
		}
		break
	}
	if c.saying && len(names) > 1 {
		return "the packages " + strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
	}
	if c.saying {
		return "the package " + names[0]
	}
	return strings.Join(names, " ")
}

// lastPackage reports whether the word at k names the last of the packages listed, though the pages
// do not know it: a package's name ("python3-pip and geany") said last in its clause.
func (c *composer) lastPackage(k int) bool {
	w := c.toks[k]
	if w.quoted || !isIdentifier(w.raw) || c.e.cat.has("stop", w.lower) || pointingWords[w.lower] || pkgWords[w.lower] || englishPrograms[w.lower] {
		return false
	}
	return w.comma || k+1 == len(c.toks) || packageListEnds[c.toks[k+1].lower]
}

// packageListEnds are the words after a list of packages: "install jq and geany without prompting".
var packageListEnds = setOf("without with on for please using so via from")

var (
	// containerWords describe a container rather than name it: "the running redis container".
	containerWords = setOf("running docker the a my that this stopped new old")
	containerNouns = setOf("container")
	tableNouns     = setOf("table tabel")
)

// nameAt reports whether toks[k] can be a name: an identifier that is no stop word and none of skip.
func (c *composer) nameAt(k int, skip map[string]bool) bool {
	return k >= 0 && k < len(c.toks) && isIdentifier(c.toks[k].raw) && !c.e.cat.has("stop", c.toks[k].lower) && !skip[c.toks[k].lower]
}

// nameBeside is the name said right beside one of words ("container api", "the events table"), looked
// for after them first when afterFirst, else before them first; it is marked used. "" when there is none.
func (c *composer) nameBeside(words map[string]bool, afterFirst bool, skip map[string]bool) string {
	for _, after := range []bool{afterFirst, !afterFirst} {
		for i, t := range c.toks {
			k := i - 1
			if after {
				k = i + 1
			}
			if words[t.lower] && c.nameAt(k, skip) {
				c.toks[k].used = true
				return c.toks[k].raw
			}
		}
	}
	return ""
}
