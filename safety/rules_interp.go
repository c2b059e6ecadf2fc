package safety

import "strings"

// Rules about interpreters' inline code (python -c, perl -e, node -e, awk programs, sed scripts): the code
// is searched for ways to run shell commands, delete files or open a shell over the network, and the
// shell strings it holds are checked like any command.

func init() {
	for _, n := range []string{"python", "python2", "python3", "pypy", "pypy3", "perl", "ruby", "node", "nodejs",
		"php", "lua", "luajit", "Rscript", "pwsh", "powershell", "deno", "bun", "osascript", "python3.8",
		"python3.9", "python3.10", "python3.11", "python3.12", "python3.13", "irb"} {
		register(ruleInlineCode, n)
	}
	register(ruleAwk, "awk", "gawk", "mawk", "nawk", "busybox-awk")
	register(ruleSed, "sed", "gsed")
	register(ruleScriptInPlace, "perl", "ruby", "awk", "gawk")
}

// inlineOpts are, per interpreter, the options whose value is a program.
var inlineOpts = map[string]string{"python": "c", "perl": "eE", "ruby": "e", "node": "ep", "php": "rR",
	"lua": "e", "Rscript": "e", "pwsh": "c", "deno": "", "bun": "e", "osascript": "e"}

func interpLang(name string) string {
	switch {
	case strings.HasPrefix(name, "python"), strings.HasPrefix(name, "pypy"):
		return "python"
	case name == "nodejs":
		return "node"
	case name == "luajit":
		return "lua"
	case name == "irb":
		return "ruby"
	case name == "powershell":
		return "pwsh"
	}
	return name
}

// codeExec are calls that hand a string to the shell, codeDelete calls that delete files, codeNet
// calls that open network connections, codeSpawn ways to hand a connection a process.
var (
	codeExec = []string{"os.system", "os.popen", "subprocess", "commands.getoutput", "pty.spawn", "os.exec",
		"os.spawn", "system(", "exec(", `system "`, `system '`, `exec "`, `exec '`, "qx(", "qx{", "%x(", "%x{", "shell_exec", "passthru", "popen", "proc_open", "child_process",
		"execSync", "spawnSync", "execFile", "spawn(", "IO.popen", "Open3", "%x", "qx", "`", "os.execute",
		"io.popen", "Runtime.getRuntime", "Process.Start", "Start-Process", "Invoke-Expression", "iex ",
		"do shell script", "Deno.Command", "Deno.run", "Bun.spawn", "$(", "eval("}
	codeDelete = []string{"shutil.rmtree", "os.remove", "os.unlink", "os.rmdir", "os.removedirs", ".unlink(",
		"unlink(", "rmtree", "remove_tree", "FileUtils.rm", "rm_rf", "fs.rm", "rmSync", "rmdirSync", "unlinkSync",
		"fs.unlink", "fs.rmdir", "os.remove(", "Remove-Item", "File.delete", "rmdir(", "Dir.rmdir", "File.unlink",
		"Deno.remove", "file.remove", "pathlib", ".rmdir()"}
	codeNet   = []string{"socket", "fsockopen", "TCPSocket", "net.Socket", "createConnection", "require('net')", "require(\"net\")", "IO::Socket", "Net::", "/dev/tcp", "TCPClient", "connect("}
	codeSpawn = []string{"pty.spawn", "dup2", "/bin/sh", "/bin/bash", "subprocess", "exec(", "spawn(", "system(",
		"popen", "cmd.exe", "STDIN", "sh -i", "bash -i", "child_process", "proc_open", "powershell"}
	codeFetch = []string{"urllib", "urlopen", "requests.get", "http.get", "fetch(", "LWP::", "Net::HTTP", "open-uri",
		"URI.open", "file_get_contents('http", "file_get_contents(\"http", "Invoke-WebRequest", "iwr ", "DownloadString", "wget", "curl"}
)

func containsAnyOf(s string, subs []string) bool {
	for _, x := range subs {
		if strings.Contains(s, x) {
			return true
		}
	}
	return false
}

// literals returns the quoted strings inside program text, escapes decoded; past maxLiterals it stops,
// returning one more.
func literals(code string) []string {
	var out []string
	for i := 0; i < len(code); i++ {
		q := code[i]
		if q != '\'' && q != '"' && q != '`' {
			continue
		}
		j := i + 1
		for j < len(code) && code[j] != q {
			if code[j] == '\\' {
				j++
			}
			j++
		}
		if j > len(code) {
			j = len(code)
		}
		// Escapes in the literal mean what they mean in shell $'…' strings, near enough for these languages.
		out = append(out, ansiC(code[i+1:j]))
		i = j
		if len(out) > maxLiterals {
			break
		}
	}
	return out
}

