package policy_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/cmdai/cmdai/policy"
	"github.com/cmdai/cmdai/safety"
)

// The structured form reads the same from JSON and YAML, a single string standing for a list of one.
func TestParseJSONAndYAML(t *testing.T) {
	js := `{"name":"p","default":"deny","rules":[{"name":"r","if":{"user_has_role":"junior",
		"command_matches":["rm -rf","dd"],"risk_at_least":"high","path_under":["/etc"],
		"time_window":{"days":["mon"],"from":"09:00","to":"17:30","tz":"Europe/Paris"},"host":"prod-*"},
		"unless":{"path_under":"/tmp"},"then":"deny","reason":"no"}]}`
	yml := `
name: p
default: deny
rules:
  - name: r
    if:
      user_has_role: junior
      command_matches: [rm -rf, dd]
      risk_at_least: high
      path_under: [/etc]
      time_window: {days: [mon], from: "09:00", to: "17:30", tz: Europe/Paris}
      host: prod-*
    unless:
      path_under: /tmp
    then: deny
    reason: "no"
`
	a, err := policy.Parse("", []byte(js))
	if err != nil {
		t.Fatal(err)
	}
	b, err := policy.Parse("", []byte(yml))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(a, b) {
		t.Errorf("json %+v\nyaml %+v", a, b)
	}
	r := a.Rules[0]
	if a.Name != "p" || a.Default != "deny" || len(r.If.CommandMatches) != 2 || r.If.UserHasRole[0] != "junior" ||
		r.If.TimeWindow.To != "17:30" || r.Unless.PathUnder[0] != "/tmp" {
		t.Errorf("parsed %+v", a)
	}
	if c, err := policy.Parse("renamed", []byte(js)); err != nil || c.Name != "renamed" {
		t.Errorf("the name given wins: %q, %v", c.Name, err)
	}
}

// Every problem is reported at once, each naming its rule and field.
func TestValidationNamesRuleAndField(t *testing.T) {
	for _, tc := range []struct {
		src  string
		want []string
	}{
		{`{"name":"p","rules":[{"name":"a","iff":{"host":"x"},"then":"allow"}]}`, []string{`rule 1 (a): unknown field "iff"`}},
		{`{"name":"p","rules":[{"name":"a","if":{"hots":"x"},"then":"allow"}]}`, []string{`rule 1 (a): unknown field "hots"`}},
		{`{"name":"p","rules":[{"name":"a","if":{"host":3},"then":"allow"}]}`, []string{`rule 1 (a): `, "string"}},
		{`{"name":"p","rules":[{"name":"a","if":{"host":"x"},"then":"forbid"}]}`, []string{`rule 1 (a): then: "forbid" is not allow, deny or approval_required`}},
		{`{"name":"p","rules":[{"name":"a","if":{"host":"x"}}]}`, []string{`rule 1 (a): then: missing`}},
		{`{"name":"p","rules":[{"name":"a","if":{"host":"x"},"then":"deny"}]}`, []string{`rule 1 (a): reason: a rule that says deny needs a reason`}},
		{`{"name":"p","rules":[{"name":"a","if":{},"then":"allow"}]}`, []string{`rule 1 (a): if: a rule needs at least one condition`}},
		{`{"name":"p","rules":[{"if":{"host":"x"},"then":"allow"}]}`, []string{`rule 1: name: a rule needs a name`}},
		{`{"name":"p","rules":[{"name":"a","if":{"host":"x"},"then":"allow"},{"name":"a","if":{"host":"y"},"then":"allow"}]}`,
			[]string{`rule 2 (a): name: another rule has this name`}},
		{`{"name":"p","rules":[{"name":"a","if":{"user_has_role":["junior","jnuior"]},"then":"allow"}]}`,
			[]string{`rule 1 (a): if.user_has_role: unknown role "jnuior"`}},
		{`{"name":"p","rules":[{"name":"a","if":{"command_matches":"-rf"},"then":"allow"}]}`,
			[]string{`rule 1 (a): if.command_matches: "-rf" starts with a flag`}},
		{`{"name":"p","rules":[{"name":"a","if":{"command_matches":" "},"then":"allow"}]}`,
			[]string{`rule 1 (a): if.command_matches: an empty pattern`}},
		{`{"name":"p","rules":[{"name":"a","if":{"risk_at_least":"severe"},"then":"allow"}]}`,
			[]string{`rule 1 (a): if.risk_at_least: unknown risk level "severe"`}},
		{`{"name":"p","rules":[{"name":"a","if":{"path_under":"etc"},"then":"allow"}]}`,
			[]string{`rule 1 (a): if.path_under: "etc" is not an absolute path`}},
		{`{"name":"p","rules":[{"name":"a","if":{"time_window":{"from":"9am","to":"25:00","days":["funday"],"tz":"Mars/Olympus"}},"then":"allow"}]}`,
			[]string{`rule 1 (a): if.time_window.from: "9am" is not a time of day`, `if.time_window.to: "25:00"`,
				`if.time_window.days: "funday" is not a day`, `if.time_window.tz: "Mars/Olympus"`}},
		{`{"name":"p","rules":[{"name":"a","if":{"host":"x"},"unless":{},"then":"allow"}]}`,
			[]string{`rule 1 (a): unless: an unless needs at least one condition`}},
		{`{"name":"p","rules":[{"name":"a","if":{"host":"x"},"unless":{"risk_at_least":"x"},"then":"allow"}]}`,
			[]string{`rule 1 (a): unless.risk_at_least`}},
		{`{"name":"p","default":"maybe","rules":[{"name":"a","if":{"host":"x"},"then":"allow"}]}`, []string{`default: "maybe" is not allow or deny`}},
		{`{"name":"p"}`, []string{`rules: a policy needs rules or Rego`}},
		{`{"rules":[{"name":"a","if":{"host":"x"},"then":"allow"}]}`, []string{`name: a policy needs a name`}},
		{`{"name":"p","rulez":[]}`, []string{`unknown field "rulez"`}},
		{"name: [unclosed", []string{`neither Rego nor JSON or YAML`}},
	} {
		_, err := policy.Parse("", []byte(tc.src))
		if err == nil {
			t.Errorf("%s: no error", tc.src)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s:\n%v\nwant %q", tc.src, err, w)
			}
		}
	}
	_, err := policy.Parse("", []byte(`{"name":"p","rules":[{"name":"a","if":{"host":"x"},"then":"forbid"},{"name":"b","if":{},"then":"allow"}]}`))
	var ve *policy.ValidationError
	if !errors.As(err, &ve) || len(ve.Problems) != 2 || ve.Problems[1].Rule != "rule 2 (b)" || ve.Problems[1].Field != "if" {
		t.Errorf("both problems, as a ValidationError: %#v", err)
	}
}

