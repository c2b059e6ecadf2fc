package offline

import (
	"cmp"
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
	tpls := make([]tldr.Template, len(page.Examples)) // parsed once for every option given
	for i, ex := range page.Examples {
		tpls[i] = tldr.Parse(ex.Command)
	}
	// Options whose notes read one example's description share it ("-i, -vn: extract the sound from a
	// video"): it is what they do together, not what each does.
	type note struct{ names, desc string }
	var notes []note
	add := func(name, desc string) {
		for i, n := range notes {
			if n.names == name || desc != "" && n.desc == desc {
				if n.names != name && !slices.Contains(strings.Split(n.names, ", "), name) {
					notes[i].names += ", " + name
				}
				return
			}
		}
		notes = append(notes, note{name, desc})
	}
	for i, a := range args {
		if !strings.HasPrefix(a, "-") || a == "-" || a == "--" {
			continue
		}
		opt, value, _ := strings.Cut(a, "=")
		if value == "" && i+1 < len(args) {
			value = args[i+1]
		}
		if name, desc, ok := optionNote(page, tpls, opt, value); ok {
			add(name, desc)
			continue
		}
		if !strings.HasPrefix(a, "--") && len(a) > 2 {
			for _, r := range a[1:] { // -rf is -r -f
				if name, desc, ok := optionNote(page, tpls, "-"+string(r), ""); ok {
					add(name, desc)
				}
			}
		}
	}
	s := CommandStep{Program: name, Description: page.Description}
	for _, n := range notes {
		if n.desc == "" {
			s.Options = append(s.Options, n.names)
		} else {
			s.Options = append(s.Options, n.names+": "+n.desc)
		}
	}
	return s, true
}

// optionNote says what option opt, followed in the command by value ("" when it is last), does on
// page, whose examples' commands tpls holds parsed: the description of the example most about it, with its long form from {{[-s|--long]}}. An
// example's description is about all of it, so the one to read uses the fewest other options and
// literal words, and a value that fits the command's (see valueFits): "tail -n +count" prints from a
// line on, which says nothing of "tail -n 15". When no example's value fits, the option's name says it
// alone; so it does when every example also uses other options ("mount -t iso9660 -o ro" mounts a
// CD-ROM) and the option has a long name that says what it does, or uses two or more others.
func optionNote(page *tldr.Page, tpls []tldr.Template, opt, value string) (name, desc string, ok bool) {
	long := longName(tpls, opt)
	type use struct {
		exampleUse
		desc     string
		mismatch bool
	}
	var best *use
	for i, ex := range page.Examples {
		u, ok := optionUse(tpls[i], opt, long)
		if !ok {
			continue
		}
		c := use{u, ex.Description, !valueFits(u.value, value)}
		if best == nil || c.mismatch != best.mismatch && !c.mismatch ||
			c.mismatch == best.mismatch && cmp.Or(cmp.Compare(c.others, best.others), cmp.Compare(c.literals, best.literals), cmp.Compare(len(c.desc), len(best.desc))) < 0 {
			best = &c
		}
	}
	name = opt
	if long != "" {
		name += " (" + long + ")"
	}
	named := long != "" || strings.HasPrefix(opt, "--")
	switch {
	case best == nil && !named:
		return "", "", false
	case best == nil || best.mismatch || named && (best.others > 0 || best.literals > 0) || best.others > 1:
		return name, "", true
	}
	desc = best.desc
	if best.value != "" && value != "" && isNumber(best.value) && isNumber(value) && strings.Contains(" "+desc+" ", " "+best.value+" ") {
		// "Show last 5 lines in file" says what {{[-5|--lines 5]}} does; "-n 15" shows 15, and "-n 1"
		// is no "1 lines".
		if value == "1" {
			return name, "", true
		}
		desc = replaceWord(desc, best.value, value)
	}
	return name, strings.ToLower(desc[:1]) + desc[1:], true
}

// replaceWord replaces the words of s that are old with new.
func replaceWord(s, old, new string) string {
	words := strings.Split(s, " ")
	for i, w := range words {
		if w == old {
			words[i] = new
		}
	}
	return strings.Join(words, " ")
}

// longName is opt's long form in a page's examples tpls, from the first {{[-s|--long]}} that spells it;
// "" when none does. A bundle's is all of its long options: {{[-sh|--summarize --human-readable]}}.
func longName(tpls []tldr.Template, opt string) string {
	for _, t := range tpls {
		for _, h := range t.Holes() {
			if h.Kind != tldr.KindOption || !slices.Contains(optionForms(h), opt) {
				continue
			}
			for _, f := range optionForms(h) {
				if strings.HasPrefix(f, "--") && f != opt {
					return f
				}
			}
		}
	}
	return ""
}

