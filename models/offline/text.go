package offline

import (
	"slices"
	"strconv"
	"strings"
	"unicode"
)

// token is one word of the prompt. Quoted strings stay whole so that patterns like 'TODO: fix' reach the
// command intact; they never match keywords, which only read the person's own words.
type token struct {
	raw    string // as typed, without surrounding punctuation or quotes
	lower  string
	stem   string
	quoted bool
	comma  bool // a comma, semicolon, colon, question or exclamation mark followed it: cues do not reach across it
	used   bool // consumed by a keyword or a slot; what is left may be an argument
	value  bool // a word the request looks for ("the word cat"): no keyword of any intent
	aside  bool // inside parentheses: "(case-insensitive, people log it both ways...)"
	chat   bool // the request is a person's message ("I", "my", "you", a question), not a terse description
	asks   bool // a question mark followed it
}

// tokenize splits a prompt into tokens, keeping quoted strings together and trimming sentence
// punctuation while leaving path-like words ("./a.txt", "*.py", "~/x") alone.
func tokenize(s string) []token {
	var toks []token
	rs := []rune(s)
	depth := 0 // parentheses open around the word, for asides
	for i := 0; i < len(rs); {
		r := rs[i]
		if unicode.IsSpace(r) {
			i++
			continue
		}
		if q, ok := closingQuote(r); ok && (i == 0 || !isWordRune(rs[i-1])) {
			j := indexRune(rs, i+1, q)
			if r == '`' {
				// TeX style `quoted' is common in prose.
				if k := indexRune(rs, i+1, '\''); k > i && (j < 0 || k < j) {
					j = k
				}
			}
			if j > i {
				inner := string(rs[i+1 : j])
				toks = append(toks, token{raw: inner, lower: strings.ToLower(inner), quoted: true})
				i = j + 1
				if i+1 < len(rs) && rs[i] == ')' && strings.ContainsRune(".,;:!?", rs[i+1]) {
					i++ // `all started as "celery worker").`: the aside closes, then the sentence
				}
				if i < len(rs) && strings.ContainsRune(".,;:!?", rs[i]) && (i+1 == len(rs) || unicode.IsSpace(rs[i+1])) {
					// The sentence's punctuation after a quote: "... to 'staff'." is no path ".".
					toks[len(toks)-1].comma = strings.ContainsRune(",;:.?!", rs[i]) // a sentence ends a clause too
					i++
				}
				continue
			}
		}
		j := i
		for j < len(rs) && !unicode.IsSpace(rs[j]) {
			j++
		}
		raw := string(rs[i:j])
		w := trimPunct(raw)
		if inner := strings.Trim(w, "*_"); len(w) > 2 && len(inner) == len(w)-2 && w[0] == w[len(w)-1] && isAlpha(strings.ToLower(inner)) {
			w = inner // "*and*", "_really_": emphasis, not a glob
		}
		i = j
		opens := strings.HasPrefix(raw, "(")
		if opens {
			depth++
		}
		aside := depth > 0
		if strings.HasSuffix(strings.TrimRight(raw, ".,;:?!"), ")") && depth > 0 && strings.Count(raw, ")") >= strings.Count(raw, "(") {
			depth--
		}
		if (raw == "—" || raw == "–" || raw == "--" || raw == "-") && len(toks) > 0 {
			toks[len(toks)-1].comma = true // "I keep forgetting this — how do I ..."
			continue
		}
		if w == "" {
			continue
		}
		l := strings.ToLower(w)
		comma := strings.HasSuffix(raw, ",") || strings.HasSuffix(raw, ";") || strings.HasSuffix(raw, ":") && !strings.Contains(w, ":") ||
			strings.HasSuffix(raw, "?") || strings.HasSuffix(raw, "!") || // a question or an exclamation ends a clause too
			strings.HasSuffix(raw, "'.") || strings.HasSuffix(raw, "\".") || // a quote that ends a sentence
			strings.HasSuffix(raw, ".") && sentenceWord(strings.Trim(strings.TrimRight(raw, "."), "()")) // so does a sentence: "it says port 3000 is in use. what's holding it?"
		end := strings.TrimRight(raw, "\"')")
		asks := strings.HasSuffix(end, "?")
		if base, ok := cutContraction(l); ok {
			// "what's using port 80" is "what is using port 80", and "where's" meets "where is".
			toks = append(toks, token{raw: w[:len(base)], lower: base, stem: stem(base), aside: aside}, token{raw: "is", lower: "is", stem: "is", comma: comma, aside: aside, asks: asks})
			continue
		}
		toks = append(toks, token{raw: w, lower: l, stem: stem(l), comma: comma, aside: aside, asks: asks})
	}
	toks = spelledNumbers(toks)
	pastedMessage(toks)
	if strings.Contains(s, "?") || slices.ContainsFunc(strings.Fields(strings.ToLower(s)), func(w string) bool { return personWords[strings.Trim(w, ".,;:!()")] }) {
		for i := range toks {
			toks[i].chat = true
		}
	}
	return toks
}

