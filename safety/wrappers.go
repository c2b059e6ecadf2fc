package safety

import "strings"

// wrapSpec describes a command that runs another command given on its command line.
type wrapSpec struct {
	argOpts string          // short options that take a value ("u" for sudo -u root)
	longArg map[string]bool // long options that take a separate value ("--user root")
	skip    int             // operands before the command (timeout's DURATION, chroot's NEWROOT)
	env     bool            // VAR=value operands may precede the command (env, sudo)
	strOpt  string          // short option whose value is a shell command string (su -c)
	noExec  string          // short options that mean nothing is run (command -v, ionice -p)
}

func longs(names ...string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m
}

// wrappers are commands that run the rest of their command line. Their own options are skipped so the
// wrapped command is judged by its real name.
var wrappers = map[string]wrapSpec{
	"sudo": {argOpts: "ugpCDrtUThR", env: true, noExec: "lvVKk",
		longArg: longs("--user", "--group", "--prompt", "--close-from", "--chdir", "--role", "--type",
			"--other-user", "--command-timeout", "--host", "--chroot")},
	"doas":         {argOpts: "uC"},
	"pkexec":       {longArg: longs("--user")},
	"run0":         {argOpts: "uDg", longArg: longs("--user", "--group", "--chdir", "--unit", "--description")},
	"gosu":         {skip: 1},
	"su-exec":      {skip: 1},
	"env":          {argOpts: "uCS", env: true, strOpt: "S", longArg: longs("--unset", "--chdir", "--split-string")},
	"command":      {noExec: "vV"},
	"builtin":      {},
	"exec":         {argOpts: "a"},
	"nohup":        {},
	"time":         {argOpts: "fo", longArg: longs("--format", "--output")},
	"nice":         {argOpts: "n", longArg: longs("--adjustment")},
	"ionice":       {argOpts: "cnpPu", noExec: "pPu", longArg: longs("--class", "--classdata", "--pid", "--pgid", "--uid")},
	"stdbuf":       {argOpts: "ioe", longArg: longs("--input", "--output", "--error")},
	"timeout":      {argOpts: "sk", skip: 1, longArg: longs("--signal", "--kill-after")},
	"setsid":       {},
	"strace":       {argOpts: "oeEpPsSuIaXbU", longArg: longs("--output", "--expr", "--attach", "--user", "--string-limit", "--trace", "--env")},
	"ltrace":       {argOpts: "oepsnaulxAFDE", longArg: longs("--output")},
	"flock":        {argOpts: "wEo", strOpt: "c", skip: 1, longArg: longs("--timeout", "--wait", "--conflict-exit-code", "--command")},
	"chroot":       {skip: 1, longArg: longs("--userspec", "--groups")},
	"unbuffer":     {},
	"caffeinate":   {argOpts: "tw"},
	"torsocks":     {argOpts: "uapP"},
	"proxychains":  {argOpts: "f"},
	"proxychains4": {argOpts: "f"},
	"firejail":     {},
	"taskset":      {skip: 1, noExec: "p"},
	"chrt":         {skip: 1, noExec: "p"},
	"numactl":      {argOpts: "CNmpiP"},
	"unshare":      {argOpts: "SG", longArg: longs("--setuid", "--setgid", "--wd", "--root")},
	"nsenter":      {argOpts: "tSGwr", longArg: longs("--target", "--setuid", "--setgid", "--wd", "--root")},
	"systemd-run":  {argOpts: "pEuM", longArg: longs("--unit", "--property", "--setenv", "--uid", "--gid", "--machine", "--description", "--slice")},
	"busybox":      {},
	"catchsegv":    {},
	"chronic":      {},
	"fakeroot":     {},
	"faketime":     {skip: 1},
	"xvfb-run":     {argOpts: "nslef"},
	"dbus-launch":  {},
	"sem":          {argOpts: "jP"},
	"doas.exe":     {},
	"runuser":      {argOpts: "ugGsw", strOpt: "c", longArg: longs("--user", "--group", "--supp-group", "--shell", "--command")},
	"su":           {argOpts: "sgGw", strOpt: "c", skip: 1, longArg: longs("--shell", "--group", "--supp-group", "--command", "--whitelist-environment")},
	"sg":           {strOpt: "c", skip: 1},
	"script":       {argOpts: "cETIOBt", strOpt: "c", longArg: longs("--command", "--log-io", "--log-in", "--log-out", "--log-timing")},
	"xargs":        {argOpts: "aEdILnPs", longArg: longs("--arg-file", "--eof", "--delimiter", "--replace", "--max-lines", "--max-args", "--max-procs", "--max-chars", "--process-slot-var")},
	"watch":        {argOpts: "nq", longArg: longs("--interval", "--equexit")},
	"screen":       {argOpts: "SctpehsT", longArg: longs("-Logfile")},
	"parallel": {argOpts: "jSaIdEPX", longArg: longs("--jobs", "--sshlogin", "--arg-file", "--delimiter", "--eof",
		"--colsep", "--joblog", "--results", "--tmpdir", "--timeout", "--delay", "--retries", "--env", "--workdir")},
}

