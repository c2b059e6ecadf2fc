package safety

import (
	"fmt"
	"path"
	"slices"
	"strings"
)

// Facts are what the engine resolved about a command, for an organisation's policy to weigh: every command
// that could run, after wrappers (sudo, env, xargs, find -exec), strings run as code (bash -c, eval,
// python -c's os.system), substitutions, quoting and escapes, with its program, flags, arguments and paths,
// and the verdict of the check. Policies match these rather than the raw text, so `\rm -r -f`,
// `sudo rm -fr`, `'r'm -rf`, `bash -c 'rm -rf x'` and `find . -exec rm -rf {} +` all show an rm with the
// flags r and f.
type Facts struct {
	Risk     Risk      `json:"risk"`
	Findings []Finding `json:"findings"`
	// Commands are the commands that could run, in the order the engine found them.
	Commands []CommandFacts `json:"commands"`
	// Programs, Flags and Paths gather those of every command, sorted and without repeats; Programs also
	// holds the wrappers commands run under.
	Programs []string `json:"programs"`
	Flags    []string `json:"flags"`
	Paths    []string `json:"paths"`
	// Unresolved is set when the engine cannot know everything that runs: a command word only known at run
	// time ($CMD, $(…)), text that did not parse, or a command too complex to analyse.
	Unresolved bool `json:"unresolved"`
}

// CommandFacts describe one command that could run.
type CommandFacts struct {
	// Program is the base name the command runs as ("rm" for /bin/rm, \rm or r''m); empty when the command
	// word is only known at run time.
	Program string `json:"program"`
	// Path is the command word as resolved ("/bin/rm"); for a dynamic word, its source text.
	Path    string `json:"path"`
	Dynamic bool   `json:"dynamic"`
	// Wrappers are the programs the command runs under, outermost first: "sudo", "env", "xargs", "find"
	// (for -exec), "bash" (for bash -c), "eval", "python" (for code in python -c).
	Wrappers []string `json:"wrappers"`
	// Flags are the options given before any "--", without their dashes and values: a cluster of short
	// options is split ("-rf" gives "r" and "f") and also kept whole ("rf", so find's -delete is
	// "delete"), a long option is its name ("--force=yes" gives "force"). For the programs in flagSpellings,
	// every other spelling of a flag given is added too (rm's -R and --recursive also give "r").
	Flags []string `json:"flags"`
	// Args are all the resolved arguments after the command word, in order.
	Args []string `json:"args"`
	// Operands are the arguments that are not options.
	Operands []string `json:"operands"`
	// Paths are the static operands and redirection targets, and the values of key=/path operands and
	// --option=/path options, cleaned and made absolute against a directory an earlier cd made known;
	// those still relative are relative to the directory the command is run from. URLs are left out. The
	// engine does not know which operand of an arbitrary program names a file, so every operand counts.
	Paths []string `json:"paths"`
	// DynamicArgs is set when some argument is only known at run time ($DIR/x, xargs' input).
	DynamicArgs bool `json:"dynamic_args"`
}

// Verdict is the check's verdict that the facts carry.
func (f Facts) Verdict() Verdict { return Verdict{Risk: f.Risk, Findings: f.Findings} }

// flagSpellings lists, per program, flags that mean the same: a command giving any of them carries them
// all, so a policy written with one spelling catches the others.
var flagSpellings = map[string][][]string{
	"rm":    {{"r", "R", "recursive"}, {"f", "force"}},
	"cp":    {{"r", "R", "recursive"}, {"f", "force"}},
	"mv":    {{"f", "force"}},
	"ln":    {{"f", "force"}, {"s", "symbolic"}},
	"chmod": {{"R", "recursive"}},
	"chown": {{"R", "recursive"}},
	"chgrp": {{"R", "recursive"}},
	"shred": {{"u", "remove"}, {"z", "zero"}},
	"git":   {{"f", "force"}},
	"scp":   {{"r"}},
	"rsync": {{"r", "recursive"}},
}

