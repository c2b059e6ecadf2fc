package offline

import (
	"path"
	"regexp"
	"slices"
	"strings"
)

// tarSuffixes are the archive names tar reads, with the option that picks each compression.
var tarSuffixes = []struct{ suffix, flag string }{
	{".tar.gz", "z"}, {".tgz", "z"}, {".tar.bz2", "j"}, {".tbz2", "j"}, {".tbz", "j"}, {".tar.xz", "J"}, {".txz", "J"}, {".tar", ""},
}

// archiveValue renders the archive slots: <archivename> and <zipname> (the archive to create, named
// after what goes in it when the prompt names no archive), <tarz> (tar's compression option for the
// archive's suffix), <tardir> ("-C DIR" to extract elsewhere) and <unzipdir> ("-d DIR").
func (c *composer) archiveValue(name string) (string, bool) {
	s := c.s
	switch name {
	case "archivename", "zipname", "zstname":
		ext := ".tar.gz"
		switch {
		case name == "zipname":
			ext = ".zip"
		case name == "zstname":
			ext = ".tar.zst"
		case s.archFormat != "":
			ext = "." + s.archFormat
		}
		dated := c.wantsDate()
		for _, p := range s.paths {
			if (isArchiveName(p) || name == "zstname" && strings.HasSuffix(p, ".tar.zst")) && !strings.HasPrefix(strings.ToLower(p), "tar.") {
				if d := dayInName.FindString(p); dated && d != "" {
					// "named with today's date, like brochure-2024-05-31.tar.gz": the date the day it runs.
					return strings.Replace(quote(p), d, "$(date +%F)", 1), true
				}
				return quote(p), true
			}
		}
		if n, dir := c.archiveNamedIn(); n != "" {
			return quote(strings.TrimSuffix(dir, "/") + "/" + n), true
		}
		left := excludedName(c.toks) // "except the cache folder": what stays out names no archive
		for _, p := range s.paths {
			if b := path.Base(strings.TrimRight(p, "/")); !isArchiveName(p) && b != "." && b != ".." && b != "/" && b != "~" && p != left {
				if dated {
					return quote(strings.TrimPrefix(b, ".")) + "-$(date +%F)" + ext, true
				}
				return quote(strings.TrimPrefix(b, ".") + ext), true
			}
		}
		return "archive" + ext, true
	case "tarz":
		keep := ""
		if c.e.mentions(c.toks, "keepperms") {
			keep = "p" // "keep the ownership and permissions": as they are, also when root unpacks it
		}
		for _, p := range append(s.paths, "."+s.archFormat) {
			for _, t := range tarSuffixes {
				if hasAnySuffix(p, t.suffix) {
					return t.flag + keep, true
				}
			}
		}
		return "z" + keep, true
	case "tardir", "unzipdir":
		dst := s.dst
		if dst == "" {
			// "put backup.tar.gz's contents in /tmp/restore": the one other folder named.
			for _, p := range s.paths {
				if !isArchiveName(p) && !isFileName(baseName(p)) && p != "." && p != "./" {
					dst = p
					break
				}
			}
		}
		if dst == "" || isArchiveName(dst) {
			return "", false
		}
		switch {
		case c.saying:
			return "into " + dst, true
		case name == "tardir":
			return "-C " + quote(dst), true
		}
		return "-d " + quote(dst), true
	}
	return "", false
}

// isArchiveName reports whether p names a tar or zip archive.
func isArchiveName(p string) bool {
	return hasAnySuffix(p, ".zip") || hasAnySuffix(p, ".tar") || func() bool {
		for _, t := range tarSuffixes {
			if hasAnySuffix(p, t.suffix) {
				return true
			}
		}
		return false
	}()
}

// extValue renders <extfrom> and <extto> for "rename all .jpeg files to .jpg": the extension the
// files have (from their glob) and the one written after "to" (".jpg", "jpg" or "*.jpg").
// sourceGlob is the glob of the files a conversion reads: one written as a glob or extension (".png",
// "*.png") before one said in passing ("the wiki only likes jpg"), and never the one after "to" or
// "into", which is what they become.
func (c *composer) sourceGlob() string {
	best, bestRank := "", 3
	for j, g := range c.s.globs {
		rank := 2
		if j >= len(c.s.globAt) {
			// a glob some reading added without its place
		} else if at := c.s.globAt[j]; at >= 0 && at < len(c.toks) {
			raw := c.toks[at].raw
			if at > 0 && (c.toks[at-1].lower == "to" || c.toks[at-1].lower == "into" || c.toks[at-1].lower == "as") {
				continue
			}
			if strings.HasPrefix(raw, ".") || strings.HasPrefix(raw, "*") {
				rank = 1
			}
		}
		if rank < bestRank {
			best, bestRank = g, rank
		}
	}
	if best == "" && len(c.s.globs) > 0 {
		best = c.s.globs[0]
	}
	return best
}

