package offline

import (
	"regexp"
	"strconv"
	"strings"
)

// The commands a request names in its words (what to time, watch, save or read from) and the ways it
// asks to compose them: output saved to a file, a filter fed by another program, a JSON field set.

// outputOf is the command whose output a request saves: the words after "the output of" up to where
// the output goes ("save the output of make to build.log" runs make).
func (c *composer) outputOf() string {
	for i := 0; i+2 < len(c.toks); i++ {
		if c.toks[i].lower != "output" || c.toks[i+1].lower != "of" && c.toks[i+1].lower != "from" {
			continue
		}
		var words []string
		j := i + 2
		for ; j < len(c.toks); j++ {
			t := c.toks[j]
			if !t.quoted && (t.lower == "to" || t.lower == "into" || t.lower == "in" || t.lower == "as") {
				break
			}
			words = append(words, t.raw)
		}
		if len(words) == 0 || len(words) > 6 || !c.runsProgram(c.toks[i+2]) {
			return ""
		}
		markUsed(c.toks, i, j)
		return strings.Join(words, " ")
	}
	return ""
}

// jqAssignment is the jq filter that sets what a request names to its value: "set debug to true" is
// '.debug = true', "change the name to web" is '.name = "web"'.
func (c *composer) jqAssignment() string {
	for i := 0; i+3 < len(c.toks); i++ {
		switch c.toks[i].lower {
		case "set", "change", "update", "make":
		default:
			continue
		}
		j := i + 1
		for j < len(c.toks) && (c.toks[j].lower == "the" || c.toks[j].lower == "field" || c.toks[j].lower == "key" || c.toks[j].lower == "property" || c.toks[j].lower == "value" || c.toks[j].lower == "of") {
			j++
		}
		if j+2 >= len(c.toks) || c.toks[j+1].lower != "to" {
			continue
		}
		key, val := c.toks[j].raw, c.toks[j+2].raw
		if !jqKey.MatchString(key) || strings.ContainsAny(val, "'\\") || val == "" {
			return ""
		}
		if _, err := strconv.ParseFloat(val, 64); err != nil && val != "true" && val != "false" && val != "null" {
			val = strconv.Quote(val)
		}
		markUsed(c.toks, i, j+3)
		return "'." + key + " = " + val + "'"
	}
	return ""
}

