package safety

import "strings"

// Rules about permissions, ownership and accounts.

func init() {
	register(ruleChmod, "chmod")
	register(ruleChown, "chown", "chgrp")
	register(ruleAccounts, "usermod", "passwd", "userdel", "useradd", "adduser", "deluser", "chpasswd",
		"gpasswd", "visudo", "setfacl", "chattr")
}

// mode describes what a chmod mode does.
type chmodMode struct{ worldWrite, setuid, none bool }

func parseMode(m string) chmodMode {
	var cm chmodMode
	if m == "" {
		return cm
	}
	if m[0] >= '0' && m[0] <= '7' {
		digits := m
		for len(digits) < 3 {
			digits = "0" + digits
		}
		if len(digits) >= 4 && (digits[len(digits)-4] == '4' || digits[len(digits)-4] == '6' || digits[len(digits)-4] == '2' ||
			digits[len(digits)-4] == '7') {
			cm.setuid = true
		}
		last := digits[len(digits)-1]
		cm.worldWrite = last == '7' || last == '6' || last == '2' || last == '3'
		cm.none = strings.Trim(m, "0") == ""
		return cm
	}
	for _, clause := range strings.Split(m, ",") {
		who, perm, _ := strings.Cut(clause, "+")
		if strings.Contains(clause, "=") {
			who, perm, _ = strings.Cut(clause, "=")
			if strings.TrimLeft(perm, "") == "" && (who == "a" || who == "" || who == "ugo") {
				cm.none = true
			}
		}
		if strings.Contains(perm, "s") {
			cm.setuid = true
		}
		if strings.Contains(perm, "w") && (who == "" || strings.ContainsAny(who, "oa")) {
			cm.worldWrite = true
		}
		if strings.Contains(clause, "-") {
			w, p, _ := strings.Cut(clause, "-")
			if (w == "a" || w == "" || w == "ugo") && strings.Contains(p, "r") && strings.Contains(p, "w") && strings.Contains(p, "x") {
				cm.none = true
			}
		}
	}
	return cm
}

var shellBinaries = setOf("bash", "sh", "dash", "zsh", "python", "python3", "perl", "ruby", "find", "vim",
	"vi", "less", "env", "cp", "nmap", "awk", "node", "php", "tar", "nano", "busybox", "su", "sudo", "xxd")

func ruleChmod(c *checker, cl *call) {
	recursive := hasFlag(cl.Args, "R", "--recursive")
	ops := operands(cl.Args, "")
	if len(ops) < 2 {
		return
	}
	mode := parseMode(ops[0].Value)
	for _, t := range ops[1:] {
		recursive, t := findExecRecursive(recursive, t) // rules_find_delete.go: find ROOT -exec chmod M {} is chmod -R M ROOT
		if t.Dynamic {
			if recursive && strings.HasPrefix(t.Head, "/") {
				c.flagCall(cl, "perm.chmod-dynamic", High, "changes permissions recursively under "+t.Value+", only known at run time")
			}
			continue
		}
		kind := classifyPath(t.Value, c.home)
		base := commandName(t.Value)
		switch {
		case kind == pathRoot || recursive && (kind == pathSystem || kind == pathSensitive):
			c.flagCall(cl, "perm.chmod-system", Critical, "changes permissions of "+t.Value+" recursively: the system stops working or anyone can change it")
		case kind == pathHome && recursive && (mode.worldWrite || mode.none):
			c.flagCall(cl, "perm.chmod-home", High, "changes permissions of your whole home directory")
		case mode.setuid && (shellBinaries[base] || strings.HasPrefix(t.Value, "/")):
			r := High
			if shellBinaries[base] {
				r = Critical
			}
			c.flagCall(cl, "perm.setuid", r, "makes "+t.Value+" run as its owner (setuid): a way to become root")
		case mode.setuid:
			c.flagCall(cl, "perm.setuid", High, "makes "+t.Value+" run as its owner (setuid)")
		case kind == pathSensitive && (mode.worldWrite || mode.none || strings.HasPrefix(t.Value, "/etc")):
			c.flagCall(cl, "perm.chmod-sensitive", Critical, "changes permissions of "+t.Value+", which guards logins or credentials")
		case (kind == pathSystem || kind == pathHome || kind == pathSystemSub) && (mode.worldWrite || mode.none):
			c.flagCall(cl, "perm.chmod-system", High, "makes "+t.Value+" world-writable or unusable")
		case mode.none:
			c.flagCall(cl, "perm.chmod-none", Moderate, "removes every permission on "+t.Value)
		case mode.worldWrite && recursive && (kind == pathProject || kind == pathOrdinary || kind == pathSystemSub):
			c.flagCall(cl, "perm.world-writable", High, "makes everything under "+t.Value+" writable by anyone")
		case mode.worldWrite:
			c.flagCall(cl, "perm.world-writable", Moderate, "makes "+t.Value+" writable by anyone")
		}
	}
}

