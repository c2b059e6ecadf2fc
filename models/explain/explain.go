// Package explain says what a shell command does without a model: each program it would run (wrapped
// ones and those a program runs itself, such as find -exec's), what the program does (assets/explain and
// the tldr pages), what each option given does with its long name, and how the parts connect.
package explain

import (
	"bufio"
	"fmt"
	"path"
	"strings"
	"sync"

	"github.com/cmdai/cmdai/assets"
	"github.com/cmdai/cmdai/internal/shellword"
	"github.com/cmdai/cmdai/ipc"
	"github.com/cmdai/cmdai/models/offline"
	"mvdan.cc/sh/v3/syntax"
)

// Steps explains cmd program by program, with the tldr pages of goos ("linux" or "darwin").
func Steps(cmd, goos string) []ipc.ExplainStep {
	return withPages(Programs(cmd), cmd, goos)
}

// Text writes an explanation as plain text: lead (a model's account, or ""), the programs, the verdict.
func Text(lead string, e ipc.Explanation) string {
	var b strings.Builder
	if lead != "" {
		b.WriteString(lead + "\n\n")
	}
	for _, s := range e.Steps {
		fmt.Fprintf(&b, "%s: %s\n", s.Program, s.Description)
	}
	fmt.Fprintf(&b, "\nRisk: %s\n", e.Risk)
	for _, f := range e.Findings {
		fmt.Fprintf(&b, "  %s: %s\n", f.Risk, f.Message)
	}
	return strings.TrimRight(b.String(), "\n")
}

// wrappers run the program named after their own options, which the explanation describes too.
var wrappers = map[string]bool{"sudo": true, "doas": true, "env": true, "nohup": true, "nice": true,
	"timeout": true, "xargs": true, "command": true, "exec": true, "time": true, "watch": true}

// wrapperValues are the wrappers' options whose value is the next word.
var wrapperValues = map[string]map[string]bool{
	"xargs":   {"-d": true, "-n": true, "-P": true, "-I": true, "-L": true, "-s": true, "-E": true, "-a": true},
	"sudo":    {"-u": true, "-g": true, "-C": true, "-D": true},
	"timeout": {"-s": true, "-k": true},
}

// Programs lists every program the command would run, wrapped ones included, in source order, each
// with what the utilities file says it does.
func Programs(cmd string) []ipc.ExplainStep {
	f, err := syntax.NewParser(syntax.KeepComments(false)).Parse(strings.NewReader(cmd), "")
	if err != nil {
		return []ipc.ExplainStep{{Program: "(unparsed)", Description: "the command could not be parsed as shell: " + err.Error()}}
	}
	var steps []ipc.ExplainStep
	var ops []string
	syntax.Walk(f, func(n syntax.Node) bool {
		switch n := n.(type) {
		case *syntax.BinaryCmd:
			ops = append(ops, n.Op.String())
		case *syntax.CallExpr:
			words := make([]string, len(n.Args))
			for i, w := range n.Args {
				if lit, ok := shellword.Literal(w); ok {
					words[i] = lit
				}
			}
			for i := 0; i < len(words); i++ {
				prog := path.Base(words[i])
				if words[i] == "" {
					steps = append(steps, ipc.ExplainStep{Program: printWord(n.Args[i]),
						Description: "a program named only when the command runs: cmdai cannot tell what it does"})
					break
				}
				steps = append(steps, ipc.ExplainStep{Program: prog, Args: printArgs(n.Args[i+1:]), Description: describe(prog)})
				if !wrappers[prog] {
					break
				}
				// Skip the wrapper's own options and settings to reach the program it runs.
				for i+1 < len(words) && (strings.HasPrefix(words[i+1], "-") || strings.Contains(words[i+1], "=") ||
					prog == "timeout" && isDuration(words[i+1])) {
					if wrapperValues[prog][words[i+1]] {
						i++ // "xargs -d '\n' rm": the delimiter is the option's, not a program
					}
					i++
				}
			}
		}
		return true
	})
	if len(ops) > 0 {
		var notes []string
		seen := map[string]bool{}
		for _, op := range ops {
			if seen[op] {
				continue
			}
			seen[op] = true
			switch op {
			case "|":
				notes = append(notes, "| sends each program's output into the next")
			case "&&":
				notes = append(notes, "&& runs the next part only when the one before succeeded")
			case "||":
				notes = append(notes, "|| runs the next part only when the one before failed")
			}
		}
		if len(notes) > 0 {
			steps = append(steps, ipc.ExplainStep{Program: "how the parts connect", Description: strings.Join(notes, "; ")})
		}
	}
	return steps
}

func isDuration(s string) bool {
	s = strings.TrimRight(s, "smhd")
	return s != "" && strings.Trim(s, "0123456789.") == ""
}

func printWord(w *syntax.Word) string {
	var b strings.Builder
	_ = syntax.NewPrinter().Print(&b, w)
	return b.String()
}

func printArgs(ws []*syntax.Word) string {
	parts := make([]string, len(ws))
	for i, w := range ws {
		parts[i] = printWord(w)
	}
	return strings.Join(parts, " ")
}

var utilities = sync.OnceValue(func() map[string]string {
	m := map[string]string{}
	sc := bufio.NewScanner(strings.NewReader(assets.Utilities))
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if name, desc, ok := strings.Cut(line, "\t"); ok {
			m[name] = desc
		}
	}
	return m
})

// describe says what a program does, from the utilities file; unknown ones say so.
func describe(prog string) string {
	if d, ok := utilities()[prog]; ok {
		return d
	}
	return "not in cmdai's list of programs: check its manual (man " + prog + ")"
}

// withPages adds what the tldr pages say to the steps: what each option given does, with its long name
// ("-r (--recursive): ..."), the summary of a program the utilities file does not know, and the
// programs a step runs itself (the rm of find -exec rm), which the shell's syntax does not show.
func withPages(steps []ipc.ExplainStep, cmd, goos string) []ipc.ExplainStep {
	pages := offline.ExplainCommand(cmd, goos)
	used := make([]bool, len(pages))
	for i := range steps {
		for j, p := range pages {
			if used[j] || p.Program != steps[i].Program && !strings.HasPrefix(p.Program, steps[i].Program+" ") {
				continue
			}
			used[j] = true
			if _, known := utilities()[steps[i].Program]; !known || p.Program != steps[i].Program {
				steps[i].Description = strings.TrimSuffix(p.Description, ".")
			}
			if len(p.Options) > 0 {
				steps[i].Description += "; " + strings.Join(p.Options, "; ")
			}
			break
		}
	}
	var more []ipc.ExplainStep
	for j, p := range pages {
		if used[j] {
			continue
		}
		d := describe(p.Program)
		if _, known := utilities()[p.Program]; !known {
			d = strings.TrimSuffix(p.Description, ".")
		}
		if len(p.Options) > 0 {
			d += "; " + strings.Join(p.Options, "; ")
		}
		more = append(more, ipc.ExplainStep{Program: p.Program, Description: d + " (run by the program before it)"})
	}
	if len(more) == 0 {
		return steps
	}
	at := len(steps)
	if at > 0 && steps[at-1].Program == "how the parts connect" {
		at--
	}
	return append(steps[:at], append(more, steps[at:]...)...)
}
