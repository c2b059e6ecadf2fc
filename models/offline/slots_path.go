package offline

import (
	"regexp"
	"slices"
	"strings"
)

// extractNames finds name patterns for find: globs ("*.py", "files named foo*"), extensions
// ("python files", ".txt files", "ending with .log"), and text to search for ("containing 'TODO'").
// hasOne reports whether the file named at toks[i] is one the person has rather than one to look for:
// "i've got a mysterious file called blob.bin", "sent me a tarball called release-3.2.tar.gz" (the
// request neither searches nor speaks of every such file).
func hasOne(toks []token, i int) bool {
	had := false
	for k, t := range toks {
		switch t.lower {
		case "find", "search", "locate", "look", "looking", "where", "every", "all", "any", "anywhere", "named", "whose", "each":
			return false
		case "got", "have", "has", "had", "sent", "received", "downloaded", "gave", "handed", "mysterious":
			if k < i {
				had = true
			}
		}
	}
	return had
}

// makeVerbs ask for an archive to be made.
var makeVerbs = setOf("make create compress pack archive tar zip bundle build")

// nounNameOK adds the name a search gives after "the file" or "the directory" (see nounNameAt) as a
// glob, and a directory's type, and reports whether there was one.
func nounNameOK(e *Engine, toks []token, i int, s *slots) bool {
	noun, ok := e.nounNameAt(toks, i)
	if !ok {
		return false
	}
	s.addGlob(toks[i].raw, i, true)
	if noun != "file" && s.ftype == "" {
		s.ftype, s.ftypeSay = "d", noun
	}
	return true
}

