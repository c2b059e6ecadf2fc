package safety

import (
	"encoding/base64"
	"encoding/hex"
	"regexp"
	"strings"
)

// What interpreters' programs do to files: the calls of Python, Perl, Ruby, Node and PHP that delete,
// overwrite or append, with their target when it is a literal. Expressions for the home directory
// (os.path.expanduser("~"), Path.home(), Dir.home, os.homedir(), $ENV{HOME} …) are replaced by the home
// directory first, and literal concatenations and path joins folded, so shutil.rmtree(Path.home()) is
// seen deleting /home/user. This reads program text as text: it is not a parser for these languages,
// and a target it cannot read leaves the operation dynamic.

// codeOpKind is what a program does to a file.
type codeOpKind int

const (
	opDelete     codeOpKind = iota // one file or an empty directory
	opDeleteTree                   // a directory and everything under it
	opWrite                        // overwrite
	opAppend
)

// codeOp is one file operation found in a program; target is empty when it is not a literal.
type codeOp struct {
	kind   codeOpKind
	target string
	fn     string
}

// maxCodeOps bounds the operations read from one program.
const maxCodeOps = 64

// homeExprs are expressions that evaluate to the home directory, in any of the languages.
var homeExprs = []string{
	"pathlib.Path.home()", "Path.home()", `Path("~").expanduser()`, `Path('~').expanduser()`,
	`os.environ["HOME"]`, `os.environ['HOME']`, `os.environ.get("HOME")`, `os.environ.get('HOME')`,
	`os.getenv("HOME")`, `os.getenv('HOME')`, `os.path.expanduser("~")`, `os.path.expanduser('~')`,
	"Dir.home", `ENV["HOME"]`, `ENV['HOME']`, `ENV.fetch("HOME")`, `ENV.fetch('HOME')`,
	`File.expand_path("~")`, `File.expand_path('~')`,
	`require("os").homedir()`, `require('os').homedir()`, "os.homedir()", "process.env.HOME",
	`process.env["HOME"]`, `process.env['HOME']`, "Deno.env.get(\"HOME\")",
	"$ENV{HOME}", "$ENV{'HOME'}", `$ENV{"HOME"}`, `getenv("HOME")`, `getenv('HOME')`, `$_SERVER['HOME']`,
	"(getpwuid($<))[7]", "$env:USERPROFILE", "$HOME", "$env:HOME",
}

// homeFirst are the bytes a home expression, or an interpolation around one, can start with.
var homeFirst = func() (set [256]bool) {
	for _, e := range homeExprs {
		set[e[0]] = true
	}
	set['#'], set['$'], set['{'] = true, true, true
	return set
}()

// homeCalls take a literal starting with ~ and return it expanded.
var homeCalls = []string{"os.path.expanduser(", "File.expand_path(", "Path(", "pathlib.Path("}

// resolveHome replaces home-directory expressions in code with the home directory: quoted where the
// expression stands alone, bare inside a string literal (Perl's "$ENV{HOME}/x", Ruby's "#{Dir.home}/x").
func resolveHome(code, home string) string {
	if !strings.Contains(code, "HOME") && !strings.Contains(code, "home") && !strings.Contains(code, "~") &&
		!strings.Contains(code, "USERPROFILE") && !strings.Contains(code, "getpwuid") {
		return code
	}
	var b strings.Builder
	var quote byte
	for i := 0; i < len(code); i++ {
		c := code[i]
		if quote != 0 && c == '\\' && i+1 < len(code) {
			b.WriteByte(c)
			b.WriteByte(code[i+1])
			i++
			continue
		}
		if quote == 0 || quote == '"' || quote == '`' {
			if n, ok := matchHome(code[i:]); ok {
				if quote == 0 {
					b.WriteString(`"` + home + `"`)
				} else {
					b.WriteString(home)
				}
				i += n - 1
				continue
			}
		}
		if quote == 0 {
			if n, lit, ok := matchHomeCall(code[i:], home); ok {
				b.WriteString(`"` + lit + `"`)
				i += n - 1
				continue
			}
		}
		switch {
		case quote == 0 && (c == '"' || c == '\'' || c == '`'):
			quote = c
		case quote == c:
			quote = 0
		}
		b.WriteByte(c)
	}
	return b.String()
}

