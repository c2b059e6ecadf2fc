package policy

import (
	"slices"
	"testing"
)

func TestRestrictions(t *testing.T) {
	b := Bundle{Policies: []Policy{
		{Name: "juniors", Rules: []Rule{
			{Name: "no-rm", If: Conditions{UserHasRole: StringList{"Junior"}, CommandMatches: StringList{"rm -rf"}}, Then: "deny", Reason: "juniors may not run rm -rf"},
			{Name: "ok-ls", If: Conditions{CommandMatches: StringList{"ls"}}, Then: "allow"},
		}},
		{Name: "prod", Rules: []Rule{
			{Name: "prod", If: Conditions{Host: StringList{"prod-*"}}, Then: "approval_required", Reason: "production hosts need an approver"},
			{Name: "again", If: Conditions{Host: StringList{"db-*"}}, Then: "deny", Reason: "production hosts need an approver"},
		}},
		{Name: "code", Rego: "deny contains \"x\" if { true }"},
	}}
	if got, want := Restrictions(b, []string{"junior"}), []string{"juniors may not run rm -rf", "production hosts need an approver"}; !slices.Equal(got, want) {
		t.Fatalf("junior: %q, want %q", got, want)
	}
	if got, want := Restrictions(b, []string{"engineer"}), []string{"production hosts need an approver"}; !slices.Equal(got, want) {
		t.Fatalf("engineer: %q, want %q", got, want)
	}
	if got := Restrictions(Bundle{}, nil); got != nil {
		t.Fatalf("no policies: %q", got)
	}
}
