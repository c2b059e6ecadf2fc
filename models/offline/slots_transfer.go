package offline

import "strings"

// transferStems are the stems of verbs whose object goes somewhere: "copy photos to backup".
var transferStems = setOf("copy copi cp move mov mv renam sync rsync duplicat mirror")

// notPlaces are words that can follow "to" after a transfer verb without naming a folder: "copy it to
// the clipboard", "move them to the trash", "rename the files to lowercase".
var notPlaces = setOf("clipboard trash bin recycle lowercase uppercase lower upper remote server host usb stick drive disk cloud bucket laptop desktop machine box everyone")

// notFiles are things people copy, move or rename that are no files: "rename the branch to develop".
var notFiles = setOf("branch branches tag tags commit commits remote remotes user users account group groups container containers image images volume volumes pod pods service services database databases table tables column columns variable variables alias window session tab tabs key keys")

// knownFileNames are files without an extension that people name bare: they are no folders.
var knownFileNames = setOf("Makefile makefile Dockerfile dockerfile README LICENSE Vagrantfile Jenkinsfile Procfile Gemfile Rakefile CHANGELOG NOTICE AUTHORS")

// transferPair reads "copy photos to backup", "move the drafts folder into archive", "rename draft to
// final": a verb that moves things, then a bare name and, after "to" or "into", another. Neither has a
// slash or an extension, so no other cue takes them for paths; the verb and the "to" between them say
// they are what moves and where it goes. A source without an extension that is no well-known file is
// a folder (copied with -r).
func (e *Engine) transferPair(toks []token, s *slots) {
	for i := range toks {
		if !transferStems[toks[i].stem] && !transferStems[toks[i].lower] || toks[i].quoted {
			continue
		}
		x := skipWords(toks, i+1, "the", "my", "our", "this", "that")
		if x+1 < len(toks) && (toks[x].lower == "contents" || toks[x].lower == "everything" || toks[x].lower == "all") &&
			(toks[x+1].lower == "of" || toks[x+1].lower == "in") {
			// "copy the contents of photos into backup": the words stay for the intent to read.
			x = skipWords(toks, x+2, "the", "my", "our", "this", "that")
		}
		folder := x < len(toks) && isFolderNoun(toks[x].lower) // "copy the folder photos to backup"
		if folder {
			x++
		}
		if x >= len(toks) || toks[x].comma {
			continue
		}
		named := toks[x].used && !toks[x].quoted && contains(s.paths, toks[x].raw) // "copy ~/photos to backup"
		if !named && !e.bareName(toks, x, true) {
			continue
		}
		j := x + 1
		if !folder && j < len(toks) && isFolderNoun(toks[j].lower) {
			folder = true
			j++
		}
		if j < len(toks) && toks[j].lower == "over" {
			j++
		}
		if j >= len(toks) || toks[j].lower != "to" && toks[j].lower != "into" || toks[j-1].comma {
			continue
		}
		y := skipWords(toks, j+1, "the", "my", "our", "a", "new")
		if y >= len(toks) {
			continue
		}
		if bare := e.bareName(toks, y, false); !bare && (named || !toks[y].used || !contains(s.paths, toks[y].raw)) {
			continue // nothing bare: the other cues have read both
		}
		if end := y + 1; end < len(toks) && !toks[y].comma && !isFolderNoun(toks[end].lower) && !strings.HasSuffix(toks[end].lower, "ly") &&
			!e.cat.has("bardirend", toks[end].lower) && !e.cat.has("bardirend", toks[end].stem) {
			continue // "copy notes to backup server": the name goes on
		}
		src, dst := toks[x].raw, toks[y].raw
		dir := folder || !strings.Contains(baseName(src), ".") && !knownFileNames[baseName(src)]
		if !named {
			s.paths = append(s.paths, src)
			if dir {
				s.dirs = append(s.dirs, src)
			}
		}
		s.bareSrcDir = s.bareSrcDir || dir && !named
		if !toks[y].used {
			s.paths = append(s.paths, dst)
			if dir {
				s.dirs = append(s.dirs, dst) // a folder goes into a folder
			}
			toks[y].used, toks[y].value = true, true // "into backup" names a folder; it asks for no backup
		}
		if s.dst == "" {
			s.dst = dst
		}
		toks[x].used, toks[x].value = true, true
		return
	}
}

// bareName accepts the word at i as a file or folder named without a slash or an extension: a plain
// identifier that is no stop word, no number and no word that says what kind of thing rather than
// which. A source may not be a file noun ("copy files to ..."); a destination may not be a place that
// is no folder ("to the clipboard").
func (e *Engine) bareName(toks []token, i int, src bool) bool {
	t := toks[i]
	if t.used || t.quoted || t.aside || !isIdentifier(t.raw) || isInt(t.lower) || strings.ContainsAny(t.raw, "${}") ||
		e.cat.has("stop", t.lower) || e.cat.has("notbardir", t.lower) || notPlaces[t.lower] || isFolderNoun(t.lower) {
		return false
	}
	if (e.cat.has("notdir", t.lower) || e.cat.vocab["ext"][t.lower] != "") && !e.cat.has("bardirok", t.lower) {
		return false
	}
	if notFiles[t.lower] || src && (e.cat.has("filenoun", t.stem) || e.cat.has("filenoun", t.lower)) {
		return false
	}
	return true
}

// skipWords returns the first index from i whose word is none of words.
func skipWords(toks []token, i int, words ...string) int {
	for i < len(toks) && contains(words, toks[i].lower) {
		i++
	}
	return i
}

// isFolderNoun accepts the words that say a name is a folder's.
func isFolderNoun(w string) bool {
	return w == "folder" || w == "directory" || w == "dir" || w == "folders" || w == "directories"
}
