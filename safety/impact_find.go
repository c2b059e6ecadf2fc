package safety

import (
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// find's expression is evaluated per entry with three-valued logic: a predicate Impact cannot evaluate
// (-user, -perm, -regex, a dynamic pattern, -exec of some other program) is "maybe". An entry whose
// destructive action fires only maybe is still counted, so the total is an upper bound, and the action is
// marked approximate.

type tri int8

const (
	triNo tri = iota
	triMaybe
	triYes
)

func findBool(b bool) tri {
	if b {
		return triYes
	}
	return triNo
}

// findState is the entry being matched, and what the expression decided about it.
type findState struct {
	path  string // as find would print it
	abs   string
	depth int
	d     fs.DirEntry // nil for a starting point, whose info is set
	fi    fs.FileInfo
	b     *walkBudget
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
	findModeEntry findMode = iota // the entry itself (-delete, chmod without -R)
	findModeFile                  // non-directories only (rm, unlink, shred)
	findModeDir                   // directories only (rmdir)
	findModeTree                  // the entry and everything under it (rm -r, mv)
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
	im.findCounted = true
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
func (im *impactor) findFrom(ac *actionDraft, plan *findPlan, start string) {
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
	im.b.walk(abs, info, func(e treeEntry) bool {
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
		if s.hit != triNo {
			ac.a.Approximate = ac.a.Approximate || s.hit == triMaybe
			switch {
			case plan.mode == findModeTree && fi.IsDir():
				t := im.b.count(e.path, fi)
				ac.a.Files, ac.a.Dirs, ac.a.Bytes = ac.a.Files+t.files, ac.a.Dirs+t.dirs, ac.a.Bytes+t.bytes
				return false // gone, or moved, before find would descend
			case plan.mode == findModeFile && fi.IsDir(), plan.mode == findModeDir && !fi.IsDir():
			default:
				var t entryTally
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
		return func(*findState, bool) tri { return triYes }
	}
	e := p.comma()
	for p.i < len(p.toks) { // a stray ")" makes find fail; evaluate what follows anyway
		p.i++
		e = findAnd(e, p.comma())
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
			if x == triYes {
				return triYes
			}
			return max(x, b(s, u || x == triMaybe))
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
		l = findAnd(l, p.unary())
	}
	return l
}

func findAnd(a, b findExpr) findExpr {
	return func(s *findState, u bool) tri {
		x := a(s, u)
		if x == triNo {
			return triNo
		}
		return min(x, b(s, u || x == triMaybe))
	}
}

func (p *findParser) unary() findExpr {
	t, ok := p.peek()
	switch {
	case !ok:
		return func(*findState, bool) tri { return triYes }
	case t == "!" || t == "-not":
		p.i++
		x := p.unary()
		return func(s *findState, u bool) tri { return triYes - x(s, u) }
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

func findConst(v tri) findExpr { return func(*findState, bool) tri { return v } }

// primary parses one test, action or option whose name t was just consumed.
func (p *findParser) primary(t string) findExpr {
	switch t {
	case "-true", "-print", "-print0", "-ls", "-depth", "-d", "-xdev", "-mount", "-noleaf", "-warn", "-nowarn",
		"-ignore_readdir_race", "-noignore_readdir_race":
		return findConst(triYes)
	case "-false":
		return findConst(triNo)
	case "-follow", "-daystart":
		p.plan.approx = true
		return findConst(triYes)
	case "-delete":
		p.sink(OpDelete, findModeEntry)
		return findMark(false)
	case "-prune":
		return func(s *findState, u bool) tri { s.prune = s.prune || !u; return triYes }
	case "-empty":
		return func(s *findState, _ bool) tri {
			fi := s.info()
			switch {
			case fi == nil:
				return triMaybe
			case fi.IsDir():
				return findBool(s.b.emptyDir(s.abs))
			}
			return findBool(fi.Mode().IsRegular() && fi.Size() == 0)
		}
	case "-exec", "-execdir", "-ok", "-okdir":
		return p.exec(t)
	case "-maxdepth", "-mindepth":
		v, _ := p.next()
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return findConst(triMaybe)
		}
		if t == "-maxdepth" {
			p.plan.maxDepth = n
		} else {
			p.plan.minDepth = n
		}
		return findConst(triYes)
	case "-printf", "-fprint", "-fprint0", "-fls", "-regextype":
		p.next()
		return findConst(triYes)
	case "-fprintf":
		p.next()
		p.next()
		return findConst(triYes)
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
		return findConst(triMaybe)
	}
	if strings.HasPrefix(t, "-newer") && len(t) == len("-newerXY") {
		p.next()
	}
	return findConst(triMaybe) // unknown tests, -readable, -user, -quit and dynamic words
}

// findMark is a destructive action: it fires, certainly or maybe, and is true.
func findMark(alwaysMaybe bool) findExpr {
	return func(s *findState, u bool) tri {
		v := triYes
		if u || alwaysMaybe {
			v = triMaybe
		}
		s.hit = max(s.hit, v)
		return triYes
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
		return findConst(triMaybe)
	}
	name := cmd[0].Value
	args := parseGNU(cmd[1:], gnuSpec{shortValue: "tSns", longValue: []string{"--target-directory", "--suffix"}})
	recursive := args.short['r'] || args.short['R'] || args.long["--recursive"]
	op, mode := "", findModeFile
	switch filepath.Base(name) {
	case "rm":
		op, mode = OpDelete, findModeFile
		if recursive {
			mode = findModeTree
		} else if args.short['d'] {
			mode = findModeEntry
		}
	case "rmdir":
		op, mode = OpDelete, findModeDir
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
		op, mode = OpMove, findModeTree
	case "chmod", "chown", "chgrp":
		op, mode = OpChown, findModeEntry
		if filepath.Base(name) == "chmod" {
			op = OpChmod
		}
		if recursive {
			mode = findModeTree
		}
	default:
		return findConst(triMaybe)
	}
	p.sink(op, mode)
	return findMark(t == "-ok" || t == "-okdir") // -ok asks the person first
}

// peelExecWrappers drops sudo and the like in front of an -exec command.
func peelExecWrappers(cmd []arg) []arg {
	for len(cmd) > 0 && !cmd[0].Dynamic {
		switch filepath.Base(cmd[0].Value) {
		case "sudo", "doas", "command", "nice", "nohup":
			cmd = parseGNU(cmd[1:], gnuSpec{shortValue: "ugpnChDrtTU", stopAtOperand: true}).operands
		default:
			return cmd
		}
	}
	return cmd
}
