// Package anon turns commands into anonymised training records: a command becomes a template of its
// shell syntax tree in which every word that could identify a person, a machine or a secret (paths,
// addresses, emails, host names, URLs, tokens, passwords, free text) is a typed placeholder, and the
// request that produced it is kept only as a hash. What a template keeps is the shape of the command:
// program names, subcommands, flags, operators, redirections and variable names.
package anon

import (
	"net/netip"
	"regexp"
	"strings"

	"github.com/cmdai/cmdai/internal/shellword"
	"mvdan.cc/sh/v3/syntax"
)

// The placeholders a template holds in place of what it leaves out.
const (
	PlaceholderPath   = "<PATH>"
	PlaceholderIP     = "<IP>"
	PlaceholderEmail  = "<EMAIL>"
	PlaceholderHost   = "<HOST>"
	PlaceholderURL    = "<URL>"
	PlaceholderToken  = "<TOKEN>"
	PlaceholderSecret = "<SECRET>"
	PlaceholderNumber = "<NUM>"
	PlaceholderString = "<STRING>"
	PlaceholderArg    = "<ARG>"
	// PlaceholderUnparsed is the whole template of a command the shell parser refuses: nothing of it
	// is kept.
	PlaceholderUnparsed = "<UNPARSED>"
)

var (
	emailRE = regexp.MustCompile(`^[^@\s/]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$`)
	// userHostRE is ssh's user@host[:path].
	userHostRE = regexp.MustCompile(`^[^@\s/]+@[A-Za-z0-9.-]+(:.*)?$`)
	urlRE      = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9+.-]*://`)
	// hostRE is a dotted name whose last label is alphabetic (db.prod.example.com, api.internal).
	hostRE = regexp.MustCompile(`^([A-Za-z0-9-]+\.)+[A-Za-z][A-Za-z0-9-]*\.?(:\d+)?$`)
	// wordRE is what a template keeps of an argument as it is: a plain lower-case word (a subcommand,
	// a keyword), not a name with digits or capitals, which could be anyone's.
	wordRE = regexp.MustCompile(`^[a-z][a-z-]{0,23}$`)
	// programRE is a program name kept as it is: no slash, no digits beyond a version suffix.
	programRE = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_.+-]{0,39}$`)
	flagRE    = regexp.MustCompile(`^--?[A-Za-z][A-Za-z0-9-]{0,39}$`)
	numberRE  = regexp.MustCompile(`^[0-9]{1,6}$`)
	// tokenRE are the well-known shapes of credentials: AWS access keys, GitHub and GitLab tokens, Slack
	// tokens, JWTs, Stripe and OpenAI keys, PEM headers.
	tokenRE = regexp.MustCompile(`(AKIA|ASIA)[0-9A-Z]{16}|gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}|glpat-[A-Za-z0-9_-]{16,}|xox[abpr]-[A-Za-z0-9-]{10,}|eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}|sk_(live|test)_[A-Za-z0-9]{10,}|sk-[A-Za-z0-9_-]{16,}|-----BEGIN`)
	// secretNameRE names a variable or an option whose value is a secret.
	secretNameRE = regexp.MustCompile(`(?i)pass|pwd|secret|token|key|auth|credential|cookie|session|signature|private`)
)

// secretFlags are options whose value (the next word, or after '=') is a secret whatever it looks like.
var secretFlags = map[string]bool{
	"-p": true, "--password": true, "--passwd": true, "--pass": true, "--token": true, "--secret": true,
	"--api-key": true, "--apikey": true, "--key": true, "--auth": true, "-P": true, "--client-secret": true,
	"--access-token": true, "--bearer": true, "--private-key": true, "--sshpass": true, "-k": false,
}

// keptLiterals are arguments that name nothing of anyone's: kept as they are.
var keptLiterals = map[string]bool{"/dev/null": true, "/dev/stdout": true, "/dev/stderr": true, "-": true, ".": true,
	"..": true, "{}": true, ";": true, `\;`: true, "+": true, "/": true}

// fileExtensions tell a file name (notes.txt) from a host name (db.internal): both become placeholders,
// of their kind.
var fileExtensions = map[string]bool{"txt": true, "log": true, "json": true, "yaml": true, "yml": true, "toml": true,
	"tar": true, "gz": true, "tgz": true, "zip": true, "xz": true, "bz2": true, "sh": true, "py": true, "go": true,
	"js": true, "ts": true, "md": true, "conf": true, "cfg": true, "ini": true, "csv": true, "sql": true, "pem": true,
	"key": true, "crt": true, "pdf": true, "png": true, "jpg": true, "html": true, "xml": true, "env": true, "bak": true,
	"c": true, "h": true, "rs": true, "java": true, "rb": true, "php": true, "lock": true, "mod": true, "sum": true}

// userFlags are options whose value names a person or a credential pair (curl -u user:password).
var userFlags = map[string]bool{"-u": true, "--user": true, "--username": true, "-U": true, "--login": true, "-l": true}

// headerFlags are options whose value is an HTTP header, which often carries a credential.
var headerFlags = map[string]bool{"-H": true, "--header": true}

// Template returns cmd as a template: its syntax tree printed back with every word that is not
// plainly part of the command's shape replaced by a typed placeholder. A command the parser refuses
// is PlaceholderUnparsed.
func Template(cmd string) string {
	f, err := syntax.NewParser(syntax.KeepComments(false), syntax.Variant(syntax.LangBash)).Parse(strings.NewReader(cmd), "")
	if err != nil {
		return PlaceholderUnparsed
	}
	t := &templater{done: map[*syntax.Word]bool{}}
	syntax.Walk(f, func(n syntax.Node) bool {
		switch n := n.(type) {
		case *syntax.CallExpr:
			t.call(n)
		case *syntax.Assign:
			t.assign(n)
		case *syntax.Word:
			// Any word no rule above took (a for loop's list, a test's operands, a case's subject):
			// hidden as it looks.
			if !t.done[n] {
				t.setWord(n, classifyWord(n, ""))
			}
		case *syntax.Redirect:
			switch {
			case n.Word == nil:
			case n.Op == syntax.Hdoc || n.Op == syntax.DashHdoc:
				t.setWord(n.Word, "EOF") // the delimiter; the body is hidden below
			case (n.Op == syntax.DplOut || n.Op == syntax.DplIn) && fdRE.MatchString(wordText(n.Word)):
				t.done[n.Word] = true // 2>&1: a file descriptor
			default:
				t.setWord(n.Word, classifyWord(n.Word, ""))
			}
			if n.Hdoc != nil {
				t.setWord(n.Hdoc, PlaceholderString+"\n")
			}
		case *syntax.Comment:
			n.Text = ""
		}
		return true
	})
	var b strings.Builder
	if err := syntax.NewPrinter(syntax.SingleLine(true)).Print(&b, f); err != nil {
		return PlaceholderUnparsed
	}
	return strings.TrimSpace(b.String())
}

// templater rewrites a syntax tree's words into placeholders, each once.
type templater struct {
	done map[*syntax.Word]bool
}

var fdRE = regexp.MustCompile(`^([0-9]{1,2}-?|-)$`)

// wordText is the word's literal text, or "" when it has expansions.
func wordText(w *syntax.Word) string {
	if s, ok := shellword.Literal(w); ok {
		return s
	}
	return ""
}

// assign hides an assignment's value (FOO=bar cmd, export FOO=bar): a secret when the name
// says so, else what the value looks like.
func (t *templater) assign(a *syntax.Assign) {
	if a.Value == nil {
		return
	}
	if secretNameRE.MatchString(a.Name.Value) {
		t.setWord(a.Value, PlaceholderSecret)
		return
	}
	t.setWord(a.Value, classifyWord(a.Value, ""))
}

// call hides a simple command's arguments, keeping the program name, plain subcommands and
// flags; a flag's value goes as the flag says (a password, a user, a header) or as it looks.
func (t *templater) call(c *syntax.CallExpr) {
	prev := ""
	for i, w := range c.Args {
		t.done[w] = true // what is kept as it is, too
		lit, plain := shellword.Literal(w)
		switch {
		case i == 0 || prev == "sudo" || prev == "env" || prev == "exec" || prev == "command" || prev == "nohup" || prev == "time":
			// The program: kept when it is a bare name (a path to it could name a person or a project).
			if !plain || !programRE.MatchString(lit) {
				t.setWord(w, classifyWord(w, ""))
			}
			if plain {
				prev = lit
			} else {
				prev = ""
			}
			continue
		case secretFlags[prev]:
			t.setWord(w, PlaceholderSecret)
		case userFlags[prev]:
			if plain && strings.Contains(lit, ":") {
				t.setWord(w, PlaceholderSecret)
			} else {
				t.setWord(w, classifyWord(w, "user"))
			}
		case headerFlags[prev]:
			t.setWord(w, PlaceholderSecret)
		case plain && strings.HasPrefix(lit, "-p") && len(lit) > 2 && !strings.HasPrefix(lit, "--") && (highEntropy(lit[2:]) || !wordRE.MatchString(lit[2:])):
			// mysql -pPASSWORD: the password glued to its flag.
			t.setWord(w, "-p"+PlaceholderSecret)
		case plain && flagRE.MatchString(lit):
			// A flag: kept.
		case plain && strings.HasPrefix(lit, "-") && strings.Contains(lit, "="):
			name, value, _ := strings.Cut(lit, "=")
			if !flagRE.MatchString(name) {
				t.setWord(w, PlaceholderArg)
				break
			}
			switch {
			case secretFlags[name] || secretNameRE.MatchString(name) || headerFlags[name]:
				t.setWord(w, name+"="+PlaceholderSecret)
			case userFlags[name]:
				t.setWord(w, name+"="+classifyLiteral(value, "user"))
			default:
				t.setWord(w, name+"="+classifyLiteral(value, ""))
			}
		case plain && strings.HasPrefix(lit, "-") && !flagRE.MatchString(lit):
			t.setWord(w, PlaceholderArg)
		default:
			t.setWord(w, classifyWord(w, ""))
		}
		if plain {
			prev = lit
		} else {
			prev = ""
		}
	}
}

// quoted reports whether the word is one quoted string.
func quoted(w *syntax.Word) bool {
	if len(w.Parts) != 1 {
		return false
	}
	switch w.Parts[0].(type) {
	case *syntax.SglQuoted, *syntax.DblQuoted:
		return true
	}
	return false
}

// classifyWord is the placeholder for a word, or the word itself when the template keeps it. A word
// with expansions keeps the expansions that are only a variable's name ($HOME, ${DIR}) and commands
// substituted (templated on their own by the walk), and hides its literal text.
func classifyWord(w *syntax.Word, hint string) string {
	if lit, plain := shellword.Literal(w); plain {
		if quoted(w) {
			if c := classifyLiteral(lit, hint); c != lit && c != PlaceholderArg {
				return c
			}
			return PlaceholderString
		}
		if c := classifyLiteral(lit, hint); c != lit {
			return c
		}
		return source(w) // kept as written: an escaped \; stays escaped
	}
	return "" // keep the word's structure: setWord hides its literal parts only
}

// source is the word as the command wrote it.
func source(w *syntax.Word) string {
	var b strings.Builder
	if err := syntax.NewPrinter().Print(&b, w); err != nil {
		return PlaceholderArg // a word the parser gave cannot fail to print; hide it if it ever does
	}
	return b.String()
}

// classifyLiteral is the placeholder for a word's text, or the text itself when it is safe to keep.
func classifyLiteral(s, hint string) string {
	t := strings.Trim(s, `"'`)
	switch {
	case t == "":
		return s
	case tokenRE.MatchString(t):
		return PlaceholderToken
	case urlRE.MatchString(t):
		return PlaceholderURL
	case emailRE.MatchString(t):
		return PlaceholderEmail
	case userHostRE.MatchString(t):
		return PlaceholderHost
	case isIP(t):
		return PlaceholderIP
	case keptLiterals[t]:
		return s
	case strings.ContainsAny(t, "/~") || strings.HasPrefix(t, "."):
		return PlaceholderPath
	case hostRE.MatchString(t) && fileExtensions[strings.ToLower(t[strings.LastIndexByte(t, '.')+1:])]:
		return PlaceholderPath
	case hostRE.MatchString(t):
		return PlaceholderHost
	case numberRE.MatchString(t):
		return PlaceholderNumber
	case strings.Contains(t, "=") || strings.Contains(t, ":"):
		return PlaceholderSecret
	case hint == "user":
		return PlaceholderArg
	case wordRE.MatchString(t) && !highEntropy(t):
		return s
	case len(t) >= 16 && highEntropy(t):
		return PlaceholderToken
	}
	return PlaceholderArg
}

