package safety

import "strings"

// Rules about options that make a program run a command: tar --checkpoint-action=exec, rg --pre,
// ssh -o ProxyCommand, rsync -e, zip -TT, vim -c '!…', tcpdump -z.

func init() {
	register(ruleTarExec, "tar", "gtar", "bsdtar")
	register(ruleRgPre, "rg")
	register(ruleSSHOptions, "ssh", "scp", "sftp")
	register(ruleRsyncShell, "rsync")
	register(ruleZipTT, "zip")
	register(ruleVimCmd, "vim", "vi", "nvim", "ex", "view", "gvim")
	register(ruleTcpdumpZ, "tcpdump")
}

// valueOf returns the value of option opt in args (--opt=value, --opt value, -o value).
func valuesOf(args []arg, opts ...string) []arg {
	var out []arg
	for i := 0; i < len(args); i++ {
		v := args[i].Value
		for _, o := range opts {
			switch {
			case v == o && i+1 < len(args):
				out = append(out, args[i+1])
			case strings.HasPrefix(v, o+"=") && strings.HasPrefix(o, "--"):
				a := args[i]
				a.Value = v[len(o)+1:]
				out = append(out, a)
			case !strings.HasPrefix(o, "--") && len(o) == 2 && strings.HasPrefix(v, o) && len(v) > 2:
				a := args[i]
				a.Value = v[2:]
				out = append(out, a)
			}
		}
	}
	return out
}

func ruleTarExec(c *checker, cl *call) {
	for _, a := range valuesOf(cl.Args, "--checkpoint-action") {
		if cmd, ok := strings.CutPrefix(a.Value, "exec="); ok {
			b := a
			b.Value = cmd
			c.flagCall(cl, "exec.tar-checkpoint", High, "tar --checkpoint-action=exec runs "+cmd)
			c.nested(b, *cl, "tar")
		}
	}
	for _, a := range valuesOf(cl.Args, "--to-command", "--info-script", "--new-volume-script", "-F") {
		c.commandOption(cl, a, "tar --to-command")
	}
	for _, a := range valuesOf(cl.Args, "--use-compress-program", "-I") {
		c.commandOption(cl, a, "tar --use-compress-program")
	}
}

var benignCompressors = setOf("gzip", "pigz", "zstd", "xz", "bzip2", "pbzip2", "lz4", "lzma", "lzip", "lzop",
	"brotli", "pixz", "plzip", "unpigz", "zstdmt")

func init() {
	for k := range benignCompressors {
		benignPagers[k] = true
	}
}

func ruleRgPre(c *checker, cl *call) {
	for _, a := range valuesOf(cl.Args, "--pre") {
		c.commandOption(cl, a, "rg --pre")
	}
}

func ruleSSHOptions(c *checker, cl *call) {
	for _, a := range valuesOf(cl.Args, "-o") {
		k, v, ok := strings.Cut(a.Value, "=")
		if !ok {
			k, v, _ = strings.Cut(a.Value, " ")
		}
		switch strings.ToLower(k) {
		case "proxycommand", "localcommand", "knownhostscommand", "remotecommand":
			b := a
			b.Value = v
			c.commandOption(cl, b, cl.Name+" -o "+k)
		}
	}
}

func ruleRsyncShell(c *checker, cl *call) {
	for _, a := range valuesOf(cl.Args, "-e", "--rsh", "--rsync-path") {
		c.commandOption(cl, a, "rsync -e")
	}
}

func ruleZipTT(c *checker, cl *call) {
	for _, a := range valuesOf(cl.Args, "-TT", "--unzip-command") {
		c.commandOption(cl, a, "zip -TT")
	}
}

func ruleVimCmd(c *checker, cl *call) {
	for i, a := range cl.Args {
		var cmd string
		switch {
		case (a.Value == "-c" || a.Value == "--cmd") && i+1 < len(cl.Args):
			cmd = cl.Args[i+1].Value
		case strings.HasPrefix(a.Value, "+"):
			cmd = a.Value[1:]
		default:
			continue
		}
		cmd = strings.TrimLeft(cmd, ": ")
		if rest, ok := strings.CutPrefix(cmd, "!"); ok {
			b := a
			b.Value = rest
			c.commandOption(cl, b, cl.Name+" -c '!'")
		} else if strings.HasPrefix(cmd, "call system(") || strings.HasPrefix(cmd, "py") || strings.HasPrefix(cmd, "lua ") {
			c.flagCall(cl, "exec.command-option", Moderate, cl.Name+" runs "+cmd)
		}
	}
}

func ruleTcpdumpZ(c *checker, cl *call) {
	for _, a := range valuesOf(cl.Args, "-z") {
		c.commandOption(cl, a, "tcpdump -z")
	}
}
