package safety

import (
	"path"
	"slices"
	"strings"
)

// Rules about delayed and persistent execution: crontab fed from its input, at and batch, systemd-run,
// and writes to files that run later (shell rc files, git hooks, cron and systemd files, autostart
// entries, authorized_keys, sudoers). The persistence is rated for itself, and the payload, when the
// text written is known, is walked as if it ran.

func init() {
	register(ruleCronPayload, "crontab")
	register(ruleAt, "at", "batch")
	register(ruleSystemdRun, "systemd-run")
	register(rulePersistCopy, "tee", "sponge", "cp", "install", "ln", "mv", "dd", "rsync")
	genericRules = append(genericRules, rulePersistRedirects, ruleSystemdRunWrapped)
}

// persistKind says how a file runs later, "" when it does not.
func (c *checker) persistKind(p string) string {
	if p == "" {
		return ""
	}
	if p == "~" || strings.HasPrefix(p, "~/") {
		p = c.home + p[1:]
	}
	if q, ok := climb(p); ok {
		p = q
	}
	if strings.HasPrefix(p, "/") {
		p = path.Clean(p)
	}
	rel := ""
	for _, h := range []string{c.home + "/", "/root/"} {
		if r, ok := strings.CutPrefix(p, h); ok {
			rel = r
		}
	}
	if rel == "" && (strings.HasPrefix(p, "/home/") || strings.HasPrefix(p, "/Users/")) {
		if parts := strings.SplitN(p, "/", 4); len(parts) == 4 {
			rel = parts[3]
		}
	}
	base := path.Base(p)
	switch {
	case strings.Contains(p, ".git/hooks/") || strings.HasPrefix(p, ".husky/"):
		return "git-hook"
	case rcFiles[rel] || rcFiles[p] || strings.HasPrefix(p, "/etc/profile.d/"):
		return "shell-rc"
	case p == "/etc/crontab" || strings.HasPrefix(p, "/etc/cron.d/") || strings.HasPrefix(p, "/var/spool/cron/"):
		return "cron"
	case strings.HasPrefix(p, "/etc/cron.hourly/") || strings.HasPrefix(p, "/etc/cron.daily/") ||
		strings.HasPrefix(p, "/etc/cron.weekly/") || strings.HasPrefix(p, "/etc/cron.monthly/") ||
		p == "/etc/rc.local" || strings.HasPrefix(p, "/etc/init.d/") || rel == ".ssh/rc":
		return "boot-script"
	case strings.HasPrefix(rel, ".config/systemd/user/") || strings.HasPrefix(p, "/etc/systemd/system/") ||
		strings.HasPrefix(p, "/lib/systemd/system/") || strings.HasPrefix(p, "/usr/lib/systemd/system/"):
		return "systemd"
	case strings.HasPrefix(rel, ".config/autostart/") || strings.HasPrefix(p, "/etc/xdg/autostart/"):
		return "autostart"
	case strings.HasPrefix(rel, "Library/LaunchAgents/") || strings.HasPrefix(p, "/Library/LaunchAgents/") ||
		strings.HasPrefix(p, "/Library/LaunchDaemons/"):
		return "launchd"
	case base == "authorized_keys" || base == "authorized_keys2":
		return "authorized-keys"
	case rel == ".ssh/config":
		return "ssh-config"
	case p == "/etc/sudoers" || strings.HasPrefix(p, "/etc/sudoers.d/") || p == "/etc/doas.conf":
		return "sudoers"
	case p == "/etc/ld.so.preload":
		return "preload"
	}
	return ""
}

// rcFiles run at every login or every new shell.
var rcFiles = setOf(".bashrc", ".bash_profile", ".profile", ".zshrc", ".zprofile", ".zshenv", ".zlogin",
	".bash_login", ".bash_logout", ".login", ".cshrc", ".tcshrc", ".kshrc", ".mkshrc", ".config/fish/config.fish",
	".xinitrc", ".xprofile", ".xsessionrc", ".config/fish/conf.d", "/etc/profile", "/etc/bash.bashrc",
	"/etc/bashrc", "/etc/zsh/zshrc", "/etc/zshrc", "/etc/zsh/zprofile", "/etc/zprofile", "/etc/environment",
	"/etc/fish/config.fish", "/etc/csh.cshrc")

// persistWhat describes each kind of persistence for a person.
var persistWhat = map[string]string{
	"git-hook":        "a git hook, which runs at every commit, merge or checkout",
	"shell-rc":        "a shell startup file, which runs in every new shell or login",
	"cron":            "a cron table, which runs commands on a schedule",
	"boot-script":     "a script the system runs on a schedule or at boot",
	"systemd":         "a systemd unit, which runs commands as a service",
	"autostart":       "an autostart entry, which runs at every desktop login",
	"launchd":         "a launchd job, which runs at login or boot",
	"authorized-keys": "authorized_keys, which decides who can log in over ssh",
	"ssh-config":      "the ssh client configuration, whose commands run at every connection",
	"sudoers":         "the sudoers rules, which decide who may run anything as root",
	"preload":         "ld.so.preload, which injects a library into every program",
}