// isIP reports an IPv4 or IPv6 address, with a port, a prefix length or a zone.
func isIP(s string) bool {
	if _, err := netip.ParseAddr(s); err == nil {
		return true
	}
	if _, err := netip.ParsePrefix(s); err == nil {
		return true
	}
	if _, err := netip.ParseAddrPort(s); err == nil {
		return true
	}
	if h, _, ok := strings.Cut(s, ":"); ok {
		if _, err := netip.ParseAddr(h); err == nil && strings.Count(s, ":") == 1 {
			return true
		}
	}
	return false
}

// highEntropy reports a word that mixes letters and digits or cases the way generated secrets do.
func highEntropy(s string) bool {
	var lower, upper, digit int
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z':
			lower++
		case r >= 'A' && r <= 'Z':
			upper++
		case r >= '0' && r <= '9':
			digit++
		}
	}
	classes := 0
	for _, n := range []int{lower, upper, digit} {
		if n > 0 {
			classes++
		}
	}
	return classes >= 2 && len(s) >= 8
}

// setWord replaces what a word says by placeholder. An empty placeholder keeps the word's expansions
// (variables by name, command substitutions, which the walk templates on their own) and hides its
// literal parts, quoted or not.
func (t *templater) setWord(w *syntax.Word, placeholder string) {
	t.done[w] = true
	if placeholder != "" {
		w.Parts = []syntax.WordPart{&syntax.Lit{Value: placeholder}}
		return
	}
	w.Parts = hideLiterals(w.Parts)
}