// bracketed returns the text inside [...] and (...) groups, where argument lists live.
func bracketed(code string) []string {
	var out []string
	for _, pair := range []string{"[]", "()"} {
		rest := code
		for len(out) < 16 {
			i := strings.IndexByte(rest, pair[0])
			if i < 0 {
				break
			}
			j := strings.IndexByte(rest[i:], pair[1])
			if j < 0 {
				break
			}
			out = append(out, rest[i+1:i+j])
			rest = rest[i+j:]
		}
	}
	return out
}

func ruleInlineCode(c *checker, cl *call) {
	if mod := pythonModule(cl); mod != nil {
		c.judgeModule(cl, mod)
	}
	codes, script, stdin := interpArgs(cl)
	for _, code := range codes {
		c.judgeInline(cl, code, cl.Name)
	}
	written := ""
	if script != nil && !script.Dynamic {
		written, _ = c.writtenText(script.Value)
	}
	switch {
	case script != nil && script.Fed != nil:
		c.judgeInline(cl, fed(*script), cl.Name+" (from a process substitution)")
	case written != "":
		c.judgeInline(cl, arg{Value: written, Span: cl.Span}, cl.Name+" (a script written just before)")
	case stdin:
		if text, ok := c.stdinText(cl); ok {
			a := arg{Value: text, Span: cl.Span}
			c.judgeInline(cl, a, cl.Name+" (from its standard input)")
		}
	}
}

// pythonModule returns "pip install x" for python -m pip install x.
func pythonModule(cl *call) []arg {
	if interpLang(cl.Name) != "python" {
		return nil
	}
	for i, a := range cl.Args {
		if a.Value == "-m" && i+1 < len(cl.Args) {
			return cl.Args[i+1:]
		}
		if !strings.HasPrefix(a.Value, "-") {
			return nil
		}
	}
	return nil
}

// judgeModule applies the rules of the command a python module stands for (python -m pip → pip).
func (c *checker) judgeModule(cl *call, words []arg) {
	sub := *cl
	sub.Name, sub.Path, sub.Args = words[0].Value, words[0].Value, words[1:]
	if sub.Name == "http.server" || sub.Name == "SimpleHTTPServer" {
		return // rules_exposure judges what is served
	}
	for _, r := range rulesByName[sub.Name] {
		r(c, &sub)
	}
}

// judgeInline searches program text for shell execution, deletion and network shells.
func (c *checker) judgeInline(cl *call, code arg, who string) {
	src := resolveHome(code.Value, c.home)
	if len(src) <= maxFoldText {
		src = foldConcat.ReplaceAllString(src, `"$1$2"`)
		src = foldConcatSingle.ReplaceAllString(src, `'$1$2'`)
	}
	src, decoded := decodeLiterals(src)
	if decoded && containsAnyOf(src, codeExec) {
		c.flagCall(cl, "exec.decode-to-shell", Critical, who+" code decodes a hidden payload and runs it")
	}
	if c.judgeCode(cl, c.codeOrigin(code.Subs, 0), who) {
		return
	}
	if strings.Contains(src, "fork") && (strings.Contains(src, "while") || strings.Contains(src, "for ") ||
		strings.Contains(src, "loop") || strings.Contains(src, "until")) {
		c.flagCall(cl, "sys.fork-bomb", Critical, who+" code forks in a loop: a fork bomb that freezes the machine")
		return
	}
	execs := containsAnyOf(src, codeExec)
	if containsAnyOf(src, codeNet) && containsAnyOf(src, codeSpawn) {
		c.flagCall(cl, "net.reverse-shell", Critical, who+" code connects to the network and hands it a shell or process")
		return
	}
	if execs && containsAnyOf(src, codeFetch) && (strings.Contains(src, "exec(") || strings.Contains(src, "eval(") ||
		strings.Contains(src, "| sh") || strings.Contains(src, "|sh") || strings.Contains(src, "| bash") || strings.Contains(src, "Invoke-Expression") || strings.Contains(src, "iex")) {
		c.flagCall(cl, "net.pipe-to-shell", Critical, who+" code downloads code and runs it")
		return
	}
	lits := literals(src)
	if len(lits) > maxLiterals {
		c.tooComplex("its %s code holds more than %d strings", who, maxLiterals)
	}
	if execs {
		// An argument list (subprocess.run(['rm', '-rf', '/'])) is one command split into strings.
		for _, list := range bracketed(src) {
			if ls := literals(list); len(ls) > 1 {
				lits = append(lits, strings.Join(ls, " "))
			}
		}
		lits = append(lits, argLists(src)...)
		ran := false
		for _, l := range lits {
			if strings.TrimSpace(l) == "" || !strings.ContainsAny(l, " /") && len(l) < 3 {
				continue
			}
			a := code
			a.Value = l
			a.Dynamic = false
			if idx := c.nested(a, *cl, who+" code"); len(idx) > 0 {
				ran = true
			}
		}
		if !ran && (strings.Contains(src, "rm -rf") || strings.Contains(src, "rm -r")) {
			c.flagCall(cl, "exec.inline-shell", High, who+" code runs rm -r through the shell")
		} else if ran || !strings.Contains(src, "`") {
			c.flagCall(cl, "exec.inline-shell", Moderate, who+" code runs shell commands")
		}
	}
	ops := codeOps(src)
	if len(ops) == 0 && containsAnyOf(src, codeDelete) {
		c.judgeDeleteWords(cl, src, lits, who)
	}
	c.judgeCodeOps(cl, ops, who)
	c.judgeCodeExfil(cl, src, lits, who)
}

