package offline

import (
	"slices"
	"strconv"
	"strings"
)

// roots are where find starts: the directories named, except a destination and a folder the request
// keeps out ("don't descend into other mounts like /mnt/nfs"), or ".".
func (c *composer) roots() []string {
	return c.rootsBut(c.leftOutDirs())
}

// rootsBut is roots with the folder left out already read: find reads it once for the roots and the
// -not -path test.
func (c *composer) rootsBut(out []string) []string {
	var r []string
	for _, d := range c.s.dirs {
		if d != c.s.dst && !contains(out, d) && !contains(r, d) {
			r = append(r, d)
		}
	}
	if len(r) == 0 {
		for _, p := range c.s.paths {
			if p != c.s.dst && !contains(out, p) && !isFileName(baseName(p)) {
				r = append(r, p)
			}
		}
	}
	if len(r) == 0 && c.s.dst != "" && !isFileName(baseName(c.s.dst)) && !strings.Contains(c.tpl, "dst") && !strings.Contains(c.tpl, "cp ") && !strings.Contains(c.tpl, "mv ") &&
		!slices.ContainsFunc(c.toks, func(t token) bool { return transferWords[t.lower] }) && savedInto(c.toks, c.s.dst) {
		// "The camera saves clips to /mnt/nas/cctv ... just list them": where things went is where to look.
		r = []string{c.s.dst}
	}
	if len(r) == 0 {
		r = []string{"."}
	}
	// "My thesis folder ... It's in ~/thesis": one folder, said twice.
	return slices.DeleteFunc(r, func(d string) bool {
		return !strings.Contains(d, "/") && slices.ContainsFunc(r, func(o string) bool { return strings.HasSuffix(o, "/"+d) })
	})
}

// find builds "find ROOT TESTS" from the slots. Tests come in the order people usually write them:
// depth options first (GNU find warns otherwise), then type, name, size, time, owner, permissions.
func (c *composer) find() string {
	s := c.s
	parts := []string{"find"}
	outs := c.leftOutDirs()
	roots := c.rootsBut(outs)
	for _, r := range roots {
		parts = append(parts, quote(r))
	}
	var say []string
	xdev := slices.ContainsFunc(s.findPreds, func(p findPred) bool { return p.value == "-xdev" })
	if xdev {
		// A global option: GNU find warns when it follows a test.
		parts = append(parts, "-xdev")
	}
	if s.minDepth >= 0 {
		parts = append(parts, "-mindepth", strconv.Itoa(s.minDepth))
	}
	if s.maxDepth >= 0 {
		parts = append(parts, "-maxdepth", strconv.Itoa(s.maxDepth))
		if s.maxDepth == 1 {
			say = append(say, "not descending into subdirectories")
		} else {
			say = append(say, "at most "+strconv.Itoa(s.maxDepth)+" levels deep")
		}
	}
	if s.ftype != "" {
		parts = append(parts, "-type", s.ftype)
	}
	nameFlag := "-name"
	if s.iname {
		nameFlag = "-iname"
	}
	switch len(s.globs) {
	case 0:
	case 1:
		parts = append(parts, nameFlag, singleQuote(s.globs[0]))
		say = append(say, "named "+s.globs[0])
	default:
		parts = append(parts, `\(`)
		for i, g := range s.globs {
			if i > 0 {
				parts = append(parts, "-o")
			}
			parts = append(parts, nameFlag, singleQuote(g))
		}
		parts = append(parts, `\)`)
		say = append(say, "named "+strings.Join(s.globs, " or "))
	}
	for _, g := range s.notGlobs {
		if contains(outs, g) {
			continue
		}
		parts = append(parts, "!", nameFlag, singleQuote(g))
		say = append(say, "not named "+g)
	}
	for _, out := range outs {
		if xdev {
			break
		}
		// "every .env file under ~/code, but skip anything inside node_modules".
		pat := "*/" + strings.TrimSuffix(out, "/") + "/*"
		if strings.HasPrefix(out, "/") || strings.HasPrefix(out, "./") {
			pat = strings.TrimSuffix(out, "/") + "/*"
		}
		parts = append(parts, "-not", "-path", singleQuote(pat))
		say = append(say, "leaving out anything inside "+out)
	}
	if s.regex != "" {
		if strings.Contains(s.regex, "|") || strings.Contains(s.regex, "+") && !strings.Contains(s.regex, `\+`) {
			// Alternation and + need extended syntax; GNU and BSD spell it differently.
			parts = append(parts, strings.Fields(c.platform("-regextype posix-extended | -E"))...)
		}
		parts = append(parts, "-regex", singleQuote(s.regex))
		say = append(say, "whose path matches "+s.regex)
	}
	for _, z := range s.sizes {
		parts = append(parts, "-size", z.arg)
		say = append(say, z.say)
	}
	for _, t := range s.times {
		parts = append(parts, t.flag, t.arg)
		say = append(say, t.say)
	}
	if s.newer != "" {
		parts = append(parts, "-newer", quote(s.newer))
		say = append(say, "newer than "+s.newer)
	}
	if s.user != "" && !c.ownerIsAction {
		parts = append(parts, "-user", quote(s.user))
		say = append(say, "owned by "+s.user)
	}
	if s.group != "" && !c.groupIsAction {
		parts = append(parts, "-group", quote(s.group))
		say = append(say, "in group "+s.group)
	}
	if s.perm != "" && !c.permIsAction {
		parts = append(parts, "-perm", s.perm)
		say = append(say, "with permissions "+s.perm)
	}
	if s.empty {
		parts = append(parts, "-empty")
	}
	var bits []string // "SUID and SGID files": files with either bit
	for _, p := range s.findPreds {
		if p.value == "-xdev" {
			say = append(say, p.say)
			continue
		}
		if specialBits[p.value] {
			bits = append(bits, p.value)
			say = append(say, p.say)
			continue
		}
		parts = append(parts, c.platform(p.value))
		say = append(say, p.say)
	}
	switch len(bits) {
	case 0:
	case 1:
		parts = append(parts, bits[0])
	default:
		parts = append(parts, `\(`, strings.Join(bits, " -o "), `\)`)
	}
	c.findSay = c.describeFind(roots, say)
	return strings.Join(parts, " ")
}

