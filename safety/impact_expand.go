package safety

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"mvdan.cc/sh/v3/pattern"
)

// globExpander turns the walker's resolved arguments into the paths bash would pass. The walker has already
// removed quotes and expanded braces, ~ and known variables; what is left is globbing, which needs the
// file system and so belongs here, under the budget.
type globExpander struct {
	b *walkBudget
}

// fields expands a as an argument of a command run in cwd. dynamic reports that the result depends on run
// time: a variable, a substitution, xargs input, or a relative path under an unknown directory.
func (x *globExpander) fields(a arg, cwd string) (fields []string, dynamic bool) {
	if a.Dynamic {
		return nil, true
	}
	if cwd == "" && !filepath.IsAbs(a.Value) {
		return nil, true
	}
	if !a.Glob {
		return []string{a.Value}, false
	}
	matches := x.glob(a.Value, cwd)
	if len(matches) == 0 {
		return []string{a.Value}, false // bash passes an unmatched pattern as it is
	}
	return matches, false
}

// glob expands pat relative to cwd as bash does without globstar, dotglob or extglob: "**" is "*", and a
// wildcard matches a leading dot only when the pattern starts with one. The walker keeps only whether a
// field had unquoted wildcards, so a field mixing quoted and unquoted ones ('*'*) is globbed whole.
// Matches keep the pattern's form: relative patterns give relative paths.
func (x *globExpander) glob(pat, cwd string) []string {
	parts := strings.Split(pat, "/")
	matches := []string{""}
	if parts[0] == "" { // absolute
		matches, parts = []string{"/"}, parts[1:]
	}
	globbed := false
	for i, part := range parts {
		last := i == len(parts)-1
		if part == "" { // "a//b", or a trailing slash that keeps only directories
			for j := range matches {
				matches[j] = globJoin(matches[j], "")
			}
			continue
		}
		if !pattern.HasMeta(part, 0) {
			for j := range matches {
				matches[j] = globJoin(matches[j], part)
			}
			continue
		}
		globbed = true
		rx, err := globRegexp(part)
		if err != nil {
			return nil
		}
		var next []string
		for _, m := range matches {
			dir := m
			if !filepath.IsAbs(dir) {
				dir = filepath.Join(cwd, dir)
			}
			for _, e := range x.b.readDirForGlob(dir) {
				if !rx.MatchString(e.Name()) {
					continue
				}
				if !last && !e.IsDir() && e.Type()&os.ModeSymlink == 0 {
					continue // a/*/b needs a directory in the middle
				}
				next = append(next, globJoin(m, e.Name()))
			}
		}
		matches = next
	}
	if !globbed {
		return nil
	}
	// Literal parts after a wildcard, and a trailing slash, must exist like the rest of a match.
	out := matches[:0]
	for _, m := range matches {
		p := m
		if !filepath.IsAbs(p) {
			p = filepath.Join(cwd, p)
		}
		if !x.b.spend(1) {
			break
		}
		if _, err := os.Lstat(p); err != nil {
			continue
		}
		if strings.HasSuffix(m, "/") {
			if fi, err := os.Stat(p); err != nil || !fi.IsDir() {
				continue
			}
		}
		out = append(out, m)
	}
	slices.Sort(out)
	return out
}

// globJoin appends name to a glob match, keeping "" (relative to cwd) and "/" as bash prints them.
func globJoin(dir, name string) string {
	if dir == "" || strings.HasSuffix(dir, "/") {
		return dir + name
	}
	return dir + "/" + name
}

func globRegexp(part string) (*regexp.Regexp, error) {
	expr, err := pattern.Regexp(part, pattern.Filenames|pattern.EntireString|pattern.NoGlobStar)
	if err != nil {
		return nil, err
	}
	return regexp.Compile(expr)
}