// jqKey is a field name jq takes after a dot as it is.
var jqKey = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_.]*$`)

// runsProgram reports whether t can start a command: a quoted command, a script, or a program the tldr
// pages know ("the output of make", not "the output of the last command").
func (c *composer) runsProgram(t token) bool {
	if t.quoted || strings.HasPrefix(t.raw, "./") || strings.HasSuffix(t.lower, ".sh") {
		return true
	}
	x := tldrIndex()
	return x != nil && x.IsProgram(t.lower) && !c.e.cat.has("stop", t.lower)
}

// editors are the text editors a request names by their command.
var editors = setOf("nano vim vi emacs micro gedit nvim kate")

// systemPath reports whether p lies where only root writes: /etc, /usr, /opt, /var, /boot, /srv.
func systemPath(p string) bool {
	for _, d := range []string{"/etc/", "/usr/", "/opt/", "/var/", "/boot/", "/srv/", "/lib/"} {
		if strings.HasPrefix(p, d) {
			return true
		}
	}
	return false
}

// timedCommand is the command a request asks to time, said between "how long" and "takes" ("how long
// ls -R / takes", "how long does make take") or after "time" or "to run" ("time the command make test").
func (c *composer) timedCommand() string {
	toks := c.toks
	from, to := -1, len(toks)
	for i, t := range toks {
		switch {
		case t.lower == "long" && i > 0 && toks[i-1].lower == "how":
			from = i + 1
			if from < len(toks) && (toks[from].lower == "does" || toks[from].lower == "do" || toks[from].lower == "will") {
				from++
			}
		case t.lower == "time" && from < 0 || t.lower == "run" && i > 0 && toks[i-1].lower == "to":
			from, to = i+1, len(toks) // "how long it takes to run X": X runs to the end
			for from < len(toks) && (toks[from].lower == "the" || toks[from].lower == "command" || toks[from].lower == "running") {
				from++
			}
		case (t.lower == "takes" || t.lower == "take" || t.lower == "took") && from >= 0 && i > from && to == len(toks):
			to = i
		}
	}
	if from < 0 || from >= to || to-from > 8 || !c.runsProgram(toks[from]) {
		return ""
	}
	words := make([]string, 0, to-from)
	for _, t := range toks[from:to] {
		w := t.raw
		if t.quoted {
			w = quote(t.raw)
		}
		words = append(words, w)
	}
	markUsed(toks, from, to)
	return strings.Join(words, " ")
}

// saveTo is the file a request saves a printing command's output to ("save the first 10 lines of a.txt
// into top.txt"): the place said after "to" or "into", when the request says to save, write or put and
// the command only prints. Its words count as understood.
func (c *composer) saveTo(cmd string) (string, bool) {
	dst := c.s.dst
	if dst == "" || !isFileName(baseName(dst)) && !strings.HasSuffix(dst, "SUMS") || strings.Contains(cmd, " >") || strings.Contains(cmd, dst) || binaryOut(dst) {
		return "", false
	}
	for _, step := range strings.Split(cmd, " | ") {
		// "grep '^>' genome.fa | sed 's/^>//' ... write them to headers.txt": every step prints.
		prog, _, _ := strings.Cut(strings.TrimSpace(step), " ")
		if !printers[prog] || prog == "sed" && strings.Contains(step, " -i") {
			return "", false
		}
	}
	verb := -1
	for i, t := range c.toks {
		if !t.quoted && saveVerbs[t.lower] {
			verb = i
		}
	}
	if verb < 0 {
		return "", false
	}
	markUsed(c.toks, verb, verb+1)
	for i, t := range c.toks {
		if t.raw == dst {
			markUsed(c.toks, i, i+1)
		}
	}
	return dst, true
}

var (
	// printers are programs whose answer is what they print.
	printers = setOf("head tail grep sort uniq cut awk sed cat wc ls find ps df du date jq tr column nl tac rev diff comm sha256sum sha1sum sha512sum md5sum")
	// saveVerbs ask for a command's output in a file.
	saveVerbs = setOf("save saved saving write store put dump redirect grab copy send output")
)

// pipeFrom is the command whose output a filter is asked to read ("the 3rd column of ps output", "grep
// error in the output of dmesg"), when the filter reads no file of its own. Its words count as understood.
func (c *composer) pipeFrom(cmd string) (src, filter string, ok bool) {
	prog, _, _ := strings.Cut(cmd, " ")
	if !filters[prog] || strings.Contains(cmd, "|") {
		return "", cmd, false
	}
	for i := 0; i+2 < len(c.toks); i++ {
		// "the second line of the output of "ls -l"": the quoted command is the source, not a file.
		src := c.toks[i+2]
		if c.toks[i].lower != "output" || c.toks[i+1].lower != "of" && c.toks[i+1].lower != "from" || !src.quoted {
			continue
		}
		first, _, _ := strings.Cut(src.lower, " ")
		if x := tldrIndex(); x == nil || !x.IsProgram(first) {
			continue
		}
		if rest, ok := strings.CutSuffix(cmd, " "+quote(src.raw)); ok {
			return src.raw, rest, true
		}
	}
	if len(c.s.paths) > 0 {
		return "", cmd, false
	}
	for i, t := range c.toks {
		if t.quoted || t.lower != "output" {
			continue
		}
		// "ps output", "the output of ps", "ps's output".
		if i > 0 && c.runsProgram(c.toks[i-1]) && !c.e.cat.has("stop", c.toks[i-1].lower) {
			markUsed(c.toks, i-1, i+1)
			return sourceCommand(c.toks[i-1].lower), cmd, true
		}
		if i+2 < len(c.toks) && (c.toks[i+1].lower == "of" || c.toks[i+1].lower == "from") && c.runsProgram(c.toks[i+2]) {
			markUsed(c.toks, i, i+3)
			return sourceCommand(c.toks[i+2].lower), cmd, true
		}
	}
	return "", cmd, false
}

// sourceCommand is how a program is run for its output: ps lists every process.
func sourceCommand(p string) string {
	if p == "ps" {
		return "ps aux"
	}
	return p
}

// filters are programs that read standard input when given no file.
var filters = setOf("cut awk grep sort uniq head tail wc tr sed column nl tac rev")

// namedCommand is the command a request names after "the command" ("repeat the command date every
// second"), up to where the request goes on about when or how often.
func (c *composer) namedCommand() string {
	for i := 0; i+1 < len(c.toks); i++ {
		if c.toks[i].lower != "command" || !c.runsProgram(c.toks[i+1]) {
			continue
		}
		j := i + 1
		var words []string
		for ; j < len(c.toks) && !repeatWords[c.toks[j].lower] && c.toks[j].lower != "for" && c.toks[j].lower != "until"; j++ {
			words = append(words, c.toks[j].raw)
		}
		markUsed(c.toks, i, j)
		return strings.Join(words, " ")
	}
	return ""
}

// binaryOut reports whether p names an archive, image, audio, video or document: no printed text is
// saved into one ("throw today's logs into today.tar.gz" asks for a tar).
func binaryOut(p string) bool {
	x := extOf(p)
	return fileKinds["."+x] != "" && x != "json" && x != "yaml" && x != "yml" && x != "csv" && x != "xml" && x != "md" && x != "sql" && x != "html" ||
		strings.HasSuffix(p, ".tar.gz") || strings.HasSuffix(p, ".tar.bz2")
}

// dataFile reports whether p is a file to read rather than a program to run: a log, or text, data or
// configuration by its extension.
func dataFile(p string) bool {
	return strings.Contains(p, "/log/") || dataExts[extOf(p)]
}

var dataExts = setOf("log txt csv tsv json md yml yaml xml conf cfg ini toml")
