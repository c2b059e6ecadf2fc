package offline

import (
	"cmp"
	"regexp"
	"strings"
)

// searchValue renders what a search looks for, where it looks and what it leaves out: grep's patterns,
// context, --include and --exclude, lines to keep and drop, history matches. known is false for a name
// that is not one of them.
func (c *composer) searchValue(name string) (v string, ok, known bool) {
	one := func(v string) (string, bool, bool) { return v, v != "", true }
	switch name {
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
	case "logpat":
		// "only the ERROR lines", "lines with ERROR or FATAL": the level as said, alternatives as one
		// extended expression; else the word the request looks for.
		if v, ok, _ := c.searchValue("orpat"); ok {
			return "-E " + v, true, true
		}
		for i, t := range c.toks {
			if logLevels[t.lower] && !t.quoted {
				c.toks[i].used = true
				if one, ok := strings.CutSuffix(t.raw, "s"); ok && logLevels[strings.ToLower(one)] {
					return one, true, true // "the warnings": each says warning
				}
				return t.raw, true, true
			}
		}
		v, ok := c.value("word")
		return v, ok, true
	case "exclude":
		// "excluding node_modules": --exclude with what is left out, never the bare option; "leave out
		// node_modules and .git": one for each.
		ns := c.leftOutDirs()
		for i := 0; len(ns) == 1 && i+2 < len(c.toks); i++ {
			// "leave out node_modules and .git": a hidden folder said after the first, which the
			// search for names took as one to look for.
			if c.toks[i].raw == ns[0] && (c.toks[i+1].lower == "and" || c.toks[i].comma) && dotDirs[c.toks[i+2].lower] {
				ns = append(ns, c.toks[i+2].raw)
				c.toks[i+2].used = true
			}
		}
		if len(ns) > 1 {
			var ex []string
			for _, n := range ns {
				ex = append(ex, "--exclude="+quoteOr(n))
			}
			return one(strings.Join(ex, " "))
		}
		if n := excludedName(c.toks); n != "" {
			markExcluded(c.toks, n)
			return one("--exclude=" + quoteOr(n))
		}
		return "", false, true
	case "exclname":
		n := excludedName(c.toks)
		markExcluded(c.toks, n)
		return one(quoteOr(n))
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
	case "setname":
		// "where client_max_body_size is set": the name before the words that say it is set.
		for i := 1; i+1 < len(c.toks); i++ {
			w, n := c.toks[i].lower, c.toks[i+1].lower
			if (w != "is" && w != "gets" && w != "got" && w != "was") || !setWords[n] {
				continue
			}
			if p := c.toks[i-1]; p.quoted || isIdentifier(p.raw) && strings.ContainsAny(p.raw, "_.-") || strings.ToUpper(p.raw) == p.raw && len(p.raw) > 2 && isIdentifier(p.raw) {
				markUsed(c.toks, i-1, i+2)
				return one(quoteOr(p.raw))
			}
		}
		for i := 0; i+2 < len(c.toks); i++ {
			// "where is PermitRootLogin set": the name between.
			if p := c.toks[i+1]; c.toks[i].lower == "is" && setWords[c.toks[i+2].lower] && !p.quoted && isIdentifier(p.raw) && !c.e.cat.has("stop", p.lower) && !pointingWords[p.lower] {
				markUsed(c.toks, i, i+3)
				return one(p.raw)
			}
		}
		return c.searchValue("setting")
	case "cleankeep":
		// "remove all untracked files, but keep the .env file": git clean's -e for what stays.
		for i := 0; i+1 < len(c.toks); i++ {
			if w := c.toks[i].lower; w != "keep" && w != "except" && w != "excluding" && w != "spare" {
				continue
			}
			j := i + 1
			if c.toks[j].lower == "the" || c.toks[j].lower == "my" || c.toks[j].lower == "our" {
				j++
			}
			if j < len(c.toks) && (isFileName(c.toks[j].raw) || isDotName(c.toks[j].raw) || strings.HasPrefix(c.toks[j].raw, ".") && isIdentifier(c.toks[j].raw[1:])) {
				markUsed(c.toks, i, j+1)
				return one("-e " + quoteOr(c.toks[j].raw))
			}
		}
		return "", false, true
	case "lineaddr":
		return one(lineAddress(c.toks))
	}
	return "", false, false
}

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
		case (t.lower == "leave" || t.lower == "leaving") && leftAloneAfter(toks, i):
			for j := i; j < len(toks) && j <= i+6; j++ {
				if w := toks[j].lower; j == i || w == "alone" || w == "untouched" || w == "anything" || w == "everything" {
					toks[j].used = true // "leave anything in /mnt/backup/keep alone": said, understood
				}
			}
		}
	}
}

// insideWords come between a verb that leaves out and the folder left out: "skip anything inside X".
var insideWords = setOf("anything everything stuff inside within under in")

// excludeVerbs leave something out: "excluding node_modules", "can rsync skip it?".
var excludeVerbs = setOf("without excluding except exclude skipping skip ignore ignoring omit omitting minus")

// excludedName is what an archive leaves out: the name after "without", "excluding" or "except"
// ("without the node_modules folder").
func excludedName(toks []token) string {
	for i, t := range toks {
		switch {
		case excludeVerbs[t.lower]:
		case t.lower == "out": // "leave out the .tmp junk"
			if i == 0 || toks[i-1].lower != "leave" && toks[i-1].lower != "leaving" && toks[i-1].lower != "keep" && toks[i-1].lower != "keeping" {
				continue
			}
		case t.lower == "include" || t.lower == "touch": // "please don't include the .git folder in it", "don't touch the uploads folder"
			if i == 0 || toks[i-1].lower != "don't" && toks[i-1].lower != "dont" && toks[i-1].lower != "not" {
				continue
			}
		case t.lower == "leave" || t.lower == "leaving": // "leave anything in /mnt/backup/keep alone"
			if !leftAloneAfter(toks, i) {
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
				j+1 < len(toks) && (fileNouns[toks[j+1].lower] || toks[j+1].lower == "dir" || subNouns[toks[j+1].lower])
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

// settingVerbs say what a file holds: "some file sets PermitRootLogin".
var settingVerbs = setOf("sets set contains mentions defines configures enables has says")

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

// setWords say that a setting is given a value: "where client_max_body_size is set".
var setWords = setOf("set defined configured declared overridden overriden assigned")

// leftAloneAfter reports whether "alone" or "untouched" closes the clause "leave" opens at toks[i]:
// "leave anything in /mnt/backup/keep alone".
func leftAloneAfter(toks []token, i int) bool {
	for j := i + 1; j < len(toks) && j <= i+6; j++ {
		if toks[j].lower == "alone" || toks[j].lower == "untouched" {
			return true
		}
		if toks[j].comma {
			return false
		}
	}
	return false
}

// subNouns call a folder inside another one: "skip the tmp subfolder".
var subNouns = setOf("subfolder subfolders subdirectory subdirectories subdir subdirs")
