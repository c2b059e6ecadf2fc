package offline

import "strings"

// textSlots are what the string-handling intents need: the string to work on (a quoted literal, a
// $variable, "variable NAME"), the character that separates its fields and which field is wanted.
type textSlots struct {
	str string // shell-ready: "$var", 'text'
	raw string // the str token as typed, to tell it from the files the prompt names
	// plain is true when str is a quoted word with no cue that it is text ("string", "variable", "$"):
	// it may as well name a file.
	plain bool
	sep   string // one character, e.g. ":" for "colon-separated"
	nth   string // "1", "2", ... or "last"
}

// separators maps the words people use for a field separator to the character.
var separators = map[string]string{
	"colon": ":", "semicolon": ";", "comma": ",", "dot": ".", "period": ".", "slash": "/",
	"hyphen": "-", "dash": "-", "space": " ", "whitespace": " ", "tab": "\t", "underscore": "_",
	"pipe": "|", "equals": "=", "at": "@",
}

// ordinals maps "second" to 2; "last" stays a word for the templates that count from the end.
var ordinals = map[string]string{
	"first": "1", "second": "2", "third": "3", "fourth": "4", "fifth": "5", "sixth": "6", "seventh": "7",
	"eighth": "8", "ninth": "9", "tenth": "10", "last": "last",
}

// fieldNouns are the words after an ordinal that make it a field number.
var fieldNouns = map[string]bool{
	"field": true, "fields": true, "column": true, "columns": true, "component": true, "components": true,
	"section": true, "part": true, "word": true, "element": true, "entry": true, "item": true,
}

// extractText finds the string a request transforms. It claims no token: the candidates stay where the
// other extractors put them, for intents that read them as files or patterns.
func (e *Engine) extractText(toks []token, s *slots) {
	t := &s.text
	best := 0 // rank of the candidate found so far; higher wins
	for i := range toks {
		tk := &toks[i]
		pv := prevWord(toks, i)
		rank, v := 0, ""
		if (pv == "variable" || pv == "var") && savedTo(toks, i-1) || namesFile(tk.lower) {
			continue // "save it to variable x" says where the result goes; "$logfile" is a file
		}
		switch {
		case (pv == "variable" || pv == "var") && (tk.quoted || isIdentifier(strings.TrimPrefix(tk.raw, "$")) && !e.cat.has("stop", tk.lower)):
			rank, v = 4, `"$`+strings.TrimPrefix(strings.Trim(tk.raw, "{}"), "$")+`"`
		case tk.quoted && strings.HasPrefix(tk.raw, "$"):
			rank, v = 3, `"`+tk.raw+`"`
		case tk.quoted && (pv == "string" || pv == "text" || pv == "input" || pv == "line"):
			rank, v = 3, singleQuote(tk.raw)
		case tk.quoted && tk.raw != "" && !isFileName(tk.raw) && !isDotExt(tk.lower) && !strings.ContainsAny(tk.raw, "*?") &&
			!strings.HasPrefix(tk.raw, "/") && (strings.Contains(tk.raw, " ") || pv != "in" && pv != "from" && pv != "file" && pv != "device"):
			rank, v = 2, singleQuote(tk.raw)
		case !tk.quoted && strings.HasPrefix(tk.raw, "$") && len(tk.raw) > 1:
			rank, v = 1, `"`+tk.raw+`"`
		case !tk.quoted && pv == "string" && best < 2 && !e.cat.has("stop", tk.lower):
			// "the string hello world": the words up to "to", "into" or the end, unquoted.
			j := i
			for j < len(toks) && !toks[j].quoted && !strEnds[toks[j].lower] {
				j++
			}
			var words []string
			for _, w := range toks[i:j] {
				words = append(words, w.raw)
			}
			rank, v = 2, singleQuote(strings.Join(words, " "))
			markUsed(toks, i, j)
		}
		if rank > best {
			best, t.str, t.raw, t.plain = rank, v, tk.raw, rank == 2
		}
		if tk.quoted {
			continue
		}
		if t.sep == "" {
			w := tk.lower
			for _, suf := range []string{"-separated", "-delimited", "-seprated", "-bounded"} {
				if c, ok := separators[strings.TrimSuffix(w, suf)]; ok && strings.HasSuffix(w, suf) {
					t.sep = c
				}
			}
			if (w == "separated" || w == "delimited") && i > 0 && separators[toks[i-1].lower] != "" && !toks[i-1].quoted {
				t.sep = separators[toks[i-1].lower]
			}
			if (w == "separated" || w == "delimited") && i+2 < len(toks) && (toks[i+1].lower == "by" || toks[i+1].lower == "with") {
				next := toks[i+2]
				if next.lower == "a" || next.lower == "the" {
					if i+3 < len(toks) {
						next = toks[i+3]
					}
				}
				switch {
				case next.quoted && len([]rune(next.raw)) == 1:
					t.sep = next.raw
				case !next.quoted && separators[strings.TrimSuffix(next.lower, "s")] != "":
					t.sep = separators[strings.TrimSuffix(next.lower, "s")]
				}
			}
		}
		if n, ok := ordinals[tk.lower]; ok && t.nth == "" {
			if nx := nextWord(toks, i); fieldNouns[nx] || separatorWord(nx) && i+2 < len(toks) && fieldNouns[toks[i+2].lower] {
				t.nth = n
			}
		}
		if n := ordinal(tk.lower); n != "" && t.nth == "" && fieldNouns[nextWord(toks, i)] {
			t.nth = n
		}
		if fieldNouns[tk.lower] && t.nth == "" {
			if n := nextWord(toks, i); isInt(n) {
				t.nth = n
			}
		}
	}
}