// leftOutDirs are the folders the request keeps a search out of: "skip anything inside node_modules",
// "don't go into .git", "excluding the vendor dir", "skip anything under vendor/ and .git/". Names of
// files ("except *.txt") are notGlobs' business; nil when there is none.
func (c *composer) leftOutDirs() []string {
	n := excludedName(c.toks)
	if n == "" {
		n = notIntoName(c.toks)
	}
	if n == "" || !c.leftOutFolder(n) || !skipVerbBefore(c.toks, n) {
		return nil
	}
	out := []string{n}
	// "vendor/ and .git/", "node_modules, dist or build": more folders said with the first.
	for i := 0; i+2 < len(c.toks); i++ {
		if c.toks[i].raw != out[len(out)-1] {
			continue
		}
		w := c.toks[i+1].lower
		if next := c.toks[i+2].raw; (w == "and" || w == "or" || c.toks[i].comma && w != "but") && c.leftOutFolder(next) && !contains(out, next) {
			out = append(out, next)
		} else if c.toks[i].comma && c.leftOutFolder(c.toks[i+1].raw) && !contains(out, c.toks[i+1].raw) {
			out = append(out, c.toks[i+1].raw)
		}
	}
	for _, n := range out {
		markExcluded(c.toks, n)
	}
	return out
}

// leftOutFolder reports whether n, said after a verb that skips, names a folder: one people skip by
// name, a path, a name written with a slash at its end ("vendor/"), or one called a folder ("the cache
// folder"). A kind of file ("except the txt files") and a word ("without prompting") are none.
func (c *composer) leftOutFolder(n string) bool {
	bare := strings.TrimSuffix(n, "/")
	if bare == "" || strings.ContainsAny(n, "*?[") || isFileName(bare) && !dotDirs[bare] || contains(c.s.globs, n) ||
		slices.ContainsFunc(append(slices.Clone(c.s.globs), c.s.notGlobs...), func(g string) bool { return strings.HasSuffix(g, "."+n) }) {
		return false
	}
	return dotDirs[bare] || skippedDirs[bare] || strings.HasPrefix(n, "/") || strings.HasPrefix(n, "./") || strings.HasPrefix(n, "~/") ||
		strings.HasSuffix(n, "/") && isIdentifier(strings.TrimPrefix(bare, ".")) || folderNamed(c.toks, n) && !notFolderNames[strings.ToLower(n)]
}