// pastedMessage marks as an aside what a program said, pasted after "says:" up to the end of its
// sentence, when the request goes on after it: "psql says: connection to server on socket ...
// failed. can you check the status of the postgresql service?" asks for no socket.
func pastedMessage(toks []token) {
	for i := 0; i+1 < len(toks); i++ {
		if !toks[i].comma || !saysWords[toks[i].lower] {
			continue
		}
		j := i + 1
		for j < len(toks) && !toks[j].comma {
			j++
		}
		if j+1 >= len(toks) {
			return // the message ends the request: it may be what is asked about
		}
		for k := i + 1; k <= j; k++ {
			toks[k].aside = true
		}
		i = j
	}
}

// saysWords introduce a message a program printed: "npm says:", "the log shows:".
var saysWords = setOf("says said shows showed prints printed outputs output gives gave complains errors")

// spelledTeens are the numbers from eleven on that people spell out, tens and a hundred ("the last
// fifteen lines", "ninety days from today"); the ones up to ten stay words, since "one" and "a" are
// also everything else ([number] reads them where a count is due).
var spelledTeens = map[string]int{"eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
	"seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
	"seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "thousand": 1000, "million": 1000000}

// spelledUnit is the digit "one" to "nine" say (numberWords), else 0: what follows "twenty" or
// comes before "hundred".
func spelledUnit(w string) int {
	if w == "a" || w == "an" {
		return 0
	}
	n, _ := strconv.Atoi(numberWords[w])
	if n > 9 {
		return 0
	}
	return n
}

// spelledNumbers writes the numbers from eleven on in digits: "fifteen" is 15, "twenty-five" and
// "twenty five" 25, "a hundred" and "one hundred" 100, "two hundred" 200.
func spelledNumbers(toks []token) []token {
	out := toks[:0:0]
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if t.quoted {
			out = append(out, t)
			continue
		}
		if d, k := spelledDigits(toks[i:]); k >= 3 {
			// "port five one seven three", "extension four oh four": a number said digit by digit.
			t.raw, t.lower, t.stem, t.comma = d, d, d, toks[i+k-1].comma
			out = append(out, t)
			i += k - 1
			continue
		}
		tens, unit, _ := strings.Cut(t.lower, "-")
		n, ok := spelledTeens[tens]
		if !ok || unit != "" && (n < 20 || n%10 != 0 || spelledUnit(unit) == 0) {
			out = append(out, t)
			continue
		}
		n += spelledUnit(unit)
		if (n == 100 || n == 1000 || n == 1000000) && len(out) > 0 && !out[len(out)-1].comma {
			// "a hundred", "two hundred", "two thousand"; "ten thousand", "two hundred thousand"
			p := out[len(out)-1].lower
			m := spelledUnit(p)
			if p == "ten" {
				m = 10
			} else if k, err := strconv.Atoi(p); err == nil && n >= 1000 && k > 0 && k < 1000 && !out[len(out)-1].quoted {
				m = k // "200 thousand", and "two hundred thousand", whose "two hundred" is 200 by now
			}
			if m > 0 || p == "a" {
				n *= max(m, 1)
				out = out[:len(out)-1]
			}
		}
		if unit == "" && n >= 20 && n < 100 && !t.comma && i+1 < len(toks) && !toks[i+1].quoted && spelledUnit(toks[i+1].lower) > 0 {
			i++ // "twenty five"
			n += spelledUnit(toks[i].lower)
			t.comma = toks[i].comma
		}
		d := strconv.Itoa(n)
		t.raw, t.lower, t.stem = d, d, d
		out = append(out, t)
	}
	return out
}

// spelledDigits reads the digits said one word each from toks[0] on ("five one seven three"), up to a
// comma or quote, and how many words said them.
func spelledDigits(toks []token) (string, int) {
	var b strings.Builder
	k := 0
	for k < len(toks) && !toks[k].quoted {
		d, ok := digitWords[toks[k].lower]
		if !ok || k == 0 && toks[k].lower == "oh" {
			break
		}
		b.WriteString(d)
		k++
		if toks[k-1].comma {
			break
		}
	}
	return b.String(), k
}

