package offline

import (
	"strings"

	"github.com/cmdai/cmdai/internal/shellword"
	"mvdan.cc/sh/v3/syntax"
)

// sayOptions adds to expl what the options of cmd's first program do, as the [say.UTIL] vocabulary
// words them, when expl does not say so already: an explanation matches the command it explains ("ls
// -a" lists hidden files too; "tar -xzvf x -C d" extracts into d).
func (e *Engine) sayOptions(cmd, expl string) string {
	f, err := syntax.NewParser().Parse(strings.NewReader(cmd), "")
	if err != nil || len(f.Stmts) == 0 {
		return expl
	}
	call, ok := f.Stmts[0].Cmd.(*syntax.CallExpr)
	if !ok || len(call.Args) == 0 {
		return expl
	}
	name := call.Args[0].Lit()
	words := e.cat.vocab["say."+name]
	if len(words) == 0 {
		return expl
	}
	say := make(map[string]string, len(words)) // option -> words
	for text, opts := range words {
		for _, opt := range strings.Fields(opts) { // "with everything in it = -r -R"
			if prev, ok := say[opt]; !ok || text < prev { // one wording per option, the same every time
				say[opt] = text
			}
		}
	}
	args := make([]string, 0, len(call.Args)-1)
	for _, w := range call.Args[1:] {
		v, ok := shellword.Literal(w)
		if !ok {
			v = ""
		}
		args = append(args, v)
	}
	var add []string
	for i, a := range args {
		if !strings.HasPrefix(a, "-") || a == "-" || strings.HasPrefix(a, "--") {
			continue
		}
		opts := []string{a}
		if len(a) > 2 {
			// -xzvf is -x -z -v -f; an option with a value (-C d) stands alone.
			opts = opts[:0]
			for _, r := range a[1:] {
				opts = append(opts, "-"+string(r))
			}
		}
		for _, o := range opts {
			text, ok := say[o]
			if !ok {
				continue
			}
			if strings.Contains(text, "{arg}") {
				if len(opts) > 1 || i+1 >= len(args) || args[i+1] == "" {
					continue
				}
				text = strings.ReplaceAll(text, "{arg}", args[i+1])
			}
			said := strings.ToLower(expl)
			if !strings.Contains(said, strings.ToLower(text)) && !strings.Contains(said, strings.ToLower(strings.TrimPrefix(text, "with "))) && !contains(add, text) {
				add = append(add, text)
			}
		}
	}
	if len(add) == 0 {
		return expl
	}
	return strings.TrimRight(expl, ". ") + ", " + strings.Join(add, ", ")
}

// sayInverted turns an explanation of grep's matching lines into one of the lines that do not match
// when the command inverts the match (-v): "Print the lines of app.log that match 'DEBUG'" is
// said of grep -v 'DEBUG' app.log as "... that do not match 'DEBUG'".
func sayInverted(cmd, expl string) string {
	first, _, _ := strings.Cut(cmd, " | ")
	ws := strings.Fields(first)
	if len(ws) == 0 || ws[0] != "grep" {
		return expl
	}
	for _, w := range ws[1:] {
		if strings.HasPrefix(w, "-") && !strings.HasPrefix(w, "--") && strings.Contains(w, "v") {
			return strings.Replace(expl, " that match ", " that do not match ", 1)
		}
	}
	return expl
}