// matchHome matches a home expression at the start of s, with Ruby's #{…} and JavaScript's ${…}
// interpolation around it; it returns the length matched.
func matchHome(s string) (int, bool) {
	if s == "" || !homeFirst[s[0]] {
		return 0, false // no home expression starts with this byte
	}
	for _, open := range []string{"#{", "${", "{"} {
		if rest, ok := strings.CutPrefix(s, open); ok {
			for _, e := range homeExprs {
				if strings.HasPrefix(rest, e) && strings.HasPrefix(rest[len(e):], "}") {
					return len(open) + len(e) + 1, true
				}
			}
		}
	}
	for _, e := range homeExprs {
		if strings.HasPrefix(s, e) {
			if e == "$HOME" && len(s) > len(e) && isIdentByte(s[len(e)]) {
				continue // $HOMEDIR is another variable
			}
			return len(e), true
		}
	}
	return 0, false
}

func isIdentByte(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// matchHomeCall matches os.path.expanduser("~/x"), File.expand_path("~/x") and Path("~/x").expanduser()
// at the start of s and returns the length matched and the expanded path.
func matchHomeCall(s, home string) (int, string, bool) {
	for _, fn := range homeCalls {
		if !strings.HasPrefix(s, fn) {
			continue
		}
		rest := s[len(fn):]
		if len(rest) < 3 || rest[0] != '"' && rest[0] != '\'' {
			return 0, "", false
		}
		end := strings.IndexByte(rest[1:], rest[0])
		if end < 0 {
			return 0, "", false
		}
		lit := rest[1 : end+1]
		after := rest[end+2:]
		if !strings.HasPrefix(lit, "~") || !strings.HasPrefix(after, ")") {
			return 0, "", false
		}
		n := len(fn) + end + 3
		if strings.HasPrefix(fn, "Path") || strings.HasPrefix(fn, "pathlib") {
			if !strings.HasPrefix(after, ").expanduser()") {
				return 0, "", false
			}
			n += len(".expanduser()")
		}
		return n, home + lit[1:], true
	}
	return 0, "", false
}

var (
	// foldConcat joins adjacent literals: "a" + "b", "a" . "b" (Perl), "a" "b"; foldConcatSingle the same
	// in single quotes.
	foldConcat       = regexp.MustCompile(`"([^"\\]*)"\s*[+.]?\s*"([^"\\]*)"`)
	foldConcatSingle = regexp.MustCompile(`'([^'"\\]*)'\s*[+.]\s*'([^'"\\]*)'`)
	// foldJoin folds two-literal path joins of every language.
	foldJoin = regexp.MustCompile(`(?:os\.path\.join|File\.join|path\.join|path\.resolve|Path|pathlib\.Path|join_paths|catfile|File::Spec->catfile)\(\s*"([^"\\]*)"\s*,\s*"([^"\\]*)"\s*\)`)
	// foldDiv folds pathlib's / operator: Path("a") / "b", and "a" / "b" once Path.home() is resolved.
	foldDiv = regexp.MustCompile(`(?:(?:Path|pathlib\.Path)\(\s*"([^"\\]*)"\s*\)|"([^"\\]*)")\s*/\s*"([^"\\]*)"`)
	// singleQuoted turns '…' into "…" so the folds see one kind of quote.
	singleQuoted = regexp.MustCompile(`'([^'"\\\n]*)'`)
)

// maxFoldText bounds the programs whose literals are folded: the regular expressions cost a few
// hundred nanoseconds a byte, and inline programs are short.
const maxFoldText = 16 << 10

// foldLiterals folds concatenations and joins of literals, a few rounds at most.
func foldLiterals(code string) string {
	if len(code) > maxFoldText {
		return code
	}
	if strings.Count(code, `"`)+strings.Count(code, "'") < 4 {
		return code // fewer than two literals: nothing to fold
	}
	if strings.IndexByte(code, '\'') >= 0 {
		code = singleQuoted.ReplaceAllString(code, `"$1"`)
	}
	joins := strings.Contains(code, "join") || strings.Contains(code, "Path(") || strings.Contains(code, "resolve(") ||
		strings.Contains(code, "catfile")
	divs := strings.Contains(code, "/ \"") || strings.Contains(code, "/\"")
	for range 4 {
		next := code
		if joins {
			next = foldJoin.ReplaceAllStringFunc(next, func(m string) string {
				sm := foldJoin.FindStringSubmatch(m)
				return `"` + joinPath(sm[1], sm[2]) + `"`
			})
		}
		if divs {
			next = foldDiv.ReplaceAllStringFunc(next, func(m string) string {
				sm := foldDiv.FindStringSubmatch(m)
				return `Path("` + joinPath(sm[1]+sm[2], sm[3]) + `")`
			})
		}
		next = foldConcat.ReplaceAllString(next, `"$1$2"`)
		if next == code {
			break
		}
		code = next
	}
	return code
}

func joinPath(a, b string) string {
	if strings.HasPrefix(b, "/") {
		return b
	}
	if a == "" || strings.HasSuffix(a, "/") {
		return a + b
	}
	return a + "/" + b
}

// opFuncs are the calls that act on the file named by their first argument. A name starting with a dot
// is a method, whatever its receiver (require("fs").rmSync(, fs.rmSync(); any other name must not follow
// a word character or a dot (os.unlink( is not unlink(, myunlink( is neither).
var opFuncs = []struct {
	name string
	kind codeOpKind
}{
	{"shutil.rmtree(", opDeleteTree}, {"rmtree(", opDeleteTree}, {"remove_tree(", opDeleteTree},
	{"rmtree ", opDeleteTree}, {"remove_tree ", opDeleteTree},
	{"FileUtils.rm_rf(", opDeleteTree}, {"FileUtils.rm_r(", opDeleteTree}, {"FileUtils.remove_dir(", opDeleteTree},
	{"FileUtils.remove_entry(", opDeleteTree}, {"FileUtils.remove_entry_secure(", opDeleteTree},
	{"FileUtils.rm_rf ", opDeleteTree}, {"FileUtils.rm_r ", opDeleteTree},
	{"rimraf(", opDeleteTree}, {"rimraf.sync(", opDeleteTree}, {"fse.remove(", opDeleteTree},
	{"fse.removeSync(", opDeleteTree},
	{".rmSync(", opDelete}, {".rm(", opDelete}, {".rmdirSync(", opDelete}, {".rmdir(", opDelete},
	{"rmSync(", opDelete}, {"rmdirSync(", opDelete}, {"Deno.remove(", opDelete},
	{"os.remove(", opDelete}, {"os.unlink(", opDelete}, {"os.rmdir(", opDelete}, {"os.removedirs(", opDelete},
	{".unlinkSync(", opDelete}, {"unlinkSync(", opDelete}, {"File.delete(", opDelete}, {"File.unlink(", opDelete},
	{"FileUtils.rm(", opDelete}, {"FileUtils.rm_f(", opDelete}, {"Dir.rmdir(", opDelete}, {"Dir.delete(", opDelete},
	{"unlink(", opDelete}, {"unlink ", opDelete}, {"rmdir(", opDelete},
	{"os.truncate(", opWrite}, {"truncate(", opWrite}, {".writeFileSync(", opWrite}, {".writeFile(", opWrite},
	{".createWriteStream(", opWrite}, {"File.write(", opWrite}, {"IO.write(", opWrite},
	{"file_put_contents(", opWrite}, {"Deno.writeTextFile(", opWrite},
	{".appendFileSync(", opAppend}, {".appendFile(", opAppend},
}

// pathMethods act on the path their receiver names: Path("x").unlink().
var pathMethods = []struct {
	name string
	kind codeOpKind
}{
	{".unlink(", opDelete}, {".rmdir(", opDelete}, {".write_text(", opWrite}, {".write_bytes(", opWrite},
}

// codeOps lists the file operations in code, its home expressions already resolved.
func codeOps(code string) []codeOp {
	code = foldLiterals(code)
	var ops []codeOp
	add := func(op codeOp) bool {
		ops = append(ops, op)
		return len(ops) < maxCodeOps
	}
	for _, f := range opFuncs {
		for rest := code; ; {
			i := strings.Index(rest, f.name)
			if i < 0 {
				break
			}
			if f.name[0] != '.' && i > 0 && (isIdentByte(rest[i-1]) || rest[i-1] == '.') {
				rest = rest[i+len(f.name):]
				continue
			}
			if f.name[0] == '.' && f.name != ".rm(" && f.name != ".rmdir(" && i > 0 && !isIdentByte(rest[i-1]) && rest[i-1] != ')' {
				rest = rest[i+len(f.name):]
				continue
			}
			args := rest[i+len(f.name):]
			rest = args
			kind := f.kind
			first := firstArg(args)
			target := literalPath(first)
			if kind == opDelete && strings.Contains(callArgs(args), "recursive") {
				kind = opDeleteTree // fs.rmSync(p, {recursive: true}), Deno.remove(p, {recursive: true})
			}
			if f.name == "truncate(" || f.name == "os.truncate(" {
				if !strings.HasSuffix(strings.TrimSpace(callArgs(args)), "0") {
					continue
				}
			}
			if !add(codeOp{kind: kind, target: target, fn: strings.Trim(f.name, ".( ")}) {
				return ops
			}
		}
	}
	for _, m := range pathMethods {
		for rest := code; ; {
			i := strings.Index(rest, m.name)
			if i < 0 {
				break
			}
			recv := receiverPath(rest[:i])
			rest = rest[i+len(m.name):]
			if recv == "" {
				continue // os.unlink( and the like are read above; other receivers cannot be known
			}
			if !add(codeOp{kind: m.kind, target: recv, fn: strings.Trim(m.name, ".(")}) {
				return ops
			}
		}
	}
	ops = append(ops, openOps(code)...)
	return ops
}

// maxArgText bounds the text read as one call's arguments, so that a program of unclosed calls costs
// linear time.
const maxArgText = 1 << 10

// callArgs is the text of a call's arguments, args starting just after its opening parenthesis.
func callArgs(args string) string {
	if len(args) > maxArgText {
		args = args[:maxArgText]
	}
	depth := 0
	for i := 0; i < len(args); i++ {
		switch args[i] {
		case '(', '[', '{':
			depth++
		case ')', ']', '}':
			if depth == 0 {
				return args[:i]
			}
			depth--
		case '"', '\'':
			if j := strings.IndexByte(args[i+1:], args[i]); j >= 0 {
				i += j + 1
			}
		case ';', '\n':
			if depth == 0 {
				return args[:i]
			}
		}
	}
	return args
}

// firstArg is the first argument of a call.
func firstArg(args string) string {
	a := callArgs(args)
	depth := 0
	for i := 0; i < len(a); i++ {
		switch a[i] {
		case '(', '[', '{':
			depth++
		case ')', ']', '}':
			depth--
		case '"', '\'':
			if j := strings.IndexByte(a[i+1:], a[i]); j >= 0 {
				i += j + 1
			}
		case ',':
			if depth == 0 {
				return strings.TrimSpace(a[:i])
			}
		}
	}
	return strings.TrimSpace(a)
}

// literalPath reads a path from an argument: a literal, or a literal inside Path(…), glob(…), qw(…).
func literalPath(e string) string {
	e = strings.TrimSpace(e)
	for _, w := range []string{"Path(", "pathlib.Path(", "glob(", "Dir.glob(", "File.expand_path(", "path.resolve(",
		"new File(", "Pathname.new(", "Pathname("} {
		if rest, ok := strings.CutPrefix(e, w); ok {
			e = strings.TrimSuffix(strings.TrimSpace(rest), ")")
			if w == "Path(" || w == "pathlib.Path(" {
				e = strings.TrimSuffix(strings.TrimSpace(e), ".expanduser()")
			}
			break
		}
	}
	if rest, ok := strings.CutPrefix(e, "glob "); ok {
		e = strings.TrimSpace(rest)
	}
	e = strings.TrimSpace(e)
	if len(e) < 2 || e[0] != '"' && e[0] != '\'' || e[len(e)-1] != e[0] {
		return ""
	}
	return e[1 : len(e)-1]
}

// receiverPath reads the path of the expression just before a method call: Path("x") in Path("x").unlink(.
func receiverPath(before string) string {
	before = strings.TrimRight(before, " \t")
	if strings.HasSuffix(before, `"`) {
		if i := strings.LastIndexByte(before[:len(before)-1], '"'); i >= 0 {
			return before[i+1 : len(before)-1] // "/home/u".rmdir(), once Path.home() is resolved
		}
	}
	if !strings.HasSuffix(before, ")") {
		return ""
	}
	depth := 0
	for i := len(before) - 1; i >= 0; i-- {
		switch before[i] {
		case ')':
			depth++
		case '(':
			depth--
			if depth == 0 {
				start := i
				for start > 0 && (isIdentByte(before[start-1]) || before[start-1] == '.') {
					start--
				}
				if start == i {
					return literalPath(before[i+1 : len(before)-1]) // (Path.home() / ".bashrc")
				}
				return literalPath(before[start:])
			}
		}
	}
	return ""
}

// openModes recognise writes by open(): Python's open(path, "w"), Ruby's File.open(path, "w"), and
// Perl's open(FH, ">", path) and open(FH, ">path").
var (
	openWrite = regexp.MustCompile(`(?:^|[^\w.])(?:open|File\.open|io\.open|codecs\.open)\(\s*("[^"]*")\s*,\s*"([wax])b?\+?"`)
	perlOpen3 = regexp.MustCompile(`open\s*\(?\s*(?:my\s+)?[$\w]+\s*,\s*"(>>?|\+>)"\s*,\s*("[^"]*")`)
	perlOpen2 = regexp.MustCompile(`open\s*\(?\s*(?:my\s+)?[$\w]+\s*,\s*"(>>?)\s*([^"]+)"`)
)

func openOps(code string) []codeOp {
	var ops []codeOp
	for _, m := range openWrite.FindAllStringSubmatch(code, maxCodeOps) {
		k := opWrite
		if m[2] == "a" {
			k = opAppend
		}
		ops = append(ops, codeOp{kind: k, target: literalPath(m[1]), fn: "open"})
	}
	for _, m := range perlOpen3.FindAllStringSubmatch(code, maxCodeOps) {
		k := opWrite
		if m[1] == ">>" {
			k = opAppend
		}
		ops = append(ops, codeOp{kind: k, target: literalPath(m[2]), fn: "open"})
	}
	for _, m := range perlOpen2.FindAllStringSubmatch(code, maxCodeOps) {
		k := opWrite
		if m[1] == ">>" {
			k = opAppend
		}
		ops = append(ops, codeOp{kind: k, target: strings.TrimSpace(m[2]), fn: "open"})
	}
	return ops
}

// decodeCalls decode a literal argument: base64, hex and rot13 in each language.
var decodeCalls = []struct {
	fn     string
	decode func(string) (string, bool)
}{
	{"base64.b64decode(", decodeB64}, {"base64.standard_b64decode(", decodeB64}, {"base64.urlsafe_b64decode(", decodeB64},
	{"b64decode(", decodeB64}, {"Base64.decode64(", decodeB64}, {"Base64.strict_decode64(", decodeB64},
	{"decode_base64(", decodeB64}, {"atob(", decodeB64}, {"base64_decode(", decodeB64},
	{"bytes.fromhex(", decodeHex}, {"binascii.unhexlify(", decodeHex}, {"hex2bin(", decodeHex},
	{"codecs.decode(", decodeRot13}, {"str_rot13(", decodeRot13},
	{"Buffer.from(", decodeBuffer},
}

func decodeB64(s string) (string, bool) {
	s = strings.TrimSpace(s)
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.URLEncoding, base64.RawStdEncoding, base64.RawURLEncoding} {
		if b, err := enc.DecodeString(s); err == nil {
			return string(b), true
		}
	}
	return "", false
}

