package offline

import "strings"

// dotNames are hidden files people look for by name.
var dotNames = map[string]bool{".gitignore": true, ".gitkeep": true, ".gitattributes": true, ".gitmodules": true,
	".env": true, ".bashrc": true, ".zshrc": true, ".profile": true, ".bash_profile": true, ".bash_history": true,
	".htaccess": true, ".npmrc": true, ".editorconfig": true, ".dockerignore": true, ".git": true, ".svn": true,
	".idea": true, ".vscode": true, ".cache": true, ".venv": true, ".terraform": true, ".ds_store": true}

// isDotName accepts a hidden file's name: a known one, or one with capitals or an underscore, which
// extensions do not have (".DS_Store", ".Trash").
func isDotName(w string) bool {
	if len(w) < 3 || w[0] != '.' || w[1] == '.' || strings.ContainsAny(w, "/*?") {
		return false
	}
	if len(w) <= 5 && strings.ToUpper(w) == w && !strings.Contains(w, "_") {
		return false // ".CR3", ".JPG", ".NEF": a camera's extension in capitals
	}
	return dotNames[strings.ToLower(w)] || strings.ContainsAny(w[1:], "ABCDEFGHIJKLMNOPQRSTUVWXYZ_") && isIdentifier(w[1:]) && !strings.ContainsAny(w, "${}")
}

// dirNameAt reports whether toks[i] names directories by name: a word right before "folders" or
// "directories" that looks like a name (node_modules, __pycache__, .git, build-output) or is one of the
// usual build and cache folders of the [dirname] vocabulary.
func (e *Engine) dirNameAt(toks []token, i int) bool {
	t := toks[i]
	if t.quoted || i+1 >= len(toks) || toks[i+1].quoted || !isIdentifier(strings.TrimPrefix(t.raw, ".")) || strings.ContainsAny(t.raw, "${}") {
		return false
	}
	switch toks[i+1].lower {
	case "folders", "directories", "dirs", "folder", "directory", "dir":
	default:
		return false
	}
	if plural := strings.HasSuffix(toks[i+1].lower, "s"); !plural && !e.cat.has("everycue", prevWord(toks, i)) && (i == 0 || !e.cat.has("everycue", toks[i-1].lower)) {
		return false // "the build folder" is one directory, a path
	}
	if e.cat.has("dirname", t.lower) {
		return true
	}
	if e.cat.has("stop", t.lower) || e.cat.has("notdir", t.lower) || e.cat.vocab["ext"][t.lower] != "" || isInt(t.lower) {
		return false
	}
	return strings.ContainsAny(t.raw, "_.") || strings.Contains(t.raw, "-") && !strings.HasPrefix(t.raw, "-")
}

// placePreps are the prepositions before "the folder" that make it where something is, not what.
var placePreps = setOf("in into inside under within from of to on at")

// nounNameAt reports whether toks[i] is the name of the one file or directory a search looks for,
// given right after the noun ("search for the file chapter1 in /work", "look for directory `Cookbook'",
// "locate file \"file1\""), and the noun: a search that names the thing it wants. The noun must follow
// the search verb or an article, not a place word: in "find files in the directory src", src is where
// to look.
func (e *Engine) nounNameAt(toks []token, i int) (string, bool) {
	if i < 2 || toks[i].used {
		return "", false
	}
	t, noun := toks[i], toks[i-1].lower
	switch noun {
	case "file", "directory", "folder", "dir":
	default:
		return "", false
	}
	before := toks[i-2].lower
	if before != "the" && before != "a" && !e.cat.has("findverb", before) && before != "for" {
		return "", false
	}
	if (before == "the" || before == "a") && i >= 3 && placePreps[toks[i-3].lower] {
		return "", false // "in the directory src": where to look
	}
	verb := false
	for _, u := range toks[:i-1] {
		verb = verb || !u.quoted && (e.cat.has("findverb", u.lower) || u.lower == "look")
	}
	if !verb || !t.quoted && (!isIdentifier(t.raw) || e.cat.has("stop", t.lower) || e.cat.has("notname", t.lower) ||
		isPathLike(t.raw) || isInt(t.lower) || e.cat.has("filenoun", t.lower)) {
		return "", false
	}
	if _, n := e.cat.lookup("place", toks, i); n > 0 {
		return "", false // "search the folder home directory": a place
	}
	if next := nextWord(toks, i); next != "" && !t.quoted && !e.cat.has("stop", next) && next != "in" && next != "on" &&
		next != "under" && next != "from" && next != "within" && next != "inside" && next != "ignoring" {
		return "", false // "find the file system usage": the word names more than a file
	}
	return noun, true
}

// bareDirAt reports whether toks[i] is a plain directory name right after "in", "under" or "inside"
// that ends the prompt or comes before more of the request ("in tmp older than 7 days"): a word that
// is no keyword, extension, type or place of the catalogue.
func (e *Engine) bareDirAt(toks []token, i int) bool {
	t := toks[i]
	if i >= 2 && toks[i-1].lower == "of" && !toks[i-2].quoted && e.cat.has("archivenoun", toks[i-2].lower) {
		// "a tarball of docs", "a zip of site": what goes in the archive.
		return !t.quoted && !t.used && isIdentifier(t.raw) && !isFileName(t.raw) && !e.cat.has("stop", t.lower) &&
			!strings.ContainsAny(t.raw, "${}") && (i+1 == len(toks) || e.cat.has("bardirend", toks[i+1].lower))
	}
	if i == 0 || t.quoted || t.used || toks[i-1].quoted || !isIdentifier(t.raw) ||
		!e.cat.has("bardircue", toks[i-1].lower) && !(e.cat.has("dstcue", toks[i-1].lower) && i+1 == len(toks)) ||
		isFileName(t.raw) || isInt(t.lower) || strings.ContainsAny(t.raw, "${}") || e.cat.has("stop", t.lower) ||
		(e.cat.has("notdir", t.lower) || e.cat.vocab["ext"][t.lower] != "") && !e.cat.has("bardirok", t.lower) || e.cat.has("notbardir", t.lower) {
		return false
	}
	// What comes before "in" must be files: "files in tmp", "*.log under logs", "everything in build".
	if i < 2 || toks[i-2].quoted && !strings.ContainsAny(toks[i-2].raw, "*?") {
		return false
	}
	what := i - 2
	if (toks[what].lower == "are" || toks[what].lower == "is") && what > 0 {
		what-- // "how many .jpg files are in photos"
	}
	if b := toks[what]; !b.used && !e.cat.has("filenoun", b.stem) && !e.cat.has("filenoun", b.lower) && !strings.ContainsAny(b.raw, "*?") &&
		!isDotExt(b.lower) && !isDotName(b.raw) && !e.cat.has("bardirwhat", b.stem) && !e.cat.has("bardirwhat", b.lower) {
		return false
	}
	for _, section := range []string{"place", "ftype", "number", "sizeunit", "timeunit"} {
		if _, n := e.cat.lookup(section, toks, i); n > 0 {
			return false
		}
	}
	return i+1 == len(toks) || toks[i].comma || !toks[i+1].quoted && (e.cat.has("bardirend", toks[i+1].lower) || e.cat.has("bardirend", toks[i+1].stem))
}

// isFormatWord accepts an archive format said as a word: "make a tar.gz of src" names no file.
func isFormatWord(w string) bool {
	switch w {
	case "tar.gz", "tar.bz2", "tar.xz", "tgz":
		return true
	}
	return false
}
