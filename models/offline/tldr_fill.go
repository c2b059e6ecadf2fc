package offline

import (
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/cmdai/cmdai/models/offline/tldr"
)

// tldrFiller fills one example's placeholders from a request. Each argument of the request fills at
// most one placeholder; a placeholder the request has nothing for stays unfilled, and the example is
// then not offered.
type tldrFiller struct {
	x     *tldr.Index
	toks  []token
	s     *slots
	hit   tldr.Hit
	own   map[string]bool // the example's own terms: words that say what to do, never values
	taken map[int]bool    // tokens that filled a placeholder
	paths []string
	quote int    // quoted texts used
	nums  int    // numbers used
	last  string // the path filled last, whose name an output file takes
}

func newTLDRFiller(x *tldr.Index, toks []token, s *slots, h tldr.Hit, tpl tldr.Template) *tldrFiller {
	f := &tldrFiller{x: x, toks: toks, s: s, hit: h, own: map[string]bool{}, taken: map[int]bool{}}
	for _, t := range h.Terms {
		f.own[t] = true
	}
	if h.Terms == nil {
		for _, t := range tldr.Terms(h.Example.Description + " " + strings.ReplaceAll(h.Page.Name, "-", " ") + " " + tpl.Literal()) {
			f.own[t] = true
		}
	}
	for _, p := range s.paths {
		if !slices.Contains(f.paths, p) {
			f.paths = append(f.paths, p)
		}
	}
	for _, g := range s.globs {
		if !slices.Contains(f.paths, g) {
			f.paths = append(f.paths, g)
		}
	}
	return f
}

// plainGlob is a glob the shell may expand as it stands: *.md, log-??.txt, data/*.csv.
var plainGlob = regexp.MustCompile(`^[A-Za-z0-9._/~+-]*[*?][A-Za-z0-9._/*?+-]*$`)

// quotePath quotes a path for the shell, leaving a plain glob unquoted so that it names the files it
// matches ("wc -w *.md", not the one file called '*.md').
func quotePath(v string) string {
	if plainGlob.MatchString(v) {
		return v
	}
	return quote(v)
}

// genericNouns name no kind of value by themselves: {{name}}, {{file_id}}.
var genericNouns = setOf("name names id ids new old the a value values string my your to of in file files path target source dest destination")

// textNouns are placeholders for free text, which only quoted words fill.
var textNouns = setOf("pattern regex regexp string text message keyword keywords search query expression content comment title description phrase sentence word words " +
	"format type mode option options command commands args arguments argument subcommand plugin flags flag script code program filter")

// numberNouns are placeholders for a number.
var numberNouns = setOf("count number num n amount width height seconds minutes hours days lines line column columns percent " +
	"quality level limit timeout depth bytes times replicas index size interval delay rate frames fps bitrate " +
	"x y offset start end duration age year month day hour minute second port uid gid mode")

func (f *tldrFiller) fill(h *tldr.Hole) (string, bool) {
	v, ok := f.value(h)
	if ok && h.Kind == tldr.KindPath {
		f.last = v
	}
	return v, ok
}

func (f *tldrFiller) value(h *tldr.Hole) (string, bool) {
	s := f.s
	switch h.Kind {
	case tldr.KindPath:
		return f.path(h)
	case tldr.KindDevice:
		for i, p := range f.paths {
			if strings.HasPrefix(p, "/dev/") {
				f.paths = slices.Delete(f.paths, i, i+1)
				return p, true
			}
		}
		return "", false
	case tldr.KindURL:
		return f.takeFirst(&s.urls)
	case tldr.KindHost:
		if v, ok := f.takeFirst(&s.hosts); ok {
			return v, true
		}
		return "", false
	case tldr.KindPort:
		if v, ok := f.takeFirst(&s.ports); ok {
			return v, true
		}
		return f.number(h)
	case tldr.KindUser:
		if s.user != "" {
			v := s.user
			s.user = ""
			return v, true
		}
		return f.named(h)
	case tldr.KindNumber:
		return f.number(h)
	case tldr.KindChoice:
		for i, t := range f.toks {
			if !f.taken[i] && !t.quoted && slices.ContainsFunc(h.Alts, func(a string) bool { return strings.TrimLeft(a, "-") == t.lower }) {
				f.taken[i] = true
				return h.Alts[slices.IndexFunc(h.Alts, func(a string) bool { return strings.TrimLeft(a, "-") == t.lower })], true
			}
		}
		return "", false
	}
	for _, n := range h.Nouns {
		if numberNouns[n] {
			return f.number(h)
		}
	}
	if v, ok := f.jqPath(h); ok {
		return v, true
	}
	for _, n := range h.Nouns {
		if textNouns[n] {
			return f.text()
		}
	}
	if strings.HasPrefix(h.Raw, "'") || strings.HasPrefix(h.Raw, "\"") || strings.ContainsAny(h.Raw, " .$[]()=") {
		// An expression or a sample value ({{.[index1], ...}}, {{key=value}}): only the person's own
		// quoted words can stand for it.
		return f.text()
	}
	return f.named(h)
}

