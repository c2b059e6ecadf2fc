package safety

import (
	"encoding/base64"
	"encoding/hex"
	"path"
	"strings"

	"mvdan.cc/sh/v3/syntax"
)

// walkCall resolves a simple command and records it, with whatever it runs.
func (w *walker) walkCall(c *syntax.CallExpr, redirs []redir, fl flow) {
	if len(c.Args) == 0 {
		for _, as := range c.Assigns {
			w.assign(as)
		}
		return
	}
	base := call{Span: w.nodeSpan(c), Redirs: redirs, PipeIn: fl.pipeIn, Piped: fl.piped,
		Background: fl.background, InSubst: w.inSub, Func: w.fn, Depth: w.depth - 1,
		Wrappers: w.wraps, Cwd: w.cwd}
	for _, as := range c.Assigns {
		if as.Name == nil {
			continue
		}
		var v arg
		if as.Value != nil {
			v = w.word(as.Value)
		}
		base.Env = append(base.Env, envVar{Name: as.Name.Value, Value: v})
	}
	words := make([]arg, 0, len(c.Args))
	for _, a := range c.Args {
		words = append(words, w.fields(a)...)
	}
	w.addCall(base, words)
}

// addCall peels wrappers off words, records the resulting call and walks what it runs in turn.
func (w *walker) addCall(cl call, words []arg) {
	for peeled := 0; ; peeled++ {
		if len(words) == 0 || len(w.calls) >= maxCalls {
			return
		}
		if peeled == maxWrappers {
			w.tooComplex("it wraps a command in more than %d wrappers", maxWrappers)
			break
		}
		head := words[0]
		if head.Glob && !head.Dynamic {
			var ok bool
			if head, ok = w.globName(&cl, head); !ok {
				cl.Dynamic, cl.Path, cl.Args = true, words[0].Value, words[1:]
				w.calls = append(w.calls, cl)
				return
			}
		}
		if head.Dynamic {
			cl.Dynamic, cl.Path, cl.Args, cl.NameSubs = true, head.Value, words[1:], head.Subs
			w.calls = append(w.calls, cl)
			return
		}
		if len(head.Subs) > 0 {
			// $(echo rm), $(which rm), x=$(printf '\x72\x6d'); $x: known, but hidden from a reader.
			cl.Hidden, cl.NameSubs = "substitution", head.Subs
		}
		cl.Path = head.Value
		cl.Name = commandName(head.Value)
		cl.Args = words[1:]
		spec, ok := wrappers[cl.Name]
		if !ok {
			break
		}
		o := parseWrapper(words, spec)
		cl.Env = append(cl.Env, o.env...)
		switch cl.Name {
		case "xargs":
			if o.inner >= len(words) {
				words = []arg{{Value: "echo", Head: "echo", Tail: "echo", Span: head.Span}}
			} else {
				words = w.xargsInput(words[o.inner:], o, head.Span, w.xargsText(cl))
			}
			cl.Wrappers = appendWrap(cl.Wrappers, "xargs")
			continue
		case "parallel":
			// parallel CMD ::: a b runs CMD a and CMD b; without :::, like xargs, on its input.
			rest := words[min(o.inner, len(words)):]
			var input []string
			for i, a := range rest {
				if a.Value == ":::" || a.Value == "::::" || a.Value == ":::+" {
					for _, b := range rest[i+1:] {
						input = append(input, b.Value)
					}
					rest = rest[:i]
					break
				}
			}
			if len(input) == 0 {
				input = w.xargsText(cl)
			}
			if len(rest) == 0 {
				rest = []arg{{Value: "echo", Head: "echo", Tail: "echo", Span: head.Span}}
			}
			o.vals = map[string]string{"-I": "{}"}
			if !containsValue(rest, "{}") {
				o.vals = nil
			}
			cl.Wrappers = appendWrap(cl.Wrappers, "parallel")
			if len(input) > 1 && o.vals == nil {
				// One command per input, not all inputs on one command line: judge each.
				for _, in := range input[:min(len(input), 8)] {
					sub := cl
					w.addCall(sub, w.xargsInput(rest, o, head.Span, []string{in}))
				}
				return
			}
			words = w.xargsInput(rest, o, head.Span, input)
			continue
		case "watch":
			if o.inner < len(words) && !strings.Contains(o.flags, "x") {
				w.recordWrapper(cl)
				w.nested(joinArgs(words[o.inner:]), cl, "watch")
				return
			}
		case "busybox":
			if o.inner < len(words) {
				words = words[o.inner:]
				continue
			}
		}
		if o.str != nil {
			w.recordWrapper(cl)
			w.nested(*o.str, cl, cl.Name+" -c")
			return
		}
		if o.noExec || o.inner >= len(words) {
			w.calls = append(w.calls, cl)
			if privileged[cl.Name] && !o.noExec {
				// sudo -s, sudo -i, su - and doas -s with nothing to run start a root shell: what it
				// reads from its input runs as root.
				w.stdinCode(len(w.calls)-1, cl.Name)
			}
			return
		}
		cl.Wrappers = appendWrap(cl.Wrappers, cl.Name)
		words = words[o.inner:]
	}
	if cl.Name == "" {
		return
	}
	idx := len(w.calls)
	w.calls = append(w.calls, cl)
	switch {
	case cl.Name == "cd" || cl.Name == "pushd":
		w.chdir(cl)
	case cl.Name == "set" && len(cl.Args) > 0 && (cl.Args[0].Value == "--" || !strings.HasPrefix(cl.Args[0].Value, "-") && !strings.HasPrefix(cl.Args[0].Value, "+")):
		// set -- a b c: the positional parameters from here on.
		args := cl.Args
		if args[0].Value == "--" {
			args = args[1:]
		}
		w.setPositional(nil, args)
	}
	w.runs(idx)
}