// The Rego of a structured policy defines each shared test once, however many rules use it, and writes
// a rule whose conditions have alternatives as one definition per combination, for OPA's rule index.
func TestRegoSourceShape(t *testing.T) {
	var b strings.Builder
	b.WriteString("name: many\nrules:\n")
	for i := range 10 {
		fmt.Fprintf(&b, "  - {name: r%d, if: {host: h%d, command_matches: [ls, cat]}, then: allow}\n", i, i)
	}
	b.WriteString("  - {name: d, if: {user_has_role: [junior, readonly], command_matches: [rm -rf, dd]}, then: deny, reason: no}\n")
	p, err := policy.Parse("", []byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	src := p.RegoSource()
	if n := strings.Count(src, `not c.names["ls"]`); n != 1 {
		t.Errorf("the ls test is written %d times:\n%s", n, src)
	}
	if n := strings.Count(src, `deny contains {"order": 10, "rule": "d", "reason": "no"} if {`); n != 4 {
		t.Errorf("rule d has %d definitions, want 4:\n%s", n, src)
	}
	for _, want := range []string{"\tinput.roles[\"readonly\"]\n\tinput.facts.programs[\"dd\"]\n",
		`allow contains {"order": 9, "rule": "r9", "reason": ""} if {` + "\n\tinput.host == \"h9\"\n"} {
		if !strings.Contains(src, want) {
			t.Errorf("no %q in:\n%s", want, src)
		}
	}
}

// Names and reasons reach the Rego as strings, whatever they hold.
func TestRegoSourceQuotes(t *testing.T) {
	p, err := policy.Parse("", []byte(`{"name":"p\"}\n","rules":[{"name":"a\" if { true } #","if":{"command_matches":"rm\" -x"},"then":"deny","reason":"\"} deny contains \"x"}]}`))
	if err != nil {
		t.Fatalf("%v\n%s", err, p.RegoSource())
	}
}

// FuzzParse feeds Parse arbitrary text: it must never panic, and a policy it accepts compiles into a set
// that evaluates a command without error.
func FuzzParse(f *testing.F) {
	if b, err := os.ReadFile("testdata/juniors.yaml"); err == nil {
		f.Add(b)
	}
	for _, s := range []string{`{"name":"p","rules":[{"name":"a","if":{"host":"prod-*"},"then":"allow"}]}`,
		"package x\n\ndeny contains \"no\" if \"rm\" in input.facts.programs\n",
		"name: p\nrules:\n  - {name: a, if: {path_under: \"~/.ssh\", time_window: {from: \"22:00\", to: \"06:00\"}}, unless: {command_matches: [ls, \"git status\"]}, then: deny, reason: r}\n",
		`{"name":"p","default":"deny","rules":[{"name":"a","if":{"command_matches":"mkfs.* -f"},"then":"approval_required","reason":"r"}]}`,
		"", "{", "package", "name: [", `{"name":"p","rules":[{"name":"a\"}","if":{"host":"\u0000"},"then":"allow"}]}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := policy.Parse("fuzzed", data)
		if err != nil {
			return
		}
		s, err := policy.Compile(context.Background(), policy.Bundle{OrgID: "o", Version: 1, Policies: []policy.Policy{p}})
		if err != nil {
			t.Fatalf("parsed but does not compile: %v\n%s", err, p.RegoSource())
		}
		in := policy.Input{Roles: []string{"engineer"}, OrgID: "o", Command: "sudo rm -rf ~/.ssh",
			Facts: safety.FactsOf("sudo rm -rf ~/.ssh", safety.Options{Home: "/home/u"}), Home: "/home/u", Cwd: "/tmp",
			Host: "prod-1", Time: noon}
		if _, err := s.Evaluate(context.Background(), in); err != nil && !strings.Contains(string(data), "package") {
			t.Fatalf("structured policy failed to evaluate: %v\n%s", err, p.RegoSource())
		}
	})
}
