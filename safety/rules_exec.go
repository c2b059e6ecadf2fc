package safety

import "strings"

// Rules about what runs code: dynamic command names, privilege wrappers, environment variables that
// change what a program executes, shells and eval fed from the network or from decoders.

func init() {
	genericRules = append(genericRules, ruleDynamicCommand, rulePrivileged, ruleEnvPrefixes)
	for s := range shells {
		register(ruleShellInput, s)
	}
	register(ruleShellInput, "eval", "source", ".")
	for s := range interpreters {
		register(ruleInterpreterInput, s)
	}
}

// netSources print what they fetch from the network.
var netSources = setOf("curl", "wget", "fetch", "nc", "ncat", "netcat", "telnet", "socat", "http", "https",
	"xh", "aria2c", "lwp-request", "lwp-download", "GET", "lynx", "links", "w3m", "ftp", "tftp", "iwr", "irm",
	"Invoke-WebRequest", "Invoke-RestMethod", "httpie", "curlie", "gh", "ssh", "scp")

// decoders turn an opaque payload into text, hiding what will run.
var decoders = setOf("base64", "base32", "xxd", "uudecode", "rev", "gunzip", "zcat", "bzcat", "xzcat",
	"unxz", "bunzip2", "zstdcat", "openssl", "gpg", "tr", "basenc", "od", "perl")

// interpreters run the program they read from standard input when given no script.
var interpreters = setOf("python", "python2", "python3", "perl", "ruby", "node", "nodejs", "php", "lua",
	"luajit", "tclsh", "wish", "Rscript", "pwsh", "powershell", "deno", "bun", "osascript", "jshell", "irb",
	"python3.8", "python3.9", "python3.10", "python3.11", "python3.12", "python3.13", "pypy", "pypy3")

func isNetSource(cl *call) bool {
	if cl.Name == "openssl" {
		return len(cl.Args) > 0 && cl.Args[0].Value == "s_client"
	}
	if cl.Name == "gh" {
		return len(cl.Args) > 0 && cl.Args[0].Value == "api"
	}
	if cl.Name == "ssh" || cl.Name == "scp" {
		return false
	}
	return netSources[cl.Name]
}

func isDecoder(cl *call) bool {
	switch cl.Name {
	case "base64", "base32", "basenc":
		return hasFlag(cl.Args, "dD", "--decode")
	case "xxd":
		return hasFlag(cl.Args, "r", "--revert")
	case "openssl":
		return hasFlag(cl.Args, "d", "")
	case "gpg":
		return hasFlag(cl.Args, "d", "--decrypt")
	case "perl":
		return false
	case "printf", "echo":
		for _, a := range cl.Args {
			if strings.Contains(a.Value, `\x`) || strings.Contains(a.Value, `\0`) {
				return true
			}
		}
		return false
	}
	return decoders[cl.Name]
}

// origin is where the code a shell runs comes from.
type origin struct{ net, decoded, unknown bool }

// codeOrigin looks at the calls whose output becomes code (pipeline upstream, substitutions) and says
// whether any of them fetch from the network or decode a payload.
func (c *checker) codeOrigin(idx []int, depth int) origin {
	var o origin
	if depth > maxPipeStages {
		c.tooComplex("it passes code through more than %d stages before running it", maxPipeStages)
		o.unknown = true
		return o
	}
	for _, i := range idx {
		if i < 0 || i >= len(c.calls) {
			continue
		}
		if m, ok := c.origins[i]; ok {
			o.net, o.decoded, o.unknown = o.net || m.net, o.decoded || m.decoded, o.unknown || m.unknown
			continue
		}
		var own origin
		up := &c.calls[i]
		switch {
		case up.Dynamic:
			own.unknown = true
		case isNetSource(up):
			own.net = true
		case isDecoder(up):
			own.decoded = true
		case up.Name != "echo" && up.Name != "printf" && up.Name != "cat" && up.Name != "tee":
			own.unknown = true
		}
		more := c.codeOrigin(up.PipeIn, depth+1)
		for _, a := range up.Args {
			if len(a.Subs) > 0 {
				m := c.codeOrigin(a.Subs, depth+1)
				more.net, more.decoded = more.net || m.net, more.decoded || m.decoded
			}
		}
		own.net, own.decoded, own.unknown = own.net || more.net, own.decoded || more.decoded, own.unknown || more.unknown
		if c.origins == nil {
			c.origins = map[int]origin{}
		}
		c.origins[i] = own
		o.net, o.decoded, o.unknown = o.net || own.net, o.decoded || own.decoded, o.unknown || own.unknown
	}
	return o
}

