package safety

import "strings"

// Rules about processes and the running system: killing everything, fork bombs, shutting down, firewalls,
// SELinux, sshd, cron, swap and shell history.

func init() {
	register(ruleKill, "kill")
	register(ruleKillall, "killall5", "pkill", "killall", "skill")
	register(rulePower, "shutdown", "reboot", "halt", "poweroff", "init", "telinit", "systemctl", "kexec")
	register(ruleFirewall, "iptables", "ip6tables", "nft", "ufw", "firewall-cmd", "setenforce", "pfctl")
	register(ruleCron, "crontab")
	register(ruleSysMisc, "swapoff", "sysctl", "rmmod", "modprobe", "insmod", "mount", "umount",
		"service", "launchctl", "unset", "export", "declare", "typeset", "ip", "ifconfig", "nmcli", "hostnamectl",
		"timedatectl", "auditctl", "journalctl", "chsh", "update-grub", "grub-install", "efibootmgr")
	genericRules = append(genericRules, ruleForkBomb)
}

// ruleForkBomb flags a function that starts copies of itself in the background or through a pipe.
func ruleForkBomb(c *checker, cl *call) {
	if cl.Func == "" || cl.Name != cl.Func || !(cl.Piped || cl.Background) {
		return
	}
	c.flagCall(cl, "sys.fork-bomb", Critical, "a fork bomb: "+cl.Func+" keeps starting copies of itself until the machine freezes")
}

func ruleKill(c *checker, cl *call) {
	for _, a := range cl.Args {
		if a.Value == "-0" || a.Value == "-s0" {
			return // signal 0 only checks that the process exists
		}
	}
	ops := operands(cl.Args, "sn")
	// "kill -1" alone, or a -1 pid after a signal: every process the user may signal.
	for i, a := range cl.Args {
		if a.Value == "-1" && (i == len(cl.Args)-1 || i > 0) {
			c.flagCall(cl, "sys.kill-all", Critical, "kill -1 signals every process you may signal: the session or the whole machine dies")
			return
		}
	}
	for _, o := range ops {
		if o.Value == "1" {
			c.flagCall(cl, "sys.kill-init", Critical, "kills init (pid 1): the system halts or panics")
			return
		}
		if o.Value == "-1" {
			c.flagCall(cl, "sys.kill-all", Critical, "signals every process you may signal")
			return
		}
	}
	if hasFlag(cl.Args, "l", "--list") && len(ops) <= 1 {
		return
	}
	c.flagCall(cl, "sys.kill", Moderate, "stops a running process")
}

func ruleKillall(c *checker, cl *call) {
	if cl.Name == "killall5" {
		c.flagCall(cl, "sys.kill-all", Critical, "killall5 kills every process outside this session")
		return
	}
	ops := operands(cl.Args, "sugtPUGFn")
	if cl.Name == "pkill" || cl.Name == "skill" {
		for _, o := range ops {
			switch o.Value {
			case ".", ".*", "", "^", "$", ".+":
				c.flagCall(cl, "sys.kill-all", Critical, "pkill with the pattern "+o.Value+" matches every process")
				return
			case "init", "systemd", "sshd":
				c.flagCall(cl, "sys.kill-critical", High, "kills "+o.Value+", which the system or your remote access depend on")
				return
			}
		}
		if len(ops) == 0 && hasFlag(cl.Args, "uU", "--euid", "--uid") {
			c.flagCall(cl, "sys.kill-user", High, "kills every process of a user")
			return
		}
	}
	if cl.Name == "killall" && hasFlag(cl.Args, "u", "--user") && len(ops) == 0 {
		c.flagCall(cl, "sys.kill-user", High, "kills every process of a user")
		return
	}
	for _, o := range ops {
		if o.Value == "sshd" || o.Value == "systemd" || o.Value == "init" || o.Value == "Xorg" {
			c.flagCall(cl, "sys.kill-critical", High, "kills "+o.Value+", which the system or your remote access depend on")
			return
		}
	}
	if len(ops) > 0 {
		c.flagCall(cl, "sys.kill", Moderate, "stops running processes by name")
	}
}

