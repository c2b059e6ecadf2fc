package safety

import (
	"path"
	"strconv"
	"strings"
)

// What small commands print, so that a name or a path built at run time by $(printf …), $(which …),
// $(basename …) or $(tr …) is known before it runs. Only programs whose output follows from their
// arguments and input alone are simulated; anything else stays dynamic.

// maxPrinted bounds the text a simulated command may print, so that printf '%s%s%s…' cannot blow up.
const maxPrinted = 64 << 10

// printfText formats like the printf utility: the format is reused while arguments remain, %s and %b
// take an argument as text (%b decoding escapes), %c its first character, %d/%i/%u/%x/%o a number.
func printfText(format string, args []string) (string, bool) {
	f := ansiC(format)
	var b strings.Builder
	next := func() string {
		if len(args) == 0 {
			return ""
		}
		a := args[0]
		args = args[1:]
		return a
	}
	for round := 0; ; round++ {
		used := false
		for i := 0; i < len(f); i++ {
			c := f[i]
			if c != '%' || i+1 >= len(f) {
				b.WriteByte(c)
				continue
			}
			i++
			// Flags, width and precision change padding only.
			for i < len(f) && strings.IndexByte("-+ #0123456789.", f[i]) >= 0 {
				i++
			}
			if i >= len(f) {
				break
			}
			switch f[i] {
			case '%':
				b.WriteByte('%')
			case 's':
				used = true
				b.WriteString(next())
			case 'b':
				used = true
				b.WriteString(ansiC(next()))
			case 'c':
				used = true
				if a := next(); a != "" {
					b.WriteByte(a[0])
				}
			case 'd', 'i', 'u':
				used = true
				n, _ := strconv.ParseInt(next(), 0, 64)
				b.WriteString(strconv.FormatInt(n, 10))
			case 'x', 'X', 'o':
				used = true
				n, _ := strconv.ParseInt(next(), 0, 64)
				base := 16
				if f[i] == 'o' {
					base = 8
				}
				s := strconv.FormatInt(n, base)
				if f[i] == 'X' {
					s = strings.ToUpper(s)
				}
				b.WriteString(s)
			default:
				return "", false
			}
			if b.Len() > maxPrinted {
				return "", false
			}
		}
		if !used || len(args) == 0 || round > 64 {
			break
		}
	}
	return b.String(), true
}

// trSet expands a tr operand: ranges (a-z) and escapes; character classes are not simulated.
func trSet(s string) ([]byte, bool) {
	s = ansiC(s)
	if strings.Contains(s, "[:") || strings.Contains(s, "[=") {
		return nil, false
	}
	var out []byte
	for i := 0; i < len(s); i++ {
		if i+2 < len(s) && s[i+1] == '-' && s[i] <= s[i+2] {
			for c := int(s[i]); c <= int(s[i+2]); c++ {
				out = append(out, byte(c))
			}
			i += 2
			continue
		}
		out = append(out, s[i])
	}
	return out, true
}

// trText simulates tr SET1 SET2 and tr -d SET1 on text.
func trText(args []arg, text string) (string, bool) {
	del := false
	var sets []string
	for _, a := range args {
		switch {
		case a.Value == "-d" || a.Value == "--delete":
			del = true
		case strings.HasPrefix(a.Value, "-") && len(a.Value) > 1:
			return "", false // -s, -c and friends are not simulated
		default:
			sets = append(sets, a.Value)
		}
	}
	if len(sets) == 0 {
		return "", false
	}
	from, ok := trSet(sets[0])
	if !ok {
		return "", false
	}
	var to []byte
	if !del {
		if len(sets) < 2 {
			return "", false
		}
		if to, ok = trSet(sets[1]); !ok || len(to) == 0 {
			return "", false
		}
	}
	var table [256]int16
	for i := range table {
		table[i] = int16(i)
	}
	for i, c := range from {
		switch {
		case del:
			table[c] = -1
		case i < len(to):
			table[c] = int16(to[i])
		default:
			table[c] = int16(to[len(to)-1])
		}
	}
	var b strings.Builder
	for i := 0; i < len(text); i++ {
		if t := table[text[i]]; t >= 0 {
			b.WriteByte(byte(t))
		}
	}
	return b.String(), true
}

// locate is what which, command -v and type -P print for a command name.
func locate(name string) string {
	if strings.Contains(name, "/") {
		return name
	}
	return "/usr/bin/" + name
}

// printedBy returns what the call prints when that follows from its arguments and input: the programs
// above plus the path utilities. input gives the call's standard input when it is known.
func (w *walker) printedBy(cl *call, input func() (string, bool)) (string, bool) {
	for _, a := range cl.Args {
		if a.Dynamic {
			return "", false
		}
	}
	ops := operands(cl.Args, "")
	switch cl.Name {
	case "printf":
		if len(cl.Args) == 0 {
			return "", false
		}
		args := make([]string, 0, len(cl.Args)-1)
		for _, a := range cl.Args[1:] {
			args = append(args, a.Value)
		}
		return printfText(cl.Args[0].Value, args)
	case "which", "whereis":
		if len(ops) == 0 {
			return "", false
		}
		return locate(ops[0].Value) + "\n", true
	case "command", "type":
		if !hasFlag(cl.Args, "vVP", "") || len(ops) == 0 {
			return "", false
		}
		return locate(ops[0].Value) + "\n", true
	case "whoami", "logname":
		return path.Base(w.home) + "\n", true
	case "basename":
		if len(ops) == 0 {
			return "", false
		}
		b := path.Base(ops[0].Value)
		if len(ops) > 1 {
			b = strings.TrimSuffix(b, ops[1].Value)
		}
		return b + "\n", true
	case "cd", "pushd", "true", ":", "export", "unset", "shopt":
		return "", true
	case "pwd":
		if cl.Cwd == "" {
			return "", false
		}
		return cl.Cwd + "\n", true
	case "realpath", "readlink":
		if len(ops) == 0 || !strings.HasPrefix(ops[0].Value, "/") || cl.Name == "readlink" && !hasFlag(cl.Args, "fem", "") {
			return "", false
		}
		return path.Clean(ops[0].Value) + "\n", true
	case "dirname":
		if len(ops) == 0 {
			return "", false
		}
		return path.Dir(ops[0].Value) + "\n", true
	case "tr":
		t, ok := input()
		if !ok {
			return "", false
		}
		return trText(cl.Args, t)
	}
	return "", false
}

// substText is what a command substitution yields when the walker knows the output of the calls that
// print it: their text with trailing newlines removed.
func (w *walker) substText(out []int) (string, bool) {
	t, ok := w.printedText(out)
	return strings.TrimRight(t, "\n"), ok
}

// printedText is the output of the calls out, in order, when the walker knows it.
func (w *walker) printedText(out []int) (string, bool) {
	if len(out) == 0 || len(out) > 8 {
		return "", false
	}
	var b strings.Builder
	for _, i := range out {
		if i >= len(w.calls) {
			return "", false
		}
		t, ok := w.pipedText(i, 0)
		if !ok || b.Len()+len(t) > maxPrinted {
			return "", false
		}
		b.WriteString(t)
	}
	return b.String(), true
}
