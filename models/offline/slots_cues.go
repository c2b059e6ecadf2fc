package offline

import (
	"strings"
)

// cueBefore reports whether a phrase of section ends right before toks[i], looking past articles and
// fillers such as "the word" in "starting with the word top".
func (e *Engine) cueBefore(section string, toks []token, i int) bool {
	return e.cueStart(section, toks, i) >= 0
}

// cueStart is where the cue of section before toks[i] starts (cueBefore), or -1.
func (e *Engine) cueStart(section string, toks []token, i int) int {
	for j := i - 1; j >= 0 && !toks[j].quoted && !toks[j].comma; j-- {
		for _, p := range e.cat.vocabPhrases[section] {
			if start := j - len(p.stems) + 1; start >= 0 && matchStems(toks, start, p.stems) {
				return start
			}
		}
		if !e.cat.has("filler", toks[j].lower) && toks[j].lower != "the" && toks[j].lower != "a" {
			return -1
		}
	}
	return -1
}

// claimCue marks the cue of section before toks[i], and the words between, as understood: "ending in"
// said what "*.bak" is.
func (e *Engine) claimCue(section string, toks []token, i int) {
	if start := e.cueStart(section, toks, i); start >= 0 {
		markUsed(toks, start, i)
	}
}

// opBefore reports whether a phrase of section ends right before toks[i], and claims it.
func opBefore(e *Engine, section string, toks []token, i int) bool {
	_, words, start := e.comparatorBefore(section, toks, i)
	if words == "" {
		return false
	}
	markUsed(toks, start, i)
	return true
}

// isSlashPath accepts "a/b/c" but not prose like "files/directories" or "read/write".
func (e *Engine) isSlashPath(w string) bool {
	if !strings.Contains(w, "/") {
		return false
	}
	for _, part := range strings.Split(w, "/") {
		if part == "" || e.cat.has("slashprose", part) {
			return false
		}
	}
	return true
}

// globOf finds the glob that token text w became, if any.
func globOf(w string, globs []string) string {
	for _, g := range globs {
		if g == w || g == "*"+w || g == w+"*" || g == "*"+w+"*" {
			return g
		}
	}
	return ""
}

// homeTemp reports whether the temp folder said at toks[tmp] lies in the home directory said at
// toks[home]: "the temp folder in my home directory" is ~/temp, not /tmp.
func homeTemp(toks []token, tmp, home int) bool {
	if home-tmp > 5 {
		return false
	}
	for _, t := range toks[tmp+1 : home] {
		switch t.lower {
		case "in", "under", "inside", "within", "of":
			return true
		}
	}
	return false
}

// eachFolderAt reports whether the singular folder word at i is what to act on, said with "every" or
// "each" ("set 755 on every folder under www"), not where ("look in every folder").
func eachFolderAt(toks []token, i int) bool {
	if pv := prevWord(toks, i); pv != "every" && pv != "each" {
		return false
	}
	if i >= 3 && toks[i-2].lower == "of" && attributeNouns[toks[i-3].lower] {
		return true // "the permissions of every directory": the folders are what changes
	}
	return i < 2 || !placeWords[toks[i-2].lower]
}

// attributeNouns are what a file has: "the permissions of every directory".
var attributeNouns = setOf("permissions permission mode modes owner owners ownership group timestamps")

// placeWords say that what follows is where: "in every folder".
var placeWords = setOf("in from under across inside within throughout of into")

// filesSaidBefore reports whether "files" comes before toks[i]: "files but not directories".
func (s *slots) filesSaidBefore(toks []token, i int) bool {
	for _, t := range toks[:i] {
		if !t.quoted && (t.lower == "files" || t.lower == "file") {
			return true
		}
	}
	return false
}
