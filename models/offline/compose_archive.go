package offline

import (
	"path"
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
	case "archivename", "zipname":
		ext := ".tar.gz"
		if name == "zipname" {
			ext = ".zip"
		} else if s.archFormat != "" {
			ext = "." + s.archFormat
		}
		for _, p := range s.paths {
			if isArchiveName(p) && !strings.HasPrefix(strings.ToLower(p), "tar.") {
				return quote(p), true
			}
		}
		left := excludedName(c.toks) // "except the cache folder": what stays out names no archive
		for _, p := range s.paths {
			if b := path.Base(strings.TrimRight(p, "/")); !isArchiveName(p) && b != "." && b != ".." && b != "/" && b != "~" && p != left {
				return quote(strings.TrimPrefix(b, ".") + ext), true
			}
		}
		return "archive" + ext, true
	case "tarz":
		for _, p := range append(s.paths, "."+s.archFormat) {
			for _, t := range tarSuffixes {
				if hasAnySuffix(p, t.suffix) {
					return t.flag, true
				}
			}
		}
		return "z", true
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
		if name == "tardir" {
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
func (c *composer) extValue(name string) (string, bool) {
	from := ""
	for _, g := range c.s.globs {
		if e, ok := strings.CutPrefix(g, "*."); ok && isAlnum(strings.ToLower(e)) {
			from = e
			break
		}
	}
	if name == "extfrom" {
		return from, from != ""
	}
	for i := 0; i+1 < len(c.toks); i++ {
		if c.toks[i].lower != "to" && c.toks[i].lower != "into" {
			continue
		}
		e := strings.TrimPrefix(strings.TrimPrefix(c.toks[i+1].raw, "*"), ".")
		if isAlnum(strings.ToLower(e)) && e != from && len(e) <= 5 {
			if !c.toks[i+1].used {
				c.usedWords++
			}
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