func (e *Engine) extractNames(toks []token, s *slots) {
	// Whether the request makes an archive, or asks for every one of a kind, holds for all its words.
	making := slices.ContainsFunc(toks, func(u token) bool { return makeVerbs[u.lower] })
	every := slices.ContainsFunc(toks, func(u token) bool { return e.cat.has("everycue", u.lower) })
	for i := range toks {
		t := &toks[i]
		if t.used {
			continue
		}
		pv := prevWord(toks, i)
		hasGlob := strings.ContainsAny(t.raw, "*?") && !strings.Contains(t.raw, "/") && len(t.raw) > 1
		s.starGlob = s.starGlob || hasGlob && !t.quoted
		switch {
		case t.quoted && opBefore(e, "regexcue", toks, i):
			s.regex = t.raw
			t.used = true
		case t.quoted && e.cueBefore("namecontains", toks, i):
			s.addGlob("*"+t.raw+"*", i, true)
			t.used = true
		case t.quoted && (pv == "and" || pv == "or") && i >= 2 && toks[i-2].quoted && contains(s.globs, toks[i-2].raw):
			// "named 'a' and 'b'": the list goes on.
			s.addGlob(t.raw, i, true)
			t.used = true
		case t.quoted && (pv == "and" || pv == "or") && i >= 2 && toks[i-2].quoted && contains(s.patterns, toks[i-2].raw):
			s.patterns = append(s.patterns, t.raw)
			t.used = true
		case t.quoted && pv == "for" && i >= 2 && !textSearchVerbs[toks[i-2].lower] && searchedBefore(toks, i-1) && !strings.HasPrefix(t.raw, "/"):
			// "search /etc/myapp for "db-old.internal"": text to find, however much it looks like a name
			// ("search for 'notes.txt'", with nothing between, may look for the file).
			s.patterns = append(s.patterns, t.raw)
			t.used = true
		case t.quoted && e.cueBefore("patterncue", toks, i) && !(hasGlob && e.cat.has("globcue", pv)) && !strings.HasPrefix(t.raw, "/"):
			s.patterns = append(s.patterns, t.raw)
			t.used = true
		case hasGlob:
			s.addGlob(t.raw, i, true)
			t.used = true
		case (pv == "called" || pv == "named") && i >= 2 && codeSymbols[toks[i-2].lower] && !t.quoted && isIdentifier(t.raw):
			// "a function called parseInvoice": text in the code, not a file's name.
			s.patterns = append(s.patterns, t.raw)
			t.used, t.value = true, true
			toks[i-1].used, toks[i-1].value = true, true // "called" names no file to find
		case e.cueBefore("namecue", toks, i) && pv != "call" && pv != "calls" && (t.quoted || (!e.cat.has("stop", t.lower) || nameableStops[t.lower]) && !e.cat.has("notname", t.lower) && !isPathLike(t.raw)) &&
			!(hasAnySuffix(t.raw, ".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tar.xz", ".zip") && making) &&
			!(isFileName(t.raw) && !t.quoted && hasOne(toks, i)) &&
			!(i >= 2 && (toks[i-2].lower == "var" || toks[i-2].lower == "variable")) && // "an env var called API_URL"
			!(i >= 3 && toks[i-2].lower == "is" && namedThings[toks[i-3].lower]): // "The unit is called queue-worker"

			// "make a tar.gz of site called site.tar.gz" names the archive to make, which is no name to find.
			if leftAlone(toks, i) && !contains(s.notGlobs, t.raw) {
				s.notGlobs = append(s.notGlobs, t.raw) // "but leave any file named best.pt alone"
			} else {
				s.addGlob(t.raw, i, t.quoted)
			}
			t.used = true
		case e.cueBefore("endcue", toks, i) && (t.quoted || !e.cat.has("stop", t.lower)):
			g := t.raw
			if v, ok := e.cat.vocab["ext"][t.lower]; ok && !t.quoted {
				g = "." + v
			}
			s.addGlob("*"+g, i, t.quoted)
			t.used = true
			e.claimCue("endcue", toks, i)
		case e.cueBefore("startcue", toks, i) && (t.quoted || !e.cat.has("stop", t.lower) && !linesFrom(toks, i)):
			s.addGlob(t.raw+"*", i, t.quoted)
			t.used = true
			e.claimCue("startcue", toks, i)
		case isFileName(t.raw) && (e.cat.has("filenoun", nextWord(toks, i)) || stem(nextWord(toks, i)) == "fil"):
			// "all `doc.txt' files": a name to look for, not one file; "all .tar.gz files" an ending.
			g := t.raw
			if strings.HasPrefix(g, ".") && !isDotName(g) {
				g = "*" + g
			}
			s.addGlob(g, i, true)
			t.used = true
		case !t.quoted && plainFileNames[t.raw] && fileNouns[nextWord(toks, i)] && every:
			// "all passwd files on the system", "every Makefile file": files of that exact name.
			s.addGlob(t.raw, i, true)
			t.used = true
		case wellKnownFiles[t.raw] && strings.HasPrefix(t.raw, ".") && !every:
			// One's own dot file (".bashrc") is that file, left to extractPaths, unless every one of them
			// is asked for.
		case isDotName(t.raw):
			// ".DS_Store", ".gitignore": a hidden file's whole name, not an extension.
			s.addGlob(t.raw, i, true)
			t.used = true
		case strings.HasPrefix(t.lower, ".") && isFormatWord(t.lower[1:]) && making:
			// "make a .tar.bz2 of old_site": the kind of archive to make, no name to find.
			s.archFormat = t.lower[1:]
			t.used = true
		case dotDirs[t.lower] && i+1 < len(toks) && dirNouns[toks[i+1].lower] && (possessives[pv] || pv == "its" || pv == "the"):
			// "its .npm folder", "the .venv directory": one folder by its name, left to extractPaths.
		case isDotExt(t.lower) && (!t.quoted || pv != "named" && pv != "called"):
			s.addGlob("*"+t.raw, i, true)
			t.used = true
		case nounNameOK(e, toks, i, s):
			// "search for the file chapter1 in /work": the name of the thing looked for.
			t.used = true
		case e.dirNameAt(toks, i):
			// "delete all node_modules folders", "find every __pycache__ directory": the folders' name.
			s.addGlob(t.raw, i, true)
			t.used = true
			if s.ftype == "" {
				s.ftype, s.ftypeSay = "d", toks[i+1].raw
			}
		case (pv == "search" || pv == "grep" || pv == "scan") && i+1 < len(toks) && toks[i+1].lower == "for" && e.bareDir(*t) && !codeWords[t.lower]:
			// "search src for TODO": the place comes between the verb and what to look for.
			s.paths = append(s.paths, t.raw)
			s.dirs = append(s.dirs, t.raw)
			t.used = true
		case !t.quoted && codeMarkers[t.raw] && e.searchVerbBefore(toks, i):
			// "find every TODO in the src folder": a marker in the text, not a file's name.
			s.patterns = append(s.patterns, t.raw)
			t.used, t.value = true, true
		case e.searchTermAt(toks, i):
			// "search for TODO in src", "grep foo", "files containing bar": an unquoted word to look for.
			s.patterns = append(s.patterns, t.raw)
			t.used, t.value = true, true
			e.claimCue("wordcue", toks, i) // "search for the word timeout"
			// "grep foo in src": a plain name after "in" that ends the prompt is where to search.
			if j := i + 2; j < len(toks) && (toks[i+1].lower == "in" || toks[i+1].lower == "under" || toks[i+1].lower == "inside") && e.plainDirAt(toks, j) {
				s.paths = append(s.paths, toks[j].raw)
				s.dirs = append(s.dirs, toks[j].raw)
				toks[j].used = true
			}
		case !t.quoted && e.cat.has("wordcue", pv) && !e.cat.has("stop", t.lower) && !e.cat.has("notname", t.lower):
			// "search for the word foo": an unquoted word to look for ("the word count" is a count). A
			// message runs to the end of the request: "commit with the message fix typo".
			end := i + 1
			if pv == "message" {
				for end < len(toks) && !toks[end].quoted && !toks[end-1].comma {
					end++
				}
			}
			words := make([]string, 0, end-i)
			for k := i; k < end; k++ {
				words = append(words, toks[k].raw)
				toks[k].used, toks[k].value = true, !cueCompounds[toks[k].lower]
			}
			s.patterns = append(s.patterns, strings.Join(words, " "))
			e.claimCue("wordcue", toks, i)
		case !t.quoted && (pv == "extension" || pv == "extensions") && isAlnum(t.lower) && !e.cat.has("stop", t.lower):
			s.addGlob("*."+t.raw, i, false)
			t.used = true
		}
	}
	// "files not named x", "excluding *.log": a negation shortly before the name excludes it.
	if len(s.globs) > 0 {
		for i := range toks {
			if !toks[i].used || !contains(s.globs, globOf(toks[i].raw, s.globs)) {
				continue
			}
			if g := globOf(toks[i].raw, s.globs); g != "" && (negatedBefore(e, toks, i) || allBut(toks, i)) && !contains(s.notGlobs, g) {
				s.notGlobs = append(s.notGlobs, g)
			}
		}
		s.keepGlobs(func(j int) bool { return !contains(s.notGlobs, s.globs[j]) })
	}
	// "containing 'blast' in their names": the text is part of the name.
	for i := range toks {
		if _, n := e.cat.lookup("innames", toks, i); n > 0 && len(s.patterns) > 0 {
			for _, p := range s.patterns {
				s.addGlob("*"+p+"*", i, true)
			}
			s.patterns = nil
			markUsed(toks, i, i+n)
			break
		}
	}
	// "python files", "txt files", "python or shell scripts": an extension word before a file noun.
	for i := range toks {
		if toks[i].used || toks[i].quoted {
			continue
		}
		v, n := e.cat.lookup("ext", toks, i)
		if n == 0 || making && (isFormatWord(toks[i].lower) || toks[i].lower == "tar") {
			continue // "create a gzip-compressed tar archive backup.tar.gz" names the kind to make
		}
		if j := i + n; j+1 < len(toks) && (toks[j].lower == "file" || toks[j].lower == "script") && !toks[j].comma && isFileName(toks[j+1].raw) && !toks[j+1].quoted &&
			!strings.ContainsAny(toks[j+1].raw, "*?") && !slices.Contains(strings.Split(v, ","), extOf(toks[j+1].raw)) {
			continue // "the config file settings.ini": that one file, no kind of files
		}
		if j := i + n; j < len(toks) && (e.cat.has("filenoun", toks[j].stem) || e.cat.has("filenoun", toks[j].lower)) || i > 0 && toks[i-1].lower == "or" || j < len(toks) && toks[j].lower == "and" && e.extAt(toks, j+1) {
			for _, ext := range strings.Split(v, ",") {
				s.addGlob("*."+ext, i, true)
			}
			markUsed(toks, i, i+n)
		}
	}
	// "MP3 and OGG files": an unknown extension written in capitals before a file noun.
	for i := range toks {
		t := &toks[i]
		if t.used || t.quoted || len(t.raw) < 2 || len(t.raw) > 4 || strings.ToUpper(t.raw) != t.raw || !isAlnum(t.lower) || isInt(t.lower) {
			continue
		}
		if _, n := e.cat.lookup("findpred", toks, i); n > 0 {
			continue // "SGID files" is a test, not an extension
		}
		j := i + 1
		for j < len(toks) && (toks[j].lower == "and" || toks[j].lower == "or" || strings.ToUpper(toks[j].raw) == toks[j].raw && isAlnum(toks[j].lower)) {
			j++
		}
		if j < len(toks) && e.cat.has("filenoun", toks[j].stem) {
			s.addGlob("*."+t.lower, i, true)
			t.used = true
		}
	}
	for i := range toks {
		if toks[i].used || toks[i].quoted {
			continue
		}
		if v, n := e.cat.lookup("namepred", toks, i); n > 0 {
			s.addGlob(v, i, true)
			markUsed(toks, i, i+n)
		}
	}
	for j, g := range s.globs {
		// "except the txt files", "all files but '*txt' files": what follows is kept, not looked for.
		if at := s.globAt[j]; at >= 0 && at < len(toks) && allBut(toks, at) && !contains(s.notGlobs, g) {
			s.notGlobs = append(s.notGlobs, g)
		}
	}
	s.keepGlobs(func(j int) bool { return !contains(s.notGlobs, s.globs[j]) })
	pruneGlobs(toks, s)
	for i := range toks {
		if _, n := e.cat.lookup("icase", toks, i); n > 0 && !toks[i].used {
			s.iname = true
			markUsed(toks, i, i+n)
		}
		// "whether it's written Final or FINAL": one word in two cases.
		if toks[i].lower == "or" && i >= 1 && i+1 < len(toks) && toks[i-1].lower == toks[i+1].lower && toks[i-1].raw != toks[i+1].raw && len(s.globs) > 0 {
			s.iname = true
			markUsed(toks, i-1, i+2)
		}
	}
}

