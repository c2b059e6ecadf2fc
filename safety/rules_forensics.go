package safety

import (
	"path"
	"strconv"
	"strings"
	"time"
)

// Rules about anti-forensics: clearing or switching off shell history, vacuuming the journal, emptying
// or deleting logs. Each erases the record of what happened on the machine, which is high whatever else
// the command does.

func init() {
	register(ruleHistoryClear, "history", "unset", "export", "declare", "typeset", "set")
	register(ruleJournalVacuum, "journalctl")
	register(ruleForensicDelete, "rm", "shred", "unlink", "srm", "wipe", "ln")
	register(ruleForensicFind, "find")
	register(ruleEventLogs, "wevtutil", "Clear-EventLog", "dmesg", "utmpdump")
	genericRules = append(genericRules, ruleHistoryEnv)
}

// historyFiles are where shells and REPLs keep what was typed.
var historyFiles = setOf(".bash_history", ".zsh_history", ".history", ".sh_history", ".ksh_history",
	".python_history", ".mysql_history", ".psql_history", ".sqlite_history", ".node_repl_history",
	".lesshst", ".viminfo", "fish_history", ".zhistory", ".rediscli_history", ".irb_history")

// forensicKind says whether p is a history file ("history"), a system log ("log") or neither ("").
func (c *checker) forensicKind(p string) string {
	if p == "" {
		return ""
	}
	if p == "~" || strings.HasPrefix(p, "~/") {
		p = c.home + p[1:]
	}
	base, _ := trimAll(p)
	if historyFiles[path.Base(base)] {
		return "history"
	}
	for _, d := range []string{"/var/log", "/var/adm", "/var/audit", "/private/var/log", "/var/account"} {
		if base == d || strings.HasPrefix(base, d+"/") {
			return "log"
		}
	}
	switch path.Base(base) {
	case "wtmp", "btmp", "utmp", "lastlog", "faillog":
		return "log"
	}
	return ""
}

// forensic flags a command that empties or removes a history file or a log; it reports whether it did.
func (c *checker) forensic(cl *call, p, how string) bool {
	switch c.forensicKind(p) {
	case "history":
		c.flagCall(cl, "forensics.history", High, how+" erases "+p+": the record of the commands typed is lost")
		return true
	case "log":
		c.flagCall(cl, "forensics.logs", High, how+" erases "+p+": the record of what happened on this machine is lost")
		return true
	}
	return false
}

func ruleHistoryClear(c *checker, cl *call) {
	args := cl.Args
	switch cl.Name {
	case "history":
		switch {
		case hasFlag(args, "c", ""):
			c.flagCall(cl, "forensics.history", High, "history "+joinArgs(args).Value+" erases the shell history")
		case hasFlag(args, "d", ""):
			c.flagCall(cl, "forensics.history", Moderate, "history -d deletes entries from the shell history")
		}
	case "set":
		for i, a := range args {
			if (a.Value == "+o" && i+1 < len(args) && args[i+1].Value == "history") || a.Value == "+H" {
				c.flagCall(cl, "forensics.history", High, "set +o history stops the shell recording history")
			}
		}
	case "unset":
		for _, a := range args {
			if a.Value == "HISTFILE" {
				c.flagCall(cl, "forensics.history", High, "unset HISTFILE stops the shell saving its history")
			}
		}
	default:
		for _, a := range args {
			c.historyVar(cl, a.Value)
		}
	}
}

// ruleHistoryEnv catches HISTFILE=/dev/null and HISTSIZE=0 as assignments before a command, or alone.
func ruleHistoryEnv(c *checker, cl *call) {
	for _, e := range cl.Env {
		c.historyVar(cl, e.Name+"="+e.Value.Value)
	}
}

// historyVar flags an assignment that switches history off: HISTFILE to /dev/null, a size of 0.
func (c *checker) historyVar(cl *call, kv string) {
	k, v, ok := strings.Cut(kv, "=")
	if !ok {
		return
	}
	switch {
	case k == "HISTFILE" && (v == "/dev/null" || v == ""),
		(k == "HISTSIZE" || k == "HISTFILESIZE" || k == "SAVEHIST") && v == "0":
		c.flagCall(cl, "forensics.history", High, kv+" stops the shell keeping its history")
	}
}

// ruleJournalVacuum flags vacuuming the journal down to nearly nothing; a vacuum that keeps days or
// hundreds of megabytes is housekeeping.
func ruleJournalVacuum(c *checker, cl *call) {
	for _, a := range cl.Args {
		k, v, ok := strings.Cut(a.Value, "=")
		if !ok {
			continue
		}
		erase := false
		switch k {
		case "--vacuum-time":
			d, err := journalDuration(v)
			erase = err == nil && d < 24*time.Hour
		case "--vacuum-size":
			n, err := journalSize(v)
			erase = err == nil && n < 16<<20
		case "--vacuum-files":
			n, err := strconv.Atoi(v)
			erase = err == nil && n <= 1
		}
		if erase {
			c.flagCall(cl, "forensics.journal", High, "journalctl "+a.Value+" erases nearly all of the system journal")
			return
		}
	}
}