// judgeCodeOps judges the file operations read from a program by their targets, as rm, > and >> are.
func (c *checker) judgeCodeOps(cl *call, ops []codeOp, who string) {
	for _, op := range ops {
		t := arg{Value: op.target, Head: op.target, Tail: op.target, Glob: hasGlob(op.target), Span: cl.Span}
		switch op.kind {
		case opDelete, opDeleteTree:
			tree := op.kind == opDeleteTree
			if op.target == "" {
				r, what := Moderate, " deletes a file named at run time"
				if tree {
					r, what = High, " deletes a directory tree named at run time"
				}
				c.flagCall(cl, "fs.inline-delete", r, who+" code ("+op.fn+")"+what)
				continue
			}
			r, id, msg := c.deleteRisk(t, tree)
			if !tree && strings.Contains(op.fn, "rmdir") && r > Moderate {
				// rmdir removes an empty directory and fails on any other.
				r, msg = Moderate, "removes the directory "+op.target+" if it is empty"
			}
			if id != "" {
				c.flagCall(cl, "fs.inline-delete", r, who+" code ("+op.fn+") "+msg)
			}
		case opWrite:
			if op.target != "" {
				c.overwrite(cl, t, who+" code ("+op.fn+") overwrites")
				c.persistWrite(cl, t, nil, who+" code")
			}
		case opAppend:
			if op.target != "" {
				c.appendTo(cl, t)
				c.persistWrite(cl, t, nil, who+" code")
			}
		}
	}
}

// judgeDeleteWords judges deletion in a program whose calls could not be read, by its words and literals.
func (c *checker) judgeDeleteWords(cl *call, src string, lits []string, who string) {
	r, msg := Moderate, who+" code deletes files"
	recursive := strings.Contains(src, "rmtree") || strings.Contains(src, "rm_rf") || strings.Contains(src, "recursive") ||
		strings.Contains(src, "remove_tree") || strings.Contains(src, "-Recurse")
	if recursive {
		r, msg = High, who+" code deletes a directory tree"
	}
	for _, l := range lits {
		if l == "" || strings.ContainsAny(l, "\n;") {
			continue
		}
		switch classifyPath(l, c.home) {
		case pathRoot, pathHome, pathSystem:
			if recursive || l == "/" {
				r, msg = Critical, who+" code deletes "+l+" and everything under it"
			} else if r < High {
				r, msg = High, who+" code deletes "+l
			}
		case pathSensitive:
			if r < Critical {
				r, msg = Critical, who+" code deletes "+l
			}
		case pathArtefact, pathTemp:
			if r == Moderate {
				r = Safe
			}
		}
	}
	if r > Safe {
		c.flagCall(cl, "fs.inline-delete", r, msg)
	}
}

