package safety

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// call turns one call into its actions: its clobbering redirects, and its own when the command destroys
// or rewrites files.
func (im *impactor) call(c impactCall) {
	for _, r := range c.Redirs {
		im.redirect(c, r)
	}
	if c.Dynamic {
		return
	}
	args := c.Args
	switch c.Name {
	case "rm":
		p := parseGNU(args, gnuSpec{})
		mode := countFile
		if p.short['r'] || p.short['R'] || p.long["--recursive"] {
			mode = countTree
		} else if p.short['d'] || p.long["--dir"] {
			mode = countFileOrDir
		}
		im.simple(c, OpDelete, p.operands, mode)
	case "rmdir":
		im.simple(c, OpDelete, parseGNU(args, gnuSpec{}).operands, countEmptyDir)
	case "unlink":
		im.simple(c, OpDelete, parseGNU(args, gnuSpec{}).operands, countFile)
	case "shred":
		p := parseGNU(args, gnuSpec{shortValue: "ns", longValue: []string{"--iterations", "--size", "--random-source"}})
		op := OpOverwrite
		if p.short['u'] || p.long["--remove"] {
			op = OpDelete
		}
		im.simple(c, op, p.operands, countRegular)
	case "truncate":
		p := parseGNU(args, gnuSpec{shortValue: "sr", longValue: []string{"--size", "--reference"}})
		size := p.values["s"] + p.values["--size"]
		if strings.HasPrefix(size, "+") || strings.HasPrefix(size, ">") {
			return // only grows files
		}
		ac := newAction(c.Name, OpTruncate, c)
		ac.creates = true
		im.addOperands(ac, p.operands, countRegular)
		im.finish(ac)
	case "mv":
		im.mv(c, args)
	case "chmod", "chown", "chgrp":
		im.chmod(c, args)
	case "find":
		im.find(c, args)
	case "git":
		im.git(c, args)
	case "rsync":
		im.rsync(c, args)
	case "dd":
		for _, a := range args {
			if v, ok := strings.CutPrefix(a.Value, "of="); ok {
				a.Value, a.Head, a.Tail = v, v, v
				ac := newAction(c.Name, OpOverwrite, c)
				ac.creates = true
				im.addOperands(ac, []arg{a}, countRegular)
				im.finish(ac)
			}
		}
	}
}

// simple is the action of a verb whose operands are all targets.
func (im *impactor) simple(c impactCall, op string, operands []arg, mode countMode) {
	ac := newAction(c.Name, op, c)
	im.addOperands(ac, operands, mode)
	im.finish(ac)
}

// redirect counts a file that "> file" would empty. Appending (>>) and reading leave files alone.
func (im *impactor) redirect(c impactCall, r redir) {
	switch r.Op {
	case ">", ">|", "&>", "&>|":
	default:
		return
	}
	key := fmt.Sprint(r.Span, r.Target.Value, c.cwd)
	if im.clobbered[key] {
		return
	}
	im.clobbered[key] = true
	ac := newAction(r.Op, OpOverwrite, c)
	ac.a.Span = r.Span
	ac.creates = true
	im.addOperands(ac, []arg{r.Target}, countRegular)
	im.finish(ac)
}

// mv: every source leaves where it was; a single source onto an existing file also overwrites it.
func (im *impactor) mv(c impactCall, args []arg) {
	p := parseGNU(args, gnuSpec{shortValue: "tS", longValue: []string{"--target-directory", "--suffix"}})
	sources, dest := p.operands, p.values["t"]+p.values["--target-directory"]
	var destWord *arg
	if dest == "" {
		if len(sources) < 2 {
			return // mv with one operand fails
		}
		destWord = &sources[len(sources)-1]
		sources = sources[:len(sources)-1]
	}
	ac := newAction(c.Name, OpMove, c)
	if destWord != nil {
		dest = ""
		if fields, dyn := im.x.fields(*destWord, c.cwd); !dyn && len(fields) == 1 {
			dest = fields[0]
		}
	}
	if dest != "" && !filepath.IsAbs(dest) {
		dest = filepath.Join(c.cwd, dest) // stays relative, and so unused, when cwd is unknown
	}
	if filepath.IsAbs(dest) {
		ac.a.Dest = ac.display(filepath.Clean(dest))
	}
	im.addOperands(ac, sources, countTree)
	im.finish(ac)

	keeps := p.short['n'] || p.short['b'] || p.short['u'] || p.long["--no-clobber"] || p.long["--backup"] ||
		p.long["--update"]
	if destWord == nil || !filepath.IsAbs(dest) || len(sources) != 1 || keeps {
		return
	}
	if info, err := os.Stat(dest); err == nil && !info.IsDir() {
		over := newAction(c.Name, OpOverwrite, c)
		im.addPaths(over, []string{dest}, countRegular)
		im.finish(over)
	}
}

// symbolicChmodMode matches symbolic modes that look like options, as in "chmod -R -w dir".
var symbolicChmodMode = regexp.MustCompile(`^-[rwxXst]+$`)

// chmod, chown and chgrp only matter recursively: one file's mode is not a blast radius.
func (im *impactor) chmod(c impactCall, args []arg) {
	spec := gnuSpec{longValue: []string{"--reference", "--from"}}
	if c.Name == "chmod" {
		spec.operand = symbolicChmodMode.MatchString
	}
	p := parseGNU(args, spec)
	if !p.short['R'] && !p.long["--recursive"] {
		return
	}
	operands := p.operands
	if _, ref := p.values["--reference"]; !ref && len(operands) > 0 {
		operands = operands[1:] // the mode or owner
	}
	op := OpChown
	if c.Name == "chmod" {
		op = OpChmod
	}
	im.simple(c, op, operands, countTree)
}

// gnuSpec says which options of a command take a value.
type gnuSpec struct {
	shortValue string
	longValue  []string
	operand    func(string) bool // reports option-looking words that are operands
	// stopAtOperand ends options at the first operand, as wrappers (sudo rm -rf x) need.
	stopAtOperand bool
}

// gnuArgs is a command line split GNU style: options may come after operands until "--".
type gnuArgs struct {
	short    map[byte]bool
	long     map[string]bool
	values   map[string]string // short ("t") or long ("--target-directory") option → value
	operands []arg
}

func parseGNU(args []arg, spec gnuSpec) gnuArgs {
	p := gnuArgs{short: map[byte]bool{}, long: map[string]bool{}, values: map[string]string{}}
	for i := 0; i < len(args); i++ {
		s := args[i].Value
		if args[i].Dynamic || !strings.HasPrefix(s, "-") || s == "-" || (spec.operand != nil && spec.operand(s)) {
			if spec.stopAtOperand {
				p.operands = append(p.operands, args[i:]...)
				break
			}
			p.operands = append(p.operands, args[i])
			continue
		}
		if s == "--" {
			p.operands = append(p.operands, args[i+1:]...)
			break
		}
		if strings.HasPrefix(s, "--") {
			name, val, hasVal := strings.Cut(s, "=")
			p.long[name] = true
			for _, l := range spec.longValue {
				if l != name || hasVal {
					continue
				}
				if i+1 < len(args) {
					i++
					val = args[i].Value
				}
				hasVal = true
			}
			if hasVal {
				p.values[name] = val
			}
			continue
		}
		for j := 1; j < len(s); j++ {
			p.short[s[j]] = true
			if strings.IndexByte(spec.shortValue, s[j]) < 0 {
				continue
			}
			val := s[j+1:]
			if val == "" && i+1 < len(args) {
				i++
				val = args[i].Value
			}
			p.values[string(s[j])] = val
			break
		}
	}
	return p
}