// chdir follows a cd so later relative paths (cd / && rm -rf *) are judged where they land.
func (w *walker) chdir(cl call) {
	ops := operands(cl.Args, "")
	switch {
	case len(ops) == 0:
		w.cwd = w.home
	case ops[0].Dynamic || ops[0].Value == "-":
		w.cwd = ""
	case strings.HasPrefix(ops[0].Value, "/"):
		w.cwd = path.Clean(ops[0].Value)
	case w.cwd != "":
		w.cwd = path.Join(w.cwd, ops[0].Value)
	default:
		if to, ok := climb(ops[0].Value); ok {
			w.cwd = path.Clean(to) // cd ../../../..: at /, or close to it
		}
	}
}

// recordWrapper keeps a wrapper that runs a string (su -c '…') as a call of its own, so rules about the
// wrapper itself still apply.
func (w *walker) recordWrapper(cl call) { w.calls = append(w.calls, cl) }

func appendWrap(chain []string, name string) []string {
	out := make([]string, len(chain), len(chain)+1)
	copy(out, chain)
	return append(out, name)
}

// commandName is the name rules match a command word on: the base name of an absolute path, the word
// itself otherwise (./rm is a different program from rm).
func commandName(p string) string {
	if strings.HasPrefix(p, "/") {
		p = strings.TrimRight(p, "/")
		if i := strings.LastIndexByte(p, '/'); i >= 0 {
			p = p[i+1:]
		}
	}
	return p
}

// xargsText is the static text piped into xargs, when the walker can tell (echo / | xargs rm -rf).
func (w *walker) xargsText(cl call) []string {
	for _, up := range cl.PipeIn {
		if up < len(w.calls) {
			if t, ok := w.pipedText(up, 0); ok {
				return strings.Fields(t)
			}
		}
	}
	return nil
}

