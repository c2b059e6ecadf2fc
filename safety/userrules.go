package safety

import "path"

// applyUserRules lets a person's deny rules raise, and allow rules lower, the findings of the calls they
// match. Deny wins: a call matched by both is denied.
func (c *checker) applyUserRules() {
	if len(c.opts.Allow) == 0 && len(c.opts.Deny) == 0 {
		return
	}
	allowed := map[int]bool{}
	for i := range c.calls {
		cl := &c.calls[i]
		if cl.Name == "" {
			continue
		}
		denied := false
		for _, r := range c.opts.Deny {
			if r.matches(cl) {
				risk := r.Risk
				if risk <= Safe || risk > Critical {
					risk = Critical
				}
				msg := r.Reason
				if msg == "" {
					msg = "your configuration denies " + r.Command
				}
				c.findings = append(c.findings, finding{call: i, Finding: Finding{Rule: "user.deny", Risk: risk,
					Span: cl.Span, Message: msg}})
				denied = true
			}
		}
		if denied {
			continue
		}
		for _, r := range c.opts.Allow {
			if r.matches(cl) {
				allowed[i] = true
				msg := r.Reason
				if msg == "" {
					msg = "your configuration allows " + r.Command
				}
				c.findings = append(c.findings, finding{call: i, Finding: Finding{Rule: "user.allow", Risk: Safe,
					Span: cl.Span, Message: msg}})
				break
			}
		}
	}
	if len(allowed) == 0 {
		return
	}
	for i := range c.findings {
		f := &c.findings[i]
		if f.call >= 0 && allowed[f.call] && f.Rule != "user.deny" {
			f.Risk = Safe
		}
	}
}

// matches compares the rule with the call's resolved name (or one of its wrappers) and arguments.
func (r Rule) matches(cl *call) bool {
	if r.Command == "" {
		return false
	}
	name := commandName(r.Command)
	if name != cl.Name && !containsStr(cl.Wrappers, name) {
		return false
	}
	for _, pat := range r.Args {
		found := false
		for _, a := range cl.Args {
			if ok, err := path.Match(pat, a.Value); (err == nil && ok) || pat == a.Value {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

func containsStr(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
