package shape

import (
	"strings"

	"github.com/cmdai/cmdai/internal/shellword"
	"mvdan.cc/sh/v3/syntax"
)

// argParser reads the arguments of one utility: its flags and the utilities nested in them.
type argParser struct {
	x     *extractor
	name  string
	spec  optionSpec
	flags map[string]bool
	inner []Utility
}

// findExec are the find primaries that run a command up to ";" or "{} +".
var findExec = map[string]bool{"-exec": true, "-execdir": true, "-ok": true, "-okdir": true}

// findLogic are find's operators; bashlint parses them as logic nodes, not flags.
var findLogic = map[string]bool{"-not": true, "-and": true, "-or": true, "-a": true, "-o": true}

func (p *argParser) parse(args []*syntax.Word) error {
	endOfOptions := false
	positional := 0
	for i := 0; i < len(args); i++ {
		s, static := shellword.Literal(args[i])
		isOpt := !endOfOptions && isOption(s)
		if !isOpt && p.name == "xargs" && !(static && s == "--" && !endOfOptions) {
			return p.command(args[i:])
		}
		if err := p.substitutions(args[i]); err != nil {
			return err
		}
		switch {
		case static && s == "--" && !endOfOptions:
			endOfOptions = true
		case !isOpt:
			if positional == 0 && static && isLetters(s) && (p.name == "tar" || p.name == "ps") {
				if p.name == "ps" && p.x.mode == Reference {
					return unsupported("BSD-style ps options")
				}
				for _, r := range s {
					p.flags["-"+string(r)] = true
				}
			}
			positional++
		case p.name == "find" && findExec[s]:
			p.flags[s] = true
			n, err := p.exec(args[i+1:])
			if err != nil {
				return err
			}
			i += n
		case p.name == "find" && findLogic[s]:
		default:
			flags, n := p.spec.split(s, static)
			for _, f := range flags {
				p.flags[f] = true
			}
			for j := 0; j < n && i+1 < len(args); j++ {
				i++
				if err := p.substitutions(args[i]); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// substitutions records the utilities inside the command and process substitutions of w.
func (p *argParser) substitutions(w *syntax.Word) error {
	us, err := p.x.nested(w)
	p.inner = append(p.inner, us...)
	return err
}

// command records the utilities of a command run by this one (xargs CMD, find -exec CMD).
func (p *argParser) command(words []*syntax.Word) error {
	if len(words) == 0 {
		return nil
	}
	us, err := p.x.call(words)
	p.inner = append(p.inner, us...)
	return err
}

// exec records the command of find -exec and returns how many words it used, terminator included.
func (p *argParser) exec(rest []*syntax.Word) (int, error) {
	end := len(rest)
	for j, w := range rest {
		s, static := shellword.Literal(w)
		if !static {
			continue
		}
		if s == ";" || (s == "+" && j > 0 && isBraces(rest[j-1])) {
			end = j
			break
		}
	}
	if err := p.command(rest[:end]); err != nil {
		return 0, err
	}
	if end < len(rest) {
		return end + 1, nil
	}
	return end, nil
}

func isBraces(w *syntax.Word) bool {
	s, static := shellword.Literal(w)
	return static && s == "{}"
}

// isOption reports whether s (a word's static text, or its static prefix) is an option.
func isOption(s string) bool { return len(s) >= 2 && s[0] == '-' && s != "--" }

func isLetters(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if (r < 'a' || r > 'z') && (r < 'A' || r > 'Z') {
			return false
		}
	}
	return true
}

// split returns the flag names of the option word s and how many following words are its argument. static
// is false when s is only the static prefix of a word with expansions.
func (o optionSpec) split(s string, static bool) (flags []string, consumes int) {
	next := 0
	if static {
		next = 1
	}
	if strings.HasPrefix(s, "--") {
		name, _, attached := strings.Cut(s, "=")
		if !attached && o.args[name] {
			return []string{name}, next
		}
		return []string{name}, 0
	}
	if o.words[s] || o.args[s] {
		if o.args[s] {
			return []string{s}, next
		}
		return []string{s}, 0
	}
	if o.newer && len(s) == len("-newerXY") && strings.HasPrefix(s, "-newer") {
		return []string{s}, next
	}
	if allDigits(s[1:]) {
		// head -5, kill -9: bashlint reads a number as an argument of the flag "-".
		return []string{"-"}, 0
	}
	rs := []rune(s[1:])
	for j, r := range rs {
		f := "-" + string(r)
		flags = append(flags, f)
		if o.args[f] {
			if j+1 < len(rs) {
				return flags, 0 // -k2, -n5, -d,
			}
			return flags, next
		}
	}
	return flags, 0
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// skipOptions returns words from the first one that is not an option of spec or its argument; sudo's
// command starts there.
func skipOptions(spec optionSpec, words []*syntax.Word) []*syntax.Word {
	for i := 0; i < len(words); i++ {
		s, static := shellword.Literal(words[i])
		if static && s == "--" {
			return words[i+1:]
		}
		if !isOption(s) {
			return words[i:]
		}
		_, n := spec.split(s, static)
		i += n
	}
	return nil
}