func rulePower(c *checker, cl *call) {
	args := cl.Args
	first := cl.firstArg()
	now := func() {
		c.flagCall(cl, "sys.shutdown", Critical, cl.Name+" takes the machine down now: running work is lost and a remote machine may not come back")
	}
	switch cl.Name {
	case "shutdown":
		if hasFlag(args, "ck", "--cancel", "--show") {
			return
		}
		ops := operands(args, "")
		if len(ops) == 0 || ops[0].Value == "now" || ops[0].Value == "+0" || ops[0].Value == "0" {
			now()
			return
		}
		c.flagCall(cl, "sys.shutdown-later", High, "schedules a shutdown at "+ops[0].Value+" (cancel with shutdown -c)")
	case "reboot", "halt", "poweroff":
		if hasFlag(args, "", "--help", "--version") {
			return
		}
		now()
	case "kexec":
		if hasFlag(args, "e", "--exec") {
			now()
		}
	case "init", "telinit":
		if first == "0" || first == "6" || first == "1" || first == "s" || first == "S" {
			now()
		}
	case "systemctl":
		verb, unit := systemctlVerb(args)
		switch verb {
		case "poweroff", "reboot", "halt", "kexec", "soft-reboot":
			now()
		case "rescue", "emergency":
			now()
		case "isolate":
			if strings.HasPrefix(unit, "rescue") || strings.HasPrefix(unit, "emergency") || strings.HasPrefix(unit, "poweroff") ||
				strings.HasPrefix(unit, "reboot") || strings.HasPrefix(unit, "halt") {
				now()
			}
		case "suspend", "hibernate", "hybrid-sleep":
			c.flagCall(cl, "sys.suspend", Moderate, "suspends the machine")
		case "stop", "disable", "mask", "kill":
			u := strings.TrimSuffix(unit, ".service")
			switch u {
			case "ssh", "sshd", "openssh-server":
				c.flagCall(cl, "sys.stop-sshd", High, "systemctl "+verb+" "+unit+": remote logins stop working")
			case "firewalld", "ufw", "iptables", "nftables", "apparmor", "auditd", "fail2ban", "systemd-journald",
				"network", "networking", "NetworkManager", "systemd-networkd", "dbus", "systemd-logind":
				c.flagCall(cl, "sys.stop-security", High, "systemctl "+verb+" "+unit+" turns off a service that protects or runs the machine")
			default:
				if unit != "" {
					c.flagCall(cl, "sys.service", Moderate, "systemctl "+verb+" "+unit)
				}
			}
		case "restart", "start", "enable", "reload", "daemon-reload", "try-restart", "reload-or-restart", "set-default", "unmask", "edit", "preset", "revert":
			c.flagCall(cl, "sys.service", Moderate, "systemctl "+verb+" changes what runs on the machine")
		}
	}
}

func systemctlVerb(args []arg) (verb, unit string) {
	for _, a := range args {
		if strings.HasPrefix(a.Value, "-") {
			continue
		}
		if verb == "" {
			verb = a.Value
			continue
		}
		return verb, a.Value
	}
	return verb, ""
}

