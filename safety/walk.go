package safety

import (
	"os"
	"path"
	"slices"
	"strings"
	"sync"

	"mvdan.cc/sh/v3/syntax"
)

// call is one simple command that could run, after wrappers are peeled off.
type call struct {
	// Name is the base name of the resolved command word ("rm" for /bin/rm, \rm or r''m); empty when the
	// command word is dynamic.
	Name string
	// Path is the resolved command word as written ("/bin/rm"); for a dynamic name, its source text.
	Path string
	// Dynamic is set when the command word is only known at run time ($CMD, $(…)).
	Dynamic bool
	// NameSubs are the calls run by substitutions in a dynamic command word ($(curl …)).
	NameSubs []int
	// Args are the resolved arguments after the command word.
	Args []arg
	// Span is the simple command in the checked text; for commands found inside a string (bash -c '…',
	// eval, a heredoc fed to a shell) it is the span of the outermost word or redirect holding them.
	Span Span
	// Wrappers are the commands this one runs under, outermost first: "sudo", "env", "xargs", "find"
	// (for -exec), "bash -c", "eval", "pipe" (text piped into a shell), "heredoc".
	Wrappers []string
	// Env are VAR=value prefixes, including those given to env or sudo.
	Env []envVar
	// Redirs are the command's own redirections.
	Redirs []redir
	// PipeIn are indices of the calls whose output feeds this one through a pipe.
	PipeIn []int
	// Piped and Background say the command is a pipeline element or runs with &.
	Piped, Background bool
	// InSubst is set for commands run inside $(…), `…` or <(…).
	InSubst bool
	// Func is the function whose body holds the command, if any.
	Func string
	// Cwd is the directory the command runs in when an earlier cd in the same text made it known.
	Cwd string
	// Depth counts the nested strings (bash -c, eval …) around the command.
	Depth int
	// Hidden says how the command word hid its name: "glob" (/bin/r?), "substitution" ($(echo rm)).
	Hidden string
	// Candidates are the known commands a globbed command word could name when it names more than one.
	Candidates []string
	// Shadowed is set for a command of a function body walked where the function was defined, when a
	// later call walked the body again with the call's arguments: that walk is the one to judge.
	Shadowed bool
}

// envVar is a VAR=value prefix.
type envVar struct {
	Name  string
	Value arg
}

// redir is a redirection: Op is its operator text (">", ">>", "<", "<<<", "&>" …), Fd the explicit file
// descriptor ("2" in 2>), Target the resolved word and Body a heredoc's resolved text.
type redir struct {
	Op     string
	Fd     string
	Target arg
	Body   *arg
	Span   Span
}

// varVal is what the walker knows about a shell variable assigned earlier in the same command.
type varVal struct {
	value  string
	static bool
	subs   []int
	// elems are the elements of an array assigned a list (cmd=(rm -rf /)); value joins them.
	elems []string
}

// walker turns shell text into calls. It is single-use and not safe for concurrent use.
type walker struct {
	opts  Options
	home  string
	calls []call
	vars  map[string]varVal
	funcs map[string]*funcDef
	// funcCalls counts the calls to functions whose bodies were walked again with their arguments.
	funcCalls int
	// aliases are the aliases defined earlier in the text; expanding, those being expanded, which a
	// shell does not expand again inside their own value.
	aliases   map[string]string
	expanding map[string]bool
	// written is the text the command writes to files, by path, when it is known (written.go).
	written map[string]string
	// subCache remembers substitutions already walked, so brace expansion of a word does not repeat them.
	subCache map[syntax.Node]subWalk
	// ifs is the value a plain assignment gave IFS, which decides how unquoted expansions split; ifsSet
	// says there was one, ifsDynamic that its value is only known at run time.
	ifs                string
	ifsSet, ifsDynamic bool
	// parseErrs are the positions and messages of strings that did not parse.
	parseErrs []parseErr

	src   string   // text of the string being walked
	outer *Span    // when walking a nested string, every span is this one
	wraps []string // wrapper chain of the nested string being walked
	fn    string
	depth int
	inSub bool
	cwd   string // set by a static cd earlier in the text

	// What the walk has spent of its bounds (bounds.go), and the first bound it went past.
	nest, steps      int
	parsed, expanded int
	overBound        string
}

type parseErr struct {
	span Span
	msg  string
}

var (
	parserPool = sync.Pool{New: func() any { return syntax.NewParser() }}
	homeOnce   sync.Once
	userHome   string
)