func hideLiterals(parts []syntax.WordPart) []syntax.WordPart {
	out := make([]syntax.WordPart, 0, len(parts))
	for _, p := range parts {
		switch p := p.(type) {
		case *syntax.Lit:
			if p.Value != "" {
				out = append(out, &syntax.Lit{Value: classifyFragment(p.Value)})
			}
		case *syntax.SglQuoted:
			out = append(out, &syntax.Lit{Value: PlaceholderString})
		case *syntax.DblQuoted:
			p.Parts = hideLiterals(p.Parts)
			out = append(out, p)
		case *syntax.ParamExp:
			// ${x:-default} and ${x/pattern/replacement} carry text: keep the name only.
			out = append(out, &syntax.ParamExp{Short: p.Short && p.Exp == nil && p.Repl == nil && p.Slice == nil,
				Param: p.Param, Length: p.Length})
		default:
			out = append(out, p)
		}
	}
	return out
}

// classifyFragment is the placeholder for literal text beside an expansion ($HOME/.ssh/id_rsa's
// "/.ssh/id_rsa"): a path stays a path.
func classifyFragment(s string) string {
	if strings.ContainsAny(s, "/~") {
		return PlaceholderPath
	}
	if s == "-" || s == "." || s == "=" || s == ":" {
		return s
	}
	return classifyLiteral(s, "")
}