// xargsInput builds the command xargs runs: its -I placeholder, or extra arguments, stand for its input;
// input is that input when known.
func (w *walker) xargsInput(words []arg, o wrapOpts, span Span, input []string) []arg {
	repl := o.vals["-I"]
	if repl == "" {
		repl = o.vals["--replace"]
	}
	if repl == "" && strings.Contains(o.flags, "i") {
		repl = "{}"
	}
	out := make([]arg, 0, len(words)+1)
	if len(input) > 0 {
		if len(input) > maxFields {
			input = input[:maxFields]
		}
		for _, a := range words {
			if repl != "" && strings.Contains(a.Value, repl) {
				if w.grow(strings.Count(a.Value, repl) * len(input[0])) {
					a.Value = strings.ReplaceAll(a.Value, repl, input[0])
					a.Head, a.Tail = a.Value, a.Value
				} else {
					a.Dynamic, a.Head, a.Tail = true, "", ""
				}
			}
			out = append(out, a)
		}
		if repl == "" {
			for _, v := range input {
				out = append(out, arg{Value: v, Head: v, Tail: v, Span: span, Glob: hasGlob(v)})
			}
		}
		return out
	}
	in := arg{Value: "{input}", Dynamic: true, Span: span}
	for _, a := range words {
		if repl != "" && strings.Contains(a.Value, repl) {
			a.Dynamic = true
			if !w.grow(strings.Count(a.Value, repl) * len("{input}")) {
				a.Head, a.Tail = "", ""
				out = append(out, a)
				continue
			}
			a.Value = strings.ReplaceAll(a.Value, repl, "{input}")
			a.Head, a.Tail, _ = strings.Cut(a.Value, "{input}")
			if i := strings.LastIndex(a.Value, "{input}"); i >= 0 {
				a.Tail = a.Value[i+len("{input}"):]
			}
		}
		out = append(out, a)
	}
	if repl == "" {
		out = append(out, in)
	}
	return out
}

func joinArgs(args []arg) arg {
	if len(args) == 0 {
		return arg{}
	}
	a := args[0]
	var text strings.Builder
	text.WriteString(a.Value)
	subs := a.Subs[:len(a.Subs):len(a.Subs)] // appending must not write into args[0]'s array
	for _, b := range args[1:] {
		text.WriteString(" ")
		text.WriteString(b.Value)
		a.Dynamic = a.Dynamic || b.Dynamic
		subs = append(subs, b.Subs...)
		if b.Span.End > a.Span.End {
			a.Span.End = b.Span.End
		}
	}
	a.Value, a.Subs = text.String(), subs
	return a
}

// nested walks a string that the call at hand runs as shell code. Dynamic parts keep their source text,
// which parses back into expansions the rules see as dynamic.
func (w *walker) nested(s arg, cl call, wrapper string) []int {
	if strings.TrimSpace(s.Value) == "" {
		return nil
	}
	sp := s.Span
	if w.outer != nil {
		sp = *w.outer
	}
	return w.walkString(s.Value, &sp, appendWrap(cl.Wrappers, wrapper))
}