func (f *tldrFiller) takeFirst(from *[]string) (string, bool) {
	if len(*from) == 0 {
		return "", false
	}
	v := (*from)[0]
	*from = (*from)[1:]
	for i, t := range f.toks {
		if strings.Contains(v, t.raw) && argumentLike(t) {
			f.taken[i] = true
		}
	}
	return v, true
}

func (f *tldrFiller) text() (string, bool) {
	texts := append(append([]string(nil), f.s.patterns...), f.s.loose...)
	if f.quote < len(texts) {
		v := texts[f.quote]
		f.quote++
		return quote(v), true
	}
	return "", false
}

// path fills a file or directory: the request's paths in order, all that remain for a list; an output
// file that the request names only by its format ("to gif") takes the name of the file before it.
func (f *tldrFiller) path(h *tldr.Hole) (string, bool) {
	if !h.Dir && strings.Contains(h.Raw, "file") && !strings.Contains(h.Raw, "dir") &&
		len(f.paths) > 0 && !slices.ContainsFunc(f.paths, func(p string) bool { return !slices.Contains(f.s.dirs, p) }) {
		// A placeholder for files takes no folder the request looks inside: "delete the files in
		// /tmp" is no "rm /tmp".
		return "", false
	}
	if len(f.paths) > 0 {
		pick := 0
		if h.Ext != "" {
			// A placeholder that shows an extension takes the path that has it, if any.
			if i := slices.IndexFunc(f.paths, func(p string) bool { return strings.EqualFold(path.Ext(p), h.Ext) }); i >= 0 {
				pick = i
			}
		}
		if h.Multi {
			v := strings.Join(quoteAll(f.paths), " ")
			for _, p := range f.paths {
				f.took(p)
			}
			f.paths = nil
			return v, true
		}
		v := f.paths[pick]
		f.took(v)
		f.paths = slices.Delete(f.paths, pick, pick+1)
		return quotePath(v), true
	}
	if h.Ext != "" && f.last != "" && !h.Dir {
		// An output file the request names only by its format ("to jpg", "as mp3") takes the name of
		// the file before it with the format the request said.
		for i, t := range f.toks {
			if !t.quoted && !f.taken[i] && fileKinds["."+t.lower] != "" {
				f.taken[i] = true
				prev := strings.Trim(f.last, "'\"")
				if "."+t.lower == path.Ext(prev) {
					continue
				}
				return quote(strings.TrimSuffix(prev, path.Ext(prev)) + "." + t.lower), true
			}
		}
	}
	if h.Default != "" {
		return h.Default, true
	}
	return "", false
}

// number fills a number from the request's numbers in order, with the placeholder's unit when the
// request said one the same way; a small example value stands when the request has no number.
func (f *tldrFiller) number(h *tldr.Hole) (string, bool) {
	seen := 0
	for i, t := range f.toks {
		if t.quoted {
			continue
		}
		num, unit := splitNumber(t.raw)
		if num == "" {
			continue
		}
		if seen < f.nums || f.taken[i] {
			seen++
			continue
		}
		f.nums++
		f.taken[i] = true
		if unit == "" && h.Unit != "" && i+1 < len(f.toks) {
			if u := unitOf(f.toks[i+1].lower, h.Unit); u != "" {
				f.taken[i+1] = true
				unit = u
			}
		}
		return num + unit, true
	}
	if h.Default != "" && len(h.Default) <= 3 {
		return h.Default + h.Unit, true
	}
	return "", false
}

// splitNumber cuts "50%" into "50" and "%"; num is "" for a word that is not a number.
func splitNumber(w string) (num, unit string) {
	i := 0
	for i < len(w) && (w[i] >= '0' && w[i] <= '9' || w[i] == '.' && i > 0) {
		i++
	}
	if i == 0 || len(w)-i > 3 {
		return "", ""
	}
	for _, r := range w[i:] {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r == '%') {
			return "", ""
		}
	}
	return strings.TrimRight(w[:i], "."), w[i:]
}

// unitOf spells a unit word the way the placeholder's example does ("seconds" as "s"), or "".
func unitOf(word, example string) string {
	units := map[string]string{"second": "s", "seconds": "s", "sec": "s", "secs": "s", "minute": "m", "minutes": "m",
		"min": "m", "mins": "m", "hour": "h", "hours": "h", "day": "d", "days": "d", "percent": "%",
		"kb": "K", "mb": "M", "gb": "G", "kilobytes": "K", "megabytes": "M", "gigabytes": "G"}
	u, ok := units[word]
	if !ok {
		return ""
	}
	if strings.EqualFold(u, example[:1]) || u == "%" && example == "%" {
		if example[0] >= 'a' && example[0] <= 'z' {
			return strings.ToLower(u)
		}
		return u
	}
	return ""
}

