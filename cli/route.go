package cli

import (
	"io"
	"os/exec"
	"slices"
	"strings"
	"unicode"

	"github.com/cmdai/cmdai/safety"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"mvdan.cc/sh/v3/syntax"
)

// How a command line is read: cmdai's own flags come first, then the first word. When that word names one
// of cmdai's commands and the rest fits that command (its sub-commands, flags and arguments: for `help` a
// command's name, for `check` a command line), the line runs that command. One word or a flag after the
// command's name addresses the command too (`cmdai init tcsh`), so that a typo is its usage error rather
// than a request. Anything else is a request in plain words, and flags are read only before its first
// word: `cmdai check disk space` and `cmdai list files with ls -la` are requests, `cmdai check 'rm -rf /'`
// and `cmdai history --json` are commands. `--` before the first word makes the line a request whatever
// it begins with. The shell functions from `cmdai init` ask `cmdai __request`, so both read a line alike.
const routeHelp = `A request may begin with the name of one of cmdai's commands. The line runs that command when
the rest fits it (its flags and arguments; for check, a quoted command or words that start with a
command), or when the rest is one word or starts with a flag, so that a typo is the command's error;
otherwise it is a request. Flags are read only before the request's first word.

  cmdai check disk space        # a request: "disk" is not a command
  cmdai check 'rm -rf /'        # the safety verdict for rm -rf /
  cmdai -- check free memory    # -- first: always a request`

// line is a command line as cmdai reads it.
type line struct {
	// args are what the root command parses: the line itself, or with "--" put before the request's first
	// word so that nothing after it is read as a flag or a command name.
	args []string
	// request holds the words of the request; empty when the line runs one of cmdai's commands (or is
	// only flags).
	request []string
	// command names the cmdai command the request's first word names, when it does: a refusal points to
	// that command's help.
	command string
	// ambiguous is set when a line that runs `check` reads as plain words too (`check free memory`).
	ambiguous bool
	// misfit holds the words from the command's name on when they do not fit it but still run it (one
	// word, or a flag, after the name): its usage error then says how to ask them as a request.
	misfit []string
}

// readLine decides whether args run one of cmdai's commands or ask a request.
func readLine(args []string) line {
	if len(args) == 0 || args[0] == cobra.ShellCompRequestCmd || args[0] == cobra.ShellCompNoDescRequestCmd {
		return line{args: args}
	}
	probe := newRoot(&streams{in: strings.NewReader(""), out: io.Discard, err: io.Discard})
	probe.InitDefaultHelpCmd()
	probe.InitDefaultHelpFlag()
	probe.InitDefaultVersionFlag()
	i := skipFlags(probe.Flags(), args)
	if i == len(args) {
		return line{args: args}
	}
	if args[i] == "--" {
		return line{args: args, request: args[i+1:]}
	}
	sub := subcommand(probe, args[i])
	if sub != nil {
		if ok, ambiguous := fits(probe, args); ok {
			return line{args: args, ambiguous: ambiguous}
		}
		if rest := args[i+1:]; len(rest) == 1 || len(rest[0]) > 1 && strings.HasPrefix(rest[0], "-") {
			return line{args: args, misfit: args[i:]}
		}
	}
	l := line{args: slices.Concat(args[:i], []string{"--"}, args[i:]), request: args[i:]}
	if sub != nil {
		l.command = sub.Name()
	}
	return l
}

// skipFlags returns the index of the first argument that is not one of fs's flags or a flag's value.
func skipFlags(fs *pflag.FlagSet, args []string) int {
	i := 0
	for i < len(args) {
		a := args[i]
		if a == "--" || a == "-" || !strings.HasPrefix(a, "-") {
			return i
		}
		i++
		if strings.Contains(a, "=") {
			continue
		}
		var f *pflag.Flag
		if name, ok := strings.CutPrefix(a, "--"); ok {
			f = fs.Lookup(name)
		} else if short := a[1:]; short != "" {
			// -pa 3: the last letter of a group may take the next argument; -a3 holds its value.
			for j, r := range short {
				f = fs.ShorthandLookup(string(r))
				if f == nil || f.NoOptDefVal == "" {
					if j < len(short)-1 {
						f = nil // the value is the rest of this argument
					}
					break
				}
			}
		}
		if f != nil && f.NoOptDefVal == "" && i < len(args) {
			i++ // the flag's value
		}
	}
	return i
}

// subcommand is the command of root that word names, or nil.
func subcommand(root *cobra.Command, word string) *cobra.Command {
	for _, c := range root.Commands() {
		if c.Name() == word || c.HasAlias(word) {
			return c
		}
	}
	return nil
}

