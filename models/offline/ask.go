package offline

import (
	"strings"
	"unicode"
)

// theAsk is a message's ask without the scene told around it: "The client sent their logos as
// brand-assets.zip. Would you unzip it into a folder called brand so it doesn't spill all over
// Downloads? I'll sort through it after." is "Would you unzip brand-assets.zip into a folder called brand
// so it doesn't spill all over Downloads?". The sentences kept are the ones that ask (a question, a
// request, an imperative) and the ones that refuse something ("Please don't delete the originals"); a
// pronoun in the ask stands for the one file, folder or address the dropped sentences name. It reports
// false when the message is one sentence, when no sentence asks, or when nothing would be dropped.
func theAsk(prompt string) (string, bool) {
	sentences := splitSentences(prompt)
	if len(sentences) < 2 {
		return "", false
	}
	var kept, dropped []string
	asks := false
	var asking []bool
	for _, s := range sentences {
		switch {
		case refuses(s) && !strings.HasSuffix(s, "?"):
			// Only the clauses that refuse: "I'm trying to see what happened (no need to follow it)."
			no, rest := refusingClauses(s)
			kept, asking = append(kept, no), append(asking, false)
			if rest != "" {
				dropped = append(dropped, rest)
			}
		case asksSomething(s):
			asks = true
			kept, asking = append(kept, s), append(asking, true)
		default:
			dropped = append(dropped, s)
		}
	}
	if !asks || len(dropped) == 0 {
		return "", false
	}
	var names []string
	said := strings.ToLower(strings.Join(kept, " "))
	for _, s := range dropped {
		ws := strings.Fields(s)
		for k := range ws {
			w, kind, ok := nameAt(ws, k)
			if ok && !contains(names, w) {
				if kind != "" && !strings.ContainsAny(w, "/.") {
					w = "the " + kind + " " + w // "the container pg-main": what it is goes with it
				}
				names = append(names, w)
			}
			if l := strings.ToLower(w); everydayPrograms[l] && !englishPrograms[l] && !strings.Contains(said, l) {
				return "", false // "I'm on a Fedora box and need jq. What's the dnf command again?": the scene names what is asked for
			}
		}
	}
	placed := len(names) == 0
	for i, s := range kept {
		// Only an ask that names its thing needs none from the scene: "(not the regular
		// docker-compose.yml)" refuses one, it does not name what to find.
		ws := strings.Fields(s)
		for k := range ws {
			_, _, ok := nameAt(ws, k)
			placed = placed || asking[i] && ok
		}
	}
	if len(names) == 1 && !placed {
		for i, s := range kept {
			if !asking[i] {
				continue
			}
			if r, ok := replacePronoun(s, names[0]); ok {
				kept[i], placed = r, true
				break
			}
		}
	}
	if !placed {
		return "", false // "... unpacking site.tar.gz ... can you just list the contents?": the ask's object is in the scene
	}
	return strings.Join(kept, " "), true
}

// splitSentences splits a message after each ".", "?" or "!" that ends a word and is followed by a
// space, outside quotes: "site.tar.gz" and a quoted error's own full stop stay whole.
func splitSentences(s string) []string {
	var out []string
	rs := []rune(s)
	start, quote := 0, rune(0)
	for i, r := range rs {
		switch {
		case quote != 0:
			if r == quote {
				quote = 0
			}
		case r == '"' || r == '`' || r == '\'' && (i == 0 || !isWordRune(rs[i-1])):
			quote = r
		case (r == '.' || r == '?' || r == '!') && (i+1 == len(rs) || unicode.IsSpace(rs[i+1])) && i > 0 && !unicode.IsSpace(rs[i-1]) &&
			(r != '.' || rs[i-1] != '.' && nextLetter(rs, i+1)): // "in ... directory" goes on
			if t := strings.TrimSpace(string(rs[start : i+1])); t != "" {
				out = append(out, t)
			}
			start = i + 1
		}
	}
	if t := strings.TrimSpace(string(rs[start:])); t != "" {
		out = append(out, t)
	}
	return out
}

// nextLetter reports whether the first rune after the spaces from i is a letter: a new sentence.
func nextLetter(rs []rune, i int) bool {
	for i < len(rs) && unicode.IsSpace(rs[i]) {
		i++
	}
	return i == len(rs) || unicode.IsLetter(rs[i])
}

// asksSomething reports whether a sentence asks for something: a question, a request to the reader
// ("could you", "please"), a wish ("I'd like", "I need") or an imperative.
func asksSomething(s string) bool {
	if strings.HasSuffix(s, "?") {
		return true
	}
	ws := strings.Fields(strings.ToLower(s))
	for len(ws) > 0 && openers[strings.Trim(ws[0], ",")] {
		ws = ws[1:]
	}
	if len(ws) == 0 {
		return false
	}
	first := strings.Trim(ws[0], ",")
	if imperatives[first] || first == "please" {
		return true
	}
	two := first
	if len(ws) > 1 {
		two += " " + strings.Trim(ws[1], ",")
	}
	return askOpenings[two]
}