// named fills a value that the placeholder's words name ({{container_name}}): the word next to one of
// those words in the request ("the web container", "branch main"), else quoted text, else the one
// word of the request that the example does not explain.
func (f *tldrFiller) named(h *tldr.Hole) (string, bool) {
	if slices.Contains(h.Nouns, "name") || len(h.Nouns) == 1 {
		// "a session named work", "a branch called fix-1": the word after names it.
		for i, t := range f.toks {
			if (t.lower == "named" || t.lower == "called") && f.valueWord(i+1) {
				f.taken[i], f.taken[i+1] = true, true
				return f.toks[i+1].raw, true
			}
		}
	}
	for _, n := range h.Nouns {
		if genericNouns[n] {
			continue
		}
		term := tldr.Term(n)
		for i, t := range f.toks {
			if t.quoted || tldr.Term(t.lower) != term {
				continue
			}
			for _, j := range []int{i + 1, i - 1} {
				if f.valueWord(j) && (j > i || f.nameBefore(f.toks[j].raw)) {
					f.taken[j], f.taken[i] = true, true
					return f.toks[j].raw, true
				}
			}
		}
	}
	if !slices.ContainsFunc(h.Nouns, func(n string) bool { return !genericNouns[n] }) {
		// {{name}} alone: the word after one the example itself says ("attach to the session work").
		for i, t := range f.toks {
			if !t.quoted && f.own[tldr.Term(t.lower)] && f.valueWord(i+1) {
				f.taken[i+1] = true
				return f.toks[i+1].raw, true
			}
		}
	}
	if v, ok := f.text(); ok {
		return v, true
	}
	for i := range f.toks {
		// Without a word that names it, a value is a program's name ("install htop") or a word that
		// reads as a name, not English ("my-app", "web_1").
		if f.valueWord(i) && (f.x.IsProgram(f.toks[i].lower) || identifier(f.toks[i].raw)) {
			f.taken[i] = true
			return f.toks[i].raw, true
		}
	}
	return "", false
}

// valueWord reports whether toks[i] can be a value: a word of the person's that the example does not
// use and that is not glue.
func (f *tldrFiller) valueWord(i int) bool {
	if i < 0 || i >= len(f.toks) || f.taken[i] {
		return false
	}
	t := f.toks[i]
	if t.quoted {
		return false
	}
	term := tldr.Term(t.lower)
	if term == "" || f.own[term] || englishPrograms[t.lower] || fillerWords[t.lower] {
		return false
	}
	if _, unit := splitNumber(t.raw); unit != "" || isNumber(t.raw) {
		return false
	}
	return true
}

// fillerWords are request words that are never a value: politeness, quantities, places.
var fillerWords = setOf("please now quickly currently running current here there everything anything something " +
	"named called new latest last first previous next local remote default whole entire again back instead " +
	"how show list make get see want need file files folder folders directory directories dir pointing points " +
	"link links linked")

func quoteAll(ps []string) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = quote(p)
	}
	return out
}

// identifier reports whether w reads as a name someone gave a thing rather than an English word: it
// has an underscore, a digit or an inner capital ("self-signed" is English, "web-1" a name).
func identifier(w string) bool {
	if strings.ContainsAny(w, "_0123456789") {
		return len(w) > 1
	}
	for i, r := range w {
		if i > 0 && r >= 'A' && r <= 'Z' {
			return true
		}
	}
	return false
}

// took marks the tokens a path came from as used.
func (f *tldrFiller) took(p string) {
	for i, t := range f.toks {
		if t.raw == p || strings.Contains(p, t.raw) && argumentLike(t) {
			f.taken[i] = true
		}
	}
}

// nameBefore reports whether w, said before the word that names a placeholder, is a name ("the web-1
// pod", "the frobnicator service") rather than a describing word ("the self-signed certificate").
func (f *tldrFiller) nameBefore(w string) bool {
	if strings.ContainsAny(w, "_0123456789") {
		return true
	}
	if strings.Contains(w, "-") {
		for _, part := range strings.Split(strings.ToLower(w), "-") {
			if f.x.Known(part) > 0 {
				return false
			}
		}
		return true
	}
	return f.x.Known(strings.ToLower(w)) == 0 || f.x.IsProgram(strings.ToLower(w))
}

// jqPath fills a jq filter placeholder ({{.key}}, {{.[index]}}) from "the name field", "key name".
func (f *tldrFiller) jqPath(h *tldr.Hole) (string, bool) {
	if !strings.HasPrefix(strings.Trim(h.Raw, "'\""), ".") {
		return "", false
	}
	for i, t := range f.toks {
		switch t.lower {
		case "field", "key", "property", "attribute":
			if i > 0 && f.valueWordLoose(i-1) {
				f.taken[i-1], f.taken[i] = true, true
				return "." + f.toks[i-1].raw, true
			}
			if f.valueWordLoose(i + 1) {
				f.taken[i+1], f.taken[i] = true, true
				return "." + f.toks[i+1].raw, true
			}
		}
	}
	return "", false
}

// valueWordLoose is valueWord for a key's name, which may well be a word the example uses ("name").
func (f *tldrFiller) valueWordLoose(i int) bool {
	if i < 0 || i >= len(f.toks) || f.taken[i] || f.toks[i].quoted || argumentLike(f.toks[i]) {
		return false
	}
	w := f.toks[i].lower
	return tldr.Term(w) != "" && !fillerWords[w] && isAlpha(strings.ReplaceAll(w, "_", "a"))
}
