package offline

import (
	"slices"
	"strings"
)

// readMessage reads what a person's message says around its arguments: whether it asks yes or no
// anywhere, whether the person is on the machine a scene named, and the image, group or archive it
// names as such.
func (s *slots) readMessage(toks []token) {
	s.question = s.question || yesNoQuestion(toks)
	if onThatBox(toks) {
		// "The app on cache-01 logs ... I'm on that box now": the host named is where the command runs.
		s.hosts = nil
	}
	for i, t := range toks {
		if s.imageRef == "" && !t.quoted && isImageRef(t.raw) {
			s.imageRef = t.raw // "Is the image myapp:2.1 already on this host?"
		}
		if m := tailRes().clock.FindStringSubmatch(t.lower); s.clockTime == 0 && !t.quoted && m != nil && (m[2] != "" || m[3] != "") && clockAt(toks, i) != "" {
			s.clockTime = i + 1 // "What is 14:30 UTC today in America/Los_Angeles?"
		}
		if !t.quoted && s.codeWord == "" && codeName(t.raw) && !isPathLike(t.raw) && !isFileName(t.raw) {
			s.codeWord = t.raw // "The function was called withRetry."
		}
		// "add user carol to the developers group": a group joined, not an account made
		s.toGroup = s.toGroup || i+3 < len(toks) && t.lower == "to" && toks[i+1].lower == "the" && toks[i+3].lower == "group"
		s.toZip = s.toZip || i+1 < len(toks) && (t.lower == "to" || t.lower == "into") && strings.HasSuffix(strings.ToLower(toks[i+1].raw), ".zip")
	}
}

// dropLeftAlone takes out of the arguments the files a request keeps away from: "Gzip each of them
// ..., and leave the live myapp.log alone". A search leaves them out by name.
func (s *slots) dropLeftAlone(toks []token) {
	for i, t := range toks {
		if !slices.Contains(s.paths, t.raw) || !leftAlone(toks, i) || len(s.paths) < 2 && len(s.globs) == 0 {
			continue
		}
		s.paths = slices.DeleteFunc(s.paths, func(p string) bool { return p == t.raw })
		s.dirs = slices.DeleteFunc(s.dirs, func(p string) bool { return p == t.raw })
		if b := baseName(t.raw); isFileName(b) && !contains(s.notGlobs, b) {
			s.notGlobs = append(s.notGlobs, b)
		}
	}
}

// dropReplacedTexts takes the texts a replacement names out of the paths: "renaming the company from
// Acme to Initech ... Replace Acme with Initech" names no folders.
func (s *slots) dropReplacedTexts() {
	if s.old == "" || s.new == "" {
		return
	}
	text := func(p string) bool { return p == s.old || p == s.new }
	s.paths, s.dirs = slices.DeleteFunc(s.paths, text), slices.DeleteFunc(s.dirs, text)
	if text(s.dst) {
		s.dst = ""
	}
}

// onThatBox reports whether the person says they are on the machine a scene named: "I'm on that box
// now", "I am on the server".
func onThatBox(toks []token) bool {
	for i := 0; i+3 < len(toks); i++ {
		if w := toks[i].lower; w != "i'm" && w != "im" && !(w == "i" && toks[i+1].lower == "am") {
			continue
		}
		k := i + 1
		if toks[k].lower == "am" {
			k++
		}
		if k+2 < len(toks) && toks[k].lower == "on" && (toks[k+1].lower == "that" || toks[k+1].lower == "the") && machineWords[toks[k+2].lower] {
			return true
		}
	}
	return false
}

// machineWords name a computer: "that box", "the server".
var machineWords = setOf("box machine server host node vm")

// isImageRef reports whether w names a container image with its tag: myapp:2.1, library/redis:7-alpine;
// a host's port (db01:5432) is none.
func isImageRef(w string) bool {
	name, tag, ok := strings.Cut(w, ":")
	return ok && name != "" && !isInt(tag) && imageTag(tag) && isIdentifier(strings.ReplaceAll(name, "/", "-")) && !strings.Contains(w, "://")
}

// resultWords name what a command printed, between a verb that saves and "as": "save the result as
// scores-fixed.csv".
var resultWords = setOf("it result output results them")

// yesNoQuestion reports whether a clause of toks asks yes or no and ends with a question mark: "We
// attached a new disk this morning. Is /dev/sdc mounted anywhere?", "Quick check before I hand over the
// box: is the user deploy in the sudo group?". Asking whether there is a way to do something ("Is there
// a command that ...?", "Does anyone know how ...?") asks for the change itself, not whether it is so.
func yesNoQuestion(toks []token) bool {
	for i := 1; i < len(toks); i++ {
		if !toks[i-1].comma || toks[i].quoted {
			continue
		}
		switch toks[i].lower {
		case "is", "are", "does", "do", "did", "has", "have":
		default:
			continue
		}
		next := func(k int) string {
			if i+k < len(toks) {
				return toks[i+k].lower
			}
			return ""
		}
		if toks[i].lower[0] == 'd' && (next(1) == "that" || next(1) == "this" || next(1) == "so") || waysToAsk[next(1)] || next(1) == "there" && (waysToAsk[next(2)] || waysToAsk[next(3)]) || next(1) == "it" && next(2) == "possible" {
			continue
		}
		for j := i; j < len(toks); j++ {
			if toks[j].comma {
				if toks[j].asks {
					return true
				}
				break
			}
		}
	}
	return false
}

// waysToAsk, after "is there (a)" or "does", make a question ask for a way to do something: "is there a
// command", "does anyone know".
var waysToAsk = setOf("way ways command commands option flag tool trick quick easy simple one-liner better you anyone anybody someone somebody")

// leftAlone reports whether the word at i is in a clause that keeps something untouched: "leave
// current.log alone", "don't touch the README", "without touching config.yml".
func leftAlone(toks []token, i int) bool {
	for j := i - 1; j >= 0 && j >= i-4; j-- {
		switch toks[j].lower {
		case "touching":
			return j >= 1 && toks[j-1].lower == "without"
		case "touch", "change", "modify":
			// "don't touch X", "Don't change anything in /srv/submissions"
			return j >= 1 && (toks[j-1].lower == "don't" || toks[j-1].lower == "dont" || toks[j-1].lower == "not" || toks[j-1].lower == "never")
		case "leave", "leaving":
			for k := i + 1; k < len(toks) && k <= i+3; k++ {
				if toks[k].lower == "alone" {
					return true
				}
			}
			return false
		}
		if toks[j].comma {
			return false
		}
	}
	return false
}

// codeName reports whether w is written as a name in code is: camelCase (withRetry, getUserById) or
// words joined by underscores (sk_test_123, max_retries), letters first.
func codeName(w string) bool {
	if len(w) < 4 || !isIdentifier(w) || w[0] < 'a' || w[0] > 'z' && w[0] != '_' {
		return false
	}
	if strings.Contains(strings.Trim(w, "_"), "_") {
		return true
	}
	for i := 1; i < len(w); i++ {
		if w[i] >= 'A' && w[i] <= 'Z' && w[i-1] >= 'a' && w[i-1] <= 'z' {
			return true
		}
	}
	return false
}