// persistWrite rates a write to a file that runs later and walks the text written, when it is known.
func (c *checker) persistWrite(cl *call, t arg, content *string, who string) {
	if t.Dynamic {
		return
	}
	kind := c.persistKind(t.Value)
	if kind == "" {
		return
	}
	r := Moderate
	switch kind {
	case "authorized-keys", "sudoers", "preload":
		r = High
	}
	c.flagCall(cl, "persist."+kind, r, who+" writes "+t.Value+", "+persistWhat[kind])
	if content == nil {
		return
	}
	for _, cmd := range persistCommands(kind, *content) {
		a := t
		a.Value, a.Dynamic, a.Head, a.Tail, a.Subs, a.Fed = cmd, false, cmd, cmd, nil, nil
		a.Span = cl.Span
		c.nested(a, *cl, "persist")
	}
}

// maxPersistLines bounds the lines of a written file read for commands.
const maxPersistLines = 256

// persistCommands extracts, from text written to a file of the kind, the shell commands that will run.
func persistCommands(kind, text string) []string {
	var out []string
	lines := strings.Split(text, "\n")
	if len(lines) > maxPersistLines {
		lines = lines[:maxPersistLines]
	}
	switch kind {
	case "git-hook", "shell-rc", "boot-script":
		return []string{text}
	case "cron":
		for _, l := range lines {
			if cmd := cronCommand(l, true); cmd != "" {
				out = append(out, cmd)
			}
		}
	case "systemd", "autostart":
		for _, l := range lines {
			k, v, ok := strings.Cut(strings.TrimSpace(l), "=")
			if ok && (strings.HasPrefix(k, "Exec") || k == "TryExec") {
				out = append(out, strings.TrimLeft(v, "-@+!:"))
			}
		}
	case "authorized-keys":
		for _, l := range lines {
			if i := strings.Index(l, `command="`); i >= 0 {
				rest := l[i+len(`command="`):]
				if j := strings.IndexByte(rest, '"'); j >= 0 {
					out = append(out, rest[:j])
				}
			}
		}
	case "ssh-config":
		for _, l := range lines {
			f := strings.Fields(l)
			if len(f) > 1 && (strings.EqualFold(f[0], "ProxyCommand") || strings.EqualFold(f[0], "LocalCommand") ||
				strings.EqualFold(f[0], "KnownHostsCommand")) {
				out = append(out, strings.Join(f[1:], " "))
			}
		}
	}
	return out
}

// cronCommand is the command of one crontab line: after five time fields or an @keyword, and after the
// user name in system tables (/etc/crontab, /etc/cron.d). Comments and VAR=value lines have none.
func cronCommand(line string, system bool) string {
	l := strings.TrimSpace(line)
	if l == "" || l[0] == '#' {
		return ""
	}
	f := strings.Fields(l)
	if isAssignment(f[0]) {
		return ""
	}
	n := 5
	if strings.HasPrefix(f[0], "@") {
		n = 1
	}
	if system && len(f) > n+1 && !strings.ContainsAny(f[n], "/;|&$") && !knownCommandName(f[n]) {
		n++ // the user field
	}
	if len(f) <= n {
		return ""
	}
	return strings.Join(f[n:], " ")
}

// knownCommandName reports a word that names a program cmdai knows, rather than a user.
func knownCommandName(w string) bool {
	_, ok := rulesByName[commandName(w)]
	return ok || shells[commandName(w)] || interpreters[commandName(w)]
}

// ruleCronPayload walks the crontab that crontab installs from its input or a file cmdai can read.
func ruleCronPayload(c *checker, cl *call) {
	if hasFlag(cl.Args, "lre", "--list", "--remove", "--edit") {
		return
	}
	text, ok := "", false
	ops := operands(cl.Args, "u")
	switch {
	case len(ops) > 0 && ops[0].Fed != nil:
		text, ok = *ops[0].Fed, true
	case len(ops) == 0 || ops[0].Value == "-":
		text, ok = c.crontabInput(cl)
	}
	if !ok {
		return
	}
	for _, l := range strings.Split(text, "\n") {
		if cmd := cronCommand(l, false); cmd != "" {
			c.flagCall(cl, "persist.cron", Moderate, "crontab schedules "+cmd+" to run again and again")
			c.nested(arg{Value: cmd, Head: cmd, Tail: cmd, Span: cl.Span}, *cl, "cron")
		}
	}
}

