package offline

import (
	"slices"
	"strings"

	"github.com/cmdai/cmdai/models"
)

// beyond answers what the catalogue did not: a request that is itself a command, a request with typos
// read again once corrected, and the tldr pages' examples. The first of what it returns is the answer
// when Offered says so; the rest are its alternatives.
func (e *Engine) beyond(req models.Request, k int) []models.Response {
	if lit, ok := e.literalCommand(req); ok {
		return []models.Response{lit}
	}
	if ask, ok := e.askAlone(req); ok {
		return []models.Response{ask}
	}
	again, c, notes := e.corrected(req)
	if c != nil {
		return []models.Response{*c}
	}
	return e.fromTLDR(again, k, notes)
}

// askAlone reads again, alone, the sentences of a message that ask (and those that refuse), when the
// scene told around them kept the engine from being sure (theAsk); it reports whether that reading is
// one the engine offers.
func (e *Engine) askAlone(req models.Request) (models.Response, bool) {
	ask, ok := theAsk(req.Prompt)
	if !ok {
		return models.Response{}, false
	}
	req.Prompt = ask
	c := e.catalogueCandidates(req, 1)
	if len(c) == 0 || !Offered(c[0]) {
		_, fixed, _ := e.corrected(req)
		if fixed == nil {
			return models.Response{}, false
		}
		c = []models.Response{*fixed}
	}
	if ends(c[0].Command) {
		// "I've got .log files in /var/log/myapp older than two weeks ... Can you delete them?": what to
		// remove is in the scene, so the ask alone never removes anything.
		return models.Response{}, false
	}
	return c[0], true
}

// corrected reads req again with its slips corrected. It returns the corrected request, the catalogue's
// answer to it when it offers one (its explanation led by the notes that say what was read as what), and
// the notes; with no slip, req itself and no answer.
func (e *Engine) corrected(req models.Request) (models.Request, *models.Response, []string) {
	fixed, notes := e.correctTypos(req.Prompt)
	if len(notes) == 0 {
		return req, nil, nil
	}
	req.Prompt = fixed
	c := e.catalogueCandidates(req, 1)
	if len(c) == 0 || !Offered(c[0]) {
		return req, nil, notes
	}
	c[0].Explanation = strings.Join(notes, "; ") + ". " + c[0].Explanation
	return req, &c[0], notes
}

// namedProgram returns a program the request asks for by name that cmd does not run ("list listening
// ports with ss" answered with lsof): the tldr pages know that program. "" when there is none.
func (e *Engine) namedProgram(req models.Request, cmd string) string {
	x := tldrIndex()
	if x == nil || cmd == "" {
		return ""
	}
	toks := tokenize(req.Prompt)
	for i := range toks {
		if toks[i].quoted {
			continue
		}
		p := programNamed(x, toks, i)
		if p == "" || len(p) < 2 || i+1 < len(toks) && describesFiles[toks[i+1].lower] {
			continue // "python files", "docker logs", "java sources": the program says what kind of thing
		}
		if !commandRuns(cmd, p) && !slices.ContainsFunc(programFamily[p], func(q string) bool { return commandRuns(cmd, q) }) {
			return p
		}
	}
	return ""
}

// programFamily are the other programs a named program's suite answers with: "the postgres database"
// names psql, and pg_dump is how it is backed up.
var programFamily = map[string][]string{
	"psql":  {"pg_dump", "pg_dumpall", "pg_restore", "createdb", "dropdb", "pg_ctl"},
	"mysql": {"mysqldump", "mysqladmin", "mysqlcheck"},
	"redis": {"redis-cli", "redis-server"},
	// ImageMagick 6, which Debian and Ubuntu ship, has no magick: its programs are convert, mogrify ...
	"magick": {"convert", "mogrify", "identify", "montage", "compare", "composite"},
	// People unzip any compressed file: "unzip every .gz file" is gunzip's.
	"unzip": {"gunzip", "gzip", "tar", "bunzip2", "unxz", "xz", "zstd", "7z", "unrar"},
}

// describesFiles are nouns after a program's name that make the name say what kind of thing they are.
var describesFiles = setOf("file files script scripts source sources code project projects module modules package packages app apps program programs")

// commandRuns reports whether cmd runs program p (as a word of its own).
func commandRuns(cmd, p string) bool {
	for _, w := range commandWords(cmd) {
		if strings.HasPrefix(w, p) || strings.Contains(w, "/"+p) { // "ssh" asks for ssh-keygen too
			return true
		}
	}
	return false
}

