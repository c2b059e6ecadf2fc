package offline

import (
	"regexp"
	"strings"

	"github.com/cmdai/cmdai/models"
)

// A request that keeps a command's output in a shell variable ("save the current branch in a variable
// called branch", "set variable r to the running kernel release") is answered as NAME=$(command), the
// command being the engine's answer to the rest of the request.
var (
	// "... and save it in the variable 'path'", "... into a variable called n", "... to variable NP".
	varAfter = regexp.MustCompile(`(?i)[,;]?\s*(?:\b(?:and\s+)?(?:save|saves|store|stores|put|puts|keep|keeps|assign|assigns|capture|captures)\s+(?:it|them|that|this|the\s+(?:output|result)|its\s+output)\s+)?\b(?:in|into|to|as)\s+(?:a|the|shell|bash)?\s*(?:shell\s+|bash\s+)?variable\s+(?:called\s+|named\s+)?["'` + "`" + `]?\$?([A-Za-z_][A-Za-z0-9_]*)["'` + "`" + `]?`)
	// "... in 'var' variable", "... in the NUMCPU variable".
	varBefore = regexp.MustCompile(`(?i)[,;]?\s*\b(?:in|into|to|as)\s+(?:a\s+|the\s+)?["'` + "`" + `]?\$?([A-Za-z_][A-Za-z0-9_]*)["'` + "`" + `]?\s+(?:shell\s+|bash\s+)?variable\b`)
	// "set variable r to the running kernel release", "set the variable "OS" to ...".
	varSet = regexp.MustCompile(`(?i)^\s*(?:set|assign)\s+(?:the\s+)?(?:shell\s+|bash\s+)?variable\s+["'` + "`" + `]?\$?([A-Za-z_][A-Za-z0-9_]*)["'` + "`" + `]?\s+(?:to|as)\s+(?:the\s+(?:output|result)\s+of\s+)?`)
	// A word that asks to keep a value: without one, a variable named is what to read.
	varSaid = regexp.MustCompile(`(?i)\b(?:save|saves|saved|saving|store|stores|stored|storing|put|puts|keep|keeps|assign|assigns|capture|captures|set|sets)\b`)
	// "... and saves it", left when the variable was named before the verb's object.
	varTrailing = regexp.MustCompile(`(?i)[,;]?\s*\b(?:and\s+)?(?:save|saves|store|stores|put|puts|keep|keeps|capture|captures)(?:\s+(?:it|them|that|this|the\s+(?:output|result)))?\s*$`)
	// An example of the value: ", ie. x86_64", " (e.g. Linux)".
	varExample = regexp.MustCompile(`(?i)[,(]?\s*\b(?:ie|i\.e|eg|e\.g)\b\.?[,:]?\s.*$`)
	// The verb that asked to keep the output: what is left is asked to be shown.
	varVerb = regexp.MustCompile(`(?i)^\s*(?:save|saves|store|stores|put|puts|keep|keeps|assign|assigns|capture|captures|get|gets|set|sets|read|reads)\s+(?:the\s+(?:output|result)\s+of\s+)?`)
)

// variableClause splits a request that asks to keep an output in a variable into the variable's name
// and what to run, asked as a request of its own. It reports false when the request asks for no
// variable, or for one whose value is no command's output.
func variableClause(prompt string) (name, rest string, ok bool) {
	if !varSaid.MatchString(prompt) {
		return "", "", false // "the second line of the text in variable $data" reads one
	}
	if m := varSet.FindStringSubmatchIndex(prompt); m != nil {
		name, rest = prompt[m[2]:m[3]], "show "+prompt[m[1]:]
	} else {
		m := varAfter.FindStringSubmatchIndex(prompt)
		if m == nil {
			m = varBefore.FindStringSubmatchIndex(prompt)
		}
		if m == nil {
			return "", "", false
		}
		name = prompt[m[2]:m[3]]
		rest = strings.TrimSpace(prompt[:m[0]] + " " + prompt[m[1]:])
		if v := varVerb.FindStringIndex(rest); v != nil {
			rest = "show " + rest[v[1]:]
		}
	}
	if m := varExample.FindStringIndex(rest); m != nil {
		rest = rest[:m[0]] // "the running kernel release, ie. 4.4.0-81-generic": the example is no request
	}
	rest = varTrailing.ReplaceAllString(rest, "")
	rest = strings.TrimSpace(strings.TrimRight(strings.TrimSpace(rest), ".,;"))
	if len(strings.Fields(rest)) < 2 || strings.EqualFold(name, "variable") {
		return "", "", false
	}
	return name, rest, true
}

// notOutput are commands whose point is what they do, not what they print: no variable keeps them.
var notOutput = map[string]bool{
	"cd": true, "export": true, "unset": true, "read": true, "source": true, "alias": true, "rm": true, "mv": true,
	"cp": true, "ln": true, "mkdir": true, "rmdir": true, "chmod": true, "chown": true, "chgrp": true, "kill": true,
	"pkill": true, "killall": true, "touch": true, "sudo": true, "nohup": true, "watch": true, "less": true,
	"vim": true, "nano": true, "ssh": true, "crontab": true, "systemctl": true, "shutdown": true, "reboot": true,
	"apt": true, "dnf": true, "yum": true, "brew": true, "top": true, "htop": true,
}

// intoVariable answers a request to keep an output in a variable: the answer to the rest of the
// request, wrapped as NAME=$(command). It reports false when the request asks for no variable or the
// rest is not answered surely with a single command that prints something.
func (e *Engine) intoVariable(req models.Request, k int) ([]models.Response, bool) {
	name, rest, ok := variableClause(req.Prompt)
	if !ok {
		return nil, false
	}
	inner := req
	inner.Prompt = rest
	cands := e.Candidates(inner, k)
	if len(cands) == 0 || !Offered(cands[0]) {
		return nil, false
	}
	var out []models.Response
	for _, c := range cands {
		if !Offered(c) && len(out) > 0 || !printsOutput(c.Command) {
			continue
		}
		w := c
		w.Command = name + "=$(" + c.Command + ")"
		if x := strings.TrimSuffix(c.Explanation, "."); x != "" {
			w.Explanation = x + "; the output is kept in the variable " + name + "."
		}
		w.Alternatives = nil
		out = append(out, w)
	}
	if len(out) == 0 || out[0].Command != name+"=$("+cands[0].Command+")" {
		return nil, false
	}
	return out, true
}

// printsOutput reports whether cmd is one pipeline whose output a variable can keep: no second command,
// no redirection of its output, no assignment, and no command run for what it does.
func printsOutput(cmd string) bool {
	if cmd == "" || strings.ContainsAny(cmd, ";\n") || strings.Contains(cmd, "&&") || strings.Contains(cmd, "||") ||
		strings.Contains(cmd, " > ") || strings.Contains(cmd, " >> ") || strings.HasSuffix(cmd, "&") {
		return false
	}
	first, _, _ := strings.Cut(cmd, " ")
	if strings.Contains(first, "=") || notOutput[first] {
		return false
	}
	// A command that changes files while it prints (find -exec, xargs, sed -i, tee) or never ends (tail -f)
	// is no value to keep.
	for _, acts := range []string{" -exec", " -execdir", " -delete", "xargs ", "sed -i", "tee ", "tail -f", " -ok "} {
		if strings.Contains(" "+cmd, acts) {
			return false
		}
	}
	return true
}