// isDotExt accepts ".txt", ".tar.gz": a leading dot and a short alphanumeric tail.
func isDotExt(w string) bool {
	if len(w) < 2 || w[0] != '.' || len(w) > 10 || w == ".." {
		return false
	}
	for _, r := range w[1:] {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '.' || r == '_') {
			return false
		}
	}
	return true
}

// cueCompounds make a noun with a word cue before them: "the word count", "the text file".
var cueCompounds = setOf("count counts length file files editor wrap wrapping encoding")

// nameableStops are words the catalogue otherwise skips that are names right after "named" or
// "called": "a symlink called current", "a branch named new".
var nameableStops = setOf("current new other")

// folderStops are the words the catalogue otherwise skips that name a folder after "the folder": "unzip
// it into the folder out".
var folderStops = setOf("current new other out")

// folderDeterminers before a word and "folder" make the word the folder's name, as "the" does: "my
// photos folder", "the whole projects folder".
var folderDeterminers = setOf("my our your whole entire")

// dirAdverbs end a folder's name as the prompt's end does: "delete the folder cache recursively".
var dirAdverbs = setOf("recursively completely entirely permanently forcefully forcibly readable writable executable private accessible already exists still again anymore over here there away back up down off structure tree contents layout hierarchy listing size sizes name names permissions")

