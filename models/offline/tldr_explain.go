package offline

import (
	"path"
	"slices"
	"strings"

	"github.com/cmdai/cmdai/internal/shellword"
	"github.com/cmdai/cmdai/models/offline/tldr"
	"mvdan.cc/sh/v3/syntax"
)

// CommandStep is what one program of a command does, in the tldr pages' words.
type CommandStep struct {
	Program     string
	Description string
	// Options say what each option given does, with its long name where the pages give one:
	// "-r (--recursive): remove specific files and directories recursively".
	Options []string
}

// ExplainCommand describes every program cmd runs (those -exec and xargs run included) from the tldr
// pages for goos. Programs the pages do not know are left out; nil when none is known or cmd does not
// parse.
func ExplainCommand(cmd, goos string) []CommandStep {
	x := tldrIndex()
	if x == nil {
		return nil
	}
	platform := tldr.Linux
	if platformOf(goos) == "darwin" {
		platform = tldr.OSX
	}
	f, err := syntax.NewParser().Parse(strings.NewReader(cmd), "")
	if err != nil {
		return nil
	}
	var steps []CommandStep
	syntax.Walk(f, func(n syntax.Node) bool {
		call, ok := n.(*syntax.CallExpr)
		if !ok {
			return true
		}
		var words []string
		for _, w := range call.Args {
			v, ok := shellword.Literal(w)
			if !ok {
				v = "" // a word only the running shell can spell names nothing here
			}
			words = append(words, v)
		}
		for len(words) > 0 {
			prog := path.Base(words[0])
			rest := words[1:]
			if prog == "." || words[0] == "" {
				break
			}
			next := -1
			for i, w := range rest {
				if w == "-exec" || w == "-execdir" || w == "-ok" || prog == "xargs" && !strings.HasPrefix(w, "-") ||
					(prog == "sudo" || prog == "nohup" || prog == "time" || prog == "nice") && !strings.HasPrefix(w, "-") {
					next = i
					break
				}
			}
			own := rest
			if next >= 0 {
				own = rest[:next]
				if rest[next] == "-exec" || rest[next] == "-execdir" || rest[next] == "-ok" {
					own = append(own[:next:next], rest[next])
					next++
				}
			}
			if s, ok := explainProgram(x, prog, own, platform); ok {
				steps = append(steps, s)
			}
			if next < 0 || next >= len(rest) {
				break
			}
			words = rest[next:]
		}
		return true
	})
	return steps
}

// explainProgram describes prog with args from its page, or a subcommand's page ("git commit").
func explainProgram(x *tldr.Index, prog string, args []string, platform string) (CommandStep, bool) {
	page := x.PageOf(prog, platform)
	name := prog
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		if sub := x.PageOf(prog+"-"+args[0], platform); sub != nil {
			page, name, args = sub, prog+" "+args[0], args[1:]
		}
	}
	if page == nil {
		return CommandStep{}, false
	}
	s := CommandStep{Program: name, Description: page.Description}
	for _, a := range args {
		if !strings.HasPrefix(a, "-") || a == "-" || a == "--" {
			continue
		}
		opt, _, _ := strings.Cut(a, "=")
		if note, ok := optionNote(page, opt); ok {
			if !slices.Contains(s.Options, note) {
				s.Options = append(s.Options, note)
			}
			continue
		}
		if !strings.HasPrefix(a, "--") && len(a) > 2 {
			for _, r := range a[1:] { // -rf is -r -f
				if note, ok := optionNote(page, "-"+string(r)); ok && !slices.Contains(s.Options, note) {
					s.Options = append(s.Options, note)
				}
			}
		}
	}
	return s, true
}

// optionNote says what option opt does on page: the description of the shortest example that uses
// it, with its long form from {{[-s|--long]}}.
func optionNote(page *tldr.Page, opt string) (string, bool) {
	var desc, long string
	for _, ex := range page.Examples {
		tpl := tldr.Parse(ex.Command)
		uses := false
		for _, p := range tpl {
			switch {
			case p.Hole != nil && p.Hole.Kind == tldr.KindOption && slices.Contains(p.Hole.Alts, opt):
				uses = true
				for _, a := range p.Hole.Alts {
					if strings.HasPrefix(a, "--") && a != opt {
						long = a
					}
				}
			case p.Hole == nil && slices.Contains(strings.Fields(p.Text), opt):
				uses = true
			}
		}
		if uses && (desc == "" || len(ex.Description) < len(desc)) {
			desc = ex.Description
		}
	}
	if desc == "" {
		return "", false
	}
	name := opt
	if long != "" {
		name += " (" + long + ")"
	}
	return name + ": " + strings.ToLower(desc[:1]) + desc[1:], true
}