func defaultHome() string {
	homeOnce.Do(func() {
		userHome, _ = os.UserHomeDir()
		if userHome == "" || userHome == "/" {
			userHome = "/home/user"
		}
	})
	return userHome
}

func newWalker(opts Options) *walker {
	home := strings.TrimRight(opts.Home, "/")
	if home == "" {
		home = strings.TrimRight(defaultHome(), "/")
	}
	if home == "" {
		home = "/root"
	}
	return &walker{opts: opts, home: home}
}

// simpleCommands parses cmd and returns every simple command that could run, in source order: those in
// lists, pipelines, subshells, blocks, if/while/for/case bodies, function bodies, command and process
// substitutions, and inside the strings given to sh/bash -c, eval, su -c, env -S, watch, and text piped
// or fed by heredoc into a shell. Wrappers (sudo, env, nohup, timeout, xargs, find -exec …) are peeled off
// and listed in call.Wrappers; xargs appends one dynamic argument standing for its input, and find -exec
// replaces {} with the search path. Quotes, escapes, $'…', brace expansion, ~, $HOME and variables
// assigned a constant earlier in the same text are resolved; whatever else stays dynamic is flagged on the
// call (Dynamic) or argument (arg.Dynamic). Interpreters' inline code (python -c …) is not looked into.
// The error reports text that did not parse; the calls found before and around it are still returned.
// A command past one of the walker's bounds gives errTooComplex along with the calls found within them.
func simpleCommands(cmd string, opts Options) ([]call, error) {
	w := newWalker(opts)
	w.walkString(cmd, nil, nil)
	if len(w.parseErrs) > 0 {
		return w.calls, errParse(w.parseErrs[0].msg)
	}
	if w.full() || w.overBound != "" {
		return w.calls, errTooComplex(w.overBound)
	}
	return w.calls, nil
}

type errParse string

func (e errParse) Error() string { return "cannot parse command: " + string(e) }

type errTooComplex string

func (e errTooComplex) Error() string { return "command too complex to analyse: " + string(e) }

// walkString parses src and walks it. outer, when set, is the span every call found reports; wraps is the
// wrapper chain to prefix. It returns the indices of the calls found.
func (w *walker) walkString(src string, outer *Span, wraps []string) []int {
	if w.full() {
		return nil
	}
	if w.depth > maxDepth {
		w.tooComplex("it nests strings run as code more than %d deep", maxDepth)
		return nil
	}
	if !w.parseable(src) {
		return nil
	}
	p := parserPool.Get().(*syntax.Parser)
	syntax.Variant(dialect(w.opts.Shell))(p)
	f, err := p.Parse(strings.NewReader(src), "")
	parserPool.Put(p)
	saved := *w
	w.src, w.outer, w.wraps = src, outer, wraps
	w.depth++
	defer func() {
		w.src, w.outer, w.wraps, w.depth = saved.src, saved.outer, saved.wraps, saved.depth
	}()
	if err != nil {
		sp := Span{0, len(src)}
		if outer != nil {
			sp = *outer
		}
		w.parseErrs = append(w.parseErrs, parseErr{span: sp, msg: err.Error()})
		start := len(w.calls)
		w.fallback(src)
		return seq(start, len(w.calls))
	}
	start := len(w.calls)
	w.walkStmts(f.Stmts, flow{})
	return seq(start, len(w.calls))
}

func seq(a, b int) []int {
	if b <= a {
		return nil
	}
	out := make([]int, 0, b-a)
	for i := a; i < b; i++ {
		out = append(out, i)
	}
	return out
}

// flow is how a statement is connected to its neighbours.
type flow struct {
	pipeIn     []int
	piped      bool
	background bool
}

// walkStmts walks a statement list; it returns all the calls found and those whose output is the list's.
func (w *walker) walkStmts(stmts []*syntax.Stmt, fl flow) (all, out []int) {
	for _, s := range stmts {
		a, o := w.walkStmt(s, fl)
		all = append(all, a...)
		out = append(out, o...)
	}
	return all, out
}

func (w *walker) walkStmt(s *syntax.Stmt, fl flow) (all, out []int) {
	if s == nil || w.full() {
		return nil, nil
	}
	if w.steps++; w.steps > maxSteps {
		w.tooComplex("it has more than %d statements to walk", maxSteps)
		return nil, nil
	}
	if w.nest >= maxNest {
		w.tooComplex("it nests commands more than %d deep", maxNest)
		return nil, nil
	}
	w.nest++
	all, out = w.stmt(s, fl)
	w.nest--
	return all, out
}

