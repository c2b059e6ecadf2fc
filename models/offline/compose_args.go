package offline

import (
	"slices"
	"strings"
)

// tailCompose renders the slots the long tail's templates take from the whole request (container
// images, package managers, two names joined by "and", ...); known is false for a name that is not one
// of them.
func (c *composer) tailCompose(name string) (v string, ok, known bool) {
	s := c.s
	switch name {
	case "pkg.install", "pkg.remove", "pkg.update", "pkg.upgrade", "pkg.upgradeone", "pkg.search", "pkg.list", "pkg.owner":
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
		for _, p := range append(append(slices.Clone(s.paths), s.globs...), c.createdInside()) {
			if !strings.HasPrefix(p, "/") && !strings.HasPrefix(p, "~") && strings.Contains(strings.Trim(p, "/"), "/") {
				return "-p", true, true // a/b/c; an absolute path's parent usually exists
			}
		}
		return "", false, true
	case "splitsize", "journalsize", "allocsize":
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
		for _, h := range s.hosts {
			// "we've got a jumphost, jump.corp.net": a machine named as one.
			if b := strings.ToLower(h); strings.HasPrefix(b, "jump") || strings.HasPrefix(b, "bastion") || strings.HasPrefix(b, "gateway") {
				return h, true, true
			}
		}
		if len(s.hosts) > 1 {
			return s.hosts[len(s.hosts)-1], true, true
		}
		return "", false, true
	case "tunnelport":
		// The far end of a tunnel: the second port said, else the port of the database the request
		// names ("the postgres on db01 ... local port 5433" is 5432 there), else the same port.
		if len(s.ports) > 1 {
			return s.ports[1], true, true
		}
		for _, t := range c.toks {
			if db, ok := dbImages[t.lower]; ok && !t.quoted {
				return db.port, true, true
			}
		}
		if s.service != "" {
			if db, ok := dbImages[strings.ToLower(s.service)]; ok {
				return db.port, true, true
			}
		}
		v, ok := first(s.ports)
		return v, ok, true
	case "tunnelhost":
		// Where a tunnel leads: the machine named that is not the one it goes through.
		jump, _, _ := c.tailCompose("jumphost")
		for _, h := range s.hosts {
			if h != jump {
				return h, true, true
			}
		}
		return "localhost", true, true
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
		// What to fetch from the other machine: a path said, else the folder or file named. A file and
		// the folder it is in ("backup.tar.gz from /var/backups on web1") are one path.
		if s.remotePath != "" {
			return quote(s.remotePath), true, true // "web01:/srv/uploads": the path said with its host
		}
		var file, dir string
		for _, p := range s.paths {
			switch {
			case p == s.dst || p == "." || strings.Contains(p, ":"):
			case !strings.Contains(p, "/") && isFileName(p) && file == "":
				file = p
			case (strings.HasPrefix(p, "/") || strings.HasPrefix(p, "~")) && !isFileName(baseName(p)) && dir == "":
				dir = p
			}
		}
		if file != "" && dir != "" {
			return quote(strings.TrimSuffix(dir, "/") + "/" + file), true, true
		}
		for _, p := range s.paths {
			// "nginx.conf from admin@prod1, it lives at /etc/nginx/nginx.conf": the file's full path.
			if file != "" && strings.HasPrefix(p, "/") && baseName(p) == file {
				return quote(p), true, true
			}
		}
		if dir != "" && file == "" {
			return quote(dir), true, true // "the photos folder ... path /volume1/photos": the path said
		}
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
	case "fetchr":
		// scp's -r, for a folder: a file named with its extension needs none.
		if v, ok := c.value("remotepath"); ok && isFileName(baseName(strings.Trim(v, "'\""))) {
			return "", false, true
		}
		return "-r", true, true
	case "fetchdst":
		// Where a fetched file lands: the place said, else here; never the remote folder it came from.
		if s.dst != "" {
			return quote(s.dst), true, true
		}
		return ".", true, true
	case "shellpath":
		// A login shell by name, found where this machine has it.
		for _, t := range c.toks {
			switch t.lower {
			case "zsh", "bash", "fish", "sh", "dash", "ksh", "tcsh":
				return `"$(command -v ` + t.lower + `)"`, true, true
			}
		}
		return "", false, true
	case "binshell":
		// useradd wants the shell's path: where Debian and Fedora both have it.
		for _, t := range c.toks {
			switch t.lower {
			case "zsh", "bash", "sh", "dash", "ksh":
				return "/bin/" + t.lower, true, true
			case "fish":
				return "/usr/bin/fish", true, true
			}
		}
		return "", false, true
	case "newuser":
		// "we hired a contractor, sam": a name after a person's noun and a comma, or after "called",
		// "named", "user"; else the name the request leaves over.
		for pass := 0; pass < 3; pass++ {
			for i := 1; i < len(c.toks); i++ {
				t, prev := c.toks[i], c.toks[i-1]
				cue := prev.lower == "called" || prev.lower == "named" || prev.lower == "user"
				switch pass {
				case 1:
					cue = prev.comma && personNouns[prev.lower]
				case 2:
					// "a deploy user", "an account ci-bot": the name between the article and the noun.
					cue = (prev.lower == "a" || prev.lower == "an") && i+1 < len(c.toks) && (c.toks[i+1].lower == "user" || c.toks[i+1].lower == "account")
				}
				if cue && !t.quoted && isIdentifier(t.raw) && !c.e.cat.has("stop", t.lower) && !pointingWords[t.lower] && !askWords[t.lower] {
					c.toks[i].used = true
					return t.raw, true, true
				}
			}
		}
		v, ok := c.value("name")
		return v, ok, true
	case "dirs2", "branches2", "commits2":
		// Two folders to compare, in the order said: on either side of "and" ("the folders old and
		// new", whatever else the words mean), else the paths, then plain names left over.
		if name == "branches2" {
			// "between it and main", after "committing on feature/login": "it" is the branch named before.
			for i := 0; i+3 < len(c.toks); i++ {
				if c.toks[i].lower != "between" || c.toks[i+2].lower != "and" {
					continue
				}
				a, b := c.toks[i+1].raw, c.toks[i+3].raw
				if pointingWords[strings.ToLower(a)] && len(s.paths) > 0 {
					a = s.paths[0]
				}
				if branchNamed(token{raw: a}) && branchNamed(token{raw: b}) && !c.e.cat.has("stop", strings.ToLower(b)) && !possessives[strings.ToLower(b)] {
					c.usedWords += 2
					return quote(a) + " " + quote(b), true, true
				}
			}
		}
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
		"upgrade": "sudo apt update && sudo apt upgrade", "upgradeone": "sudo apt install --only-upgrade", "search": "apt search", "list": "apt list --installed", "owner": "dpkg -S"},
	"brew": {"install": "brew install", "remove": "brew uninstall", "update": "brew update",
		"upgrade": "brew update && brew upgrade", "upgradeone": "brew upgrade", "search": "brew search", "list": "brew list", "owner": "brew which-formula"},
	"dnf": {"install": "sudo dnf install", "remove": "sudo dnf remove", "update": "sudo dnf check-update",
		"upgrade": "sudo dnf upgrade", "upgradeone": "sudo dnf upgrade", "search": "dnf search", "list": "dnf list --installed", "owner": "dnf provides"},
	"yum": {"install": "sudo yum install", "remove": "sudo yum remove", "update": "sudo yum check-update",
		"upgrade": "sudo yum update", "upgradeone": "sudo yum update", "search": "yum search", "list": "yum list installed", "owner": "yum provides"},
	"pacman": {"install": "sudo pacman -S", "remove": "sudo pacman -R", "update": "sudo pacman -Sy",
		"upgrade": "sudo pacman -Syu", "upgradeone": "sudo pacman -S", "search": "pacman -Ss", "list": "pacman -Q", "owner": "pacman -Qo"},
	"snap": {"install": "sudo snap install", "remove": "sudo snap remove", "update": "sudo snap refresh --list",
		"upgrade": "sudo snap refresh", "upgradeone": "sudo snap refresh", "search": "snap find", "list": "snap list", "owner": "snap find"},
	"apk": {"install": "sudo apk add", "remove": "sudo apk del", "update": "sudo apk update",
		"upgrade": "sudo apk upgrade", "upgradeone": "sudo apk upgrade", "search": "apk search", "list": "apk info", "owner": "apk info --who-owns"},
	"zypper": {"install": "sudo zypper install", "remove": "sudo zypper remove", "update": "sudo zypper refresh",
		"upgrade": "sudo zypper update", "upgradeone": "sudo zypper update", "search": "zypper search", "list": "zypper search --installed-only", "owner": "zypper search --provides"},
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
		case "apt-get", "aptitude", "ubuntu", "debian", "mint":
			mgr = "apt"
		case "fedora", "centos", "rhel", "rocky", "alma", "almalinux":
			mgr = "dnf" // "install nginx on a fedora box"
		case "arch", "manjaro":
			mgr = "pacman"
		case "alpine":
			mgr = "apk"
		case "opensuse", "suse":
			mgr = "zypper"
		default:
			if _, ok := packageManagers[w]; ok && !t.quoted {
				mgr = w
			}
		}
	}
	return packageManagers[mgr][action], true
}