func decodeHex(s string) (string, bool) {
	b, err := hex.DecodeString(strings.TrimSpace(s))
	return string(b), err == nil
}

func decodeRot13(s string) (string, bool) {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z':
			return 'a' + (r-'a'+13)%26
		case r >= 'A' && r <= 'Z':
			return 'A' + (r-'A'+13)%26
		}
		return r
	}, s), true
}

// decodeBuffer is Node's Buffer.from(s, "base64" or "hex"), its encoding checked by the caller.
func decodeBuffer(s string) (string, bool) { return "", false }

// decodeLiterals replaces decoding calls on literals with the text they decode to, quoted, so that
// os.system(base64.b64decode('cm0gLXJmIH4=')) is read as os.system("rm -rf ~"). It reports whether it
// decoded anything.
func decodeLiterals(code string) (string, bool) {
	if !strings.ContainsAny(code, "(") || len(code) > maxFoldText {
		return code, false
	}
	decoded := false
	for _, d := range decodeCalls {
		for from := 0; ; {
			i := strings.Index(code[from:], d.fn)
			if i < 0 {
				break
			}
			i += from
			args := callArgs(code[i+len(d.fn):])
			end := i + len(d.fn) + len(args) + 1
			if end > len(code) {
				break
			}
			lit := literalPath(firstArg(code[i+len(d.fn):]))
			text, ok := "", false
			switch {
			case lit == "":
			case d.fn == "Buffer.from(":
				switch {
				case strings.Contains(args, `"base64"`) || strings.Contains(args, `'base64'`):
					text, ok = decodeB64(lit)
				case strings.Contains(args, `"hex"`) || strings.Contains(args, `'hex'`):
					text, ok = decodeHex(lit)
				}
			case d.fn == "codecs.decode(":
				if strings.Contains(args, "rot13") || strings.Contains(args, "rot_13") {
					text, ok = decodeRot13(lit)
				}
			default:
				text, ok = d.decode(lit)
			}
			if !ok || strings.ContainsAny(text, "\"\\\x00") {
				from = i + len(d.fn)
				continue
			}
			// Trailing .decode(), .toString() and the like are left to read as text.
			code = code[:i] + `"` + text + `"` + code[end:]
			decoded = true
			from = i + len(text) + 2
		}
	}
	return code, decoded
}