// stmt walks one statement within the bounds walkStmt checked.
func (w *walker) stmt(s *syntax.Stmt, fl flow) (all, out []int) {
	if s.Background || s.Coprocess || s.Disown {
		fl.background = true
	}
	start := len(w.calls)
	var redirs []redir
	for _, r := range s.Redirs {
		redirs = append(redirs, w.redirect(r))
	}
	switch c := s.Cmd.(type) {
	case *syntax.CallExpr:
		w.walkCall(c, redirs, fl)
	case *syntax.BinaryCmd:
		switch c.Op {
		case syntax.Pipe, syntax.PipeAll:
			// Every stage of a pipeline runs in a subshell, so a cd in one never moves what follows.
			cwd := w.cwd
			defer func() { w.cwd = cwd }()
			sfl := fl
			sfl.piped = true
			var out []int
			var buf [2]*syntax.Stmt
			for i, st := range chain(c, buf[:0]) {
				if i > 0 {
					sfl = flow{pipeIn: out, piped: true, background: fl.background}
				}
				_, out = w.walkStmt(st, sfl)
			}
			w.attachRedirs(start, redirs)
			return seq(start, len(w.calls)), out
		default:
			var buf [2]*syntax.Stmt
			for _, st := range chain(c, buf[:0]) {
				w.walkStmt(st, fl)
			}
		}
	case *syntax.Subshell:
		cwd := w.cwd
		w.walkStmts(c.Stmts, fl)
		w.cwd = cwd // a cd inside ( … ) ends with it
	case *syntax.Block:
		w.walkStmts(c.Stmts, fl)
	case *syntax.IfClause:
		for ic := c; ic != nil; ic = ic.Else {
			w.walkStmts(ic.Cond, flow{})
			w.walkStmts(ic.Then, fl)
		}
	case *syntax.WhileClause:
		w.walkStmts(c.Cond, flow{})
		w.walkStmts(c.Do, fl)
	case *syntax.ForClause:
		if wi, ok := c.Loop.(*syntax.WordIter); ok {
			w.forLoop(wi, c.Do, fl)
		} else {
			w.walkNodeSubs(c.Loop, nil)
			w.walkStmts(c.Do, fl)
		}
	case *syntax.CaseClause:
		w.word(c.Word)
		for _, it := range c.Items {
			w.walkStmts(it.Stmts, fl)
		}
	case *syntax.FuncDecl:
		name := ""
		if c.Name != nil {
			name = c.Name.Value
		}
		w.defineFunc(name, c.Body)
	case *syntax.DeclClause:
		w.declare(c)
	case *syntax.TimeClause:
		w.walkStmt(c.Stmt, fl)
	case *syntax.CoprocClause:
		fl.background = true
		w.walkStmt(c.Stmt, fl)
	case *syntax.TestDecl:
		w.walkStmt(c.Body, fl)
	case nil:
	default:
		// [[ … ]], (( … )) and let only run what their substitutions run.
		w.walkNodeSubs(c, nil)
	}
	w.attachRedirs(start, redirs)
	all = seq(start, len(w.calls))
	return all, all
}

// chain lists the stages of a pipeline, or the commands of an && and || list, left to right, appending
// them to rev. The parser nests them to the left, one level per operator; walking them as a list keeps a
// pipeline of thousands of stages from costing thousands of levels.
func chain(c *syntax.BinaryCmd, rev []*syntax.Stmt) []*syntax.Stmt {
	pipe := c.Op == syntax.Pipe || c.Op == syntax.PipeAll
	for {
		rev = append(rev, c.Y)
		x, ok := c.X.Cmd.(*syntax.BinaryCmd)
		if !ok || (x.Op == syntax.Pipe || x.Op == syntax.PipeAll) != pipe || !plainStmt(c.X) {
			rev = append(rev, c.X)
			break
		}
		c = x
	}
	slices.Reverse(rev)
	return rev
}

// plainStmt reports a statement that adds nothing to the command it holds (no redirections, !, &).
func plainStmt(s *syntax.Stmt) bool {
	return len(s.Redirs) == 0 && !s.Negated && !s.Background && !s.Coprocess && !s.Disown
}

