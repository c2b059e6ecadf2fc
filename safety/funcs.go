package safety

import (
	"strconv"

	"mvdan.cc/sh/v3/syntax"
)

// Shell functions defined on the line are walked where they are defined, with their positional
// parameters unknown, and again at each call with the call's arguments: `f(){ rm -rf "$1"; }; f /`
// deletes /, and `f(){ rm -rf "$1"; }; f build` only build output.

// maxFuncCalls bounds the calls whose function body is walked again with the call's arguments; past it,
// the walk at the definition, with the parameters unknown, stands for them.
const maxFuncCalls = 8

// funcDef is a function defined in the text being walked.
type funcDef struct {
	body *syntax.Stmt
	// The context the body was written in, to walk it again from a call.
	src   string
	outer *Span
	wraps []string
	// calls are the indices of the calls found walking the body at the definition.
	first, end int
	active     bool // the body is being walked for a call: a recursive call is not walked again
}

func (w *walker) defineFunc(name string, body *syntax.Stmt) {
	if w.funcs == nil {
		w.funcs = map[string]*funcDef{}
	}
	f := &funcDef{body: body, src: w.src, outer: w.outer, wraps: w.wraps, first: len(w.calls)}
	w.funcs[name] = f
	saved := w.fn
	w.fn = name
	f.active = true
	w.walkStmt(body, flow{})
	f.active = false
	w.fn = saved
	f.end = len(w.calls)
}

// positionalVal is what a parameter holds when given the argument a. A glob, or find's {} standing for
// the files its tests select, is many paths once expanded: the parameter holds one of them, not known
// here. find's {} for a whole tree starts with the tree's root, which it stands for.
func positionalVal(a arg) varVal {
	return varVal{value: a.Value, static: !a.Dynamic && !a.Glob && !a.Selected, subs: a.Subs}
}

// positional are the shell's positional parameters, saved around a function call.
var positional = []string{"0", "@", "*", "#", "1", "2", "3", "4", "5", "6", "7", "8", "9"}

// callFunc walks the body of the function the call idx runs, its arguments as the positional parameters.
func (w *walker) callFunc(idx int) {
	cl := w.calls[idx]
	f := w.funcs[cl.Name]
	if f == nil || f.active || w.funcCalls >= maxFuncCalls || w.full() {
		return
	}
	w.funcCalls++
	restore := w.setPositional(nil, cl.Args)
	for i := f.first; i < f.end && i < len(w.calls); i++ {
		w.calls[i].Shadowed = true
	}
	src, outer, wraps, fn := w.src, w.outer, w.wraps, w.fn
	w.src, w.outer, w.wraps, w.fn = f.src, f.outer, f.wraps, cl.Name
	f.active = true
	w.walkStmt(f.body, flow{pipeIn: cl.PipeIn, piped: cl.Piped, background: cl.Background})
	f.active = false
	w.src, w.outer, w.wraps, w.fn = src, outer, wraps, fn
	restore()
}

// setPositional makes args the positional parameters ($1…$9, $@, $*, $#), and zero $0 when set, for a
// function call, set -- or sh -c '…' arg0 args; it returns a function that puts back the ones before.
func (w *walker) setPositional(zero *arg, args []arg) (restore func()) {
	saved := make(map[string]*varVal, len(positional))
	for _, k := range positional {
		if v, ok := w.vars[k]; ok {
			saved[k] = &v
		} else {
			saved[k] = nil
		}
	}
	all := varVal{static: true}
	for i, a := range args {
		if i > 0 {
			all.value += " "
		}
		v := positionalVal(a)
		all.value += v.value
		all.static = all.static && v.static
		all.subs = append(all.subs, a.Subs...)
	}
	w.setVar("@", all)
	w.setVar("*", all)
	w.setVar("#", varVal{value: strconv.Itoa(len(args)), static: true})
	if zero != nil {
		w.setVar("0", positionalVal(*zero))
	}
	for i := 1; i <= 9; i++ {
		v := varVal{value: "", static: true}
		if i <= len(args) {
			v = positionalVal(args[i-1])
		}
		w.setVar(strconv.Itoa(i), v)
	}
	return func() {
		for k, v := range saved {
			if v == nil {
				delete(w.vars, k)
			} else {
				w.vars[k] = *v
			}
		}
	}
}