// runs walks what the recorded call idx runs besides itself: shell strings, eval, find -exec, heredocs
// and text piped into a shell, commands run inside containers or on remote hosts.
func (w *walker) runs(idx int) {
	w.noteWritten(idx)
	if w.runWritten(idx) {
		return
	}
	cl := w.calls[idx]
	name := cl.Name
	if v, ok := w.aliases[name]; ok && !w.expanding[name] && len(cl.Wrappers) == len(w.wraps) {
		// An alias defined earlier in the text: what runs is its value followed by the arguments.
		if w.expanding == nil {
			w.expanding = map[string]bool{}
		}
		w.expanding[name] = true
		text := v
		if len(cl.Args) > 0 {
			text += " " + joinArgs(cl.Args).Value
		}
		w.nested(arg{Value: text, Span: cl.Span}, cl, "alias "+name)
		delete(w.expanding, name)
		return
	}
	if w.funcs[name] != nil && len(cl.Wrappers) == len(w.wraps) {
		// sudo f, xargs f and nohup f run a program named f, not the function.
		w.callFunc(idx)
		return
	}
	switch {
	case shells[name]:
		str, script, stdin, rest := shellArgs(cl.Args)
		switch {
		case str != nil:
			// sh -c '…' arg0 arg1 …: the words after the string are $0, $1 ….
			if len(rest) > 0 {
				defer w.setPositional(&rest[0], rest[1:])()
			}
			w.nested(*str, cl, name+" -c")
		case script != nil && script.Fed != nil:
			w.nested(fed(*script), cl, "process substitution")
		case stdin || script != nil && isStdinPath(script.Value):
			w.stdinCode(idx, name)
		}
	case name == "source" || name == ".":
		if len(cl.Args) > 0 && cl.Args[0].Fed != nil {
			w.nested(fed(cl.Args[0]), cl, "process substitution")
		} else if len(cl.Args) > 0 && isStdinPath(cl.Args[0].Value) {
			w.stdinCode(idx, name)
		}
	case name == "eval":
		w.nested(joinArgs(cl.Args), cl, "eval")
	case name == "trap":
		if len(cl.Args) > 1 && !strings.HasPrefix(cl.Args[0].Value, "-") {
			w.nested(cl.Args[0], cl, "trap")
		}
	case name == "alias":
		for _, a := range cl.Args {
			if k, v, ok := strings.Cut(a.Value, "="); ok {
				b := a
				b.Value = v
				w.nested(b, cl, "alias")
				if !a.Dynamic && k != "" {
					if w.aliases == nil {
						w.aliases = map[string]string{}
					}
					w.aliases[k] = v
				}
			}
		}
	case name == "find":
		w.findExec(idx)
	case name == "tmux":
		w.tmuxCommand(cl)
	case name == "ssh":
		if o := parseWrapper(append([]arg{{}}, cl.Args...), sshSpec); o.inner < len(cl.Args)+1 {
			rest := cl.Args[o.inner-1:]
			if len(rest) > 0 {
				w.nested(joinArgs(rest), cl, "ssh")
			}
		}
	case name == "docker" || name == "podman" || name == "nerdctl" || name == "kubectl" || name == "oc":
		switch {
		case len(cl.Args) > 0 && cl.Args[0].Value == "exec":
			w.containerExec(cl, name)
		case len(cl.Args) > 0 && cl.Args[0].Value == "run" && name != "kubectl" && name != "oc":
			w.containerRun(cl, name, cl.Args[1:])
		case len(cl.Args) > 1 && cl.Args[0].Value == "container" && cl.Args[1].Value == "run":
			w.containerRun(cl, name, cl.Args[2:])
		}
	}
}

var sshSpec = wrapSpec{argOpts: "BbcDEeFIiJLlmOopQRSWw", skip: 1}

var dockerExecSpec = wrapSpec{argOpts: "euw", skip: 1, longArg: longs("--env", "--user", "--workdir",
	"--detach-keys", "--env-file")}

func (w *walker) containerExec(cl call, tool string) {
	args := cl.Args[1:]
	var inner []arg
	if tool == "kubectl" || tool == "oc" {
		for i, a := range args {
			if a.Value == "--" {
				inner = args[i+1:]
				break
			}
		}
	} else if o := parseWrapper(append([]arg{{}}, args...), dockerExecSpec); o.inner <= len(args) {
		inner = args[o.inner-1:]
	}
	if len(inner) == 0 {
		return
	}
	sub := cl
	sub.Wrappers = appendWrap(cl.Wrappers, tool+" exec")
	sub.Redirs, sub.PipeIn = nil, nil
	w.addCall(sub, inner)
}

// stdinCode walks the program a shell reads from its standard input when that text is known: a heredoc
// or here-string, or what a pipeline's echo/printf (possibly decoded by base64 -d, xxd -r, rev) prints.
func (w *walker) stdinCode(idx int, shell string) {
	cl := w.calls[idx]
	for _, r := range cl.Redirs {
		switch r.Op {
		case "<":
			if r.Target.Fed != nil {
				w.nested(fed(r.Target), cl, "process substitution")
			}
		case "<<<":
			w.nested(r.Target, cl, "heredoc")
		case "<<", "<<-":
			if r.Body != nil {
				b := *r.Body
				b.Span = r.Span
				w.nested(b, cl, "heredoc")
			}
		}
	}
	for _, up := range cl.PipeIn {
		if up >= len(w.calls) {
			continue
		}
		if text, ok := w.pipedText(up, 0); ok {
			a := arg{Value: text, Span: w.calls[up].Span}
			if w.outer != nil {
				a.Span = *w.outer
			}
			w.nested(a, cl, "pipe")
		}
	}
}