// attachRedirs gives a compound command's redirections to the calls it ran, so `{ …; } > /etc/x` is seen.
func (w *walker) attachRedirs(start int, redirs []redir) {
	if len(redirs) == 0 {
		return
	}
	if start >= len(w.calls) {
		// A statement of redirections only (`> file`) still truncates the file.
		w.calls = append(w.calls, call{Span: redirs[0].Span, Redirs: redirs, Wrappers: w.wraps, Func: w.fn,
			Depth: w.depth - 1, InSubst: w.inSub})
		return
	}
	for i := start; i < len(w.calls); i++ {
		if len(w.calls[i].Redirs) == 0 || !sameRedirs(w.calls[i].Redirs, redirs) {
			w.calls[i].Redirs = append(w.calls[i].Redirs, redirs...)
		}
	}
}

func sameRedirs(a, b []redir) bool {
	return len(a) >= len(b) && a[len(a)-len(b)].Span == b[0].Span
}

// forLoop walks a loop body once per static item (a few at most), so `for d in / /etc; do rm -rf $d; done`
// is judged on its real targets; otherwise the loop variable is dynamic.
func (w *walker) forLoop(wi *syntax.WordIter, body []*syntax.Stmt, fl flow) {
	var items []arg
	for _, it := range wi.Items {
		items = append(items, w.fields(it)...)
	}
	name := wi.Name.Value
	static := len(items) > 0 && len(items) <= 4
	for _, it := range items {
		static = static && !it.Dynamic && !it.Glob
	}
	if !static {
		// The loop variable is unknown, but still carries what produced it: for l in $(cat key) …
		var subs []int
		for _, it := range items {
			subs = append(subs, it.Subs...)
		}
		w.setVar(name, varVal{subs: slices.Compact(subs)})
		w.walkStmts(body, fl)
		return
	}
	for _, it := range items {
		w.setVar(name, varVal{value: it.Value, static: true})
		w.walkStmts(body, fl)
	}
	w.setVar(name, varVal{})
}

func (w *walker) setVar(name string, v varVal) {
	if w.vars == nil {
		w.vars = map[string]varVal{}
	}
	w.vars[name] = v
}

func (w *walker) lookup(name string) (varVal, bool) {
	if v, ok := w.vars[name]; ok {
		return v, true
	}
	switch name {
	case "HOME":
		return varVal{value: w.home, static: true}, true
	case "PWD":
		return varVal{value: ".", static: true}, true
	case "IFS":
		return varVal{value: defaultIFS, static: true}, true
	case "USER", "LOGNAME":
		return varVal{value: path.Base(w.home), static: true}, true
	}
	return varVal{}, false
}

// assign records a pure assignment (x=rm) so later words can use it.
func (w *walker) assign(as *syntax.Assign) {
	if as == nil || as.Name == nil {
		return
	}
	if as.Array != nil && as.Index == nil && !as.Append {
		w.assignArray(as.Name.Value, as.Array)
		return
	}
	if as.Array != nil || as.Index != nil || as.Append {
		if as.Array != nil {
			w.walkNodeSubs(as.Array, nil)
		}
		w.setVar(as.Name.Value, varVal{})
		return
	}
	if as.Value == nil {
		if !as.Naked {
			w.setVar(as.Name.Value, varVal{value: "", static: true})
			w.setIFS(as.Name.Value, "", true)
		}
		return
	}
	a := w.word(as.Value)
	// An assignment does not expand globs: x=/bin/r? holds the pattern, which $x expands where it is used.
	w.setVar(as.Name.Value, varVal{value: a.Value, static: !a.Dynamic, subs: a.Subs})
	w.setIFS(as.Name.Value, a.Value, !a.Dynamic)
}

// assignArray records name=(a b c), its elements resolved as words.
func (w *walker) assignArray(name string, arr *syntax.ArrayExpr) {
	v := varVal{static: true}
	for _, e := range arr.Elems {
		if e.Index != nil || e.Value == nil {
			v.static = false
			w.walkNodeSubs(e, nil)
			continue
		}
		for _, f := range w.fields(e.Value) {
			v.elems = append(v.elems, f.Value)
			v.static = v.static && !f.Dynamic && !f.Glob
			v.subs = append(v.subs, f.Subs...)
		}
	}
	v.value = strings.Join(v.elems, " ")
	w.setVar(name, v)
}

// setIFS follows assignments to IFS, which change how every later unquoted expansion splits.
func (w *walker) setIFS(name, value string, static bool) {
	if name != "IFS" {
		return
	}
	w.ifs, w.ifsSet, w.ifsDynamic = value, true, !static
}