func isAlnum(w string) bool {
	for _, r := range w {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return w != ""
}

// extractTypes reads what kind of file is wanted: regular files, directories, symlinks, empty ones.
func (e *Engine) extractTypes(toks []token, s *slots) {
	for i := range toks {
		if toks[i].quoted || toks[i].used && !eachFolderAt(toks, i) {
			// "every directory under /srv/www": the folder that says where is also what is wanted.
			continue
		}
		v, n := e.cat.lookup("ftype", toks, i)
		if n == 0 || i >= 2 && toks[i-1].lower == "are" && toks[i-2].lower == "there" || i >= 1 && toks[i-1].lower == "home" {
			continue // "It's in ~/thesis and there are subfolders", "across all the home folders": where, not what is wanted
		}
		// A singular "directory" usually says where, not what: "in the current directory".
		if v == "d" && isSingularDir(toks[i+n-1].lower) {
			v = "d?"
		}
		if v == "d?" {
			if !e.cat.has("typecue", nextWord(toks, i+n-1)) && prevWord(toks, i) != "empty" && !eachFolderAt(toks, i) {
				continue
			}
			v = "d"
		}
		notBefore := false
		for k := i - 1; k >= 0 && k >= i-3 && !toks[k].comma; k-- {
			notBefore = notBefore || toks[k].lower == "not" || toks[k].lower == "no"
		}
		if v == "d" && notBefore && s.filesSaidBefore(toks, i) {
			// "files but not directories", "the empty files there, not the empty directories": the
			// folders are what to leave out.
			markUsed(toks, i, i+n)
			s.ftype, s.ftypeSay = "f", "files"
			continue
		}
		if s.ftype == "" || v != "-" && s.ftype == "-" {
			s.ftype = v
			s.ftypeSay = joinRaw(toks[i : i+n])
		}
		if v != "d" {
			markUsed(toks, i, i+n)
		}
	}
	if s.ftype == "-" {
		s.ftype = ""
	}
	for _, t := range toks {
		s.filesSaid = s.filesSaid || !t.quoted && (t.lower == "files" || t.lower == "file")
	}
	for i := range toks {
		if !toks[i].used && !toks[i].quoted && toks[i].lower == "empty" {
			s.empty = true
			toks[i].used = true
		}
	}
	for i := 0; i+2 < len(toks); i++ {
		if toks[i].lower == "newer" && toks[i+1].lower == "than" && !toks[i+2].used {
			s.newer = toks[i+2].raw
			markUsed(toks, i, i+3)
		}
	}
}

// namedThings are what a request names that is no file to find: "the unit is called queue-worker".
var namedThings = setOf("unit service container pod deployment branch user account group database db network volume namespace image job cluster bucket tag remote")

// isPathLike accepts words that can only be paths: "/var/log", "~/x", "./a", "$HOME/x", "src/".
func isPathLike(w string) bool {
	if w == "" {
		return false
	}
	switch w[0] {
	case '/', '~', '$':
		return true
	}
	return strings.HasPrefix(w, "./") || strings.HasPrefix(w, "../") || w == "." || w == ".." ||
		strings.Contains(w, "/") && (strings.ContainsAny(w, "._-0123456789") || strings.HasSuffix(w, "/"))
}

// searchTermAt reports whether the unquoted word toks[i] is text to search for: it follows a search cue
// ("grep", "containing", "search ... for") and ends the prompt or comes right before a place ("in src").
// appearWords say that text shows up: "how many times does X appear in app.log".
var appearWords = setOf("show shows appear appears occur occurs come comes")

func (e *Engine) searchTermAt(toks []token, i int) bool {
	t := toks[i]
	if t.quoted || t.used || e.cat.has("stop", t.lower) || e.cat.has("notname", t.lower) || isPathLike(t.raw) || isFileName(t.raw) ||
		e.cat.vocab["ext"][t.lower] != "" || e.cat.has("searchcue", t.lower) || e.cat.has("findverb", t.lower) ||
		e.cat.has("namecue", t.lower) || e.cat.has("filenoun", t.stem) {
		return false
	}
	for _, section := range []string{"ftype", "xargscue"} {
		if _, n := e.cat.lookup(section, toks, i); n > 0 {
			return false
		}
	}
	// "how many times does OutOfMemoryError show up in app.log": the thing counted is text.
	if i >= 3 && toks[i-1].lower == "does" && (toks[i-2].lower == "times" || toks[i-2].lower == "often") && i+1 < len(toks) &&
		appearWords[toks[i+1].lower] {
		return true
	}
	if j := i + 1; j < len(toks) && !t.comma && (toks[j].quoted || !e.cat.has("searchend", toks[j].lower)) {
		return false
	}
	if e.cueBefore("searchcue", toks, i) {
		return true
	}
	// "how many lines in app.log have ERROR in them": what the lines have in them is text.
	if i >= 1 && (toks[i-1].lower == "have" || toks[i-1].lower == "has") && i+2 < len(toks) && toks[i+1].lower == "in" &&
		(toks[i+2].lower == "them" || toks[i+2].lower == "it") {
		return true
	}
	// "search the code for getUser": "for" after a search verb a few words back; a place said in
	// passing ("the whole project (current dir) for useEffect") is no more words of the ask.
	j := i - 1
	for j >= 0 && (toks[j].lower == "the" || toks[j].lower == "a") {
		j--
	}
	if j < 1 || toks[j].lower != "for" {
		return false
	}
	reach := 4
	if slices.ContainsFunc(toks[max(0, j-6):j], func(t token) bool { return t.aside || isPathLike(t.raw) }) {
		reach = 6 // "search every .conf file under /etc for timeout"
	}
	for k := j - 1; k >= 0 && k >= j-reach; k-- {
		if toks[k].quoted {
			return false
		}
		if e.cat.has("findverb", toks[k].lower) || e.cat.has("searchcue", toks[k].lower) {
			return true
		}
	}
	return false
}

// plainDirAt reports whether toks[j] is a bare directory name such as "src" that ends the prompt or
// comes before "recursively".
func (e *Engine) plainDirAt(toks []token, j int) bool {
	if !e.bareDir(toks[j]) || e.cat.has("notbardir", toks[j].lower) { // "with a comma in between": no folder
		return false
	}
	if _, n := e.cat.lookup("place", toks, j); n > 0 {
		return false
	}
	if _, n := e.cat.lookup("ftype", toks, j); n > 0 {
		return false
	}
	return j+1 == len(toks) || toks[j+1].lower == "recursively" || toks[j+1].lower == "recursive"
}

// extAt reports whether an extension word starts at toks[i] ("python and shell scripts"), or a word
// before a file noun.
func (e *Engine) extAt(toks []token, i int) bool {
	if i >= len(toks) {
		return false
	}
	_, n := e.cat.lookup("ext", toks, i)
	return n > 0 || i+1 < len(toks) && isAlnum(toks[i].lower) && (e.cat.has("filenoun", toks[i+1].stem) || e.cat.has("filenoun", toks[i+1].lower)) // "pdf and docx files"
}

// codeSymbols are the things in code that a name is given to: "a function called parseInvoice".
var codeSymbols = setOf("function functions method methods class classes variable variables symbol constant func struct type interface macro")

// codeWords name the code a search covers, not a folder: "search the code for getUser".
var codeWords = setOf("code codebase project repo repository source sources everything all logs")

// bareDir reports whether t may be a directory named without a slash ("src"): a name the vocabulary
// does not read as something else.
func (e *Engine) bareDir(t token) bool {
	return !t.quoted && !t.used && isIdentifier(t.raw) && !isFileName(t.raw) && !e.cat.has("stop", t.lower) && !e.cat.has("notdir", t.lower) &&
		!e.cat.has("searchend", t.lower) && e.cat.vocab["ext"][t.lower] == "" && e.cat.vocab["ftype"][t.lower] == "" && !e.cat.has("place", t.lower)
}

// isFileName accepts "main.go", "notes.txt", "archive.tar.gz".
// wellKnownFiles are file names without an extension that people name as files.
// plainFileNames are file names without an extension that name many files on a system: "all passwd
// files", "every core file".
var plainFileNames = setOf("passwd shadow core hosts fstab Makefile makefile Dockerfile")

var wellKnownFiles = map[string]bool{"id_rsa": true, "id_ed25519": true, "id_ecdsa": true, "authorized_keys": true,
	"known_hosts": true, "Makefile": true, "makefile": true, "Dockerfile": true, "Containerfile": true,
	"Vagrantfile": true, "Jenkinsfile": true, "Gemfile": true, "Procfile": true, "Rakefile": true, "README": true,
	"LICENSE": true, "CHANGELOG": true, "fstab": true, "crontab": true,
	// Dot files, and system files named by their whole path: "hosts" alone may be anything.
	".bashrc": true, ".bash_profile": true, ".bash_history": true, ".profile": true, ".zshrc": true, ".zprofile": true,
	".zsh_history": true, ".vimrc": true, ".gitconfig": true, ".gitignore": true, ".npmrc": true, ".netrc": true,
	".inputrc": true, ".tmux.conf": true, ".env": true, ".dockerignore": true, ".editorconfig": true,
	"/etc/hosts": true, "/etc/passwd": true, "/etc/group": true, "/etc/shadow": true, "/etc/hostname": true,
	"/etc/sudoers": true, "/etc/environment": true, "/etc/issue": true, "/etc/motd": true, "/etc/os-release": true,
	"/etc/timezone": true, "/etc/profile": true, "/etc/services": true, "/etc/shells": true, "/etc/exports": true,
	"~/.ssh/config": true, ".ssh/config": true, "/etc/ssh/sshd_config": true, "/etc/ssh/ssh_config": true,
	"/var/log/dmesg": true, "/etc/crontab": true, "/etc/fstab": true, "/proc/cpuinfo": true, "/proc/meminfo": true, "/proc/version": true,
	"/proc/mounts": true, "/proc/loadavg": true, "/proc/uptime": true, "/proc/partitions": true, "/proc/swaps": true,
	"/var/log/syslog": true, "/var/log/messages": true, "/var/log/auth.log": true, "/var/log/kern.log": true}

// homeDotFiles are the dot files that live in the home directory: named alone, they are that one.
var homeDotFiles = setOf(".bashrc .bash_profile .bash_history .bash_aliases .profile .zshrc .zprofile .zsh_history .vimrc " +
	".gitconfig .npmrc .netrc .inputrc .tmux.conf")

func isFileName(w string) bool {
	if wellKnownFiles[w] || wellKnownFiles[baseName(w)] && strings.HasPrefix(baseName(w), ".") {
		return true
	}
	dot := strings.LastIndexByte(w, '.')
	if dot <= 0 || dot == len(w)-1 || len(w)-dot > 6 && !longExts[strings.ToLower(w[dot+1:])] || w[dot:] == ".d" { // conf.d, sites.d: directories
		return false
	}
	for _, r := range w {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("._-+", r) ||
			(r == '(' || r == ')') && downloadCopy(w[:dot])) { // "modpack(1).zip", a second download's name
			return false
		}
	}
	return true
}