// commandWords splits a command at blanks and at the shell's |, ;, ( and &: its programs stand alone.
func commandWords(cmd string) []string {
	return strings.FieldsFunc(cmd, func(r rune) bool { return r == ' ' || r == '|' || r == ';' || r == '(' || r == '&' })
}

// instead returns what beyond answers when the catalogue's top answer is not offered, or when the
// request names a program that answer does not run and beyond's answer runs it; false otherwise.
func (e *Engine) instead(req models.Request, top models.Response, k int) ([]models.Response, bool) {
	if Offered(top) && e.mayBeTypo(req.Prompt) {
		// "compres the folder logs into logs.tar.gz" read as find logs: the request read again with its
		// slip corrected answers instead when the engine is surer of that reading.
		if _, c, notes := e.corrected(req); c != nil {
			// A slip the first answer does not use is a word it could not explain, so the corrected
			// reading need only be nearly as sure ("make a tarbal of docs" is no mkdir); one it uses
			// ("commit with the message fix typo") may be no slip at all.
			margin := typoMargin
			if slipUsed(notes, top.Command) {
				margin = 0
			}
			if c.Confidence > top.Confidence-margin && c.Command != top.Command {
				return []models.Response{*c}, true
			}
		}
	}
	if Offered(top) && !mayOverride(req.Prompt, top.Command) {
		return nil, false // the catalogue's answer stands, and the tldr index need not be loaded
	}
	if lit, ok := e.literalCommand(req); ok {
		// A request that is a command is that command, whatever the catalogue reads into its words.
		return []models.Response{lit}, true
	}
	named := e.namedProgram(req, top.Command)
	if Offered(top) && named == "" {
		return nil, false
	}
	more := e.beyond(req, k)
	if len(more) == 0 || !Offered(more[0]) || Offered(top) && !commandRuns(more[0].Command, named) {
		return nil, false
	}
	return more, true
}

// slipUsed reports whether cmd uses a word that a note ("read 'x' as 'y'") says was corrected.
func slipUsed(notes []string, cmd string) bool {
	for _, n := range notes {
		if _, rest, ok := strings.Cut(n, "read '"); ok {
			if w, _, ok := strings.Cut(rest, "'"); ok && strings.Contains(strings.ToLower(cmd), w) {
				return true
			}
		}
	}
	return false
}

// typoMargin is how much less sure than the first reading a reading with a slip corrected may be and
// still answer instead.
const typoMargin = 0.2

// mayBeTypo reports, without the tldr index, whether a word of the prompt the catalogue does not know is
// one edit from a keyword it does ("compres"): only then is an answered request read again corrected.
func (e *Engine) mayBeTypo(prompt string) bool {
	for _, f := range strings.Fields(prompt) {
		w := strings.ToLower(strings.Trim(f, ",.;:!?'\""))
		st := stem(w) // the index holds stems: "dlete" is one edit from "delet", two from "delete"
		if len(w) < 4 || !isAlpha(w) || e.cat.index[w] != nil || e.cat.index[st] != nil {
			continue
		}
		for s := range requestWords {
			if abs(len(s)-len(w)) <= 1 && editDistance(w, s, 1) <= 1 {
				return true // "mnay": the catalogue holds "many" as its stem, "mani"
			}
		}
		for s := range e.cat.index {
			if len(s) < 4 {
				continue
			}
			if abs(len(s)-len(w)) <= 1 && editDistance(w, s, 1) <= 1 || st != w && abs(len(s)-len(st)) <= 1 && editDistance(st, s, 1) <= 1 {
				return true
			}
		}
	}
	return false
}

// mayOverride reports, without the tldr index, whether a request the catalogue answered could still be
// a command as written (it has an option or shell syntax) or name an everyday program the answer does
// not run: only then is the index consulted, so that one-shot start-up does not load it.
func mayOverride(prompt, cmd string) bool {
	for _, f := range strings.Fields(prompt) {
		if strings.HasPrefix(f, "-") || strings.ContainsAny(f, "|;{}$<>") {
			return true
		}
		w := strings.ToLower(strings.Trim(f, ",.;:!?'\""))
		if a, ok := programAliases[w]; ok {
			w = a
		}
		if everydayPrograms[w] && !englishPrograms[w] && !commandRuns(cmd, w) {
			return true
		}
	}
	return false
}
