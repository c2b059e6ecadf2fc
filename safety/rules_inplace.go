package safety

import (
	"slices"
	"strings"
)

// Editing files in place across many files at once: sed -i over a glob, over what find or xargs
// hands it, or over a long list. One wrong expression rewrites every one of them and sed keeps no copy,
// so it is at least moderate however ordinary each file is; with a backup suffix (-i.bak) every file
// can be put back, and it is not. The system and personal files sed -i touches are ruleSed's
// (rules_interp.go).

func init() {
	register(ruleInPlaceMany, "sed", "gsed")
	register(ruleMogrifyInPlace, "mogrify", "magick")
}

// manyNamed is how many files named one by one count as many.
const manyNamed = 3

func ruleInPlaceMany(c *checker, cl *call) {
	backup, inPlace := "", false
	explicit := false
	for _, a := range cl.Args {
		v := a.Value
		switch {
		case a.Dynamic || !strings.HasPrefix(v, "-") || v == "-":
		case v == "--in-place":
			inPlace = true
		case strings.HasPrefix(v, "--in-place="):
			inPlace, backup = true, strings.TrimPrefix(v, "--in-place=")
		case v == "-e" || v == "--expression" || strings.HasPrefix(v, "--expression="):
			explicit = true
		case !strings.HasPrefix(v, "--"):
			// -i, -i.bak, -ni, -Ei: a suffix after i is the backup's.
			if i := strings.IndexByte(v, 'i'); i > 0 && !strings.ContainsAny(v[1:i], "ef") {
				inPlace, backup = true, v[i+1:]
			}
		}
	}
	if !inPlace || backup != "" {
		return
	}
	files := operands(cl.Args, "ef")
	if !explicit && len(files) > 0 {
		files = files[1:] // the script
	}
	if what := editedFiles(cl, files, true); what != "" {
		c.flagCall(cl, "fs.edit-many", Moderate, cl.Name+" -i rewrites "+what+" in place, with no backup")
	}
}

// editedFiles says which files an in-place edit rewrites when they are many: what find selects, what
// xargs reads, what globs match, what is only known at run time, or (named) several named ones; "" when
// they are few.
func editedFiles(cl *call, files []arg, named bool) string {
	switch {
	case slices.ContainsFunc(files, func(a arg) bool { return a.Tree || a.Selected }) ||
		len(cl.Wrappers) > 0 && cl.Wrappers[len(cl.Wrappers)-1] == "find" && len(files) > 0:
		return "every file find selects"
	case len(cl.Wrappers) > 0 && cl.Wrappers[len(cl.Wrappers)-1] == "xargs":
		return "every file it reads from its input"
	case slices.ContainsFunc(files, func(a arg) bool { return a.Glob }):
		var globs []string
		for _, a := range files {
			if a.Glob {
				globs = append(globs, a.Value)
			}
		}
		return "every file " + strings.Join(globs, " ") + " matches"
	case slices.ContainsFunc(files, func(a arg) bool { return a.Dynamic }):
		return "files only known at run time"
	case named && len(files) >= manyNamed:
		return strings.Join(names(files), ", ")
	}
	return ""
}

// names are the values of args.
func names(args []arg) []string {
	out := make([]string, len(args))
	for i, a := range args {
		out[i] = a.Value
	}
	return out
}

// ruleMogrifyInPlace: mogrify writes each image over itself unless -path sends the results to another
// folder or -format makes new files of another kind. Over a glob, or over what find or xargs hands it,
// that is sed -i's case: one wrong size or quality and every original is gone.
func ruleMogrifyInPlace(c *checker, cl *call) {
	args := cl.Args
	if cl.Name == "magick" {
		if len(args) == 0 || args[0].Dynamic || args[0].Value != "mogrify" {
			return
		}
		args = args[1:]
	}
	var files []arg // its options take values ("-resize 800"): the files are what globs and find give it
	for _, a := range args {
		switch {
		case !a.Dynamic && (a.Value == "-path" || a.Value == "-format"):
			return // the results are written elsewhere or as new files; the originals stay
		case a.Tree || a.Selected || a.Glob:
			files = append(files, a)
		}
	}
	if what := editedFiles(cl, files, false); what != "" {
		c.flagCall(cl, "fs.edit-many", Moderate, "mogrify rewrites "+what+" in place, with no backup")
	}
}