// judgeCode flags code whose origin is the network or a decoder.
func (c *checker) judgeCode(cl *call, o origin, what string) bool {
	switch {
	case o.net:
		c.flagCall(cl, "net.pipe-to-shell", Critical, what+" runs code downloaded from the network without showing it")
	case o.decoded:
		c.flagCall(cl, "exec.decode-to-shell", Critical, what+" runs a decoded payload, hiding what it does")
	default:
		return false
	}
	return true
}

func ruleShellInput(c *checker, cl *call) {
	var subs []int
	for _, a := range cl.Args {
		subs = append(subs, a.Subs...)
	}
	switch cl.Name {
	case "eval":
		if c.judgeCode(cl, c.codeOrigin(subs, 0), "eval") {
			return
		}
		if joinArgs(cl.Args).Dynamic {
			c.flagCall(cl, "exec.eval-dynamic", Moderate, "eval runs text only known at run time")
		}
		return
	case "source", ".":
		if len(cl.Args) == 0 {
			return
		}
		if c.judgeCode(cl, c.codeOrigin(cl.Args[0].Subs, 0), cl.Name) {
			return
		}
		if c.judgeCode(cl, c.codeOrigin(cl.PipeIn, 0), cl.Name) {
			return
		}
		if cl.Args[0].Dynamic && len(cl.Args[0].Subs) > 0 {
			c.flagCall(cl, "exec.dynamic-code", Moderate, cl.Name+" runs code produced at run time")
		}
		return
	}
	str, script, stdin, _ := shellArgs(cl.Args)
	name := cl.Name
	switch {
	case str != nil:
		if c.judgeCode(cl, c.codeOrigin(str.Subs, 0), name+" -c") {
			return
		}
		if str.Dynamic && str.Head == "" && strings.TrimSpace(str.Tail) == "" {
			c.flagCall(cl, "exec.dynamic-code", Moderate, name+" -c runs text only known at run time")
		}
	case script != nil:
		if c.judgeCode(cl, c.codeOrigin(script.Subs, 0), name) {
			return
		}
		if c.downloaded[script.Value] {
			c.flagCall(cl, "net.download-exec", High, name+" runs "+script.Value+", downloaded from the network just before")
		}
	case stdin:
		o := c.codeOrigin(cl.PipeIn, 0)
		for _, r := range cl.Redirs {
			if r.Op == "<" || r.Op == "<<<" || r.Op == "<<" {
				m := c.codeOrigin(r.Target.Subs, 0)
				o.net, o.decoded = o.net || m.net, o.decoded || m.decoded
				if r.Body != nil {
					m = c.codeOrigin(r.Body.Subs, 0)
					o.net, o.decoded = o.net || m.net, o.decoded || m.decoded
				}
			}
		}
		if c.judgeCode(cl, o, "piping into "+name) {
			return
		}
		if o.unknown && len(cl.PipeIn) > 0 {
			c.flagCall(cl, "exec.pipe-to-shell", Moderate, name+" runs commands generated by the pipeline before it")
		}
	}
}

func ruleInterpreterInput(c *checker, cl *call) {
	var subs []int
	for _, a := range cl.Args {
		subs = append(subs, a.Subs...)
	}
	if c.judgeCode(cl, c.codeOrigin(subs, 0), cl.Name) {
		return
	}
	if len(operands(cl.Args, "cemWXr")) == 0 || hasStdinOperand(cl.Args) {
		c.judgeCode(cl, c.codeOrigin(cl.PipeIn, 0), "piping into "+cl.Name)
	}
}

func hasStdinOperand(args []arg) bool {
	for _, a := range args {
		if a.Value == "-" {
			return true
		}
	}
	return false
}

// destructiveArgs reports whether arguments look like a destructive invocation whatever the program.
func (c *checker) destructiveArgs(args []arg) bool {
	for _, a := range args {
		v := a.Value
		if a.Dynamic {
			continue
		}
		switch v {
		case "-rf", "-fr", "-Rf", "-fR", "-r", "-R", "--recursive", "--no-preserve-root", "--force", "-f":
			if v == "-f" || v == "--force" {
				continue
			}
			return true
		}
		switch classifyPath(v, c.home) {
		case pathRoot, pathHome, pathSystem, pathDevice:
			if strings.HasPrefix(v, "/") || strings.HasPrefix(v, "~") {
				return true
			}
		}
	}
	return false
}