// longExts are the file extensions longer than five letters that data files carry.
var longExts = setOf("parquet feather sqlite sqlite3 geojson torrent safetensors pickle mbtiles ndjson jsonl sha256 sha512 sha256sum md5sum")

// putVerbs say where things go when "in" follows them: "put the small ones in ~/Pictures/small".
var putVerbs = setOf("put save write store place drop dump")

// putIn reports whether the path at i follows "in" after a putVerb of its clause.
func putIn(toks []token, i int) bool {
	if i == 0 || toks[i-1].lower != "in" && toks[i-1].lower != "inside" {
		return false
	}
	for j := i - 2; j >= 0 && j >= i-6 && !toks[j].comma; j-- {
		if putVerbs[toks[j].lower] {
			return true
		}
	}
	return false
}

// pathInMessage is the one absolute path a quoted message names ("Could not get lock
// /var/lib/dpkg/lock-frontend"), or "" when it names none or several.
func pathInMessage(msg string) string {
	first, _, _ := strings.Cut(msg, " ")
	if (strings.HasPrefix(msg, "/") || strings.HasPrefix(msg, "~") || strings.HasPrefix(msg, ".")) && !strings.HasSuffix(first, ":") {
		return "" // "/Applications/Sublime Text 2.app/...": a path with spaces, no message ("./gradlew: Permission denied" is one)
	}
	words := 0
	for _, w := range strings.Fields(msg) {
		if len(w) > 1 && isAlpha(strings.ToLower(strings.Trim(w, ",;:.!?"))) {
			words++
		}
	}
	if words < 2 {
		return "" // "0 1 * * * /root/test.sh" is a crontab line
	}
	var found string
	for _, w := range strings.Fields(msg) {
		w = strings.TrimRight(strings.TrimLeft(w, "'\"`(["), "'\"`)],;:.")
		if len(w) > 1 && (strings.HasPrefix(w, "/") || strings.HasPrefix(w, "~/") || strings.HasPrefix(w, "./") && len(w) > 2) && !strings.Contains(w[1:], "//") {
			if found != "" && found != w {
				return ""
			}
			found = w
		}
	}
	return found
}