// execFuncs take a command as a list of strings, with or without brackets: system "rm", "-rf", "/".
var execFuncs = []string{"system", "exec", "spawn", "spawnSync", "execFile", "execFileSync", "execvp", "execv",
	"execl", "execlp", "Popen", "run", "call", "check_call", "check_output", "popen", "passthru", "proc_open",
	"IO.popen", "Open3.capture2", "Open3.popen3", "Process.spawn", "pcntl_exec"}

// quotedCommands are Perl's and Ruby's command quotes: qx(…), qx{…}, %x(…), %x{…}.
var quotedCommands = regexp.MustCompile(`(?:qx|%x)(?:\(([^)]*)\)|\{([^}]*)\})`)

// argLists joins the literals of every exec call's arguments, in order, into one command line, and
// adds the commands of qx(…) and %x(…).
func argLists(code string) []string {
	var out []string
	for _, m := range quotedCommands.FindAllStringSubmatch(code, 16) {
		out = append(out, m[1]+m[2])
	}
	for _, fn := range execFuncs {
		for from := 0; len(out) < 16; {
			i := strings.Index(code[from:], fn)
			if i < 0 {
				break
			}
			i += from
			from = i + len(fn)
			if i > 0 && isIdentByte(code[i-1]) || from < len(code) && isIdentByte(code[from]) {
				continue
			}
			rest := strings.TrimLeft(code[from:], " \t")
			rest = strings.TrimPrefix(rest, "(")
			if ls := literals(callArgs(rest)); len(ls) > 1 {
				out = append(out, strings.Join(ls, " "))
			}
		}
	}
	return out
}
