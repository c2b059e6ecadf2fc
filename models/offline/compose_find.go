package offline

import (
	"strconv"
	"strings"
)

// roots are where find starts: the directories named, except a destination, or ".".
func (c *composer) roots() []string {
	var r []string
	for _, d := range c.s.dirs {
		if d != c.s.dst && !contains(r, d) {
			r = append(r, d)
		}
	}
	if len(r) == 0 {
		for _, p := range c.s.paths {
			if p != c.s.dst && !isFileName(baseName(p)) {
				r = append(r, p)
			}
		}
	}
	if len(r) == 0 {
		r = []string{"."}
	}
	return r
}

// find builds "find ROOT TESTS" from the slots. Tests come in the order people usually write them:
// depth options first (GNU find warns otherwise), then type, name, size, time, owner, permissions.
func (c *composer) find() string {
	s := c.s
	parts := []string{"find"}
	for _, r := range c.roots() {
		parts = append(parts, quote(r))
	}
	var say []string
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
		parts = append(parts, "!", nameFlag, singleQuote(g))
		say = append(say, "not named "+g)
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
	c.findSay = c.describeFind(say)
	return strings.Join(parts, " ")
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

func (c *composer) describeFind(say []string) string {
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
	b := what + " under " + strings.Join(c.roots(), " and ")
	for _, p := range say {
		b += " " + p
	}
	return b
}

// specialBits are the find tests for the setuid, setgid and sticky bits.
var specialBits = map[string]bool{"-perm -4000": true, "-perm -2000": true, "-perm -1000": true}
