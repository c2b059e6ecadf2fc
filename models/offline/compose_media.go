package offline

import (
	"cmp"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// mediaValue renders the slots of ffmpeg, ImageMagick, jq and date templates. known is false for a
// name that is not one of them.
//
//	<media> <image> <json>  the first video or audio file, image, JSON file named
//	<images>                every image named
//	<out.EXT>               the output file: a second file named, else the input's name with the format
//	                        the request says ("to mp3", "a gif"), else with EXT
//	<out-TAG>               a second file named, else the input's name with -TAG before its extension
//	<reldatebsd>            the relative date as BSD date's -v adjustment: -v-3d
//	<reldate> <reldate2> <geometry> <percent> <height> <width> <degrees> <seconds>   see mediaSlots
//	<jqpath>                the jq path of the field asked for: .name, .[].id
//	<utc>                   -u when the request asks for UTC
//	<epochsec>              the Unix time said, in seconds (milliseconds divided by 1000)
//	<jqcols>                the fields a table takes, as jq paths: .id, .email (.[] for every one)
func (c *composer) mediaValue(name string) (v string, ok, known bool) {
	s, m := c.s, c.s.media
	one := func(v string) (string, bool, bool) { return v, v != "", true }
	switch name {
	case "media":
		return one(quoteOr(c.inputOf(videoExts, audioExts)))
	case "image":
		return one(quoteOr(c.inputOf(imageExts)))
	case "medias":
		// Every video named, in the order said, but the one they are joined into: the parts to join.
		// Audio parts are joined by SoX the same way.
		var q []string
		for _, p := range s.paths {
			if (videoExts[extOf(p)] || audioExts[extOf(p)]) && p != s.dst && !c.calledName(p) {
				q = append(q, quote(p))
			}
		}
		if c.saying && len(q) > 1 {
			return one(strings.Join(q[:len(q)-1], ", ") + " and " + q[len(q)-1])
		}
		return one(strings.Join(q, " "))
	case "listfile":
		// "listed in order in list.txt": the text file that names the files, one per line.
		for _, p := range c.s.paths {
			if extOf(p) == "txt" {
				return one(quote(p))
			}
		}
		return "", false, true
	case "joined":
		// Where the parts are joined into: the file said after "into", else joined.<ext> beside them,
		// never one of the parts.
		if videoExts[extOf(s.dst)] || audioExts[extOf(s.dst)] {
			return one(quote(s.dst))
		}
		for i := 0; i+1 < len(c.toks); i++ {
			// "into one file called full.wav"
			if l, n := c.toks[i].lower, c.toks[i+1].raw; (l == "called" || l == "named") && (videoExts[extOf(n)] || audioExts[extOf(n)]) {
				return one(quote(n))
			}
		}
		for _, p := range s.paths {
			if x := extOf(p); videoExts[x] || audioExts[x] {
				return one("joined." + x)
			}
		}
		return "", false, true
	case "images":
		var q []string
		for _, p := range c.images() {
			q = append(q, quote(p))
		}
		c.manyIn = true
		return one(strings.Join(q, " "))
	case "json":
		return one(quoteOr(s.pathOf("json")))
	case "jqper":
		// "a count per type", "counts by status": the field the elements are counted by.
		for i := 0; i+1 < len(c.toks); i++ {
			if l := c.toks[i].lower; l != "per" && l != "by" {
				continue
			}
			if w := c.toks[i+1]; !w.quoted && jqIdent.MatchString(w.raw) && !stopListWords[w.lower] {
				c.toks[i+1].used = true
				return one(w.raw)
			}
		}
		return "", false, true
	case "fasta":
		for _, ext := range []string{"fasta", "fa", "fna", "faa"} {
			if p := s.pathOf(ext); p != "" {
				return one(quote(p))
			}
		}
		return "", false, true
	case "jsonl":
		// JSON lines: results.jsonl, or the .json file said to hold one object per line.
		for _, ext := range []string{"jsonl", "ndjson", "json"} {
			if p := s.pathOf(ext); p != "" {
				return one(quote(p))
			}
		}
		return "", false, true
	case "reldate":
		return one(quoteOr(m.reldate))
	case "pdfpage", "pdfout", "dpi", "thumbdir", "zipfile", "zipmember", "tarin", "tarmember", "formfield", "formfile":
		return c.fileSlot(name)
	case "utc":
		// "what's that in human time? UTC please": date's -u.
		for i, t := range c.toks {
			if (t.lower == "utc" || t.lower == "gmt" || t.lower == "zulu") && !t.quoted {
				markUsed(c.toks, i, i+1)
				return one("-u")
			}
		}
		return "", false, true
	case "epochsec":
		// A Unix time in milliseconds (13 digits: "epoch millis, e.g. 1718000000000") is seconds × 1000.
		n, ok := c.value("num")
		if q := c.s.tail.epochQuoted; q != "" && (!ok || len(n) < 9) {
			n, ok = q, true // the time inside a pasted line
		}
		if ok && len(n) == 13 && isInt(n) {
			return one("$((" + n + " / 1000))")
		}
		return n, ok, true
	case "reldateraw":
		// Inside the template's own quotes: 'TZ="America/New_York" 2024-07-15 14:00'.
		if strings.ContainsAny(m.reldate, `'"\$`+"`") {
			return "", false, true
		}
		if !strings.Contains(m.reldate, ":") {
			for i := range c.toks {
				if hm := clockAt(c.toks, i); hm != "" {
					markUsed(c.toks, i, i+1)
					return one(m.reldate + " " + hm) // "9am New York time tomorrow": tomorrow 9:00
				}
			}
		}
		return one(m.reldate)
	case "reldate2":
		return one(quoteOr(m.reldate2))
	case "reldatebsd":
		return one(bsdDate(m.reldate))
	case "geometry":
		return one(m.geometry)
	case "ffgeometry":
		// "1280x720" as ffmpeg's scale filter writes it.
		if w, h, ok := strings.Cut(m.geometry, "x"); ok && isInt(w) && isInt(h) {
			return one(w + ":" + h)
		}
		return "", false, true
	case "percent":
		return one(m.percent)
	case "height":
		return one(m.height)
	case "width":
		return one(m.width)
	case "degrees":
		return one(m.degrees)
	case "seconds":
		if m.seconds != "" {
			takeSeconds(c.toks)
		}
		return one(m.seconds)
	case "until":
		return one(m.until)
	case "span":
		return one(m.span)
	case "tz":
		return one(m.tz)
	case "tzclock":
		return one(c.tzClock())
	case "mins":
		return one(m.mins)
	case "datefmt":
		return one(m.datefmt)
	case "month":
		return one(m.month)
	case "year":
		return one(m.year)
	case "size":
		return one(cmp.Or(m.percent, m.geometry, m.width))
	case "jpgq":
		// "at quality 80", "quality of 70", "75% quality": the number said beside the word.
		for i, t := range c.toks {
			if t.lower != "quality" || t.quoted {
				continue
			}
			for _, j := range []int{i + 1, i + 2, i - 1} {
				if j < 0 || j >= len(c.toks) {
					continue
				}
				if n, ok := c.e.numberAt(c.toks, j); ok && isInt(strings.TrimSuffix(n, "%")) {
					if q, _ := strconv.Atoi(strings.TrimSuffix(n, "%")); q > 0 && q <= 100 {
						markUsed(c.toks, j, j+1)
						return one(strconv.Itoa(q))
					}
				}
				if j == i+1 && c.toks[j].lower != "of" && c.toks[j].lower != "at" {
					break
				}
			}
		}
		return "", false, true
	case "tilecols":
		// "four across", "5 per row", "in 3 columns": how many images a row of the grid holds.
		for i := 0; i+1 < len(c.toks); i++ {
			n, ok := c.e.numberAt(c.toks, i)
			if !ok || !isInt(n) {
				continue
			}
			if w := c.toks[i+1].lower; w == "across" || w == "wide" || w == "columns" || w == "per" || w == "in" && i+2 < len(c.toks) && c.toks[i+2].lower == "a" {
				markUsed(c.toks, i, i+2)
				return one(n)
			}
		}
		return "", false, true
	case "montageout":
		// The image the grid is saved as: an image named that is no glob of the inputs.
		for _, p := range s.paths {
			if imageExts[extOf(p)] && !strings.ContainsAny(p, "*?") {
				return one(quote(p))
			}
		}
		return "", false, true
	case "pagesglob":
		// "the PNGs I exported into the charts folder": the images of the one folder named, wherever it
		// was said to be.
		g := "*.png"
		if len(s.globs) > 0 && strings.HasPrefix(s.globs[0], "*.") {
			g = s.globs[0]
		}
		if len(s.dirs) == 1 && plainFolder(s.dirs[0]) && s.dirs[0] != "." {
			g = strings.TrimSuffix(s.dirs[0], "/") + "/" + g
		}
		return one(g)
	case "pdfnamed":
		return one(quoteOr(s.pathOf("pdf")))
	case "qualityopt":
		if q, ok, _ := c.mediaValue("jpgq"); ok {
			return one("-quality " + q)
		}
		return "", false, true
	case "globfrom":
		if from, ok := c.extValue("extfrom"); ok {
			g := "*." + from // unquoted: the shell expands it for the loop
			if d := s.globDir(); d != "" && plainFolder(d) {
				g = strings.TrimSuffix(d, "/") + "/" + g // "every mkv in ~/tv": ~/tv/*.mkv
			}
			return g, true, true
		}
		return "", false, true
	case "jqcols":
		// "as CSV with id, email and created_at columns": those fields of each object, in order.
		cols := jqColumns(c.toks)
		if len(cols) == 0 {
			return one(".[]")
		}
		return one("." + strings.Join(cols, ", ."))
	case "jqpath":
		return one(quoteOr(c.jqPath()))
	}
	if ext, isOut := strings.CutPrefix(name, "out."); isOut {
		return one(quoteOr(c.output(ext, "")))
	}
	if tag, isOut := strings.CutPrefix(name, "out-"); isOut {
		return one(quoteOr(c.output("", tag)))
	}
	return "", false, false
}

// unfilledConfidence is the most confidence an answer gets whose required slot stayed empty: low enough
// that it is shown only as a reading to complete.
const unfilledConfidence = 0.3

func quoteOr(v string) string {
	if v == "" {
		return ""
	}
	return quote(v)
}

// inputOf is the first file named with one of the extensions, or "".
func (c *composer) inputOf(kinds ...map[string]bool) string {
	for i := 1; i < len(c.toks); i++ {
		// "a 64x64 favicon.ico from logo.png": the one it is made from, wherever it is said.
		if c.toks[i-1].lower != "from" || !contains(c.s.paths, c.toks[i].raw) {
			continue
		}
		for _, k := range kinds {
			if k[extOf(c.toks[i].raw)] {
				return c.toks[i].raw
			}
		}
	}
	for _, p := range c.s.paths {
		for _, k := range kinds {
			if k[extOf(p)] {
				return p
			}
		}
	}
	return ""
}

// images are the images a template that takes several reads: every image named, but for the last of
// three or more, which is where they go.
func (c *composer) images() []string {
	var in []string
	for _, p := range c.s.paths {
		if imageExts[extOf(p)] || strings.ContainsAny(p, "*?") {
			in = append(in, p)
		}
	}
	if len(in) >= 3 && c.calledOutput() == "" {
		in = in[:len(in)-1] // the last one named is where they go, unless one is "called" so
	}
	return in
}

// calledOutput is a file name said after "called" or "named" that is not among the paths, which
// the slots took for a name to look for: "into one vertical strip called steps.png". "" when none.
func (c *composer) calledOutput() string {
	out, _ := c.calledFile(func(p string) bool { return contains(c.s.paths, p) })
	return out
}

// calledFile is the first file name (one with an extension, no wildcard) said after "called" or
// "named" that skip does not rule out, and where it stands; "", -1 when none. calledName asks the
// same of one path.
func (c *composer) calledFile(skip func(string) bool) (string, int) {
	for i := 1; i < len(c.toks); i++ {
		if t := c.toks[i]; (c.toks[i-1].lower == "called" || c.toks[i-1].lower == "named") && path.Ext(t.raw) != "" && !strings.ContainsAny(t.raw, "*?") && !skip(t.raw) {
			return t.raw, i
		}
	}
	return "", -1
}

// input is the file a conversion reads: the first media file or image named, else the first file.
func (c *composer) input() string {
	if in := c.inputOf(videoExts, audioExts, imageExts); in != "" {
		return in
	}
	for _, p := range c.s.paths {
		if !contains(c.s.dirs, p) {
			return p
		}
	}
	return ""
}

// output names a conversion's output (see mediaValue): ext is out.EXT's, tag out-TAG's.
func (c *composer) output(ext, tag string) string {
	in := c.input()
	if in == "" {
		return ""
	}
	var inputs []string // the images a template took all of are inputs, not where they go
	if c.manyIn {
		inputs = c.images()
		if out := c.calledOutput(); out != "" {
			return out
		}
	}
	for _, p := range c.s.paths {
		if p != in && path.Ext(p) != "" && !contains(c.s.dirs, p) && !contains(inputs, p) {
			return p
		}
	}
	// "a thumbnail of cover.jpg called cover_thumb.jpg": a name the slots took for one to look for.
	if out, i := c.calledFile(func(p string) bool { return p == in }); out != "" {
		markUsed(c.toks, i-1, i+1)
		return out
	}
	base := strings.TrimSuffix(in, path.Ext(in))
	// A format said as a word: "to mp3", "into an mp4", "a gif", "as png".
	for i, t := range c.toks {
		if t.quoted || strings.Contains(t.raw, ".") || t.lower == extOf(in) {
			continue
		}
		if videoExts[t.lower] || audioExts[t.lower] || imageExts[t.lower] {
			if !t.used {
				markUsed(c.toks, i, i+1)
			}
			return base + "." + t.lower
		}
	}
	switch {
	case tag != "":
		return base + "-" + tag + path.Ext(in)
	case ext != "" && ext != extOf(in):
		return base + "." + ext
	case ext != "":
		return base + "-out." + ext
	}
	return ""
}

// jqPath is the jq path of the field a request asks for: "the name field" is .name, "the id of every
// item" .[].id, "the version from package.json" .version; "" when it names none.
// jqFieldNouns say that the word before them names a JSON field: "the email fields".
var jqFieldNouns = setOf("field fields key keys property properties attribute attributes addresses")

func (c *composer) jqPath() string {
	if c.s.tail.jqlit != "" {
		return c.s.tail.jqlit // "a nested .database.host field": the path as jq writes it
	}
	field := jqField(c.toks)
	if field == "" {
		// "print the version from package.json": the word before the file's preposition.
		for i, t := range c.toks {
			if i == 0 || t.quoted || !(t.lower == "from" || t.lower == "in" || t.lower == "of") || i+1 >= len(c.toks) {
				continue
			}
			prev := c.toks[i-1]
			if prev.lower == "out" && t.lower == "of" && i >= 2 {
				prev = c.toks[i-2] // "the version out of package.json"
			}
			if extOf(c.toks[i+1].raw) != "json" && !(c.toks[i+1].lower == "every" || c.toks[i+1].lower == "each" || c.toks[i+1].lower == "all") {
				continue
			}
			if jqItems[prev.lower] && i >= 2 {
				// "the last element of list.json": an element by its place, not a field.
				switch c.toks[i-2].lower {
				case "first":
					markUsed(c.toks, i-2, i)
					return ".[0]"
				case "last":
					markUsed(c.toks, i-2, i)
					return ".[-1]"
				}
				return ""
			}
			if base := strings.TrimSuffix(strings.ToLower(path.Base(c.toks[i+1].raw)), ".json"); prev.lower == base || prev.lower+"s" == base {
				return "" // "the users in users.json" names the file's content, not a field
			}
			if isAlpha(strings.ReplaceAll(prev.lower, "_", "a")) && !c.e.cat.has("stop", prev.lower) && !jqVerbs[prev.lower] && !jqItems[prev.lower] {
				field = prev.raw
				if c.eachElementAt(i+1) && len(field) > 3 && strings.HasSuffix(field, "s") && !strings.HasSuffix(field, "ss") {
					field = field[:len(field)-1] // "the names of all the users": each user's name
				}
				break
			}
		}
	}
	if field == "" {
		field = askedField(c.toks)
	}
	if field == "" {
		// "people.json is an array of people, give me just their names": each element's field.
		for i := 0; i+1 < len(c.toks); i++ {
			if w := c.toks[i+1]; c.toks[i].lower == "their" && !w.quoted && isAlpha(w.lower) && !c.e.cat.has("stop", w.lower) &&
				slices.ContainsFunc(c.toks, func(t token) bool { return t.lower == "array" || t.lower == "list" }) {
				field = strings.TrimSuffix(w.lower, "s")
				markUsed(c.toks, i, i+2)
				return ".[]." + field
			}
		}
		// "users.json is an array of objects and i just want all the email fields": the word before
		// "field", of every element when the file is an array.
		array := slices.ContainsFunc(c.toks, func(t token) bool { return t.lower == "array" || t.lower == "objects" || t.lower == "list" })
		for i := 1; i < len(c.toks); i++ {
			prev := c.toks[i-1]
			if !jqFieldNouns[c.toks[i].lower] || prev.quoted || !isAlpha(strings.ReplaceAll(prev.lower, "_", "a")) ||
				c.e.cat.has("stop", prev.lower) || jqVerbs[prev.lower] || jqItems[prev.lower] {
				continue
			}
			markUsed(c.toks, i-1, i+1)
			if array {
				return ".[]." + prev.raw
			}
			return "." + prev.raw
		}
		return ""
	}
	for i, t := range c.toks {
		if t.lower == field || t.raw == field {
			markUsed(c.toks, i, i+1)
		}
	}
	for i := 0; i+1 < len(c.toks); i++ {
		if c.eachElementAt(i) {
			markUsed(c.toks, i, i+2)
			return ".[]." + field
		}
	}
	if slices.ContainsFunc(c.toks, func(t token) bool { return t.lower == "array" }) && !strings.Contains(field, ".") {
		return ".[]." + field // "it's an array of objects. pull out just the email field of each one"
	}
	return "." + field
}

// eachElementAt reports whether the words at i say every element of the JSON array: "every item",
// "each object", or the file's own name for them ("all the users" of users.json).
func (c *composer) eachElementAt(i int) bool {
	if i+1 >= len(c.toks) || !(c.toks[i].lower == "every" || c.toks[i].lower == "each" || c.toks[i].lower == "all") {
		return false
	}
	noun := c.toks[i+1]
	if noun.lower == "the" && i+2 < len(c.toks) {
		noun = c.toks[i+2]
	}
	if jqItems[noun.lower] {
		return true
	}
	for _, p := range c.s.paths {
		if extOf(p) != "json" {
			continue
		}
		if base := strings.TrimSuffix(strings.ToLower(path.Base(p)), ".json"); noun.lower == base || noun.lower+"s" == base {
			return true
		}
	}
	return false
}

// askedField is the noun a question about a JSON file asks for: "from package.json, what's the
// version".
func askedField(toks []token) string {
	for i := 0; i < len(toks); i++ {
		j := i + 1
		switch toks[i].lower {
		case "what's", "whats":
		case "what":
			if j < len(toks) && (toks[j].lower == "is" || toks[j].lower == "are") {
				j++
			} else {
				continue
			}
		default:
			continue
		}
		if j < len(toks) && toks[j].lower == "the" {
			j++
		}
		if j < len(toks) && !toks[j].quoted && isAlpha(strings.ReplaceAll(toks[j].lower, "_", "a")) && !jqVerbs[toks[j].lower] && !jqItems[toks[j].lower] {
			return toks[j].raw
		}
	}
	return ""
}

var (
	jqVerbs = setOf("get show print read extract list display output fetch value field key keys property")
	jqItems = setOf("item items element elements entry entries object objects record records one")
)

// bsdUnits are BSD date's -v units for date -d's.
var bsdUnits = map[string]string{"day": "d", "week": "w", "month": "m", "year": "y", "hour": "H", "minute": "M", "fortnight": "w"}

// bsdDate turns a relative date as date -d reads it ("3 days ago", "next friday") into BSD date's
// adjustment ("-v-3d", "-v+fri"); "" when it has none.
func bsdDate(rel string) string {
	f := strings.Fields(rel)
	switch {
	case rel == "yesterday":
		return "-v-1d"
	case rel == "tomorrow":
		return "-v+1d"
	case isoDate(rel):
		return "-j -f %Y-%m-%d " + rel
	case len(f) == 2 && isoDate(f[0]) && clockRe.MatchString(f[1]):
		return "-j -f '%Y-%m-%d %H:%M' '" + rel + "'"
	case len(f) == 2 && (f[0] == "next" || f[0] == "last"):
		sign := map[string]string{"next": "+", "last": "-"}[f[0]]
		if weekdays[f[1]] {
			return "-v" + sign + f[1][:3]
		}
		if u := bsdUnits[f[1]]; u != "" {
			return "-v" + sign + "1" + u
		}
	case len(f) >= 2 && isInt(f[0]):
		unit := bsdUnits[strings.TrimSuffix(f[1], "s")]
		if unit == "" {
			return ""
		}
		n := f[0]
		if f[1] == "fortnight" || f[1] == "fortnights" {
			n = strconv.Itoa(2 * atoiOr(f[0], 1))
		}
		if len(f) == 3 && f[2] == "ago" {
			return "-v-" + n + unit
		}
		return "-v+" + n + unit
	}
	return ""
}

// jqColumnNouns name the fields of a table: "with id, email and created_at columns".
var jqColumnNouns = setOf("columns fields keys properties")

// jqColumns reads the field names listed before or after jqColumnNouns ("with id, email and created_at
// columns", "the fields name, age and city"), two or more, and marks them used; nil when none are.
func jqColumns(toks []token) []string {
	name := func(t token) bool {
		return jqIdent.MatchString(t.raw) && !stopListWords[t.lower]
	}
	for k, t := range toks {
		if !jqColumnNouns[t.lower] || t.quoted {
			continue
		}
		var cols []int
		for j := k - 1; j >= 0 && name(toks[j]); {
			cols = append([]int{j}, cols...)
			switch {
			case j >= 2 && toks[j-1].lower == "and" && name(toks[j-2]):
				j -= 2
			case j >= 1 && toks[j-1].comma && name(toks[j-1]):
				j--
			default:
				j = -1
			}
		}
		if len(cols) < 2 {
			cols = cols[:0]
			for j := k + 1; j < len(toks) && name(toks[j]); {
				cols = append(cols, j)
				switch {
				case j+2 < len(toks) && toks[j+1].lower == "and" && name(toks[j+2]):
					j += 2
				case toks[j].comma && j+1 < len(toks) && name(toks[j+1]):
					j++
				default:
					j = len(toks)
				}
			}
		}
		if len(cols) < 2 {
			continue
		}
		out := make([]string, len(cols))
		for i, j := range cols {
			out[i] = toks[j].raw
			markUsed(toks, j, j+1)
		}
		markUsed(toks, k, k+1)
		return out
	}
	for k := 0; k+4 < len(toks); k++ {
		// "I only need id and total from each one": the names before "from each" or "of every";
		// "each station's id, name and city": the names after whose they are.
		owner := strings.HasSuffix(toks[k].lower, "'s") && !toks[k].quoted
		if !jqWantWords[toks[k].lower] && !owner {
			continue
		}
		var cols []int
		j := k + 1
		for j < len(toks) && name(toks[j]) {
			cols = append(cols, j)
			if j+2 < len(toks) && toks[j+1].lower == "and" && name(toks[j+2]) {
				j += 2
				continue
			}
			if toks[j].comma && j+1 < len(toks) && name(toks[j+1]) {
				j++
				continue
			}
			j++
			break
		}
		listed := owner && len(cols) > 2 // "the user's name and email" may be prose; three names are a list
		if len(cols) < 2 || !listed && (j+1 >= len(toks) || toks[j].lower != "from" && toks[j].lower != "of" || toks[j+1].lower != "each" && toks[j+1].lower != "every") {
			continue
		}
		out := make([]string, len(cols))
		for i, c := range cols {
			out[i] = toks[c].raw
			markUsed(toks, c, c+1)
		}
		return out
	}
	return nil
}

// jqWantWords come before the fields a person keeps: "I only need id and total from each one".
var jqWantWords = setOf("need want keep only just")

// jqIdent is a field name jq takes after a dot; stopListWords end a list of them.
var (
	jqIdent       = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)
	stopListWords = setOf("the a an with and or of in as to its their these those all each every")
)

