package safety

import "strings"

// How interpreters read their command line: which options hold program text (python -c, perl -e), which
// take a value (perl -MFile::Path=rmtree, ruby -r fileutils, node -r mod), and where the script operand is.
// Without the value options, perl -MFile::Path=remove_tree -e '…' read the -e as -M's value.

// interpSpec lists, for one language, its option letters: code holds program text, value takes a value
// attached or in the next word, attached takes a value only when attached.
type interpSpec struct{ code, value, attached string }

var interpSpecs = map[string]interpSpec{
	"python":    {code: "c", value: "WXQm"},
	"perl":      {code: "eE", value: "I", attached: "MmxlC0dDiVF"},
	"ruby":      {code: "e", value: "rICE", attached: "WTKx0i"},
	"node":      {code: "ep", value: "r"},
	"php":       {code: "rRBE", value: "dcfzSt"},
	"lua":       {code: "e", value: "l"},
	"Rscript":   {code: "e"},
	"pwsh":      {code: "c"},
	"bun":       {code: "e"},
	"osascript": {code: "e"},
}

// longValueOpts are long options of interpreters that take the next word as their value.
var longValueOpts = setOf("--require", "--import", "--loader", "--input-type", "--experimental-loader",
	"--env-file", "--conditions", "-File", "-ExecutionPolicy")

// longCodeOpts are long options whose value is program text.
var longCodeOpts = setOf("--eval", "--print", "-Command", "--command", "-command", "-EncodedCommand")

// interpArgs reads an interpreter's command line: the program texts given inline, the script operand if
// any, and whether the program comes from standard input (no script and no inline code, or the script
// "-" or /dev/stdin). A python -m module is neither.
func interpArgs(cl *call) (codes []arg, script *arg, stdin bool) {
	lang := interpLang(cl.Name)
	spec := interpSpecs[lang]
	args := cl.Args
	for i := 0; i < len(args); i++ {
		a := args[i]
		v := a.Value
		switch {
		case longCodeOpts[v]:
			if i+1 < len(args) {
				codes = append(codes, args[i+1])
				i++
			}
			continue
		case longValueOpts[v]:
			i++
			continue
		case lang == "deno" && v == "eval" && i+1 < len(args):
			return append(codes, args[i+1]), nil, false
		case v == "--":
			if i+1 < len(args) && len(codes) == 0 {
				s := args[i+1]
				return nil, &s, isStdinPath(s.Value)
			}
			return codes, nil, false
		case strings.HasPrefix(v, "--"):
			continue
		case a.Dynamic || len(v) < 2 || v[0] != '-':
			if len(codes) > 0 {
				return codes, nil, false // arguments of the inline program
			}
			if lang == "deno" && (v == "run" || v == "repl") {
				continue
			}
			s := a
			return nil, &s, isStdinPath(v)
		}
		for j := 1; j < len(v); j++ {
			c := v[j]
			rest := v[j+1:]
			if strings.IndexByte(spec.code, c) >= 0 {
				if rest != "" && lang != "perl" {
					b := a
					b.Value = rest
					codes = append(codes, b)
				} else if i+1 < len(args) {
					codes = append(codes, args[i+1])
					i++
				}
				break
			}
			if lang == "python" && c == 'm' {
				return codes, nil, false // a module runs
			}
			if lang == "php" && c == 'f' && rest == "" && i+1 < len(args) {
				s := args[i+1]
				return codes, &s, false
			}
			if strings.IndexByte(spec.attached, c) >= 0 {
				break
			}
			if strings.IndexByte(spec.value, c) >= 0 {
				if rest == "" {
					i++
				}
				break
			}
		}
	}
	return codes, nil, len(codes) == 0
}