// crontabInput is the text crontab reads: every piece of its input cmdai can tell, since
// (crontab -l; echo '…') | crontab - adds lines to what is there, as does crontab -l | sed '$a …'.
func (c *checker) crontabInput(cl *call) (string, bool) {
	if t, ok := c.stdinText(cl); ok && len(cl.PipeIn) == 0 {
		return t, true
	}
	var b strings.Builder
	found := false
	for _, up := range cl.PipeIn {
		if t, ok := c.pipedText(up, 0); ok {
			b.WriteString(t)
			b.WriteString("\n")
			found = true
		} else if up < len(c.calls) && c.calls[up].Name == "sed" {
			for _, a := range c.calls[up].Args {
				if t := sedAdded(a.Value); t != "" {
					b.WriteString(t + "\n")
					found = true
				}
			}
		}
	}
	return b.String(), found
}

// sedAdded is the line a sed script appends or inserts ($a text, 1i text, a\ text), or "".
func sedAdded(script string) string {
	s := strings.TrimLeft(script, "0123456789$,/ ")
	if len(s) < 2 || s[0] != 'a' && s[0] != 'i' {
		return ""
	}
	s = strings.TrimPrefix(s[1:], "\\")
	return strings.TrimSpace(s)
}

// ruleAt walks what at and batch are given to run later.
func ruleAt(c *checker, cl *call) {
	if hasFlag(cl.Args, "lrdcV", "") || cl.Name == "at" && len(cl.Args) == 0 {
		return // atq, atrm, at -c: lists, removes or shows jobs
	}
	if vals := valuesOf(cl.Args, "-f"); len(vals) > 0 {
		c.flagCall(cl, "persist.at", Moderate, cl.Name+" schedules the commands in "+vals[0].Value+" to run later")
		return
	}
	text, ok := c.crontabInput(cl)
	if !ok {
		c.flagCall(cl, "persist.at", Moderate, cl.Name+" schedules commands to run later")
		return
	}
	c.flagCall(cl, "persist.at", Moderate, cl.Name+" schedules "+strings.TrimSpace(text)+" to run later")
	c.nested(arg{Value: text, Head: text, Tail: text, Span: cl.Span}, *cl, cl.Name)
}

// ruleSystemdRun rates a transient unit: systemd-run with nothing to run, or, through
// ruleSystemdRunWrapped, the command it wraps, which is also judged as any wrapped command.
func ruleSystemdRun(c *checker, cl *call) {
	c.flagCall(cl, "persist.systemd-run", Moderate, "systemd-run starts a service outside this session")
}

func ruleSystemdRunWrapped(c *checker, cl *call) {
	if !slices.Contains(cl.Wrappers, "systemd-run") {
		return
	}
	c.flagCall(cl, "persist.systemd-run", Moderate, "systemd-run starts "+cl.Name+" as a service outside this session, now or on a timer")
}

// rulePersistRedirects rates > and >> onto files that run later, with the text the command prints.
func rulePersistRedirects(c *checker, cl *call) {
	for _, r := range cl.Redirs {
		switch r.Op {
		case ">", ">>", ">|", "&>", "&>>":
		default:
			continue
		}
		if r.Fd != "" && r.Fd != "1" {
			continue
		}
		var content *string
		if t, ok := c.pipedText(c.cur, 0); ok {
			content = &t
		}
		sub := *cl
		sub.Span = r.Span
		c.persistWrite(&sub, c.abs(cl, r.Target), content, "the redirect")
	}
}

// rulePersistCopy rates tee, cp, install, ln, mv and dd writing to files that run later; tee's text is
// its input.
func rulePersistCopy(c *checker, cl *call) {
	switch cl.Name {
	case "tee", "sponge":
		var content *string
		if t, ok := c.stdinText(cl); ok {
			content = &t
		}
		for _, t := range operands(cl.Args, "") {
			c.persistWrite(cl, c.abs(cl, t), content, cl.Name)
		}
	case "dd":
		for _, a := range cl.Args {
			if v, ok := strings.CutPrefix(a.Value, "of="); ok && !a.Dynamic {
				t := a
				t.Value, t.Head, t.Tail = v, v, v
				c.persistWrite(cl, c.abs(cl, t), nil, "dd")
			}
		}
	default:
		ops := operands(cl.Args, "tSm")
		if len(ops) < 2 {
			return
		}
		dst := c.abs(cl, ops[len(ops)-1])
		if dst.Dynamic {
			return
		}
		if strings.HasSuffix(dst.Value, "/") || len(ops) > 2 || strings.HasSuffix(dst.Value, ".git/hooks") {
			// Into a directory: the file keeps its name.
			dst.Value = strings.TrimSuffix(dst.Value, "/") + "/" + path.Base(ops[0].Value)
		}
		c.persistWrite(cl, dst, nil, cl.Name)
	}
}