func ruleChown(c *checker, cl *call) {
	recursive := hasFlag(cl.Args, "R", "--recursive")
	ops := operands(cl.Args, "")
	if len(ops) < 2 {
		return
	}
	for _, t := range ops[1:] {
		recursive, t := findExecRecursive(recursive, t) // rules_find_delete.go
		if t.Dynamic {
			continue
		}
		kind := classifyPath(t.Value, c.home)
		switch {
		case kind == pathRoot || recursive && (kind == pathSystem || kind == pathSensitive) && t.Value != "/usr/local" && t.Value != "/opt":
			c.flagCall(cl, "perm.chown-system", Critical, cl.Name+" hands "+t.Value+" to another owner recursively: sudo, ssh and services break")
		case kind == pathSensitive && strings.HasPrefix(t.Value, "/etc"):
			c.flagCall(cl, "perm.chown-sensitive", Critical, cl.Name+" changes the owner of "+t.Value+", which guards logins")
		case kind == pathHome && recursive && (t.Value == "/home" || t.Value == "/Users" || strings.HasPrefix(t.Value, "/home/*") || t.Value == "/root"):
			c.flagCall(cl, "perm.chown-system", Critical, cl.Name+" hands every home directory to another owner")
		case kind == pathSystem:
			c.flagCall(cl, "perm.chown-system", Moderate, cl.Name+" changes the owner of "+t.Value)
		}
	}
}

var adminGroups = setOf("sudo", "wheel", "admin", "root", "docker", "adm", "lxd", "libvirt", "disk", "shadow")

func ruleAccounts(c *checker, cl *call) {
	args := cl.Args
	ops := operands(args, "gGsdcueflpk")
	switch cl.Name {
	case "usermod", "gpasswd", "adduser":
		for i, a := range args {
			v := a.Value
			if (v == "-G" || v == "-aG" || v == "-Ga" || v == "--groups" || v == "-a") && i+1 < len(args) {
				for _, g := range strings.Split(args[i+1].Value, ",") {
					if adminGroups[g] {
						c.flagCall(cl, "perm.admin-group", High, "adds a user to the "+g+" group, which grants root")
						return
					}
				}
			}
		}
		if cl.Name == "adduser" && len(ops) == 2 && adminGroups[ops[1].Value] {
			c.flagCall(cl, "perm.admin-group", High, "adds a user to the "+ops[1].Value+" group, which grants root")
			return
		}
		if cl.Name == "usermod" && hasFlag(args, "Lu", "--lock", "--uid") {
			c.flagCall(cl, "perm.account", Moderate, "locks or renumbers a user account")
			return
		}
		if cl.Name == "usermod" {
			c.flagCall(cl, "perm.account", Moderate, "changes a user account")
		}
	case "passwd":
		if hasFlag(args, "d", "--delete") {
			who := "a user"
			r := High
			if len(ops) == 0 || ops[len(ops)-1].Value == "root" {
				who, r = "root", Critical
			}
			c.flagCall(cl, "perm.passwd-delete", r, "removes the password of "+who+": anyone can log in as them")
			return
		}
		c.flagCall(cl, "perm.passwd", Moderate, "changes a password")
	case "userdel", "deluser":
		r := Moderate
		if hasFlag(args, "rf", "--remove", "--remove-home", "--force", "--remove-all-files") {
			r = High
		}
		for _, o := range ops {
			if o.Value == "root" {
				r = Critical
			}
		}
		c.flagCall(cl, "perm.userdel", r, "deletes a user account")
	case "useradd":
		for i, a := range args {
			if (a.Value == "-u" || a.Value == "--uid") && i+1 < len(args) && args[i+1].Value == "0" {
				c.flagCall(cl, "perm.uid0", Critical, "creates a second root account (uid 0)")
				return
			}
		}
		c.flagCall(cl, "perm.account", Moderate, "creates a user account")
	case "chpasswd":
		c.flagCall(cl, "perm.passwd", High, "sets passwords in bulk")
	case "visudo":
		c.flagCall(cl, "perm.sudoers", Moderate, "edits who may use sudo")
	case "setfacl":
		if hasFlag(args, "R", "--recursive") {
			c.flagCall(cl, "perm.acl", Moderate, "changes access control lists recursively")
		}
	case "chattr":
		for _, o := range ops {
			if strings.HasPrefix(o.Value, "+i") || strings.HasPrefix(o.Value, "-i") {
				c.flagCall(cl, "perm.chattr", Moderate, "changes the immutable flag of files")
				return
			}
		}
	}
}
