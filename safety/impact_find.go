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

// find's expression is evaluated per entry with three-valued logic: a predicate Impact cannot evaluate
// (-user, -perm, -regex, a dynamic pattern, -exec of some other program) is "maybe". An entry whose
// destructive action fires only maybe is still counted, so the total is an upper bound, and the action is
// marked approximate.

type tri int8

const (
	no tri = iota
	maybe
	yes
)

func triOf(b bool) tri {
	if b {
		return yes
	}
	return no
}

// findState is the entry being matched, and what the expression decided about it.
type findState struct {
	path  string // as find would print it
	abs   string
	depth int
	d     fs.DirEntry // nil for a starting point, whose info is set
	fi    fs.FileInfo
	b     *budget
	now   time.Time
	hit   tri  // whether the destructive action fires
	prune bool // -prune fired for certain
}

func (s *findState) info() fs.FileInfo {
	if s.fi == nil {
		if fi, err := s.d.Info(); err == nil {
			s.fi = fi
		}
	}
	return s.fi
}

// findExpr evaluates a node; uncertain is set when an earlier "maybe" decided whether this node runs.
type findExpr func(s *findState, uncertain bool) tri

// findPlan is a parsed find expression and what it does to matching entries.
type findPlan struct {
	expr               findExpr
	minDepth, maxDepth int // maxDepth < 0: unlimited
	op                 string
	mode               findMode
	approx             bool // the walk itself differs from find's (-L, -daystart)
}

// findMode is what a destructive action does to a matched entry.
type findMode int

const (
	findEntry findMode = iota // the entry itself (-delete, chmod without -R)
	findFile                  // non-directories only (rm, unlink, shred)
	findDir                   // directories only (rmdir)
	findTree                  // the entry and everything under it (rm -r, mv)
)

// find counts what "find PATHS EXPR" would hand to -delete or a destructive -exec.
func (im *impactor) find(c impactCall, args []arg) {
	for len(args) > 0 { // -H -L -P -D opts -Olevel
		s := args[0].Value
		if args[0].Dynamic || !(s == "-H" || s == "-L" || s == "-P" || s == "-D" || strings.HasPrefix(s, "-O")) {
			break
		}
		if s == "-D" && len(args) > 1 {
			args = args[1:]
		}
		args = args[1:]
	}
	var paths []arg
	for len(args) > 0 {
		if s := args[0].Value; !args[0].Dynamic && (strings.HasPrefix(s, "-") && s != "-" || s == "(" || s == "!" || s == ",") {
			break
		}
		paths, args = append(paths, args[0]), args[1:]
	}
	fp := &findParser{toks: args, cwd: c.cwd, plan: &findPlan{maxDepth: -1}}
	fp.plan.expr = fp.parse()
	if fp.plan.op == "" {
		return
	}
	ac := newAction(c.Name, fp.plan.op, c)
	ac.a.Approximate = fp.plan.approx
	if len(paths) == 0 {
		im.findFrom(ac, fp.plan, ".")
	}
	for _, a := range paths {
		fields, dyn := im.x.fields(a, c.cwd)
		if dyn {
			ac.dynamic(a)
			continue
		}
		for _, f := range fields {
			im.findFrom(ac, fp.plan, f)
		}
	}
	im.finish(ac)
}