// FactsOf checks cmd and returns the engine's facts about it. The person's own allow rules (opts.Allow)
// are ignored: they lower that person's verdict, never what an organisation's policy sees. Like Check it
// never panics.
func FactsOf(cmd string, opts Options) (f Facts) {
	opts.Allow = nil
	defer func() {
		if r := recover(); r != nil {
			f = Facts{Risk: High, Unresolved: true, Findings: []Finding{{Rule: "internal-error", Risk: High,
				Message: fmt.Sprintf("the safety check failed (%v); review this command yourself", r),
				Span:    Span{0, len(cmd)}}}}
		}
	}()
	c := newChecker(cmd, opts)
	c.run()
	v := c.verdict()
	f = Facts{Risk: v.Risk, Findings: v.Findings, Commands: make([]CommandFacts, 0, len(c.calls))}
	for _, fd := range v.Findings {
		if fd.Rule == "parse-error" || fd.Rule == "too-complex" {
			f.Unresolved = true
		}
	}
	for i := range c.calls {
		cl := &c.calls[i]
		if cl.Name == "" && !cl.Dynamic {
			continue // a statement of redirections only: its targets are still paths
		}
		cf := commandFacts(cl)
		f.Unresolved = f.Unresolved || cf.Dynamic
		f.Commands = append(f.Commands, cf)
		if cf.Program != "" {
			f.Programs = append(f.Programs, cf.Program)
		}
		f.Programs = append(f.Programs, cf.Wrappers...)
		f.Flags = append(f.Flags, cf.Flags...)
		f.Paths = append(f.Paths, cf.Paths...)
	}
	for i := range c.calls {
		if cl := &c.calls[i]; cl.Name == "" && !cl.Dynamic {
			f.Paths = append(f.Paths, redirPaths(cl)...)
		}
	}
	f.Programs, f.Flags, f.Paths = sortedSet(f.Programs), sortedSet(f.Flags), sortedSet(f.Paths)
	return f
}

func commandFacts(cl *call) CommandFacts {
	cf := CommandFacts{Program: cl.Name, Path: cl.Path, Dynamic: cl.Dynamic}
	if cl.Dynamic {
		cf.Program = ""
	}
	for _, w := range cl.Wrappers {
		prog, _, _ := strings.Cut(w, " ")
		if prog != "pipe" && prog != "heredoc" && prog != "" {
			cf.Wrappers = append(cf.Wrappers, prog)
		}
	}
	cf.Args = make([]string, 0, len(cl.Args))
	options := true
	for _, a := range cl.Args {
		cf.Args = append(cf.Args, a.Value)
		if a.Dynamic {
			cf.DynamicArgs = true
		}
		v := a.Value
		switch {
		case options && !a.Dynamic && v == "--":
			options = false
		case options && !a.Dynamic && len(v) > 2 && strings.HasPrefix(v, "--"):
			name, val, hasVal := strings.Cut(v[2:], "=")
			cf.Flags = append(cf.Flags, name)
			if hasVal && strings.HasPrefix(val, "/") {
				cf.Paths = append(cf.Paths, path.Clean(val))
			}
		case options && !a.Dynamic && len(v) > 1 && v[0] == '-':
			for _, r := range v[1:] {
				cf.Flags = append(cf.Flags, string(r))
			}
			if len(v) > 2 {
				cf.Flags = append(cf.Flags, v[1:])
			}
		default:
			cf.Operands = append(cf.Operands, v)
			if p, ok := operandPath(cl, a); ok {
				cf.Paths = append(cf.Paths, p)
			}
			if _, val, ok := strings.Cut(v, "="); ok && !a.Dynamic && isAssignment(v) && strings.HasPrefix(val, "/") {
				cf.Paths = append(cf.Paths, path.Clean(val))
			}
		}
	}
	cf.Flags = sortedSet(withSpellings(cl.Name, cf.Flags))
	cf.Paths = sortedSet(append(cf.Paths, redirPaths(cl)...))
	return cf
}

// operandPath is the path an operand names, if it can name one.
func operandPath(cl *call, a arg) (string, bool) {
	v := a.Value
	if a.Dynamic || v == "" || strings.Contains(v, "://") || strings.ContainsAny(v, "\n\x00") {
		return "", false
	}
	if !strings.HasPrefix(v, "/") && cl.Cwd != "" {
		v = path.Join(cl.Cwd, v)
	}
	return path.Clean(v), true
}

// redirPaths are the files a call's redirections read or write; duplicated descriptors (>&2) are not files.
func redirPaths(cl *call) []string {
	var out []string
	for _, r := range cl.Redirs {
		switch r.Op {
		case ">&", "<&", "<<", "<<-", "<<<":
			continue
		}
		if p, ok := operandPath(cl, r.Target); ok {
			out = append(out, p)
		}
	}
	return out
}

// withSpellings adds, for a program in flagSpellings, every other spelling of the flags given.
func withSpellings(program string, flags []string) []string {
	for _, group := range flagSpellings[program] {
		for _, f := range flags {
			if slices.Contains(group, f) {
				flags = append(flags, group...)
				break
			}
		}
	}
	return flags
}

func sortedSet(s []string) []string {
	if len(s) == 0 {
		return []string{}
	}
	slices.Sort(s)
	return slices.Compact(s)
}
