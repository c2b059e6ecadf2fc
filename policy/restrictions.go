package policy

import (
	"slices"
	"strings"
)

// Restrictions are the reasons of the bundle's structured deny and approval_required rules that can
// apply to a person with these roles, in bundle order and without repeats: what a model is told so that
// it writes commands the policy allows. Rego policies say nothing here (their rules are code); the gate
// enforces every policy whatever the model writes.
func Restrictions(b Bundle, roles []string) []string {
	var out []string
	for _, p := range b.Policies {
		for _, r := range p.Rules {
			if r.Then != "deny" && r.Then != "approval_required" || strings.TrimSpace(r.Reason) == "" {
				continue
			}
			if len(r.If.UserHasRole) > 0 && !slices.ContainsFunc(r.If.UserHasRole, func(role string) bool {
				return slices.ContainsFunc(roles, func(mine string) bool { return strings.EqualFold(mine, role) })
			}) {
				continue
			}
			if !slices.Contains(out, r.Reason) {
				out = append(out, r.Reason)
			}
		}
	}
	return out
}
