package safety

import "strings"

// Rules about command words that hide their name (hidden.go): a glob or a substitution standing for the
// program is never safe, and with destructive-looking arguments it is high. A name the walker resolved is
// also judged by that program's rules; a glob naming several known programs is judged as each of them.

func init() {
	genericRules = append(genericRules, ruleHiddenName)
}

func ruleHiddenName(c *checker, cl *call) {
	var what string
	switch cl.Hidden {
	case "glob":
		what = "glob characters"
	case "substitution":
		if cl.Dynamic {
			return // ruleDynamicCommand judges names only known at run time
		}
		if c.judgeCode(cl, c.codeOrigin(cl.NameSubs, 0), "the command name") {
			return
		}
		what = "a command substitution"
	default:
		return
	}
	r := Moderate
	if c.destructiveArgs(cl.Args) {
		r = High
	}
	msg := "runs " + cl.Name + ", a command name hidden behind " + what
	switch {
	case cl.Dynamic && len(cl.Candidates) > 0:
		names := cl.Candidates[:min(len(cl.Candidates), 6)]
		msg = "runs " + cl.Path + ", a glob that could name " + strings.Join(names, ", ")
		if len(cl.Candidates) > len(names) {
			msg += " and more"
		}
	case cl.Dynamic:
		msg = "runs " + cl.Path + ", a glob that names no program cmdai knows; what it runs cannot be told"
	}
	if r == High {
		msg += ", with destructive-looking arguments"
	}
	c.flagCall(cl, "exec.hidden-name", r, msg)
}

// judgeCandidates applies the rules of every program a globbed command word could name.
func (c *checker) judgeCandidates(cl *call) {
	for _, name := range cl.Candidates {
		sub := *cl
		sub.Name, sub.Dynamic = name, false
		n := len(c.findings)
		for _, r := range rulesByName[name] {
			r(c, &sub)
		}
		for i := n; i < len(c.findings); i++ {
			c.findings[i].Message = "if " + cl.Path + " is " + name + ": " + c.findings[i].Message
		}
	}
}