// declare handles export, declare, local, readonly and typeset: it records the assignments and keeps the
// clause as a call (export NAME=value) so rules can see what is exported.
func (w *walker) declare(c *syntax.DeclClause) {
	cl := call{Name: c.Variant.Value, Path: c.Variant.Value, Span: w.nodeSpan(c), Wrappers: w.wraps, Func: w.fn,
		Depth: w.depth - 1, InSubst: w.inSub, Cwd: w.cwd}
	for _, as := range c.Args {
		if as.Name == nil && as.Value != nil {
			cl.Args = append(cl.Args, w.word(as.Value)) // declare -x, or a word holding substitutions
			continue
		}
		w.assign(as)
		if as.Name != nil {
			a := arg{Value: as.Name.Value, Span: w.nodeSpan(as)}
			if as.Value != nil {
				v := w.word(as.Value)
				a.Value += "=" + v.Value
				a.Dynamic, a.Subs = v.Dynamic, v.Subs
			}
			if !a.Dynamic {
				a.Head, a.Tail = a.Value, a.Value
			}
			cl.Args = append(cl.Args, a)
		}
	}
	w.calls = append(w.calls, cl)
}

// subWalk is what walking a substitution found: all its calls, and those whose output is its output.
type subWalk struct{ all, out []int }

// walkSub walks the statements of a substitution once and returns their calls.
func (w *walker) walkSub(stmts []*syntax.Stmt) []int { return w.walkSubOut(stmts).all }

// walkSubOut walks the statements of a substitution once and returns its calls and those that print
// its output.
func (w *walker) walkSubOut(stmts []*syntax.Stmt) subWalk {
	if len(stmts) == 0 {
		return subWalk{}
	}
	key := syntax.Node(stmts[0])
	if sw, ok := w.subCache[key]; ok {
		return sw
	}
	saved, cwd := w.inSub, w.cwd
	w.inSub = true
	all, out := w.walkStmts(stmts, flow{})
	w.inSub, w.cwd = saved, cwd // a cd inside $(…) or <(…) ends with it
	if w.subCache == nil {
		w.subCache = map[syntax.Node]subWalk{}
	}
	sw := subWalk{all: all, out: out}
	w.subCache[key] = sw
	return sw
}

// walkNodeSubs walks the substitutions found anywhere under node (arithmetic, tests, array values).
func (w *walker) walkNodeSubs(node syntax.Node, subs *[]int) {
	if node == nil {
		return
	}
	syntax.Walk(node, func(n syntax.Node) bool {
		switch s := n.(type) {
		case *syntax.CmdSubst:
			idx := w.walkSub(s.Stmts)
			if subs != nil {
				*subs = append(*subs, idx...)
			}
			return false
		case *syntax.ProcSubst:
			idx := w.walkSub(s.Stmts)
			if subs != nil {
				*subs = append(*subs, idx...)
			}
			return false
		}
		return true
	})
}

func (w *walker) redirect(r *syntax.Redirect) redir {
	rd := redir{Op: r.Op.String(), Span: w.nodeSpan(r)}
	if r.N != nil {
		rd.Fd = r.N.Value
	}
	if r.Word != nil {
		rd.Target = w.word(r.Word)
	}
	if r.Hdoc != nil {
		b := w.word(r.Hdoc)
		rd.Body = &b
	}
	return rd
}

// span maps a node of the string being walked to the checked text.
func (w *walker) span(n syntax.Node) Span { return w.nodeSpan(n) }

func (w *walker) nodeSpan(n syntax.Node) Span {
	if w.outer != nil {
		return *w.outer
	}
	if n == nil {
		return Span{}
	}
	s, e := int(n.Pos().Offset()), int(n.End().Offset())
	if e < s {
		e = s
	}
	if e > len(w.src) {
		e = len(w.src)
	}
	if s > e {
		s = e
	}
	return Span{s, e}
}

// text is the source text of a node, used to show dynamic parts as written.
func (w *walker) text(n syntax.Node) string {
	s, e := int(n.Pos().Offset()), int(n.End().Offset())
	if s < 0 || e > len(w.src) || s >= e {
		return "$?"
	}
	return w.src[s:e]
}

// dialect is the parser language for a shell name; fish and unknown shells parse as bash, the closest
// language the parser has.
func dialect(shell string) syntax.LangVariant {
	switch shell {
	case "sh", "dash", "posix", "ash":
		return syntax.LangPOSIX
	case "zsh":
		return syntax.LangZsh
	case "mksh", "ksh":
		return syntax.LangMirBSDKorn
	}
	return syntax.LangBash
}

// firstArg is the resolved value of the first argument, or "" when there is none.
func (cl *call) firstArg() string {
	if len(cl.Args) == 0 {
		return ""
	}
	return cl.Args[0].Value
}
