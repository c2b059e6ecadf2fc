package offline

import (
	"path"
	"regexp"
	"slices"
	"strings"
)

// fileSlot renders the slots of templates that turn files into other files: a PDF's first page into an
// image (<pdfpage>, <pdfout>, <dpi>), thumbnails into a folder (<thumbdir>), one member out of a zip (<zipfile>, <zipmember>) and a
// file into a web form (<formfield>, <formfile>). known is false for any other name.
func (c *composer) fileSlot(name string) (string, bool, bool) {
	s := c.s
	one := func(v string) (string, bool, bool) { return v, v != "", true }
	switch name {
	case "pdfpage":
		// ImageMagick reads one page of a PDF as file.pdf[0]; the shell must not glob the brackets.
		if p := c.inputOf(pdfExts); p != "" {
			return singleQuote(p + "[0]"), true, true
		}
		return "", false, true
	case "pdfout":
		p := c.inputOf(pdfExts)
		if p == "" {
			return "", false, true
		}
		ext := "png"
		for _, t := range c.toks {
			if t.lower == "jpg" || t.lower == "jpeg" {
				ext = "jpg"
			}
		}
		return quote(strings.TrimSuffix(p, path.Ext(p)) + "." + ext), true, true
	case "dpi":
		// "at a decent resolution (300 dpi-ish)", "at 200dpi".
		for i, t := range c.toks {
			if n, ok := strings.CutSuffix(t.lower, "dpi"); ok && isInt(n) {
				markUsed(c.toks, i, i+1)
				return n, true, true
			}
			if isInt(t.lower) && i+1 < len(c.toks) && strings.HasPrefix(c.toks[i+1].lower, "dpi") {
				markUsed(c.toks, i, i+2)
				return t.lower, true, true
			}
		}
		return "", false, true
	case "thumbdir":
		// "written into thumbs/": the folder the thumbnails go to.
		if s.dst != "" {
			return quote(strings.TrimSuffix(s.dst, "/")), true, true
		}
		for _, p := range s.paths {
			if strings.HasSuffix(p, "/") && len(p) > 1 {
				return quote(strings.TrimSuffix(p, "/")), true, true
			}
		}
		return "", false, true
	case "zipfile":
		return one(quoteOr(c.inputOf(zipExts)))
	case "zipmember":
		return one(quoteOr(s.zipMember()))
	case "tarin":
		// The archive looked into: the one named that is an archive.
		for _, p := range s.paths {
			if isArchiveName(p) {
				return one(quote(p))
			}
		}
		return "", false, true
	case "tarmember":
		// The file looked for inside an archive: the one named that is no archive.
		for _, p := range s.paths {
			if !isArchiveName(p) && extOf(p) != "zip" && p != "." && !slices.Contains(s.dirs, p) {
				return one(quote(p))
			}
		}
		return "", false, true
	case "formfield":
		// "a multipart field called file", "the form field 'attachment'".
		for i := 1; i < len(c.toks); i++ {
			p := c.toks[i-1].lower
			if (p == "called" || p == "named") && i >= 2 && c.toks[i-2].lower == "field" || p == "field" && (c.toks[i].quoted || i >= 2 && c.toks[i-2].lower == "form") {
				if w := c.toks[i]; formField.MatchString(w.raw) {
					markUsed(c.toks, i-1, i+1)
					return w.raw, true, true
				}
			}
		}
		return "", false, true
	case "formfile":
		for _, p := range s.paths {
			if !isRemoteRef(p) && !strings.Contains(p, "://") && p != "." {
				return p, true, true
			}
		}
		return "", false, true
	}
	return "", false, false
}

// pdfExts and zipExts are the extensions of the PDFs and the zip archives these slots read.
var (
	pdfExts = setOf("pdf")
	zipExts = setOf("zip")
)

// formField is a form field's name as curl -F takes it unquoted inside the template's quotes.
var formField = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_.-]*$`)