// fed is the text a process substitution gives, as a word to walk.
func fed(a arg) arg {
	a.Value, a.Dynamic, a.Fed = *a.Fed, false, nil
	return a
}

// isStdinPath reports a file name that reads the standard input.
func isStdinPath(p string) bool {
	return p == "-" || p == "/dev/stdin" || p == "/proc/self/fd/0" || p == "/dev/fd/0"
}

// stdinText is the text the call reads on its standard input, when the walker knows it: a here-string, a
// heredoc, a process substitution redirected in, or what the pipeline before it prints.
func (w *walker) stdinText(cl *call) (string, bool) {
	for _, r := range cl.Redirs {
		switch r.Op {
		case "<<<":
			return r.Target.Value + "\n", true
		case "<<", "<<-":
			if r.Body != nil {
				return r.Body.Value, true
			}
		case "<":
			if r.Target.Fed != nil {
				return *r.Target.Fed, true
			}
		}
	}
	for _, up := range cl.PipeIn {
		if up < len(w.calls) {
			if t, ok := w.pipedText(up, 0); ok {
				return t, true
			}
		}
	}
	return "", false
}

// pipedText is the static text the call idx writes to its output, when the walker can tell.
func (w *walker) pipedText(idx, depth int) (string, bool) {
	if depth > maxPipeStages {
		w.tooComplex("it passes text through more than %d stages before using it", maxPipeStages)
		return "", false
	}
	cl := w.calls[idx]
	input := func() (string, bool) {
		for _, r := range cl.Redirs {
			if r.Op == "<<<" && !r.Target.Dynamic {
				return r.Target.Value + "\n", true
			}
			if (r.Op == "<<" || r.Op == "<<-") && r.Body != nil && !r.Body.Dynamic {
				return r.Body.Value, true
			}
			if r.Op == "<" && r.Target.Fed != nil {
				return *r.Target.Fed, true
			}
		}
		for _, up := range cl.PipeIn {
			if t, ok := w.pipedText(up, depth+1); ok {
				return t, true
			}
		}
		return "", false
	}
	static := func(args []arg) bool {
		for _, a := range args {
			if a.Dynamic {
				return false
			}
		}
		return true
	}
	switch cl.Name {
	case "echo":
		args := cl.Args
		esc := false
		for len(args) > 0 && len(args[0].Value) > 1 && args[0].Value[0] == '-' &&
			strings.Trim(args[0].Value[1:], "neE") == "" {
			esc = esc || strings.Contains(args[0].Value, "e")
			args = args[1:]
		}
		if !static(args) {
			return "", false
		}
		t := joinArgs(args).Value
		if esc {
			t = ansiC(t)
		}
		return t + "\n", true
	case "cat":
		if len(cl.Args) == 0 || len(cl.Args) == 1 && cl.Args[0].Value == "-" {
			return input()
		}
	case "base64", "base32":
		if !hasFlag(cl.Args, "d", "--decode") {
			return "", false
		}
		t, ok := input()
		if !ok {
			return "", false
		}
		t = strings.Join(strings.Fields(t), "")
		dec, err := base64.StdEncoding.DecodeString(t)
		if err != nil {
			dec, err = base64.RawStdEncoding.DecodeString(strings.TrimRight(t, "="))
		}
		if err != nil {
			return "", false
		}
		return string(dec), true
	case "xxd":
		if !hasFlag(cl.Args, "r", "--revert") {
			return "", false
		}
		t, ok := input()
		if !ok {
			return "", false
		}
		dec, err := hex.DecodeString(strings.Join(strings.Fields(t), ""))
		if err != nil {
			return "", false
		}
		return string(dec), true
	case "rev":
		t, ok := input()
		if !ok {
			return "", false
		}
		lines := strings.Split(strings.TrimRight(t, "\n"), "\n")
		for i, l := range lines {
			r := []rune(l)
			for a, b := 0, len(r)-1; a < b; a, b = a+1, b-1 {
				r[a], r[b] = r[b], r[a]
			}
			lines[i] = string(r)
		}
		return strings.Join(lines, "\n") + "\n", true
	}
	return w.printedBy(&cl, input)
}