// refuses reports whether a sentence says what must not happen: "Please don't delete the originals",
// "No restart", "I'd rather not unpack it blindly", "Leave the volumes alone".
func refuses(s string) bool {
	l := " " + strings.Join(strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return r == ' ' || r == '(' || r == ')' || r == ',' || r == ';' || r == '-' }), " ") + " "
	for _, w := range []string{" don't ", " dont ", " do not ", " never ", " no ", " not ", " without ", " rather not ", " leave ", " keep the original", " keep a copy"} {
		if strings.Contains(l, w) {
			return true
		}
	}
	return false
}

// trimWord strips a word of the quotes and brackets around it and of the punctuation after it:
// "./reindex.sh," is ./reindex.sh.
func trimWord(w string) string {
	return strings.TrimRight(strings.TrimLeft(w, "(\"'`"), ",;:.!?)\"'`")
}

// refusingClauses splits a sentence at commas, semicolons, dashes and brackets into the clauses that
// refuse something, joined, and the rest.
func refusingClauses(s string) (no, rest string) {
	var yes, other []string
	for _, c := range strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune(",;()—–", r) }) {
		if c = strings.TrimSpace(strings.Trim(strings.TrimSpace(c), "-")); c == "" {
			continue
		}
		if refuses(c) {
			yes = append(yes, c)
		} else {
			other = append(other, c)
		}
	}
	if len(yes) == 0 {
		return s, ""
	}
	no = strings.Join(yes, ", ")
	if !strings.HasSuffix(no, ".") {
		no += "."
	}
	return no, strings.Join(other, ", ")
}

// nameAt is the word ws[k] stripped of punctuation, the kind noun before it ("container" in "the
// container pg-main"; "" when none) and whether it names a thing (namesAThing).
func nameAt(ws []string, k int) (w, kind string, ok bool) {
	w = trimWord(ws[k])
	if k > 0 && kindNouns[strings.ToLower(ws[k-1])] {
		kind = strings.ToLower(ws[k-1])
	}
	return w, kind, namesAThing(w, kind)
}

// namesAThing reports whether a word names a file, a folder, an address, a URL or a machine,
// container or service: it has a slash, an @, a dot between letters, letters joined to digits
// (web01), or, after a kind noun that says what it is ("the container pg-main"), a hyphen or
// underscore.
func namesAThing(w, kind string) bool {
	if len(w) < 3 || strings.ContainsAny(w, " ") {
		return false
	}
	if strings.Contains(w, "/") || strings.Contains(w, "@") {
		return true
	}
	if isIdentifier(w) && !isInt(w) && strings.IndexFunc(w, unicode.IsLetter) >= 0 &&
		(strings.ContainsAny(w, "0123456789") || kind != "" && strings.ContainsAny(w[1:], "-_")) {
		return true
	}
	dot := strings.LastIndexByte(w, '.')
	return dot > 0 && dot < len(w)-1 && isFileName(w)
}

// replacePronoun puts name in place of the first "it" of s that stands alone; "them" is several things
// the scene described, which one name does not stand for.
func replacePronoun(s, name string) (string, bool) {
	ws := strings.Fields(s)
	for i, w := range ws {
		bare := strings.TrimRight(w, ",;:.!?")
		if l := strings.ToLower(bare); l == "it" {
			ws[i] = name + w[len(bare):]
			return strings.Join(ws, " "), true
		}
	}
	return s, false
}

// kindNouns say what a name before which they stand is: "the postgres container pg-main".
var kindNouns = setOf("container pod deployment service server host machine box vm branch user account database db folder directory file repo image volume namespace network bucket")

// openers come before a sentence's ask without changing it: "ok so can you ...", "hey, could you ...".
var openers = setOf("ok okay so hey hi hmm ugh well also and but anyway honestly basically right quick")

// imperatives open a sentence that tells the reader what to do.
var imperatives = setOf("show list find print count delete remove copy move rename make create give tell get check " +
	"compress extract unpack unzip untar pack zip archive kill stop start restart reload enable disable run install " +
	"uninstall update upgrade search grep sort set change add open close mount download upload fetch clone push pull " +
	"commit merge rebase reset revert stash tag lock unlock follow watch send display convert resize trim cut join " +
	"split replace swap strip sync mirror backup trace ping test verify compare diff output save write " +
	"calculate report generate execute locate recursively")

// askOpenings are two words that open a sentence asking for something.
var askOpenings = map[string]bool{"can you": true, "could you": true, "would you": true, "will you": true,
	"can i": true, "could i": true, "how do": true, "how can": true, "how would": true, "what's the": true,
	"whats the": true, "what is": true, "what would": true, "is there": true, "i need": true, "i'd like": true,
	"id like": true, "i want": true, "i'd love": true, "we need": true, "help me": true, "let me": true}