func ruleFirewall(c *checker, cl *call) {
	args := cl.Args
	switch cl.Name {
	case "iptables", "ip6tables":
		for i, a := range args {
			switch a.Value {
			case "-F", "--flush", "-X", "--delete-chain":
				c.flagCall(cl, "sys.firewall-flush", High, cl.Name+" "+a.Value+" removes firewall rules: the machine is open to the network")
				return
			case "-P", "--policy":
				if i+2 < len(args) && (args[i+2].Value == "DROP" || args[i+2].Value == "REJECT") && args[i+1].Value == "INPUT" {
					c.flagCall(cl, "sys.firewall-lockout", High, "drops all incoming traffic: remote sessions are cut")
					return
				}
				if i+2 < len(args) && args[i+2].Value == "ACCEPT" {
					c.flagCall(cl, "sys.firewall-open", Moderate, "sets a firewall chain to accept everything")
					return
				}
			case "-A", "-I", "-D", "-R", "--append", "--insert", "--delete":
				c.flagCall(cl, "sys.firewall", Moderate, "changes firewall rules")
				return
			}
		}
	case "nft":
		j := joinArgs(args).Value
		if strings.Contains(j, "flush ruleset") || strings.Contains(j, "flush table") || strings.Contains(j, "delete table") {
			c.flagCall(cl, "sys.firewall-flush", High, "nft flush removes firewall rules: the machine is open to the network")
		} else if strings.Contains(j, "add ") || strings.Contains(j, "delete ") || hasFlag(args, "f", "--file") {
			c.flagCall(cl, "sys.firewall", Moderate, "changes firewall rules")
		}
	case "ufw":
		if len(args) > 0 {
			switch args[0].Value {
			case "disable", "reset":
				c.flagCall(cl, "sys.firewall-off", High, "ufw "+args[0].Value+" turns the firewall off")
			case "allow", "deny", "delete", "enable", "reject", "limit", "default", "insert", "route":
				c.flagCall(cl, "sys.firewall", Moderate, "changes firewall rules")
			}
		}
	case "firewall-cmd":
		if hasFlag(args, "", "--panic-on") {
			c.flagCall(cl, "sys.firewall-lockout", High, "firewall-cmd --panic-on drops all traffic")
		} else if hasFlag(args, "", "--add-port", "--add-service", "--remove-service", "--remove-port", "--set-default-zone", "--add-rich-rule", "--reload") {
			c.flagCall(cl, "sys.firewall", Moderate, "changes firewall rules")
		}
	case "setenforce":
		if len(args) > 0 && (args[0].Value == "0" || strings.EqualFold(args[0].Value, "permissive")) {
			c.flagCall(cl, "sys.selinux-off", High, "setenforce 0 turns SELinux protection off")
		}
	case "pfctl":
		if hasFlag(args, "dF", "") {
			c.flagCall(cl, "sys.firewall-off", High, "pfctl disables or flushes the firewall")
		}
	}
}

func ruleCron(c *checker, cl *call) {
	if hasFlag(cl.Args, "r", "--remove") {
		c.flagCall(cl, "sys.crontab-remove", High, "crontab -r deletes all your scheduled jobs without asking")
		return
	}
	if hasFlag(cl.Args, "l", "--list") {
		return
	}
	if ops := operands(cl.Args, "u"); len(ops) > 0 || len(cl.PipeIn) > 0 {
		c.flagCall(cl, "sys.crontab-replace", Moderate, "replaces your scheduled jobs")
	}
}

// weakeningSysctl are kernel settings whose 0 turns a protection off.
var weakeningSysctl = setOf("kernel.randomize_va_space", "kernel.yama.ptrace_scope", "kernel.kptr_restrict",
	"kernel.dmesg_restrict", "kernel.modules_disabled", "fs.protected_symlinks", "fs.protected_hardlinks",
	"kernel.unprivileged_bpf_disabled", "kernel.core_pattern", "fs.suid_dumpable", "net.ipv4.conf.all.rp_filter")