// pointsBack are the words before "filesystem" that mean one already named: "stay on that filesystem".
var pointsBack = setOf("that this same its one")

// holdsPath reports whether the words from i say which filesystem by a path it holds: "that holds
// /var/lib/docker", "containing /home"; "the file system which belong to ..." says what files.
func holdsPath(toks []token, i int) bool {
	if i < len(toks) && (toks[i].lower == "that" || toks[i].lower == "which") {
		i++
	}
	return i < len(toks) && holderVerbs[toks[i].lower]
}

// namesFilesystem reports whether the words around "filesystem" (at at, the next word at i) make it a
// kind or the one a path is on: "filesystem type", "which filesystem /data/cache lives on" (but "mount
// the ext4 filesystem /dev/xvdf" names a device's).
func namesFilesystem(toks []token, at, i int) bool {
	if i >= len(toks) {
		return false
	}
	w := toks[i].lower
	if w == "type" || w == "types" {
		return true
	}
	asks := prevWord(toks, at) == "which" || prevWord(toks, at) == "what"
	return asks && (strings.HasPrefix(w, "/") || strings.HasPrefix(w, "~/"))
}

// leftOutBefore reports whether a word that leaves things out comes before toks[i]: "except dir1 dir2"
// names no folder to act on.
func leftOutBefore(toks []token, i int) bool {
	for j := range i {
		switch toks[j].lower {
		case "except", "excluding", "exclude", "skip", "skipping", "ignoring", "ignore", "without":
			return true
		}
	}
	return false
}

// numberedDirRe matches the names people give folders in examples: dir1, dirA, folder_2 (never
// "folders").
var numberedDirRe = regexp.MustCompile(`^(dir|folder)[_-]?([0-9]+|[A-Z])$`)

// holderVerbs say a filesystem holds a path.
var holderVerbs = setOf("holds hold holding contains contain containing has with of under behind")

// systemNouns follow "system" when it names a thing of the system, not the whole filesystem.
var systemNouns = setOf("list journal log logs clock time date timezone package packages python user users account accounts settings update updates call calls info information name load monitor service services libraries library version locale")