// savedTo reports whether the word "variable" at i names where a result goes ("save it to variable x",
// "set variable x to ..."),
// not the string to work on.
func savedTo(toks []token, i int) bool {
	pv := prevWord(toks, i)
	return pv == "to" || pv == "in" || pv == "into" || pv == "set" || pv == "assign" || pv == "store"
}

// namesFile reports whether a variable's name says it holds a path: "$file", "${LOG_DIR}".
func namesFile(w string) bool {
	if !strings.HasPrefix(w, "$") {
		return false
	}
	return strings.Contains(w, "file") || strings.Contains(w, "dir") || strings.Contains(w, "path") || strings.Contains(w, "folder")
}

// separatorWord accepts "colon-separated" and friends between an ordinal and its noun.
func separatorWord(w string) bool {
	for _, suf := range []string{"-separated", "-delimited", "-seprated", "-bounded"} {
		if strings.HasSuffix(w, suf) {
			return true
		}
	}
	return false
}

// textFeatures lets intents ask for a string to work on ("#str"), a separator ("#sep"), a field ("#nth",
// "#nthlast" when it is counted from the end), whether the string is only a quoted word ("#strplain") and a file other than the string ("#otherfile": a quoted
// word after "of" is a path to the path extractor and the string to these intents).
func (s *slots) textFeatures() []token {
	t := &s.text
	last, other, plain := "", "", ""
	if t.nth == "last" {
		last = t.nth
	}
	if t.plain {
		plain = t.str
	}
	for _, p := range s.paths {
		if p != t.raw && p != "." {
			other = p
		}
	}
	var f []token
	for _, x := range [][2]string{{t.str, "#str"}, {t.sep, "#sep"}, {t.nth, "#nth"}, {last, "#nthlast"}, {other, "#otherfile"}, {plain, "#strplain"}} {
		if x[0] != "" {
			f = append(f, token{raw: x[1], lower: x[1], stem: x[1], used: true})
		}
	}
	return f
}

// textValue renders the slots of textSlots: <str>, <sep> (quoted for the shell) and <nth>.
func (c *composer) textValue(name string) (string, bool) {
	t := &c.s.text
	switch name {
	case "str":
		return t.str, t.str != ""
	case "sep":
		if t.sep == "" {
			return "", false
		}
		return singleQuote(t.sep), true
	case "nth":
		if t.nth == "" || t.nth == "last" {
			return "", false
		}
		return t.nth, true
	}
	return c.archiveValue(name)
}

// strEnds end a string said without quotes: "the string Hello to uppercase".
var strEnds = setOf("to into as in backwards reversed with and from")