// isoDay is a date written as ISO 8601 does: 2024-06-01.
var isoDay = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

// tzClock converts the time of day a request says between the zones it says: "14:30 UTC ... in
// America/Los_Angeles" is that zone's time of 14:30 UTC, "09:30 New York time in UTC" is UTC's time of
// 09:30 in New York, and "9am Sydney time, what is that for me" this machine's time of 9:00 in Sydney.
// "" without a time of day or a zone.
func (c *composer) tzClock() string {
	tz, at := c.s.media.tz, c.s.clockTime-1
	if tz == "" || at < 0 || at >= len(c.toks) {
		return ""
	}
	clock := clockAt(c.toks, at)
	if clock == "" {
		return ""
	}
	if at > 0 && isoDay.MatchString(c.toks[at-1].raw) {
		clock = c.toks[at-1].raw + " " + clock // "at 2024-06-01 14:00 UTC"
		c.toks[at-1].used = true
	}
	utc := func(k int) bool { return k < len(c.toks) && (c.toks[k].lower == "utc" || c.toks[k].lower == "gmt") }
	next := at + 1
	if next < len(c.toks) && (c.toks[next].lower == "am" || c.toks[next].lower == "pm") {
		next++
	}
	markUsed(c.toks, at, next)
	if utc(next) {
		c.toks[next].used = true
		return "TZ=" + tz + " date -d '" + clock + " UTC'"
	}
	for k := next; k+1 < len(c.toks); k++ {
		if (c.toks[k].lower == "in" || c.toks[k].lower == "to" || c.toks[k].lower == "into") && utc(k+1) {
			markUsed(c.toks, k, k+2)
			return "date -u -d 'TZ=\"" + tz + "\" " + clock + "'"
		}
	}
	return "date -d 'TZ=\"" + tz + "\" " + clock + "'"
}

// calledName reports whether p is said as the name of what is made: "into one file called full.wav".
func (c *composer) calledName(p string) bool {
	for i := 1; i < len(c.toks); i++ {
		if l := c.toks[i-1].lower; c.toks[i].raw == p && (l == "called" || l == "named") {
			return true
		}
	}
	return false
}