// optionForms are the options an option hole spells: each alternative's first word when the rest is its
// value ({{[-5|--lines 5]}} spells -5 and --lines), the whole alternative when it is a bundle
// ({{[-auL|--archive --update --copy-links]}} is no --archive alone).
func optionForms(h *tldr.Hole) []string {
	forms := make([]string, 0, len(h.Alts))
	for _, a := range h.Alts {
		f := strings.Fields(a)
		switch {
		case len(f) == 0:
		case !slices.ContainsFunc(f, func(w string) bool { return !strings.HasPrefix(w, "-") }):
			forms = append(forms, strings.Join(f, " "))
		default:
			forms = append(forms, f[0])
		}
	}
	return forms
}

// exampleUse is how an example uses an option: how many other options and literal arguments it has
// (each makes its description less about the option: "ss -t src :443"), and the option's value as the
// example writes it ("5" of "--lines 5", "+" of "-n +{{count}}", "" of a hole).
type exampleUse struct {
	others, literals int
	value            string
}

// optionUse reports whether template t uses opt or its long form, and how: its other options and
// literal words are counted in the program's own part of a pipeline ("sort | uniq -c" is uniq's -c
// alone).
func optionUse(t tldr.Template, opt, long string) (exampleUse, bool) {
	is := func(w string) bool { return w == opt || long != "" && w == long }
	type token struct {
		word string
		hole *tldr.Hole
	}
	var segments [][]token
	var seg []token
	for _, p := range t {
		if p.Hole != nil {
			seg = append(seg, token{hole: p.Hole})
			continue
		}
		// Text glued to a hole ("+{{count}}", ":{{group}}") is a word of its own here; only its + matters.
		for _, w := range strings.Fields(p.Text) {
			if w == "|" || w == "&&" || w == ";" {
				segments, seg = append(segments, seg), nil
				continue
			}
			seg = append(seg, token{word: w})
		}
	}
	segments = append(segments, seg)
	for _, seg := range segments {
		for len(seg) > 0 && (seg[0].word == "sudo" || seg[0].hole != nil && seg[0].hole.Kind != tldr.KindOption) {
			seg = seg[1:]
		}
		for len(seg) > 0 && seg[0].hole == nil && !strings.HasPrefix(seg[0].word, "-") {
			seg = seg[1:] // the program and its subcommands ("git reset --hard")
		}
		var u exampleUse
		found := false
		for i, tk := range seg {
			switch {
			case tk.hole != nil && tk.hole.Kind == tldr.KindOption:
				forms := optionForms(tk.hole)
				if !slices.ContainsFunc(forms, is) {
					if len(forms) > 0 && strings.HasPrefix(forms[0], "-") {
						u.others++
					}
					continue
				}
				found = true
				for _, a := range tk.hole.Alts {
					if f := strings.Fields(a); len(f) > 1 && is(f[0]) { // {{[-5|--lines 5]}}: the value is inside
						u.value = f[1]
					}
				}
				if u.value == "" && i+1 < len(seg) && seg[i+1].hole == nil {
					u.value = seg[i+1].word
				}
			case tk.hole != nil:
			case is(tk.word):
				found = true
				if i+1 < len(seg) && seg[i+1].hole == nil {
					u.value = seg[i+1].word
				}
			case strings.HasPrefix(tk.word, "-") && len(tk.word) > 1:
				u.others++
			case (i == 0 || seg[i-1].hole != nil || !is(seg[i-1].word)) && strings.ContainsFunc(tk.word, isWordRune):
				u.literals++ // quotes and redirections around holes say nothing
			}
		}
		if found {
			return u, true
		}
	}
	return exampleUse{}, false
}

// valueFits reports whether a command's value for an option is of the kind an example's is: both
// with the same leading sign ("tail -n +{{count}}" starts at a line, "-n 15" counts lines; "date -d
// @{{timestamp}}" reads a timestamp), and the same word where the example writes one that is no number
// ("ssh-keygen -t rsa" says nothing of "-t ed25519").
func valueFits(example, value string) bool {
	sign := func(s string) byte {
		if s != "" && strings.ContainsRune("+@:=", rune(s[0])) {
			return s[0]
		}
		return 0
	}
	if sign(example) != sign(value) {
		return false
	}
	example = strings.Trim(example, `"'`) // a quote around a hole: '{{characters}}'
	if example == "" || value == "" || sign(example) != 0 || strings.HasPrefix(example, "-") || isNumber(example) {
		return true
	}
	return example == strings.Trim(value, `"'`)
}