// codeSend are calls that send data over the network.
var codeSend = []string{"requests.post", "requests.put", "requests.get", "urlopen", "urllib", "http.client",
	"httpx", "socket", "smtplib", "ftplib", "paramiko", "fetch(", "axios", "http.request", "https.request",
	"net.connect", "Net::HTTP", "HTTP::Tiny", "LWP", "IO::Socket", "TCPSocket", "curl", "wget", "nc ",
	"Invoke-WebRequest", "Invoke-RestMethod", "WebClient", "dns.resolver", "gethostbyname", "getaddrinfo"}

// judgeCodeExfil flags a program that reads a secret and talks to the network.
func (c *checker) judgeCodeExfil(cl *call, src string, lits []string, who string) {
	if !containsAnyOf(src, codeSend) {
		return
	}
	for _, l := range lits {
		if !strings.ContainsAny(l, " \n") && isSecret(l, c.home) {
			c.flagCall(cl, "net.exfiltrate", Critical, who+" code reads "+l+", which holds keys or credentials, and sends data over the network")
			return
		}
	}
}

func ruleAwk(c *checker, cl *call) {
	var prog *arg
	args := cl.Args
	for i := 0; i < len(args); i++ {
		v := args[i].Value
		if v == "-f" || v == "--file" {
			return // program in a file we cannot see
		}
		if v == "-v" || v == "-F" || v == "--assign" || v == "--field-separator" {
			i++
			continue
		}
		if strings.HasPrefix(v, "-") && len(v) > 1 {
			continue
		}
		a := args[i]
		prog = &a
		break
	}
	if prog == nil {
		return
	}
	src := prog.Value
	if strings.Contains(src, "/inet/tcp") || strings.Contains(src, "/inet/udp") {
		c.flagCall(cl, "net.reverse-shell", Critical, "awk opens a network connection (/inet/tcp), the classic awk reverse shell")
		return
	}
	hasSystem := strings.Contains(src, "system(")
	pipes := strings.Contains(src, "| \"") || strings.Contains(src, "|\"") || strings.Contains(src, "getline")
	if !hasSystem && !pipes {
		return
	}
	for _, l := range literals(src) {
		if strings.TrimSpace(l) == "" || len(l) < 2 {
			continue
		}
		f := strings.Fields(l)
		if len(f) > 0 && shells[commandName(f[0])] && len(f) == 1 {
			c.flagCall(cl, "exec.awk-shell", High, "awk pipes generated text into "+l+", running it as commands")
			continue
		}
		a := *prog
		a.Value = l
		a.Dynamic = false
		c.nested(a, *cl, "awk")
	}
	c.flagCall(cl, "exec.awk-system", Moderate, "awk runs shell commands (system() or a pipe)")
}

// ruleSed looks for GNU sed's e command and s///e flag, which run shell commands, and for w, which
// writes to a file.
func ruleSed(c *checker, cl *call) {
	var scripts []arg
	args := cl.Args
	explicit := false
	for i := 0; i < len(args); i++ {
		v := args[i].Value
		switch {
		case v == "-e" || v == "--expression":
			if i+1 < len(args) {
				scripts = append(scripts, args[i+1])
				i++
			}
			explicit = true
		case strings.HasPrefix(v, "--expression="):
			a := args[i]
			a.Value = strings.TrimPrefix(v, "--expression=")
			scripts = append(scripts, a)
			explicit = true
		case v == "-f" || v == "--file":
			return
		case strings.HasPrefix(v, "-"):
		default:
			if !explicit && len(scripts) == 0 {
				scripts = append(scripts, args[i])
			}
		}
	}
	if hasFlag(args, "i", "--in-place") {
		ops := operands(args, "ef")
		if !explicit && len(ops) > 0 {
			ops = ops[1:]
		}
		for _, t := range ops {
			c.inPlaceEdit(cl, t, "sed -i")
		}
	}
	for _, s := range scripts {
		for _, cmd := range sedCommands(s.Value) {
			switch cmd.kind {
			case 'e':
				if cmd.arg != "" {
					a := s
					a.Value = cmd.arg
					c.nested(a, *cl, "sed e")
				}
				c.flagCall(cl, "exec.sed-exec", High, "sed runs shell commands (the e command or s///e)")
			case 'w':
				t := s
				t.Value, t.Dynamic, t.Head, t.Tail = cmd.arg, false, cmd.arg, cmd.arg
				switch cmd.arg {
				case "/dev/stdout", "/dev/stderr", "":
				default:
					c.overwrite(cl, t, "sed w writes")
				}
			}
		}
	}
}

