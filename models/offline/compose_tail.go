package offline

import (
	"path"
	"slices"
	"strconv"
	"strings"
)

// tailValue renders the tail slots; known is false for a name that is not one of them.
func (c *composer) tailValue(name string) (v string, ok, known bool) {
	t := c.s.tail
	one := func(v string) (string, bool, bool) { return v, v != "", true }
	switch name {
	case "dmode":
		return one(t.dmode)
	case "fmode":
		return one(t.fmode)
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
	case "dnsserver":
		// "ask Google's 8.8.8.8 directly": the resolver to query, an IP beside the name.
		for i, tok := range c.toks {
			if l := tok.lower; isIPv4(l) && !strings.Contains(l, ":") {
				c.toks[i].used = true
				return one("@" + l)
			}
		}
		return "", false, true
	case "revrange":
		return one(t.revrange)
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
	case "versionof", "pipname":
		// "which version of requests", "the version of the firefox snap", "which version of
		// postgresql-16 apt would install": the name after "of".
		for i := 0; i+2 < len(c.toks); i++ {
			if c.toks[i].lower != "version" && c.toks[i].lower != "versions" || c.toks[i+1].lower != "of" {
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
		if name == "pipname" {
			v, ok := c.value("name")
			return v, ok, true
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
		// "at 30fps", "24 frames per second"; "it is 60 fps, make a 30 fps version": the last said, the
		// one wanted.
		for i := len(c.toks) - 1; i >= 0; i-- {
			t := c.toks[i]
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
	case "noaudio":
		// "with no audio track", "without the sound": ffmpeg's -an.
		for i := 0; i+1 < len(c.toks); i++ {
			w, n := c.toks[i].lower, c.toks[i+1].lower
			if (w == "no" || w == "without" || w == "drop" || w == "mute") && (n == "audio" || n == "sound" || n == "the" && i+2 < len(c.toks) && (c.toks[i+2].lower == "audio" || c.toks[i+2].lower == "sound")) {
				markUsed(c.toks, i, i+2)
				return one("-an")
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
	case "outvideo":
		if v := c.inputOf(videoExts); v != "" {
			return one(quote(v))
		}
		return one("video.mp4")
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

// mainBranches are the branch names people say without calling them branches.
var mainBranches = setOf("main master develop trunk")