// digitWords are the words for one digit; "oh" is zero between others ("four oh four").
var digitWords = map[string]string{"zero": "0", "oh": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7", "eight": "8", "nine": "9"}

// sentenceWord reports whether a word followed by a period ends a sentence: a plain word or number, a
// name with hyphens ("the dump is on prod-app-3."), a file name ("i exported it to emails.txt."), a URL, a
// path or an IP address.
func sentenceWord(w string) bool {
	l := strings.ToLower(w) // "... over a flaky VPN. What would I run"
	return l != "" && (isAlnum(l) || isAlnum(strings.NewReplacer("-", "", "_", "").Replace(l)) && l[0] != '-' || isFileName(w) ||
		strings.Contains(l, "://") || len(l) > 1 && (l[0] == '/' || l[0] == '~') || isIPv4(l) && !strings.Contains(l, ":") || // a URL, a path, an IP
		zoneName.MatchString(w) || // "Set the system timezone to America/Chicago."
		len(l) > 3 && strings.HasPrefix(l, "--") && isAlnum(strings.ReplaceAll(l, "-", ""))) // "... or use --break-system-packages. Create ..."

}

// contracted are the words whose "'s" is "is" or "has", never a possessive.
var contracted = setOf("what who where how when why that there here it")

// cutContraction returns the word before the "'s" of a contraction such as "what's".
func cutContraction(l string) (string, bool) {
	for _, s := range []string{"'s", "’s"} {
		if base, ok := strings.CutSuffix(l, s); ok && contracted[base] {
			return base, true
		}
	}
	return "", false
}

func closingQuote(r rune) (rune, bool) {
	switch r {
	case '"':
		return '"', true
	case '\'':
		return '\'', true
	case '`':
		return '`', true
	case '“':
		return '”', true
	case '‘':
		return '’', true
	}
	return 0, false
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

func indexRune(rs []rune, from int, r rune) int {
	for i := from; i < len(rs); i++ {
		if rs[i] == r {
			// An apostrophe inside a word ("don't") does not close a quote.
			if r == '\'' && i+1 < len(rs) && isWordRune(rs[i+1]) && i > from && isWordRune(rs[i-1]) {
				continue
			}
			return i
		}
	}
	return -1
}

// trimPunct drops sentence punctuation around a word. A trailing dot goes unless the word is a path
// such as "." or "..", and brackets go only when unbalanced.
func trimPunct(w string) string {
	for w != "" {
		c := w[len(w)-1]
		switch {
		case c == ',' || c == ';' || c == '?' || c == '!' || c == ':' && !strings.Contains(w, "@"):
			w = w[:len(w)-1]
			continue
		case c == '.' && w != "." && w != ".." && !strings.HasSuffix(w, "/."):
			w = w[:len(w)-1]
			continue
		case c == ')' && strings.Count(w, "(") < strings.Count(w, ")"):
			w = w[:len(w)-1]
			continue
		}
		break
	}
	for w != "" && w[0] == '(' && strings.Count(w, "(") > strings.Count(w, ")") {
		w = w[1:]
	}
	if len(w) > 2 && w[0] == '(' && w[len(w)-1] == ')' && strings.Count(w, "(") == 1 && strings.Count(w, ")") == 1 &&
		(strings.ContainsAny(w, "./@0123456789") || pluralKinds[strings.TrimSuffix(strings.ToLower(w[1:len(w)-1]), "s")]) {
		w = w[1 : len(w)-1] // "(worker.service)", "(mon01.lan)", "photos (jpgs)": a name or kind in parentheses; "(sigh)" stays an aside
	}
	return w
}

// stem reduces a lowercase word to a crude root so that "deleting", "deletes" and "deleted" meet
// "delete" in the catalogue. It is applied to catalogue phrases and prompts alike, so it only has to
// be consistent, not linguistically right.
func stem(w string) string {
	if len(w) <= 3 || !isAlpha(w) {
		return w
	}
	switch {
	case strings.HasSuffix(w, "ies") && len(w) > 4:
		w = w[:len(w)-3] + "y"
	case strings.HasSuffix(w, "sses"):
		w = w[:len(w)-2]
	case strings.HasSuffix(w, "ing") && len(w) > 5:
		w = w[:len(w)-3]
	case strings.HasSuffix(w, "ed") && len(w) > 4:
		w = w[:len(w)-2]
	case strings.HasSuffix(w, "es") && len(w) > 4:
		w = w[:len(w)-2]
	case strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && !strings.HasSuffix(w, "us"):
		w = w[:len(w)-1]
	}
	if len(w) > 4 && strings.HasSuffix(w, "e") {
		w = w[:len(w)-1]
	}
	if n := len(w); n > 4 && w[n-1] == w[n-2] && w[n-1] != 's' && w[n-1] != 'l' {
		w = w[:n-1] // "listing" -> "list", "stopped" -> "stop"
	}
	return w
}

func isAlpha(w string) bool {
	for _, r := range w {
		if r < 'a' || r > 'z' {
			return false
		}
	}
	return true
}