// extractPaths claims places ("here", "home directory", "/var/log"), file names and directory names.
func (e *Engine) extractPaths(toks []token, s *slots) {
	tmpAt := -1 // where "temp folder" was said: in a home directory it is not /tmp (see homeTemp)
	for i := 0; i < len(toks); i++ {
		if toks[i].used || toks[i].quoted {
			continue
		}
		if v, n := e.cat.lookup("place", toks, i); n > 0 {
			if v == "." && inForbiddenClause(toks, i) {
				i += n - 1 // "don't delete anything over there that isn't here": no folder to act on
				continue
			}
			if v == "/" && (strings.HasSuffix(toks[i+n-1].lower, "systems") || prevWord(toks, i) == "mounted") {
				i += n - 1 // "all mounted filesystems" are the filesystems, not the root of one
				continue
			}
			if v == "/" && toks[i+n-1].lower == "system" && !toks[i+n-1].comma && systemNouns[nextWord(toks, i+n-1)] {
				i += n - 1 // "missing from the system list", "the system journal": what the system has, not /
				continue
			}
			if v == "/" && (toks[i].lower == "filesystem" || toks[i].lower == "file") && (pointsBack[prevWord(toks, i)] || holdsPath(toks, i+n) || namesFilesystem(toks, i, i+n)) {
				// "stay on that filesystem", "the filesystem that holds /var/lib/docker", "which
				// filesystem /data/cache lives on", "what filesystem type": the one a path names, not /
				i += n - 1
				continue
			}
			if v == "~" && (prevWord(toks, i) == "other" || prevWord(toks, i) == "everyone's") {
				i += n - 1 // "the other home folders" are no folder to act on
				continue
			}
			if name, ok := cutPossessive(prevWord(toks, i)); v == "~" && ok && isIdentifier(name) && !notPossessors[name] && !e.cat.has("stop", name) {
				v = "/home/" + name // "Sam's home folder" is /home/sam, not yours
				toks[i-1].used = true
			}
			if v == "~" && tmpAt >= 0 && homeTemp(toks, tmpAt, i) {
				at := slices.Index(s.paths, "/tmp")
				s.paths[at] = "~/" + toks[tmpAt].lower
				s.dirs[slices.Index(s.dirs, "/tmp")] = s.paths[at]
				markUsed(toks, i, i+n)
				i += n - 1
				continue
			}
			if v == "/tmp" && !contains(s.paths, v) {
				tmpAt = i
			}
			if v == "/" && n == 1 && (toks[i].lower == "everywhere" || toks[i].lower == "anywhere") {
				s.vagueRoot = true
			}
			if !contains(s.paths, v) {
				s.paths = append(s.paths, v)
				s.dirs = append(s.dirs, v)
			}
			if s.dst == "" && v != "." && e.cat.has("dstcue", prevWord(toks, i)) {
				s.dst = v // "to my documents": where things go, not where they are looked for
			}
			markUsed(toks, i, i+n)
			i += n - 1
		}
	}
	for i := range toks {
		if t := toks[i]; !t.quoted && isFormatWord(t.lower) && s.archFormat == "" {
			s.archFormat = t.lower
		}
	}
	e.transferPair(toks, s)
	for i := range toks {
		t := &toks[i]
		if t.used {
			continue
		}
		pv, nx := prevWord(toks, i), nextWord(toks, i)
		dirCue := e.cat.has("dircue", pv) || stem(nx) == "directory" || stem(nx) == "folder" || nx == "dir"
		if t.quoted && strings.Contains(t.raw, " ") {
			if p := pathInMessage(t.raw); p != "" {
				// "failing with "E: Could not get lock /var/lib/dpkg/lock-frontend"": the file the
				// message names, not the message.
				s.paths = append(s.paths, p)
				t.used = true
				continue
			}
		}
		switch {
		case isPathLike(t.raw) || !t.quoted && e.isSlashPath(t.lower) || t.quoted && (dirCue || isFileName(t.raw) || e.cat.has("pathcue", pv)):
			s.paths = append(s.paths, t.raw)
			if (e.cat.has("dstcue", pv) || putIn(toks, i)) && s.dst == "" {
				s.dst = t.raw
			}
			if strings.HasSuffix(t.raw, "/") || !isFileName(t.raw) && !isFileName(baseName(t.raw)) && (dirCue || pv != "file") || stem(nx) == "directory" || stem(nx) == "folder" {
				s.dirs = append(s.dirs, t.raw)
			}
			t.used = true
		case !t.quoted && pv == "make" && (nx == "executable" || nx == "runnable") && isIdentifier(t.raw) && !e.cat.has("stop", t.lower) && !pointingWords[t.lower] && !commonEnglish()[t.lower]:
			// "make gradlew executable": a script by its bare name (said once, when a message quoted
			// it as ./gradlew).
			if !contains(s.paths, "./"+t.raw) {
				s.paths = append(s.paths, t.raw)
			}
			t.used = true
		case !t.quoted && numberedDirRe.MatchString(t.raw) && !leftOutBefore(toks, i):
			// "which files differ between dir1 and dir2": a folder by its name alone.
			s.paths = append(s.paths, t.raw)
			s.dirs = append(s.dirs, t.raw)
			t.used = true
		case !t.quoted && isFileName(t.raw) && (pv == "except" || pv == "excluding") && len(s.globs) > 0:
			// "all .log files except debug.log": one of them left out, no file to act on.
			s.notGlobs = append(s.notGlobs, t.raw)
			t.used = true
			toks[i-1].used = true // the "except" is said: no option of a command's
		case !t.quoted && isFileName(t.raw) && !e.cat.has("stop", t.lower) && !isFormatWord(t.lower):
			p := t.raw
			if homeDotFiles[p] {
				p = "~/" + p // "my .bashrc" is the one in the home directory
			}
			s.paths = append(s.paths, p)
			if e.cat.has("dstcue", pv) && s.dst == "" {
				s.dst = p
			}
			t.used = true
		case !t.quoted && (stem(nx) == "directory" || stem(nx) == "folder") && !(i+2 < len(toks) && (isPathLike(toks[i+2].raw) || e.namesFolder(toks, i+2))) && (pv == "the" || pv == "in" || pv == "under" || e.cat.has("dstcue", pv) || i > 0 && (toks[i-1].lower == "the" || folderDeterminers[toks[i-1].lower] || strings.HasPrefix(t.raw, ".") && (toks[i-1].lower == "its" || toks[i-1].lower == "their"))) && !e.cat.has("stop", t.lower) && !e.cat.has("notdir", t.lower):
			s.paths = append(s.paths, t.raw)
			s.dirs = append(s.dirs, t.raw)
			t.value = true // "the backup folder" names a folder; it asks for no backup
			if e.cat.has("dstcue", pv) && s.dst == "" {
				s.dst = t.raw
			}
			t.used = true
		case !t.quoted && (pv == "directory" || pv == "folder" || pv == "dir") && isIdentifier(t.raw) && !dirAdverbs[t.lower] && (i == 0 || t.aside == toks[i-1].aside) && (t.stem == t.lower || e.cat.has("bardirok", t.lower) || (i+1 == len(toks) || t.comma || e.cat.has("dstcue", nx) || folderNameEnds[nx] || nx == "now" || dirAdverbs[nx]) && !strings.HasSuffix(t.lower, "ing") && !strings.HasSuffix(t.lower, "ed") && !e.cat.has("filenoun", t.stem) && !e.cat.has("filenoun", t.lower)) && (!e.cat.has("stop", t.lower) || folderStops[t.lower]) && !e.cat.has("notdir", t.lower):
			s.paths = append(s.paths, t.raw)
			s.dirs = append(s.dirs, t.raw)
			t.used = true
			// "into the folder public": where things go.
			if s.dst == "" && (i >= 2 && e.cat.has("dstcue", toks[i-2].lower) || i >= 3 && toks[i-2].lower == "the" && e.cat.has("dstcue", toks[i-3].lower)) {
				s.dst = t.raw
			}
		case !t.quoted && pv == "from" && i+2 < len(toks) && (toks[i+1].lower == "to" || toks[i+1].lower == "into") &&
			isIdentifier(t.raw) && isIdentifier(toks[i+2].raw) && !toks[i+2].quoted && !toks[i+2].used &&
			!e.cat.has("stop", t.lower) && !e.cat.has("stop", toks[i+2].lower) && s.dst == "" && len(s.globs) > 0:
			// "move all .jpg files from downloads to pictures": where they are, then where they go.
			s.paths = append(s.paths, t.raw, toks[i+2].raw)
			s.dirs = append(s.dirs, t.raw)
			s.dst = toks[i+2].raw
			t.used, toks[i+2].used = true, true
		case e.bareDirAt(toks, i):
			// "delete files in tmp older than 7 days", "chmod 644 all files in public",
			// "move all pdf files to docs".
			s.paths = append(s.paths, t.raw)
			if e.cat.has("dstcue", toks[i-1].lower) {
				t.value = true // "copy ~/photos to backup" names a folder; it asks for no backup
				if s.dst == "" {
					s.dst = t.raw
				}
			} else {
				s.dirs = append(s.dirs, t.raw)
			}
			t.used = true
		}
	}
	// Quoted words nothing else claimed are text to search for when the files are named some other way
	// ("search for 'foo' in all .c files"); otherwise they stay loose and the intent decides.
	for i := range toks {
		if toks[i].quoted && !toks[i].used {
			if len(s.globs) > 0 {
				s.patterns = append(s.patterns, toks[i].raw)
			} else {
				s.loose = append(s.loose, toks[i].raw)
				s.searchFor = s.searchFor || prevWord(toks, i) == "for"
			}
			toks[i].used = true
		}
	}
}