// findFrom walks one starting point, counting the entries the plan's action would take.
func (im *impactor) findFrom(ac *action, plan *findPlan, start string) {
	if ac.cwd == "" && !filepath.IsAbs(start) {
		ac.a.Dynamic = append(ac.a.Dynamic, start)
		return
	}
	abs := start
	if !filepath.IsAbs(abs) {
		abs = filepath.Join(ac.cwd, start)
	}
	abs = filepath.Clean(abs)
	if ac.covered(abs) || !im.b.spend(1) {
		return
	}
	info, err := os.Lstat(abs)
	if err != nil {
		if len(ac.a.Missing) < maxListedTargets {
			ac.a.Missing = append(ac.a.Missing, ac.display(abs))
		}
		return
	}
	ac.listTarget(abs)
	ac.seen[abs] = true
	now := time.Now()
	im.b.walk(abs, info, func(e walkEntry) bool {
		s := findState{path: start, abs: e.path, depth: e.depth, d: e.d, b: im.b, now: now}
		if e.depth == 0 {
			s.fi = info
		} else {
			rel := e.path[len(abs):]
			if !strings.HasPrefix(rel, "/") {
				rel = "/" + rel
			}
			s.path = strings.TrimRight(start, "/") + rel
		}
		if e.depth >= plan.minDepth {
			plan.expr(&s, false)
		}
		fi := s.info()
		if fi == nil {
			return false
		}
		if s.hit != no {
			ac.a.Approximate = ac.a.Approximate || s.hit == maybe
			switch {
			case plan.mode == findTree && fi.IsDir():
				t := im.b.count(e.path, fi)
				ac.a.Files, ac.a.Dirs, ac.a.Bytes = ac.a.Files+t.files, ac.a.Dirs+t.dirs, ac.a.Bytes+t.bytes
				return false // gone, or moved, before find would descend
			case plan.mode == findFile && fi.IsDir(), plan.mode == findDir && !fi.IsDir():
			default:
				var t tally
				t.add(fi)
				ac.a.Files, ac.a.Dirs, ac.a.Bytes = ac.a.Files+t.files, ac.a.Dirs+t.dirs, ac.a.Bytes+t.bytes
			}
		}
		return fi.IsDir() && !s.prune && (plan.maxDepth < 0 || e.depth < plan.maxDepth)
	})
}

// findParser reads find's expression: operators by precedence ( ) ! -a -o , and primaries.
type findParser struct {
	toks []arg
	i    int
	cwd  string
	plan *findPlan
}

func (p *findParser) peek() (string, bool) {
	if p.i >= len(p.toks) {
		return "", false
	}
	if p.toks[p.i].Dynamic {
		return "\x00dynamic", true // never an operator; a primary that is maybe
	}
	return p.toks[p.i].Value, true
}

// next consumes a predicate's value; dynamic or absent values read as "".
func (p *findParser) next() (string, bool) {
	if p.i >= len(p.toks) {
		return "", false
	}
	p.i++
	return p.toks[p.i-1].Value, !p.toks[p.i-1].Dynamic
}

func (p *findParser) parse() findExpr {
	if p.i >= len(p.toks) {
		return func(*findState, bool) tri { return yes }
	}
	e := p.comma()
	for p.i < len(p.toks) { // a stray ")" makes find fail; evaluate what follows anyway
		p.i++
		e = andExpr(e, p.comma())
	}
	return e
}

func (p *findParser) comma() findExpr {
	l := p.or()
	for t, ok := p.peek(); ok && t == ","; t, ok = p.peek() {
		p.i++
		a, b := l, p.or()
		l = func(s *findState, u bool) tri { a(s, u); return b(s, u) }
	}
	return l
}

func (p *findParser) or() findExpr {
	l := p.and()
	for t, ok := p.peek(); ok && (t == "-o" || t == "-or"); t, ok = p.peek() {
		p.i++
		a, b := l, p.and()
		l = func(s *findState, u bool) tri {
			x := a(s, u)
			if x == yes {
				return yes
			}
			return max(x, b(s, u || x == maybe))
		}
	}
	return l
}

func (p *findParser) and() findExpr {
	l := p.unary()
	for t, ok := p.peek(); ok && t != ")" && t != "-o" && t != "-or" && t != ","; t, ok = p.peek() {
		if t == "-a" || t == "-and" {
			p.i++
		}
		l = andExpr(l, p.unary())
	}
	return l
}

func andExpr(a, b findExpr) findExpr {
	return func(s *findState, u bool) tri {
		x := a(s, u)
		if x == no {
			return no
		}
		return min(x, b(s, u || x == maybe))
	}
}

func (p *findParser) unary() findExpr {
	t, ok := p.peek()
	switch {
	case !ok:
		return func(*findState, bool) tri { return yes }
	case t == "!" || t == "-not":
		p.i++
		x := p.unary()
		return func(s *findState, u bool) tri { return yes - x(s, u) }
	case t == "(":
		p.i++
		x := p.comma()
		if t, ok := p.peek(); ok && t == ")" {
			p.i++
		}
		return x
	}
	p.i++
	return p.primary(t)
}

func constExpr(v tri) findExpr { return func(*findState, bool) tri { return v } }