func ruleDynamicCommand(c *checker, cl *call) {
	if !cl.Dynamic || cl.Hidden == "glob" {
		return
	}
	if c.judgeCode(cl, c.codeOrigin(cl.NameSubs, 0), "the command name") {
		return
	}
	if c.destructiveArgs(cl.Args) {
		c.flagCall(cl, "exec.dynamic-command", High, "runs "+cl.Path+", a command only known at run time, with destructive-looking arguments")
		return
	}
	c.flagCall(cl, "exec.dynamic-command", Moderate, "runs "+cl.Path+", a command only known at run time")
}

func rulePrivileged(c *checker, cl *call) {
	for _, w := range cl.Wrappers {
		if privileged[w] {
			c.flagCall(cl, "priv.sudo", Moderate, "runs as another user, usually root ("+w+")")
			return
		}
	}
	if privileged[cl.Name] {
		// sudo -i, su - and friends with nothing to run open a root shell.
		if cl.Name == "sudo" && hasFlag(cl.Args, "lvVKkh", "--list", "--validate", "--version", "--help") {
			return
		}
		c.flagCall(cl, "priv.root-shell", Moderate, "opens a shell as another user, usually root")
	}
}

// pagerVars hold a command a program runs; benignPagers are the usual values, not worth a warning.
var pagerVars = setOf("GIT_PAGER", "PAGER", "EDITOR", "VISUAL", "GIT_EDITOR", "GIT_SSH_COMMAND", "GIT_SSH",
	"MANPAGER", "LESSOPEN", "LESSCLOSE", "PROMPT_COMMAND", "GIT_EXTERNAL_DIFF", "SYSTEMD_PAGER", "BROWSER",
	"SUDO_EDITOR", "FCEDIT", "GIT_SEQUENCE_EDITOR", "GIT_ASKPASS", "SSH_ASKPASS", "RSYNC_RSH", "CVS_RSH",
	"PSQL_PAGER", "MYSQL_PS1", "HISTCMD", "PS4", "PS1", "PS0")

var benignPagers = setOf("less", "more", "cat", "most", "vim", "vi", "nvim", "nano", "emacs", "code", "subl",
	"micro", "ed", "delta", "diff-so-fancy", "bat", "ssh", "true", "kak", "hx", "gedit", "mate", "open", "xdg-open",
	"firefox", "chromium", "google-chrome", "emacsclient", "mvim", "gvim", "atom", "zed", "helix", "pico", "joe",
	"less -R", "less -FRX", "batcat")

func ruleEnvPrefixes(c *checker, cl *call) {
	for _, e := range cl.Env {
		v := e.Value
		switch {
		case e.Name == "LD_PRELOAD" || e.Name == "DYLD_INSERT_LIBRARIES":
			c.flagCall(cl, "exec.ld-preload", High, e.Name+" injects "+v.Value+" into "+cl.Name+" and everything it starts")
		case e.Name == "LD_LIBRARY_PATH" || e.Name == "DYLD_LIBRARY_PATH":
			c.flagCall(cl, "exec.library-path", Moderate, e.Name+" makes "+cl.Name+" load libraries from "+v.Value)
		case e.Name == "PATH":
			if !strings.Contains(v.Value, "$PATH") && !strings.Contains(v.Value, "${PATH}") || strings.HasPrefix(v.Value, ".") ||
				strings.HasPrefix(v.Value, "/tmp") {
				c.flagCall(cl, "exec.path-override", Moderate, "PATH="+v.Value+" changes which programs run")
			}
		case e.Name == "BASH_ENV" || e.Name == "ENV":
			c.flagCall(cl, "exec.shell-env", Moderate, e.Name+" makes every shell started run "+v.Value)
		case pagerVars[e.Name]:
			c.commandOption(cl, v, e.Name)
		}
	}
}

// commandOption judges a value a program will run as a shell command (a pager, an ssh command, a git
// alias): the usual tools pass, anything else is walked as shell code and is at least moderate.
func (c *checker) commandOption(cl *call, v arg, what string) {
	val := strings.TrimSpace(v.Value)
	if val == "" {
		return
	}
	first := val
	if i := strings.IndexAny(val, " \t"); i >= 0 {
		first = val[:i]
	}
	if (benignPagers[val] || benignPagers[commandName(first)]) && !strings.ContainsAny(val, ";|&`$<>") {
		return
	}
	c.flagCall(cl, "exec.command-option", Moderate, what+" makes "+cl.Name+" run "+val)
	c.nested(v, *cl, what)
}