func baseName(p string) string {
	p = strings.TrimSuffix(p, "/")
	if i := strings.LastIndexByte(p, '/'); i >= 0 {
		return p[i+1:]
	}
	return p
}

func isSingularDir(w string) bool {
	switch w {
	case "directory", "folder", "dir", "subdirectory", "subfolder", "sub-directory":
		return true
	}
	return false
}

// searchedBefore reports whether a verb that searches text comes a few words before toks[i].
func searchedBefore(toks []token, i int) bool {
	for k := max(0, i-7); k < i; k++ {
		if textSearchVerbs[toks[k].lower] {
			return true
		}
	}
	return false
}

// textSearchVerbs search the text of files.
var textSearchVerbs = setOf("search grep scan searching grepping rg ack")

// codeMarkers are the words people write in capitals in code and logs to be found again.
var codeMarkers = setOf("TODO FIXME XXX HACK BUG ERROR WARN WARNING FATAL CRITICAL DEBUG INFO NOTE PANIC")

// searchVerbBefore reports whether a verb that finds or searches comes a few words before toks[i]:
// "find every TODO", "grep for all the FIXME".
func (e *Engine) searchVerbBefore(toks []token, i int) bool {
	for k := max(0, i-4); k < i; k++ {
		if textSearchVerbs[toks[k].lower] || e.cat.has("findverb", toks[k].lower) || e.cat.has("searchcue", toks[k].lower) {
			return true
		}
	}
	return false
}

// namesFolder reports whether toks[k], right after "folder", is the folder's name rather than what the
// sentence goes on with: "the project folder myapp" is myapp, "the logs folder in /var" is logs.
func (e *Engine) namesFolder(toks []token, k int) bool {
	t := toks[k]
	return !t.quoted && !t.used && isIdentifier(t.raw) && !isNumber(t.lower) && !e.cat.has("stop", t.lower) && !e.cat.has("dstcue", t.lower) &&
		!e.cat.has("notdir", t.lower) && !strings.HasSuffix(t.lower, "ing") && !strings.HasSuffix(t.lower, "ed") && !dirAdverbs[t.lower] &&
		!personVerbs[t.lower] && !themWords[t.lower] && !strings.HasSuffix(t.lower, "ly") &&
		(t.comma || k+1 == len(toks) || folderNameEnds[toks[k+1].lower]) // "the project folder myapp as myapp.tar.gz"
}

// folderNameEnds follow a folder's name said after its noun: "my project folder webapp before a refactor".
var folderNameEnds = setOf("as before after into to from and with")

// changedAfterFile reads "modified after that marker" as -newer the file said before it.
func changedAfterFile(toks []token, s *slots) {
	// "Someone deployed around the time /opt/app/deploy.marker was created. Which files under /opt/app
	// were modified after that marker?": changed after a file said before.
	for i := 1; i+2 < len(toks) && s.newer == ""; i++ {
		if toks[i].lower != "after" || toks[i-1].lower != "modified" && toks[i-1].lower != "changed" || toks[i+1].lower != "that" {
			continue
		}
		for _, t := range toks[:i] {
			if isPathLike(t.raw) && strings.Contains(strings.TrimPrefix(baseName(t.raw), "."), ".") {
				s.newer = t.raw
				markUsed(toks, i-1, i+3)
				s.paths = slices.DeleteFunc(s.paths, func(p string) bool { return p == t.raw })
				s.dirs = slices.DeleteFunc(s.dirs, func(p string) bool { return p == t.raw })
				break
			}
		}
	}
}

// joinPastedPaths reads a hidden folder named by its name ("its .npm folder") inside a full path the request
// also gives ("mkdir '/home/runner/.npm/_cacache'") as that path's folder: /home/runner/.npm, one path.
func (s *slots) joinPastedPaths() {
	for i := 0; i < len(s.paths); i++ {
		n := s.paths[i]
		if strings.Contains(n, "/") || !strings.HasPrefix(n, ".") || n == "." || n == ".." {
			continue // a hidden folder's name, which a path says once: "its .npm folder"
		}
		for j, p := range s.paths {
			k := strings.Index(p, "/"+n+"/")
			if j == i || !strings.HasPrefix(p, "/") || k < 0 {
				continue // "the folder music to /media/backup/music": the one is copied to the other
			}
			full := p[:k+1+len(n)]
			s.paths[j] = full
			for d := range s.dirs {
				if s.dirs[d] == n {
					s.dirs[d] = full
				}
			}
			if !slices.Contains(s.dirs, full) {
				s.dirs = append(s.dirs, full)
			}
			if s.dst == n {
				s.dst = full
			}
			s.paths = slices.Delete(s.paths, i, i+1)
			i--
			break
		}
	}
}

// downloadCopy reports whether a name's stem ends in a browser's copy number: "modpack(1)".
func downloadCopy(stem string) bool {
	open := strings.LastIndexByte(stem, '(')
	return open > 0 && strings.HasSuffix(stem, ")") && isInt(stem[open+1:len(stem)-1]) && strings.Count(stem, "(") == 1
}

// linesFrom reports whether toks[i] starts "the last 20" or "the first 10 lines" after "starting with":
// where a followed log starts, not what names start with.
func linesFrom(toks []token, i int) bool {
	if toks[i].lower != "last" && toks[i].lower != "first" {
		return false
	}
	next := nextWord(toks, i)
	return isInt(next) || numberWords[next] != "" || linesWords[next]
}
