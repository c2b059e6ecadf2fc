package safety

import (
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"mvdan.cc/sh/v3/pattern"
)

// The find tests (predicates) Impact evaluates itself. Each reads its value when parsed and returns a findExpr; a value
// it cannot use turns the test into a "maybe".

func (p *findParser) match(t string) findExpr {
	pat, ok := p.next()
	if !ok {
		return findConst(triMaybe)
	}
	mode := pattern.EntireString
	if strings.HasPrefix(t, "-i") {
		mode |= pattern.NoGlobCase
	}
	expr, err := pattern.Regexp(pat, mode)
	if err != nil {
		return findConst(triMaybe)
	}
	rx, err := regexp.Compile(expr)
	if err != nil {
		return findConst(triMaybe)
	}
	whole := t != "-name" && t != "-iname"
	return func(s *findState, _ bool) tri {
		if whole {
			return findBool(rx.MatchString(s.path))
		}
		name := filepath.Base(s.path)
		if s.depth == 0 && s.path == "/" {
			name = "/"
		}
		return findBool(rx.MatchString(name))
	}
}

func (p *findParser) typ() findExpr {
	v, ok := p.next()
	if !ok || v == "" {
		return findConst(triMaybe)
	}
	var want []fs.FileMode
	for _, c := range strings.Split(v, ",") {
		m, known := map[string]fs.FileMode{"f": 0, "d": fs.ModeDir, "l": fs.ModeSymlink, "p": fs.ModeNamedPipe,
			"s": fs.ModeSocket, "c": fs.ModeDevice | fs.ModeCharDevice, "b": fs.ModeDevice}[c]
		if !known {
			return findConst(triMaybe)
		}
		want = append(want, m)
	}
	return func(s *findState, _ bool) tri {
		fi := s.info()
		if fi == nil {
			return triMaybe
		}
		got := fi.Mode().Type()
		for _, m := range want {
			if got == m {
				return triYes
			}
		}
		return triNo
	}
}

// findNumber reads find's "+N", "-N" or "N": more than, less than, exactly.
func findNumber(v string) (cmp int, n float64, ok bool) {
	switch {
	case strings.HasPrefix(v, "+"):
		cmp, v = 1, v[1:]
	case strings.HasPrefix(v, "-"):
		cmp, v = -1, v[1:]
	}
	n, err := strconv.ParseFloat(v, 64)
	return cmp, n, err == nil && n >= 0 && !math.IsInf(n, 0)
}

func findCompare(cmp int, got, want float64) tri {
	switch cmp {
	case 1:
		return findBool(got > want)
	case -1:
		return findBool(got < want)
	}
	return findBool(got == want)
}

// mtime follows GNU find: the age is counted in whole days (-mtime) or minutes (-mmin), rounded down.
func (p *findParser) mtime(t string) findExpr {
	v, _ := p.next()
	cmp, n, ok := findNumber(v)
	if !ok {
		return findConst(triMaybe)
	}
	unit := 24 * time.Hour
	if t == "-mmin" {
		unit = time.Minute
	}
	return func(s *findState, _ bool) tri {
		fi := s.info()
		if fi == nil {
			return triMaybe
		}
		age := math.Floor(float64(s.now.Sub(fi.ModTime())) / float64(unit))
		return findCompare(cmp, age, n)
	}
}

// size follows GNU find: the size is rounded up to whole units (512-byte blocks when none is given).
func (p *findParser) size() findExpr {
	v, _ := p.next()
	unit := int64(512)
	if v != "" {
		if u, ok := map[byte]int64{'c': 1, 'w': 2, 'b': 512, 'k': 1 << 10, 'M': 1 << 20, 'G': 1 << 30}[v[len(v)-1]]; ok {
			unit, v = u, v[:len(v)-1]
		}
	}
	cmp, n, ok := findNumber(v)
	if !ok {
		return findConst(triMaybe)
	}
	return func(s *findState, _ bool) tri {
		fi := s.info()
		if fi == nil {
			return triMaybe
		}
		return findCompare(cmp, float64((fi.Size()+unit-1)/unit), n)
	}
}

func (p *findParser) newer() findExpr {
	ref, ok := p.next()
	if !ok || p.cwd == "" && !filepath.IsAbs(ref) {
		return findConst(triMaybe)
	}
	if !filepath.IsAbs(ref) {
		ref = filepath.Join(p.cwd, ref)
	}
	rfi, err := os.Stat(ref)
	if err != nil {
		return findConst(triMaybe)
	}
	return func(s *findState, _ bool) tri {
		fi := s.info()
		if fi == nil {
			return triMaybe
		}
		return findBool(fi.ModTime().After(rfi.ModTime()))
	}
}