// privileged wrappers run the wrapped command as another user, usually root.
var privileged = map[string]bool{"sudo": true, "doas": true, "pkexec": true, "run0": true, "su": true,
	"runuser": true, "gosu": true, "su-exec": true, "sg": true}

// wrapOpts is what a wrapper's own options said.
type wrapOpts struct {
	inner    int               // index of the wrapped command word, or len(words) when there is none
	vals     map[string]string // option values, keyed by option ("-u", "--user", "-c")
	flags    string            // short flags seen, each once
	env      []envVar
	operands []arg // operands skipped before the command
	str      *arg  // the value of the string-command option
	noExec   bool
}

// parseWrapper reads a wrapper's options from words (words[0] is the wrapper) and finds the wrapped command.
func parseWrapper(words []arg, spec wrapSpec) wrapOpts {
	o := wrapOpts{inner: len(words)}
	skip := spec.skip
	set := func(k, v string) {
		if o.vals == nil {
			o.vals = map[string]string{}
		}
		o.vals[k] = v
	}
	for i := 1; i < len(words); i++ {
		a := words[i]
		v := a.Value
		switch {
		case v == "--" && !a.Dynamic:
			rest := words[i+1:]
			n := min(skip, len(rest))
			o.operands = append(o.operands, rest[:n]...)
			o.inner = i + 1 + n
			return o
		case spec.env && !a.Dynamic && isAssignment(v):
			k, val, _ := strings.Cut(v, "=")
			e := a
			e.Value, e.Head, e.Tail = val, val, val
			o.env = append(o.env, envVar{Name: k, Value: e})
		case strings.HasPrefix(v, "--") && len(v) > 2:
			name, val, hasVal := strings.Cut(v, "=")
			if hasVal {
				set(name, val)
				if name == "--command" || name == "--split-string" {
					s := a
					s.Value = val
					o.str = &s
				}
				continue
			}
			if spec.longArg[name] && i+1 < len(words) {
				set(name, words[i+1].Value)
				if name == "--command" || name == "--split-string" {
					s := words[i+1]
					o.str = &s
				}
				i++
			}
		case len(v) > 1 && v[0] == '-' && !a.Dynamic:
			for j := 1; j < len(v); j++ {
				c := v[j]
				if strings.IndexByte(spec.noExec, c) >= 0 {
					o.noExec = true
				}
				if strings.IndexByte(spec.argOpts, c) < 0 && string(c) != spec.strOpt {
					if strings.IndexByte(o.flags, c) < 0 {
						o.flags += string(c)
					}
					continue
				}
				var val arg
				if j+1 < len(v) {
					val = a
					val.Value = v[j+1:]
					val.Head, val.Tail = val.Value, val.Value
				} else if i+1 < len(words) {
					i++
					val = words[i]
				}
				set("-"+string(c), val.Value)
				if string(c) == spec.strOpt {
					s := val
					o.str = &s
				}
				break
			}
		default:
			if skip > 0 {
				o.operands = append(o.operands, a)
				skip--
				continue
			}
			o.inner = i
			return o
		}
	}
	return o
}

func isAssignment(v string) bool {
	eq := strings.IndexByte(v, '=')
	if eq <= 0 {
		return false
	}
	for i := 0; i < eq; i++ {
		c := v[i]
		if !(c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || i > 0 && c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

// shells are the command interpreters whose -c string, script operand or standard input is shell code.
var shells = map[string]bool{"sh": true, "bash": true, "zsh": true, "dash": true, "ksh": true, "mksh": true,
	"ash": true, "fish": true, "rbash": true, "tcsh": true, "csh": true, "yash": true, "posh": true,
	"ksh93": true, "pdksh": true, "oksh": true}

// shellArgs reads a shell's command line: the -c string if any, else the script operand if any.
// stdin is set when the shell reads its program from standard input.
func shellArgs(args []arg) (str *arg, script *arg, stdin bool, rest []arg) {
	hasC, hasS := false, false
	for i := 0; i < len(args); i++ {
		a := args[i]
		v := a.Value
		if a.Dynamic || len(v) < 2 || (v[0] != '-' && v[0] != '+') {
			if v == "-" {
				stdin = true
				return nil, nil, true, args[i+1:]
			}
			if hasC {
				s := a
				return &s, nil, false, args[i+1:]
			}
			if hasS {
				return nil, nil, true, args[i:]
			}
			s := a
			return nil, &s, false, args[i+1:]
		}
		if v == "--" {
			continue
		}
		if strings.HasPrefix(v, "--") {
			switch v {
			case "--rcfile", "--init-file":
				i++
			case "--command":
				hasC = true
			}
			continue
		}
		for j := 1; j < len(v); j++ {
			switch v[j] {
			case 'c':
				hasC = true
			case 's':
				hasS = true
			case 'o', 'O':
				if j == len(v)-1 {
					i++
				}
			}
		}
	}
	return nil, nil, !hasC, nil
}