// hasFlag reports whether args hold the short flag letter (alone or in a cluster) or the long option.
func hasFlag(args []arg, short string, long ...string) bool {
	for _, a := range args {
		v := a.Value
		if a.Dynamic || len(v) < 2 || v[0] != '-' {
			continue
		}
		if v[1] == '-' {
			name, _, _ := strings.Cut(v, "=")
			for _, l := range long {
				if name == l {
					return true
				}
			}
			continue
		}
		if short != "" && strings.ContainsAny(v[1:], short) {
			return true
		}
	}
	return false
}

// fallback salvages commands from text that does not parse, splitting it crudely on separators so that
// `rm -rf / "` is still seen as rm -rf /.
func (w *walker) fallback(src string) {
	sp := Span{0, len(src)}
	if w.outer != nil {
		sp = *w.outer
	}
	segs := strings.FieldsFunc(src, func(r rune) bool {
		return r == ';' || r == '&' || r == '|' || r == '\n' || r == '(' || r == ')' || r == '`' || r == '{' || r == '}'
	})
	for _, seg := range segs {
		var words []arg
		for _, f := range strings.Fields(seg) {
			f = strings.Trim(f, "'\"$")
			if f == "" {
				continue
			}
			dyn := strings.ContainsAny(f, "$`")
			a := arg{Value: f, Dynamic: dyn, Span: sp, Glob: hasGlob(f)}
			if !dyn {
				a.Head, a.Tail = f, f
			}
			words = append(words, a)
		}
		for len(words) > 0 && isAssignment(words[0].Value) {
			words = words[1:]
		}
		w.addCall(call{Span: sp, Wrappers: w.wraps, Depth: w.depth - 1, Func: w.fn}, words)
		if len(w.calls) >= maxCalls {
			return
		}
	}
}

// tmuxCommands are tmux's commands that run a shell command, and its options that take a value.
var tmuxCommands = setOf("new", "new-session", "new-window", "neww", "split-window", "splitw", "respawn-pane",
	"respawnp", "respawn-window", "respawnw", "run-shell", "run", "send-keys", "send", "display-popup", "popup")

var tmuxValueOpts = setOf("-s", "-n", "-c", "-t", "-x", "-y", "-e", "-F", "-l", "-L", "-S", "-f", "-w", "-h",
	"-T", "-E", "-b", "-d")

// tmuxCommand walks the shell command a tmux command runs, or the keys send-keys types into a pane.
func (w *walker) tmuxCommand(cl call) {
	args := cl.Args
	for i := 0; i < len(args); i++ {
		v := args[i].Value
		if !tmuxCommands[v] {
			continue
		}
		var ops []arg
		for j := i + 1; j < len(args); j++ {
			a := args[j].Value
			if a == ";" || a == "\\;" {
				break
			}
			if strings.HasPrefix(a, "-") && len(a) == 2 && !args[j].Dynamic {
				if tmuxValueOpts[a] && a != "-d" && a != "-b" && a != "-h" && j+1 < len(args) {
					j++
				}
				continue
			}
			ops = append(ops, args[j])
		}
		if len(ops) == 0 {
			return
		}
		if v == "send-keys" || v == "send" {
			var keys []arg
			for _, k := range ops {
				if k.Value != "Enter" && k.Value != "C-m" && k.Value != "KPEnter" {
					keys = append(keys, k)
				}
			}
			if len(keys) == 0 {
				return
			}
			ops = keys
		}
		w.nested(joinArgs(ops), cl, "tmux "+v)
		return
	}
}