func (c *composer) extValue(name string) (string, bool) {
	from := ""
	if e, ok := strings.CutPrefix(c.sourceGlob(), "*."); ok && isAlnum(strings.ToLower(e)) {
		from = e
	}
	if name == "extfrom" {
		return from, from != ""
	}
	for i := 0; i+1 < len(c.toks); i++ {
		if c.toks[i].lower != "to" && c.toks[i].lower != "into" {
			continue
		}
		k := i + 1
		if (c.toks[k].lower == "a" || c.toks[k].lower == "an") && k+1 < len(c.toks) {
			k++ // "to a .webp next to it"
		}
		e := strings.TrimPrefix(strings.TrimPrefix(c.toks[k].raw, "*"), ".")
		le := strings.ToLower(e)
		if isAlnum(le) && e != from && len(e) <= 5 && (e != c.toks[k].raw || fileKinds["."+le] != "" || imageExts[le] || videoExts[le] || audioExts[le]) {
			if !c.toks[k].used {
				c.usedWords++
			}
			return e, true
		}
	}
	for i := 0; i+1 < len(c.toks); i++ {
		// "make .webp copies of each one", "make a .jpg of each one next to it": the kind of the copies.
		e := strings.TrimPrefix(c.toks[i].lower, ".")
		ofEach := c.toks[i+1].lower == "of" && i+2 < len(c.toks) && (c.toks[i+2].lower == "each" || c.toks[i+2].lower == "every" || c.toks[i+2].lower == "them" || c.toks[i+2].lower == "all")
		if strings.HasPrefix(c.toks[i].lower, ".") && e != strings.ToLower(from) && (imageExts[e] || videoExts[e] || audioExts[e]) && (copyNouns[c.toks[i+1].lower] || ofEach) {
			return e, true
		}
	}
	for _, g := range c.s.globs {
		// "a folder of pngs ... the client wants jpgs instead": the other kind of file named.
		if e, ok := strings.CutPrefix(g, "*."); ok && isAlnum(strings.ToLower(e)) && e != from {
			return e, true
		}
	}
	for i, t := range c.toks {
		// "the client wants jpgs instead": the kind wanted, said so.
		wanted := i > 0 && wantWords[c.toks[i-1].lower] || i+1 < len(c.toks) && c.toks[i+1].lower == "instead"
		if e := strings.TrimPrefix(t.lower, "."); !t.quoted && e != strings.ToLower(from) && imageExts[e] && wanted {
			c.toks[i].used = true
			return e, true
		}
	}
	return "", false
}

// wantWords come before the kind of file a conversion is to give: "wants jpgs", "as png".
var wantWords = setOf("want wants wanted need needs as prefer prefers takes accepts")

// archiveNamedIn reads an archive's name said with the folder it goes in: "a gzipped tarball of
// /var/www/wiki called wiki-backup.tar.gz in my home folder" is wiki-backup.tar.gz in ~. It returns
// "" when the request says no such thing.
func (c *composer) archiveNamedIn() (name, dir string) {
	for at, t := range c.toks {
		g := t.raw
		if !isArchiveName(g) || strings.ContainsAny(g, "*?[/") || !contains(c.s.globs, g) || at+2 >= len(c.toks) || c.toks[at+1].lower != "in" && c.toks[at+1].lower != "into" {
			continue
		}
		rest := c.toks[at+2:]
		switch {
		case len(rest) >= 3 && rest[0].lower == "my" && rest[1].lower == "home" && dirNouns[rest[2].lower]:
			return g, "~"
		case isPathLike(rest[0].raw) && slices.Contains(c.s.paths, rest[0].raw):
			return g, rest[0].raw
		}
	}
	return "", ""
}

// copyNouns follow the kind of file a conversion makes: ".webp copies", "mp3 versions".
var copyNouns = setOf("copies copy versions version files file")

// dayInName finds a day written as 2024-05-31 inside a name.
var dayInName = regexp.MustCompile(`\d{4}-\d{2}-\d{2}`)

// wantsDate reports whether the request wants the day it runs in a name: "named with today's date",
// "with the date in the name", "date-stamped".
func (c *composer) wantsDate() bool {
	for i, t := range c.toks {
		switch {
		case t.lower == "date-stamped" || t.lower == "datestamped" || t.lower == "timestamped":
			return true
		case (t.lower == "today's" || t.lower == "todays") && i+1 < len(c.toks) && c.toks[i+1].lower == "date":
			return true
		case t.lower == "date" && i+2 < len(c.toks) && c.toks[i+1].lower == "in" && c.toks[i+2].lower == "the":
			return true // "with the date in the name"
		}
	}
	return false
}