// primary parses one test, action or option whose name t was just consumed.
func (p *findParser) primary(t string) findExpr {
	switch t {
	case "-true", "-print", "-print0", "-ls", "-depth", "-d", "-xdev", "-mount", "-noleaf", "-warn", "-nowarn",
		"-ignore_readdir_race", "-noignore_readdir_race":
		return constExpr(yes)
	case "-false":
		return constExpr(no)
	case "-follow", "-daystart":
		p.plan.approx = true
		return constExpr(yes)
	case "-delete":
		p.sink(OpDelete, findEntry)
		return markExpr(false)
	case "-prune":
		return func(s *findState, u bool) tri { s.prune = s.prune || !u; return yes }
	case "-empty":
		return func(s *findState, _ bool) tri {
			fi := s.info()
			switch {
			case fi == nil:
				return maybe
			case fi.IsDir():
				return triOf(s.b.emptyDir(s.abs))
			}
			return triOf(fi.Mode().IsRegular() && fi.Size() == 0)
		}
	case "-exec", "-execdir", "-ok", "-okdir":
		return p.exec(t)
	case "-maxdepth", "-mindepth":
		v, _ := p.next()
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return constExpr(maybe)
		}
		if t == "-maxdepth" {
			p.plan.maxDepth = n
		} else {
			p.plan.minDepth = n
		}
		return constExpr(yes)
	case "-printf", "-fprint", "-fprint0", "-fls", "-regextype":
		p.next()
		return constExpr(yes)
	case "-fprintf":
		p.next()
		p.next()
		return constExpr(yes)
	case "-name", "-iname", "-path", "-ipath", "-wholename", "-iwholename":
		return p.match(t)
	case "-type":
		return p.typ()
	case "-mtime", "-mmin":
		return p.mtime(t)
	case "-size":
		return p.size()
	case "-newer":
		return p.newer()
	case "-regex", "-iregex", "-lname", "-ilname", "-xtype", "-perm", "-user", "-group", "-uid", "-gid",
		"-links", "-inum", "-samefile", "-fstype", "-context", "-atime", "-amin", "-ctime", "-cmin", "-used",
		"-anewer", "-cnewer":
		p.next()
		return constExpr(maybe)
	}
	if strings.HasPrefix(t, "-newer") && len(t) == len("-newerXY") {
		p.next()
	}
	return constExpr(maybe) // unknown tests, -readable, -user, -quit and dynamic words
}

// markExpr is a destructive action: it fires, certainly or maybe, and is true.
func markExpr(alwaysMaybe bool) findExpr {
	return func(s *findState, u bool) tri {
		v := yes
		if u || alwaysMaybe {
			v = maybe
		}
		s.hit = max(s.hit, v)
		return yes
	}
}

// sink records the first destructive action; later ones count into it.
func (p *findParser) sink(op string, mode findMode) {
	if p.plan.op == "" {
		p.plan.op, p.plan.mode = op, mode
	}
}

// exec reads "-exec CMD ARGS ;" or "... {} +". rm, mv, chmod and friends given {} are destructive actions;
// any other program is a test whose outcome Impact cannot know.
func (p *findParser) exec(t string) findExpr {
	var cmd []arg
	braces := false
	for p.i < len(p.toks) {
		s, ok := p.toks[p.i].Value, !p.toks[p.i].Dynamic
		p.i++
		if ok && (s == ";" || s == "+" && braces) {
			break
		}
		braces = braces || ok && strings.Contains(s, "{}")
		cmd = append(cmd, p.toks[p.i-1])
	}
	cmd = peelExecWrappers(cmd)
	if len(cmd) == 0 || !braces {
		return constExpr(maybe)
	}
	name := cmd[0].Value
	args := parseArgs(cmd[1:], argSpec{shortValue: "tSns", longValue: []string{"--target-directory", "--suffix"}})
	recursive := args.short['r'] || args.short['R'] || args.long["--recursive"]
	op, mode := "", findFile
	switch filepath.Base(name) {
	case "rm":
		op, mode = OpDelete, findFile
		if recursive {
			mode = findTree
		} else if args.short['d'] {
			mode = findEntry
		}
	case "rmdir":
		op, mode = OpDelete, findDir
	case "unlink":
		op = OpDelete
	case "shred":
		op = OpOverwrite
		if args.short['u'] || args.long["--remove"] {
			op = OpDelete
		}
	case "truncate":
		op = OpTruncate
	case "mv":
		op, mode = OpMove, findTree
	case "chmod", "chown", "chgrp":
		op, mode = OpChown, findEntry
		if filepath.Base(name) == "chmod" {
			op = OpChmod
		}
		if recursive {
			mode = findTree
		}
	default:
		return constExpr(maybe)
	}
	p.sink(op, mode)
	return markExpr(t == "-ok" || t == "-okdir") // -ok asks the person first
}