func ruleSysMisc(c *checker, cl *call) {
	args := cl.Args
	first := cl.firstArg()
	switch cl.Name {
	case "swapoff":
		c.flagCall(cl, "sys.swapoff", Moderate, "turns swap off; memory-hungry programs may be killed")
	case "export", "declare", "typeset":
		for _, a := range args {
			k, val, _ := strings.Cut(a.Value, "=")
			if k == "LD_PRELOAD" || k == "DYLD_INSERT_LIBRARIES" {
				c.flagCall(cl, "exec.ld-preload", High, "exports "+k+"="+val+": every program started afterwards loads it")
			}
			if k == "PROMPT_COMMAND" || k == "BASH_ENV" {
				v := a
				v.Value = val
				c.commandOption(cl, v, k)
			}
		}
	case "sysctl":
		for _, a := range args {
			k, val, _ := strings.Cut(a.Value, "=")
			if weakeningSysctl[k] && (val == "0" || k == "kernel.core_pattern" && strings.HasPrefix(val, "|")) {
				c.flagCall(cl, "sys.sysctl-weaken", High, "sysctl "+a.Value+" turns off a kernel protection")
				return
			}
		}
		if hasFlag(args, "wp", "--write", "--load", "--system") {
			c.flagCall(cl, "sys.sysctl", Moderate, "changes kernel settings")
		} else {
			for _, a := range args {
				if strings.Contains(a.Value, "=") {
					c.flagCall(cl, "sys.sysctl", Moderate, "changes kernel settings")
					break
				}
			}
		}
	case "rmmod":
		c.flagCall(cl, "sys.kernel-module", Moderate, "unloads a kernel module")
	case "modprobe":
		if hasFlag(args, "r", "--remove") {
			c.flagCall(cl, "sys.kernel-module", Moderate, "unloads a kernel module")
		}
	case "insmod":
		c.flagCall(cl, "sys.kernel-module", High, "loads code into the kernel")
	case "mount", "umount":
		if len(operands(args, "tooL")) > 0 || hasFlag(args, "a", "--all") && cl.Name == "umount" {
			r := Moderate
			for _, o := range operands(args, "tooL") {
				if o.Value == "/" {
					r = High
				}
			}
			c.flagCall(cl, "sys.mount", r, cl.Name+" changes what file systems are mounted")
		}
	case "service":
		if len(args) >= 2 {
			u, verb := args[0].Value, args[1].Value
			if (verb == "stop") && (u == "ssh" || u == "sshd") {
				c.flagCall(cl, "sys.stop-sshd", High, "stops the ssh server: remote logins stop working")
			} else if verb != "status" {
				c.flagCall(cl, "sys.service", Moderate, "service "+u+" "+verb)
			}
		}
	case "launchctl":
		if first == "unload" || first == "bootout" || first == "disable" || first == "remove" || first == "stop" {
			c.flagCall(cl, "sys.service", Moderate, "launchctl "+first+" stops a service")
		}
	case "ip", "ifconfig", "nmcli":
		j := " " + joinArgs(args).Value + " "
		if strings.Contains(j, " down ") || strings.Contains(j, " flush ") || strings.Contains(j, " del ") || strings.Contains(j, " delete ") {
			c.flagCall(cl, "sys.network-down", High, cl.Name+" takes a network interface or route down: remote sessions may be cut")
		} else if strings.Contains(j, " add ") || strings.Contains(j, " set ") || strings.Contains(j, " up ") || strings.Contains(j, " modify ") {
			c.flagCall(cl, "sys.network", Moderate, cl.Name+" changes network configuration")
		}
	case "hostnamectl", "timedatectl":
		if strings.HasPrefix(first, "set") {
			c.flagCall(cl, "sys.config", Moderate, cl.Name+" "+first+" changes system configuration")
		}
	case "auditctl":
		if hasFlag(args, "De", "") {
			c.flagCall(cl, "sys.audit-off", High, "auditctl removes or disables audit rules")
		}
	case "journalctl":
		if hasFlag(args, "", "--vacuum-time", "--vacuum-size", "--vacuum-files", "--rotate", "--flush") {
			c.flagCall(cl, "sys.logs", Moderate, "deletes or rotates the system journal")
		}
	case "chsh":
		c.flagCall(cl, "sys.config", Moderate, "changes a login shell")
	case "update-grub", "grub-install", "efibootmgr":
		if cl.Name == "efibootmgr" && !hasFlag(args, "cCbBoaAnN", "--create", "--delete-bootnum", "--bootorder", "--bootnum") {
			return
		}
		c.flagCall(cl, "sys.bootloader", High, cl.Name+" rewrites how the machine boots")
	}
}