// inPlaceEdit judges a file rewritten in place (sed -i, perl -pi, awk -i inplace, ruby -i): the files
// that decide logins and boot are critical, other system files high, personal configuration moderate.
func (c *checker) inPlaceEdit(cl *call, t arg, tool string) {
	t = c.abs(cl, t)
	if t.Dynamic {
		return
	}
	switch classifyPath(t.Value, c.home) {
	case pathSensitive:
		if strings.HasPrefix(t.Value, "/etc") || strings.HasPrefix(t.Value, "/boot") {
			c.flagCall(cl, "fs.edit-system", Critical, tool+" rewrites "+t.Value+", which decides who can log in or how the system boots")
		} else {
			c.flagCall(cl, "fs.edit-credentials", High, tool+" rewrites "+t.Value+", which holds keys or credentials")
		}
	case pathSystem, pathSystemSub:
		if isSystemFile(t.Value) {
			c.flagCall(cl, "fs.edit-system", High, tool+" rewrites the system file "+t.Value+" in place: a wrong edit stops services or the system, and there is no backup")
		} else {
			c.flagCall(cl, "fs.edit-system", Moderate, tool+" edits the system file "+t.Value)
		}
	case pathDotfile:
		c.flagCall(cl, "fs.edit-dotfile", Moderate, tool+" edits "+t.Value)
	}
}

// ruleScriptInPlace catches perl -pi, ruby -i and awk -i inplace, which rewrite the files they are given.
func ruleScriptInPlace(c *checker, cl *call) {
	switch {
	case cl.Name == "awk" || cl.Name == "gawk":
		for i, a := range cl.Args {
			if (a.Value == "-i" || a.Value == "--include") && i+1 < len(cl.Args) && cl.Args[i+1].Value == "inplace" {
				if ops := operands(cl.Args, "ivfF"); len(ops) > 1 {
					for _, t := range ops[1:] {
						c.inPlaceEdit(cl, t, "awk -i inplace")
					}
				}
				return
			}
		}
	case interpLang(cl.Name) == "perl" || interpLang(cl.Name) == "ruby":
		inPlace := false
		for _, a := range cl.Args {
			v := a.Value
			if len(v) > 1 && v[0] == '-' && v[1] != '-' && !strings.ContainsAny(v[1:2], "eEMmIr") && strings.Contains(v, "i") {
				inPlace = true
			}
		}
		if !inPlace {
			return
		}
		codes, script, _ := interpArgs(cl)
		if len(codes) == 0 || script != nil {
			return
		}
		// The files follow the program text.
		last := codes[len(codes)-1]
		after := false
		for _, a := range cl.Args {
			if after && !strings.HasPrefix(a.Value, "-") {
				c.inPlaceEdit(cl, a, cl.Name+" -i")
			}
			if a.Value == last.Value && a.Span == last.Span {
				after = true
			}
		}
	}
}

type sedCmd struct {
	kind byte
	arg  string
}

// sedCommands finds e and w commands (and s///e, s///w) in a sed script, well enough for common scripts.
func sedCommands(script string) []sedCmd {
	var out []sedCmd
	for _, part := range strings.FieldsFunc(script, func(r rune) bool { return r == ';' || r == '\n' }) {
		p := strings.TrimLeft(part, " \t0123456789,$!")
		if strings.HasPrefix(p, "/") {
			if j := strings.IndexByte(p[1:], '/'); j >= 0 {
				p = strings.TrimLeft(p[j+2:], " \t,$!0123456789")
			}
		}
		if p == "" {
			continue
		}
		switch p[0] {
		case 'e':
			out = append(out, sedCmd{'e', strings.TrimSpace(p[1:])})
		case 'w', 'W':
			out = append(out, sedCmd{'w', strings.TrimSpace(p[1:])})
		case 's':
			if len(p) < 2 {
				continue
			}
			d := p[1]
			n, k := 0, 2
			for ; k < len(p) && n < 2; k++ {
				if p[k] == '\\' {
					k++
					continue
				}
				if p[k] == d {
					n++
				}
			}
			if n < 2 {
				continue
			}
			flags := p[k:]
			if i := strings.IndexByte(flags, 'w'); i >= 0 {
				out = append(out, sedCmd{'w', strings.TrimSpace(flags[i+1:])})
				flags = flags[:i]
			}
			if strings.IndexByte(flags, 'e') >= 0 {
				out = append(out, sedCmd{'e', ""})
			}
		}
	}
	return out
}
