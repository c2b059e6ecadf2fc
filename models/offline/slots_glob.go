package offline

import (
	"path"
	"slices"
	"strings"
)

// addGlob records a name pattern with the token it came from. strong marks a pattern the person wrote
// as one (a wildcard, a quoted name, ".ext", an extension word before "files"); cue-derived words
// ("names constructed ...", "extension under") are weak, as they are often just prose.
func (s *slots) addGlob(g string, at int, strong bool) {
	if strings.Contains(g, "^") {
		return // "every line ends with ^M": a control character, not a name
	}
	s.globs = append(s.globs, g)
	s.globAt = append(s.globAt, at)
	s.globStrong = append(s.globStrong, strong)
}

// keepGlobs keeps the globs for which keep(index) is true, with their positions.
func (s *slots) keepGlobs(keep func(int) bool) {
	n := 0
	for j := range s.globs {
		if keep(j) {
			s.globs[n], s.globAt[n], s.globStrong[n] = s.globs[j], s.globAt[j], s.globStrong[j]
			n++
		}
	}
	s.globs, s.globAt, s.globStrong = s.globs[:n], s.globAt[:n], s.globStrong[:n]
}

// pruneGlobs keeps one coordinated list of names. People write alternatives side by side ("*.c or
// *.h", "python and shell scripts", "'a', 'b'"); names found far apart are mostly other words of the
// sentence read as names (an archive to write to, a suffix to add), and "-name A -o -name B" for them
// is wrong. The kept list is the first one holding a strong name, or the first one.
func pruneGlobs(toks []token, s *slots) {
	if len(s.globs) < 2 {
		return
	}
	// "a .deb file called app.deb", "python files named test.py": the kind says what the name is.
	s.keepGlobs(func(j int) bool {
		g := s.globs[j]
		return !strings.HasPrefix(g, "*.") || !slices.ContainsFunc(s.globs, func(n string) bool {
			return !strings.ContainsAny(n, "*?[") && "*."+extOf(n) == g
		})
	})
	if len(s.globs) < 2 {
		return
	}
	run := make([]int, len(s.globs)) // run number of each glob, in token order
	order := make([]int, len(s.globs))
	for j := range order {
		order[j] = j
	}
	// Globs are added by several passes, so sort their indices by position (a handful: insertion sort).
	for a := 1; a < len(order); a++ {
		for b := a; b > 0 && s.globAt[order[b]] < s.globAt[order[b-1]]; b-- {
			order[b], order[b-1] = order[b-1], order[b]
		}
	}
	r := 0
	for k := 1; k < len(order); k++ {
		prev, cur := s.globAt[order[k-1]], s.globAt[order[k]]
		if !coordinated(toks, prev, cur) {
			r++
		}
		run[order[k]] = r
	}
	best := -1
	for _, j := range order {
		if s.globStrong[j] {
			best = run[j]
			break
		}
	}
	if best < 0 {
		best = run[order[0]]
	}
	for j := range s.globs {
		if run[j] != best && s.globAt[j] < len(toks) {
			// A name the answer will not look for is a word of the request it did not understand.
			toks[s.globAt[j]].used = false
		}
	}
	s.keepGlobs(func(j int) bool { return run[j] == best })
}

// coordinated reports whether tokens a <= b belong to one list: the same token, neighbours, or
// separated only by "and", "or", "nor" and list punctuation.
func coordinated(toks []token, a, b int) bool {
	if b-a <= 1 {
		return true
	}
	for k := a + 1; k < b; k++ {
		switch toks[k].lower {
		case "and", "or", "nor", "&", "/", "files", "file", "scripts", "documents":
		default:
			return false
		}
	}
	return true
}

// globCatches reports whether name, one to leave out, could be among what the request's globs take:
// it is a pattern itself, or a glob matches it, or there is no glob (everything is taken).
func (s *slots) globCatches(name string) bool {
	if strings.ContainsAny(name, "*?[") || len(s.globs) == 0 {
		return true
	}
	return slices.ContainsFunc(s.globs, func(g string) bool {
		ok, err := path.Match(g, name)
		return ok || err != nil
	})
}
