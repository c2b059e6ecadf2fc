package safety

import "strings"

// Rules about redirections: > onto disks and system files, >> into accounts and sudoers, and /dev/tcp.

func init() {
	genericRules = append(genericRules, ruleRedirects)
}

func ruleRedirects(c *checker, cl *call) {
	for _, r := range cl.Redirs {
		if r.Fd != "" && r.Fd != "1" && r.Fd != "2" && (r.Op == "<>" || r.Op == "<") && isNetDev(r.Target.Value) {
			c.flag("net.dev-tcp", High, r.Span, "opens a network connection on file descriptor "+r.Fd+" ("+r.Target.Value+")")
			continue
		}
		t := r.Target
		switch r.Op {
		case ">", ">|", "&>", "<>":
			if isNetDev(t.Value) {
				c.devTCP(cl, r)
				continue
			}
			c.redirectOverwrite(cl, r)
		case ">>", "&>>":
			if isNetDev(t.Value) {
				c.devTCP(cl, r)
				continue
			}
			sub := *cl
			sub.Span = r.Span
			c.appendTo(&sub, t)
		case ">&":
			if isNetDev(t.Value) {
				c.devTCP(cl, r)
			} else if !t.Dynamic && !isFd(t.Value) {
				c.redirectOverwrite(cl, r)
			}
		case "<", "<&":
			if isNetDev(t.Value) {
				c.devTCP(cl, r)
			}
		}
	}
}

func isFd(v string) bool {
	if v == "-" {
		return true
	}
	for i := 0; i < len(v); i++ {
		if v[i] < '0' || v[i] > '9' {
			return v[i] == '-' && i == len(v)-1 && i > 0
		}
	}
	return v != ""
}

func isNetDev(v string) bool {
	return strings.HasPrefix(v, "/dev/tcp/") || strings.HasPrefix(v, "/dev/udp/")
}

// redirectOverwrite judges > target: writing a scratch file is nothing, truncating a system file is not.
func (c *checker) redirectOverwrite(cl *call, r redir) {
	t := r.Target
	sub := *cl
	sub.Span = r.Span
	if !t.Dynamic && (t.Value == "/proc/sysrq-trigger" || strings.HasSuffix(t.Value, "/sysrq-trigger")) {
		c.flag("sys.sysrq", Critical, r.Span, "writes to /proc/sysrq-trigger: reboots, powers off or crashes the kernel at once")
		return
	}
	c.overwrite(&sub, t, "the redirect overwrites")
}

// devTCP judges bash's /dev/tcp: a shell wired to a socket is a reverse shell.
func (c *checker) devTCP(cl *call, r redir) {
	if shells[cl.Name] || cl.Name == "exec" || cl.Name == "" || interpreters[cl.Name] {
		c.flag("net.reverse-shell", Critical, r.Span, "connects a shell to "+r.Target.Value+": a remote host gets a shell on this machine")
		return
	}
	if cl.Name == "cat" || cl.Name == "base64" || cl.Name == "tar" || cl.Name == "gzip" || cl.Name == "dd" {
		for _, a := range cl.Args {
			if !a.Dynamic && isSecret(a.Value, c.home) {
				c.flag("net.exfiltrate", Critical, r.Span, "sends "+a.Value+" to "+r.Target.Value)
				return
			}
		}
	}
	c.flag("net.dev-tcp", Moderate, r.Span, "opens a network connection to "+r.Target.Value)
}