// journalDuration reads journalctl's time spans: 1s, 10min, 2h, 3d, 1weeks.
func journalDuration(v string) (time.Duration, error) {
	i := 0
	for i < len(v) && v[i] >= '0' && v[i] <= '9' {
		i++
	}
	n, err := strconv.Atoi(v[:i])
	if err != nil {
		return 0, err
	}
	unit := map[string]time.Duration{"": time.Second, "s": time.Second, "sec": time.Second, "m": time.Minute,
		"min": time.Minute, "h": time.Hour, "d": 24 * time.Hour, "day": 24 * time.Hour, "days": 24 * time.Hour,
		"w": 7 * 24 * time.Hour, "weeks": 7 * 24 * time.Hour, "month": 30 * 24 * time.Hour,
		"months": 30 * 24 * time.Hour, "y": 365 * 24 * time.Hour, "years": 365 * 24 * time.Hour}
	u, ok := unit[strings.ToLower(v[i:])]
	if !ok {
		return 0, strconv.ErrSyntax
	}
	return time.Duration(n) * u, nil
}

// journalSize reads journalctl's sizes: 500, 10K, 1M, 2G.
func journalSize(v string) (int64, error) {
	mult := int64(1)
	switch {
	case strings.HasSuffix(v, "K"):
		mult = 1 << 10
	case strings.HasSuffix(v, "M"):
		mult = 1 << 20
	case strings.HasSuffix(v, "G"):
		mult = 1 << 30
	case strings.HasSuffix(v, "T"):
		mult = 1 << 40
	}
	n, err := strconv.ParseInt(strings.TrimRight(v, "KMGT"), 10, 64)
	return n * mult, err
}

// ruleForensicDelete flags rm, shred and unlink of history files and logs, and links that send a history
// file to /dev/null.
func ruleForensicDelete(c *checker, cl *call) {
	ops := operands(cl.Args, "nsx")
	if cl.Name == "ln" {
		if len(ops) == 2 && ops[0].Value == "/dev/null" && !ops[1].Dynamic {
			c.forensic(cl, c.abs(cl, ops[1]).Value, "ln /dev/null")
		}
		return
	}
	for _, t := range ops {
		if t = c.abs(cl, t); !t.Dynamic && !t.Selected {
			c.forensic(cl, t.Value, cl.Name)
		}
	}
}

// keepsRecent reports a find expression that only matches files older than a day: retention, which
// keeps the recent record.
func keepsRecent(expr []arg) bool {
	for i := 0; i+1 < len(expr); i++ {
		v, n := expr[i].Value, expr[i+1].Value
		if !strings.HasPrefix(n, "+") {
			continue
		}
		k, err := strconv.Atoi(n[1:])
		if err != nil {
			continue
		}
		switch v {
		case "-mtime", "-ctime", "-atime":
			if k >= 1 {
				return true
			}
		case "-mmin", "-cmin", "-amin":
			if k >= 24*60 {
				return true
			}
		}
	}
	return false
}

// ruleForensicFind flags find emptying or deleting what it finds under /var/log.
func ruleForensicFind(c *checker, cl *call) {
	q := parseFind(cl.Args)
	acts := false
	for _, a := range cl.Args[q.expr:] {
		switch a.Value {
		case "-delete", "truncate", "shred", "rm":
			acts = true
		}
	}
	if !acts || keepsRecent(cl.Args[q.expr:]) {
		return // find /var/log -mtime +30 -delete is log retention
	}
	for _, r := range q.roots {
		if r = c.abs(cl, r); !r.Dynamic && c.forensicKind(r.Value) == "log" {
			c.forensic(cl, r.Value, "find")
			return
		}
	}
}

// ruleEventLogs flags clearing event logs and the kernel's message buffer.
func ruleEventLogs(c *checker, cl *call) {
	switch cl.Name {
	case "wevtutil":
		if first := cl.firstArg(); first == "cl" || first == "clear-log" {
			c.flagCall(cl, "forensics.logs", High, "wevtutil cl clears a Windows event log")
		}
	case "Clear-EventLog":
		c.flagCall(cl, "forensics.logs", High, "Clear-EventLog clears a Windows event log")
	case "dmesg":
		if hasFlag(cl.Args, "cC", "--clear", "--read-clear") {
			c.flagCall(cl, "forensics.kernel-log", Moderate, "dmesg -C clears the kernel's message buffer")
		}
	}
}