// savedInto reports whether the request says something is kept in dir: "the camera saves clips to
// /mnt/nas/cctv", "the app writes its logs to /var/log/app".
func savedInto(toks []token, dir string) bool {
	for k := 1; k < len(toks); k++ {
		if toks[k].raw != dir || toks[k-1].lower != "to" && toks[k-1].lower != "into" && toks[k-1].lower != "in" {
			continue
		}
		for j := k - 2; j >= 0 && j >= k-4; j-- {
			if keepVerbs[toks[j].lower] {
				return true
			}
		}
	}
	return false
}

// keepVerbs say where something is written: "saves clips to", "dumps them into".
var keepVerbs = setOf("saves saved writes wrote written dumps dumped stores stored puts exports exported logs logged uploads uploaded drops lands")

// transferWords ask to put files somewhere: with them, "to /backup" is where files go, not where to look.
var transferWords = setOf("copy copies copying cope cp move moves moving mv transfer sync rsync put backup archive")

// skippedDirs are folders people keep searches out of by name.
var skippedDirs = setOf("node_modules vendor __pycache__ venv env dist build target bower_components site-packages")

// notFolderNames are words before "folder" or "directories" that describe rather than name one.
var notFolderNames = setOf("current containing parent hidden sub all those these the this that other empty home root working same")

// skipVerbBefore reports whether a verb that skips comes within four words before name: "skip anything
// inside node_modules", "ignoring the vendor dir". "without" does not count: "without prompting".
func skipVerbBefore(toks []token, name string) bool {
	for i, t := range toks {
		if t.raw != name {
			continue
		}
		for j := i - 1; j >= 0 && j >= i-4; j-- {
			if w := toks[j].lower; w != "without" && (excludeVerbs[w] || w == "into" || w == "of" || w == "out") || (w == "leave" || w == "leaving") && leftAloneAfter(toks, j) {
				return true
			}
		}
	}
	return false
}

// folderNamed reports whether the request calls name a folder: "the vendor dir", "the build folder".
func folderNamed(toks []token, name string) bool {
	for i := 0; i+1 < len(toks); i++ {
		if toks[i].raw == name && dirNouns[toks[i+1].lower] {
			return true
		}
	}
	return false
}

// notIntoName reads the folder after "don't go into", "don't descend into", "stay out of": the first
// name that looks like a path or a folder's, within a few words.
func notIntoName(toks []token) string {
	for i := 1; i+1 < len(toks); i++ {
		into := (toks[i].lower == "into" || toks[i].lower == "in") && i >= 2 && negatedVerb(toks[i-2].lower, toks[i-1].lower) ||
			toks[i].lower == "of" && i >= 2 && toks[i-1].lower == "out" && (toks[i-2].lower == "stay" || toks[i-2].lower == "keep")
		if !into {
			continue
		}
		for j := i + 1; j < len(toks) && j <= i+5; j++ {
			if w := toks[j].raw; strings.HasPrefix(w, "/") || dotDirs[w] || strings.Contains(w, "_") && isIdentifier(strings.TrimSuffix(w, "/")) {
				toks[i].used, toks[j].used = true, true
				return w
			}
		}
	}
	return ""
}

// negatedVerb reports whether "NEG VERB into" keeps a search out: "don't go into", "never descend into".
func negatedVerb(neg, verb string) bool {
	return (neg == "don't" || neg == "dont" || neg == "not" || neg == "never") &&
		(verb == "go" || verb == "descend" || verb == "recurse" || verb == "look" || verb == "search" || verb == "cross" || verb == "wander")
}

// platform picks the GNU or BSD half of a vocabulary value written "gnu | bsd".
func (c *composer) platform(v string) string {
	gnu, bsd, ok := strings.Cut(v, " | ")
	if !ok {
		return v
	}
	if c.os == "darwin" {
		return bsd
	}
	return gnu
}

func (c *composer) describeFind(roots, say []string) string {
	s := c.s
	what := "files and directories"
	switch s.ftype {
	case "f":
		what = "regular files"
	case "d":
		what = "directories"
	case "l":
		what = "symbolic links"
	}
	if s.empty {
		what = "empty " + what
	}
	b := what + " under " + strings.Join(roots, " and ")
	for _, p := range say {
		b += " " + p
	}
	return b
}

// specialBits are the find tests for the setuid, setgid and sticky bits.
var specialBits = map[string]bool{"-perm -4000": true, "-perm -2000": true, "-perm -1000": true}