// peelExecWrappers drops sudo and the like in front of an -exec command.
func peelExecWrappers(cmd []arg) []arg {
	for len(cmd) > 0 && !cmd[0].Dynamic {
		switch filepath.Base(cmd[0].Value) {
		case "sudo", "doas", "command", "nice", "nohup":
			cmd = parseArgs(cmd[1:], argSpec{shortValue: "ugpnChDrtTU", stopAtOperand: true}).operands
		default:
			return cmd
		}
	}
	return cmd
}

func (p *findParser) match(t string) findExpr {
	pat, ok := p.next()
	if !ok {
		return constExpr(maybe)
	}
	mode := pattern.EntireString
	if strings.HasPrefix(t, "-i") {
		mode |= pattern.NoGlobCase
	}
	expr, err := pattern.Regexp(pat, mode)
	if err != nil {
		return constExpr(maybe)
	}
	rx, err := regexp.Compile(expr)
	if err != nil {
		return constExpr(maybe)
	}
	whole := t != "-name" && t != "-iname"
	return func(s *findState, _ bool) tri {
		if whole {
			return triOf(rx.MatchString(s.path))
		}
		name := filepath.Base(s.path)
		if s.depth == 0 && s.path == "/" {
			name = "/"
		}
		return triOf(rx.MatchString(name))
	}
}

func (p *findParser) typ() findExpr {
	v, ok := p.next()
	if !ok || v == "" {
		return constExpr(maybe)
	}
	var want []fs.FileMode
	for _, c := range strings.Split(v, ",") {
		m, known := map[string]fs.FileMode{"f": 0, "d": fs.ModeDir, "l": fs.ModeSymlink, "p": fs.ModeNamedPipe,
			"s": fs.ModeSocket, "c": fs.ModeDevice | fs.ModeCharDevice, "b": fs.ModeDevice}[c]
		if !known {
			return constExpr(maybe)
		}
		want = append(want, m)
	}
	return func(s *findState, _ bool) tri {
		fi := s.info()
		if fi == nil {
			return maybe
		}
		got := fi.Mode().Type()
		for _, m := range want {
			if got == m {
				return yes
			}
		}
		return no
	}
}

// numArg reads find's "+N", "-N" or "N": more than, less than, exactly.
func numArg(v string) (cmp int, n float64, ok bool) {
	switch {
	case strings.HasPrefix(v, "+"):
		cmp, v = 1, v[1:]
	case strings.HasPrefix(v, "-"):
		cmp, v = -1, v[1:]
	}
	n, err := strconv.ParseFloat(v, 64)
	return cmp, n, err == nil && n >= 0 && !math.IsInf(n, 0)
}

func compare(cmp int, got, want float64) tri {
	switch cmp {
	case 1:
		return triOf(got > want)
	case -1:
		return triOf(got < want)
	}
	return triOf(got == want)
}

// mtime follows GNU find: the age is counted in whole days (-mtime) or minutes (-mmin), rounded down.
func (p *findParser) mtime(t string) findExpr {
	v, _ := p.next()
	cmp, n, ok := numArg(v)
	if !ok {
		return constExpr(maybe)
	}
	unit := 24 * time.Hour
	if t == "-mmin" {
		unit = time.Minute
	}
	return func(s *findState, _ bool) tri {
		fi := s.info()
		if fi == nil {
			return maybe
		}
		age := math.Floor(float64(s.now.Sub(fi.ModTime())) / float64(unit))
		return compare(cmp, age, n)
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
	cmp, n, ok := numArg(v)
	if !ok {
		return constExpr(maybe)
	}
	return func(s *findState, _ bool) tri {
		fi := s.info()
		if fi == nil {
			return maybe
		}
		return compare(cmp, float64((fi.Size()+unit-1)/unit), n)
	}
}

func (p *findParser) newer() findExpr {
	ref, ok := p.next()
	if !ok || p.cwd == "" && !filepath.IsAbs(ref) {
		return constExpr(maybe)
	}
	if !filepath.IsAbs(ref) {
		ref = filepath.Join(p.cwd, ref)
	}
	rfi, err := os.Stat(ref)
	if err != nil {
		return constExpr(maybe)
	}
	return func(s *findState, _ bool) tri {
		fi := s.info()
		if fi == nil {
			return maybe
		}
		return triOf(fi.ModTime().After(rfi.ModTime()))
	}
}