// fits reports whether args, which name one of root's commands, are a valid use of it: the command
// exists, its flags parse and its positional arguments are ones it takes. ambiguous is set for a check
// of several plain words, which a person may have meant as a request.
func fits(root *cobra.Command, args []string) (ok, ambiguous bool) {
	c, rest, err := root.Find(args)
	if err != nil || c == root {
		return false, false
	}
	c.InitDefaultHelpFlag()
	if err := c.ParseFlags(rest); err != nil {
		return false, false
	}
	if help, _ := c.Flags().GetBool("help"); help {
		return true, false
	}
	pos := c.Flags().Args()
	if c.DisableFlagParsing {
		pos = rest
	}
	if err := c.ValidateArgs(pos); err != nil {
		return false, false
	}
	if len(c.ValidArgs) > 0 {
		for _, a := range pos {
			if !slices.ContainsFunc(c.ValidArgs, func(v string) bool { return strings.SplitN(v, "\t", 2)[0] == a }) {
				return false, false
			}
		}
	}
	switch {
	case c.Name() == "help" && c.Parent() == root:
		found, left, err := root.Find(pos)
		return len(pos) == 0 || err == nil && found != root && len(left) == 0, false
	case c.Name() == "check" && c.Parent() == root:
		return commandLineFits(pos), len(pos) > 1 && allPlainWords(pos)
	}
	return true, false
}

// commandLineFits reports whether words, check's arguments, are a command line rather than plain words:
// none (the commands come on standard input), one argument with spaces or shell syntax in it (quoted on
// purpose), or words that parse as shell and begin with a command.
func commandLineFits(words []string) bool {
	if len(words) == 0 || len(words) == 1 && strings.ContainsFunc(words[0], func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune("|&;<>()$`\\\"'*?[]#~=%{}!", r)
	}) {
		return true
	}
	f, err := syntax.NewParser().Parse(strings.NewReader(strings.Join(words, " ")), "")
	if err != nil || len(f.Stmts) == 0 {
		return false
	}
	call, ok := f.Stmts[0].Cmd.(*syntax.CallExpr)
	if !ok {
		return true // a compound command: if, for, a subshell, [[ ]]
	}
	if len(call.Args) == 0 {
		return true // assignments only
	}
	name := call.Args[0].Lit()
	return name == "" || isCommandName(name)
}

// isCommandName reports whether a shell could run name: a path, a builtin or keyword, a program on
// $PATH, or one the safety engine knows.
func isCommandName(name string) bool {
	if strings.Contains(name, "/") || slices.Contains(shellBuiltins, name) || safety.Knows(name) {
		return true
	}
	_, err := exec.LookPath(name)
	return err == nil
}

// shellBuiltins are the builtins and reserved words of bash, zsh and fish that take arguments.
var shellBuiltins = []string{".", ":", "[", "[[", "alias", "and", "bg", "bind", "builtin", "caller", "case",
	"cd", "command", "compgen", "complete", "declare", "dirs", "disown", "echo", "enable", "eval", "exec",
	"exit", "export", "false", "fc", "fg", "for", "function", "getopts", "hash", "history", "if", "jobs",
	"kill", "let", "local", "not", "or", "popd", "printf", "pushd", "pwd", "read", "readonly", "return",
	"select", "set", "shift", "shopt", "source", "test", "time", "times", "trap", "true", "type", "typeset",
	"ulimit", "umask", "unalias", "unset", "until", "wait", "while"}

// allPlainWords reports whether every word is made of letters (and apostrophes), as a sentence is.
func allPlainWords(words []string) bool {
	for _, w := range words {
		if w == "" || strings.ContainsFunc(w, func(r rune) bool { return !unicode.IsLetter(r) && r != '\'' }) {
			return false
		}
	}
	return true
}

// newRequestCmd is what the shell functions from `cmdai init` ask before they answer `cmdai WORDS...`
// in the popup, so that they read a line exactly as cmdai does.
func newRequestCmd(s *streams) *cobra.Command {
	return &cobra.Command{
		Use:   "__request [ARG...]",
		Short: "Print the request that ARGs make, or exit 1 when they run one of cmdai's commands",
		Args:  cobra.ArbitraryArgs,
		// The line is the arguments, flags and all.
		DisableFlagParsing: true,
		Hidden:             true,
		RunE: func(_ *cobra.Command, args []string) error {
			l := readLine(args)
			// The popup takes none of cmdai's flags: a line with flags first runs cmdai itself.
			if len(l.request) == 0 || args[0] != "--" && strings.HasPrefix(args[0], "-") {
				return &exitError{code: ExitError}
			}
			_, err := io.WriteString(s.out, strings.Join(l.request, " ")+"\n")
			return err
		},
	}
}