// flags collects the options a vocabulary section [flags.UTIL] maps the prompt's words to, in the
// order the words came: "list files with details, newest first" gives "-l -t" for flags.ls.
func (c *composer) flags(section string) (string, bool) {
	var out, refused []string
	for i := 0; i < len(c.toks); i++ {
		if c.toks[i].quoted || c.s.tail.namespace != "" && (c.toks[i].lower == "namespace" || c.toks[i].lower == "ns") {
			continue // "in the kube-system namespace" says where, not what to list
		}
		v, n := c.e.cat.lookup(section, c.toks, i)
		if n > 0 && forbiddenAt(c.toks, i) {
			// "mirror ~/Music to the NAS ... please don't delete anything over there": an option that
			// destroys what the person refuses is none, whatever other words ask for it.
			for _, f := range strings.Fields(c.platform(v)) {
				if destructiveFlags[f] {
					refused = append(refused, f)
				}
			}
		}
		if n == 0 || inForbiddenClause(c.toks, i) || i+1 < len(c.toks) && slices.Contains(c.s.notGlobs, c.toks[i+1].raw) {
			continue // "except debug.log" leaves a file out: no grep -v
		}
		if n == 1 && c.toks[i].lower == "without" && i+1 < len(c.toks) && strings.HasSuffix(c.toks[i+1].lower, "ing") && !thingWords[c.toks[i+1].lower] {
			continue // "without unpacking the file to disk" says how, not what to leave out
		}
		if strings.HasPrefix(v, "--since") && (c.s.tail.sinceClock != "" && strings.Contains(c.tpl, "<sinceclock") || strings.Contains(c.tpl, "--since <since")) {
			continue // "since this morning, like since 8am": the time of day says it; "from the last hour": the template's own --since
		}
		for _, f := range strings.Fields(c.platform(v)) {
			if !contains(out, f) && !inShortFlags(c.tpl, f) {
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
	out = slices.DeleteFunc(out, func(f string) bool { return slices.Contains(refused, f) })
	c.flagged = c.flagged || len(out) > 0
	return strings.Join(out, " "), len(out) > 0
}

// destructiveFlags are options that delete, overwrite or kill outright.
var destructiveFlags = setOf("--delete --delete-after --delete-excluded --remove-source-files -f --force -9 -KILL -SIGKILL --hard -D -rf -fr --prune -delete --purge")

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

// inShortFlags reports whether the one-letter option f ("-n") is already among the short options the
// template writes ("grep -rn <flags.grep?> ..."), so that it is not given twice.
func inShortFlags(tpl, f string) bool {
	if len(f) != 2 || f[0] != '-' || f[1] == '-' {
		return false
	}
	for _, w := range strings.Fields(tpl) {
		// A cluster of short options ("-rn", "-rnE"); find's primaries (-exec, -name, -ls) are words.
		if len(w) > 1 && len(w) <= 4 && w[0] == '-' && w[1] != '-' && isAlpha(strings.ToLower(w[1:])) && w != "-ls" && w != "-or" && w != "-not" &&
			strings.IndexByte(w[1:], f[1]) >= 0 {
			return true
		}
	}
	return false
}

// personNouns name someone a request then names: "we hired a contractor, sam".
var personNouns = setOf("contractor intern developer dev colleague coworker employee hire guy person teammate admin engineer designer tester student")

// thingWords end in -ing without being what someone does: "lines without anything after the colon".
var thingWords = setOf("anything something nothing everything string strings thing things")
