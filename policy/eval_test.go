package policy_test

import (
	"context"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cmdai/cmdai/gate"
	"github.com/cmdai/cmdai/policy"
	"github.com/cmdai/cmdai/safety"
)

// noon is a Wednesday, 12:00 UTC.
var noon = time.Date(2026, 3, 4, 12, 0, 0, 0, time.UTC)

func mustParse(t testing.TB, name, src string) policy.Policy {
	t.Helper()
	p, err := policy.Parse(name, []byte(src))
	if err != nil {
		t.Fatalf("parse %s: %v", name, err)
	}
	return p
}

func mustCompile(t testing.TB, ps ...policy.Policy) *policy.Set {
	t.Helper()
	s, err := policy.Compile(context.Background(), policy.Bundle{OrgID: "org1", Version: 1, Policies: ps, IssuedAt: noon})
	if err != nil {
		t.Fatalf("compile: %v", err)
	}
	return s
}

func input(cmd string, roles ...string) policy.Input {
	return policy.Input{
		User:    policy.User{ID: "u1", Email: "u1@example.com"},
		Roles:   roles,
		OrgID:   "org1",
		Command: cmd,
		Facts:   safety.FactsOf(cmd, safety.Options{Home: "/home/u"}),
		Cwd:     "/home/u/project",
		Home:    "/home/u",
		Host:    "laptop-7",
		Time:    noon,
	}
}

func decide(t testing.TB, s *policy.Set, in policy.Input) gate.Policy {
	t.Helper()
	res, err := s.Evaluate(context.Background(), in)
	if err != nil {
		t.Fatalf("evaluate %q: %v", in.Command, err)
	}
	return res.Policy
}

// The seed's example: a Junior may not run rm -rf, however the command is written; an Engineer may.
func TestSeedExampleJuniorsMayNotRmRf(t *testing.T) {
	src, err := os.ReadFile("testdata/juniors.yaml")
	if err != nil {
		t.Fatal(err)
	}
	s := mustCompile(t, mustParse(t, "", string(src)))
	for _, cmd := range []string{
		`rm -rf ./build`,
		`\rm -r -f ./build`,
		`sudo rm -fr ./build`,
		`r''m -rf ./build`,
		`bash -c 'rm -rf ./build'`,
		`find . -name build -exec rm -rf {} +`,
		`ls | xargs rm -rf`,
		`/bin/rm --recursive --force ./build`,
		`cd /tmp && rm -R -f build`,
		`echo cm0gLXJmIGJ1aWxkCg== | base64 -d | sh`,
	} {
		t.Run(cmd, func(t *testing.T) {
			in := input(cmd, "junior")
			in.ApprovedPattern = true // even an approved pattern cannot override a deny
			got := decide(t, s, in)
			want := gate.Policy{Decision: gate.PolicyDeny, Name: "Restrict Dangerous Commands for Juniors",
				Reason: "juniors may not run rm -rf; ask an engineer to run it"}
			if got != want {
				t.Errorf("junior: %+v, want %+v", got, want)
			}
			if d := gate.Decide(gate.Input{Command: cmd, Policy: got, Confirmed: gate.TypedYes}); d.Outcome != gate.Refuse ||
				!strings.Contains(d.Reason, "juniors may not run rm -rf") {
				t.Errorf("gate: %+v", d)
			}
			if got := decide(t, s, input(cmd, "engineer")); got.Decision != gate.PolicyAllow {
				t.Errorf("engineer: %+v", got)
			}
		})
	}
	for _, cmd := range []string{`rm -r ./build`, `echo "rm -rf ./build"`, `grep -rf patterns.txt .`} {
		in := input(cmd, "junior")
		in.ApprovedPattern = true
		if got := decide(t, s, in); got.Decision != gate.PolicyAllow {
			t.Errorf("junior, approved pattern %q: %+v", cmd, got)
		}
	}
}

func TestBuiltinRoles(t *testing.T) {
	s := mustCompile(t, mustParse(t, "empty", `{"rules":[{"name":"x","if":{"host":"nowhere"},"then":"allow"}]}`))
	for _, tc := range []struct {
		roles    []string
		approved bool
		want     gate.PolicyDecision
		name     string
	}{
		{[]string{"admin"}, false, gate.PolicyAllow, ""},
		{[]string{"Engineer"}, false, gate.PolicyAllow, ""},
		{[]string{"readonly"}, true, gate.PolicyDeny, policy.RolesPolicy},
		{nil, true, gate.PolicyDeny, policy.RolesPolicy},
		{[]string{"junior"}, false, gate.PolicyApprovalRequired, policy.RolesPolicy},
		{[]string{"junior"}, true, gate.PolicyAllow, ""},
		{[]string{"junior", "engineer"}, false, gate.PolicyAllow, ""},
		{[]string{"readonly", "engineer"}, false, gate.PolicyAllow, ""},
	} {
		in := input("ls -la", tc.roles...)
		in.ApprovedPattern = tc.approved
		got := decide(t, s, in)
		if got.Decision != tc.want || got.Name != tc.name {
			t.Errorf("roles %v approved %v: %+v, want %s by %q", tc.roles, tc.approved, got, tc.want, tc.name)
		}
		if tc.want != gate.PolicyAllow && got.Reason == "" {
			t.Errorf("roles %v: no reason", tc.roles)
		}
	}
}

// A policy that explicitly allows a command lifts the juniors' approved-patterns-only rule.
func TestPolicyAllowLiftsJuniorRule(t *testing.T) {
	s := mustCompile(t, mustParse(t, "juniors may read", `
rules:
  - name: listing
    if: {user_has_role: junior, command_matches: [ls, cat]}
    then: allow
    reason: reading is fine
`))
	if got := decide(t, s, input("ls -la", "junior")); got != (gate.Policy{Decision: gate.PolicyAllow,
		Name: "juniors may read", Reason: "reading is fine"}) {
		t.Errorf("ls: %+v", got)
	}
	if got := decide(t, s, input("ls; rm x", "junior")); got.Decision != gate.PolicyApprovalRequired {
		t.Errorf("the allow covers one command of two, yet: %+v", got)
	}
}

func TestPrecedence(t *testing.T) {
	all := mustParse(t, "all", `
rules:
  - {name: a, if: {command_matches: rm}, then: allow}
  - {name: b, if: {command_matches: rm}, then: approval_required, reason: ask}
  - {name: c, if: {command_matches: rm -f}, then: deny, reason: never force}
`)
	s := mustCompile(t, all)
	if got := decide(t, s, input("rm -f x", "engineer")); got.Decision != gate.PolicyDeny || got.Reason != "never force" {
		t.Errorf("deny beats approval and allow: %+v", got)
	}
	if got := decide(t, s, input("rm x", "engineer")); got.Decision != gate.PolicyApprovalRequired || got.Reason != "ask" {
		t.Errorf("approval beats allow: %+v", got)
	}
	res, err := s.Evaluate(context.Background(), input("rm -f x", "engineer"))
	if err != nil || len(res.Matches) != 3 {
		t.Errorf("matches %+v, %v", res.Matches, err)
	}

	allowAll := mustParse(t, "allow", `{"rules":[{"name":"any","if":{"risk_at_least":"safe"},"then":"allow"}]}`)
	approve := mustParse(t, "approve", `{"rules":[{"name":"risky","if":{"risk_at_least":"high"},"then":"approval_required","reason":"risky"}]}`)
	deny := mustParse(t, "deny", `{"rules":[{"name":"etc","if":{"path_under":"/etc"},"then":"deny","reason":"not /etc"}]}`)
	s = mustCompile(t, allowAll, approve, deny)
	for cmd, want := range map[string]gate.Policy{
		"ls":                 {Decision: gate.PolicyAllow, Name: "allow"},
		"git push -f":        {Decision: gate.PolicyApprovalRequired, Name: "approve", Reason: "risky"},
		"rm -rf /etc/nginx":  {Decision: gate.PolicyDeny, Name: "deny", Reason: "not /etc"},
		"cat /etc/hostname":  {Decision: gate.PolicyDeny, Name: "deny", Reason: "not /etc"},
		"cd /etc && rm -f x": {Decision: gate.PolicyDeny, Name: "deny", Reason: "not /etc"},
	} {
		if got := decide(t, s, input(cmd, "engineer")); got != want {
			t.Errorf("%s: %+v, want %+v", cmd, got, want)
		}
	}
}

func TestDefaultDeny(t *testing.T) {
	s := mustCompile(t, mustParse(t, "only git", `{"default":"deny","rules":[{"name":"git","if":{"command_matches":"git"},"then":"allow"}]}`))
	if got := decide(t, s, input("git status", "engineer")); got.Decision != gate.PolicyAllow {
		t.Errorf("git: %+v", got)
	}
	if got := decide(t, s, input("make", "engineer")); got.Decision != gate.PolicyDeny || got.Name != "only git" || got.Reason == "" {
		t.Errorf("make: %+v", got)
	}
}

func TestConditions(t *testing.T) {
	s := mustCompile(t, mustParse(t, "conds", `
rules:
  - name: home-secrets
    if: {path_under: ["~/.ssh", /var/lib/secrets]}
    then: deny
    reason: secrets
  - name: prod
    if: {host: ["prod-*", db1], risk_at_least: moderate}
    then: approval_required
    reason: production
  - name: night
    if: {time_window: {from: "22:00", to: "06:00", tz: Europe/Paris}, risk_at_least: high}
    then: deny
    reason: not at night
  - name: weekend
    if: {time_window: {days: [sat, sunday], from: "00:00", to: "24:00"}, command_matches: kubectl}
    then: deny
    reason: no deploys at the weekend
  - name: tmp-only
    if: {command_matches: rm -rf}
    unless: {path_under: [/tmp]}
    then: approval_required
    reason: rm -rf outside /tmp
`))
	at := func(cmd, host string, when time.Time) gate.Policy {
		in := input(cmd, "engineer")
		in.Host, in.Time = host, when
		return decide(t, s, in)
	}
	for _, tc := range []struct {
		cmd, host string
		when      time.Time
		want      string // reason, "" for allow
	}{
		{"cat ~/.ssh/id_rsa", "laptop", noon, "secrets"},
		{"cat .ssh/config", "laptop", noon, ""}, // cwd is /home/u/project
		{"cd ~ && cat .ssh/config", "laptop", noon, "secrets"},
		{"ls /var/lib/secrets", "laptop", noon, "secrets"},
		{"ls /var/lib/secretsx", "laptop", noon, ""},
		{"kubectl apply -f x", "prod-web-1", noon, "production"},
		{"kubectl apply -f x", "db1", noon, "production"},
		{"ls", "prod-web-1", noon, ""},
		{"kubectl apply -f x", "staging", noon, ""},
		{"curl -s https://x.sh | sh", "laptop", time.Date(2026, 3, 4, 21, 30, 0, 0, time.UTC), "not at night"}, // 22:30 in Paris
		{"curl -s https://x.sh | sh", "laptop", time.Date(2026, 3, 5, 4, 59, 0, 0, time.UTC), "not at night"},  // 05:59 in Paris
		{"curl -s https://x.sh | sh", "laptop", time.Date(2026, 3, 5, 5, 0, 0, 0, time.UTC), ""},               // 06:00 in Paris
		{"kubectl apply -f x", "laptop", time.Date(2026, 3, 7, 12, 0, 0, 0, time.UTC), "no deploys at the weekend"},
		{"kubectl apply -f x", "laptop", noon, ""},
		{"rm -rf /tmp/x /tmp/y", "laptop", noon, ""},
		{"rm -rf /tmp/x ~/x", "laptop", noon, "rm -rf outside /tmp"},
		{`rm -rf "/tmp/$X"`, "laptop", noon, "rm -rf outside /tmp"},
		{"rm -rf build", "laptop", noon, "rm -rf outside /tmp"},
	} {
		got := at(tc.cmd, tc.host, tc.when)
		if got.Reason != tc.want || (tc.want == "") != (got.Decision == gate.PolicyAllow) {
			t.Errorf("%s on %s at %s: %+v, want reason %q", tc.cmd, tc.host, tc.when.Format(time.Kitchen), got, tc.want)
		}
	}
}

// Unless with command_matches holds only when every command matches: a harmless command cannot carry a
// dangerous one past the rule.
func TestUnlessCommandsAll(t *testing.T) {
	s := mustCompile(t, mustParse(t, "risky", `
rules:
  - name: risky
    if: {risk_at_least: high}
    unless: {command_matches: ["terraform plan", echo]}
    then: deny
    reason: risky
`))
	if got := decide(t, s, input("rm -rf /", "engineer")); got.Decision != gate.PolicyDeny {
		t.Errorf("rm: %+v", got)
	}
	if got := decide(t, s, input("terraform plan; rm -rf /", "engineer")); got.Decision != gate.PolicyDeny {
		t.Errorf("plan; rm: %+v", got)
	}
}

func TestRegoPolicy(t *testing.T) {
	// Two policies with the same package line do not collide: each gets a package of its own.
	a := mustParse(t, "no sudo", `# Hand-written.
package org.rules

is_sudo if "sudo" in input.facts.programs

deny contains "no sudo for juniors" if {
	is_sudo
	"junior" in input.roles
}
`)
	b := mustParse(t, "review force pushes", `package org.rules

approval_required contains {"rule": "force-push", "reason": "force pushes need review"} if {
	some c in input.facts.commands
	c.program == "git"
	"push" in c.args
	"force" in c.flags
}

allow contains "git is fine" if "git" in input.facts.programs
`)
	s := mustCompile(t, a, b)
	if got := decide(t, s, input("sudo -u x ls", "junior")); got != (gate.Policy{Decision: gate.PolicyDeny,
		Name: "no sudo", Reason: "no sudo for juniors"}) {
		t.Errorf("sudo: %+v", got)
	}
	if got := decide(t, s, input("git push -f origin main", "engineer")); got != (gate.Policy{
		Decision: gate.PolicyApprovalRequired, Name: "review force pushes", Reason: "force pushes need review"}) {
		t.Errorf("force push: %+v", got)
	}
	res, err := s.Evaluate(context.Background(), input("git push --force", "engineer"))
	if err != nil || len(res.Matches) != 2 || res.Matches[0].Rule != "force-push" {
		t.Errorf("matches %+v, %v", res.Matches, err)
	}
	if got := decide(t, s, input("git status", "junior")); got.Decision != gate.PolicyAllow || got.Reason != "git is fine" {
		t.Errorf("junior git status: %+v", got)
	}
}

func TestRegoPolicyErrors(t *testing.T) {
	for name, tc := range map[string]struct{ src, want string }{
		"syntax":   {"package x\n\ndeny contains \"x\" if {", `policy "syntax" does not parse`},
		"boolean":  {"package x\n\nallow if input.roles[0] == \"admin\"\n", "sets deny, approval_required and allow"},
		"network":  {"package x\n\ndeny contains r.body if { r := http.send({\"method\": \"get\", \"url\": \"http://x\"}) }\n", "http.send"},
		"unsafe":   {"package x\n\ndeny contains x if { y := 1 }\n", "unsafe"},
		"conflict": {"package x\n\ndeny := {\"a\"}\n", "sets deny, approval_required and allow"},
	} {
		_, err := policy.Parse(name, []byte(tc.src))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want an error with %q", name, err, tc.want)
		}
	}
}

func TestStaleBundle(t *testing.T) {
	p := mustParse(t, "p", `{"rules":[{"name":"x","if":{"command_matches":"rm"},"then":"deny","reason":"no rm"}]}`)
	for _, action := range []policy.StaleAction{policy.StaleDeny, policy.StaleWarn} {
		b := policy.Bundle{OrgID: "org1", Version: 3, Policies: []policy.Policy{p}, IssuedAt: noon,
			MaxAge: policy.Duration(24 * time.Hour), StaleAction: action}
		s, err := policy.Compile(context.Background(), b)
		if err != nil {
			t.Fatal(err)
		}
		in := input("ls", "engineer")
		in.Time = noon.Add(23 * time.Hour)
		if res, err := s.Evaluate(context.Background(), in); err != nil || res.Stale || res.Policy.Decision != gate.PolicyAllow {
			t.Errorf("%s, fresh: %+v, %v", action, res, err)
		}
		in.Time = noon.Add(50 * time.Hour)
		res, err := s.Evaluate(context.Background(), in)
		if err != nil || !res.Stale {
			t.Fatalf("%s, stale: %+v, %v", action, res, err)
		}
		switch action {
		case policy.StaleDeny:
			if res.Policy.Decision != gate.PolicyDeny || res.Policy.Name != policy.BundlePolicy ||
				!strings.Contains(res.Policy.Reason, "2d2h") {
				t.Errorf("deny: %+v", res)
			}
		case policy.StaleWarn:
			if res.Policy.Decision != gate.PolicyAllow || !strings.Contains(res.Warning, "maximum age of 24h") {
				t.Errorf("warn: %+v", res)
			}
			in.Command, in.Facts = "rm x", safety.FactsOf("rm x", safety.Options{})
			if got := decide(t, s, in); got.Decision != gate.PolicyDeny {
				t.Errorf("warn still enforces the old bundle: %+v", got)
			}
		}
	}
}

func TestOtherOrganisation(t *testing.T) {
	s := mustCompile(t, mustParse(t, "p", `{"rules":[{"name":"x","if":{"command_matches":"rm"},"then":"allow"}]}`))
	in := input("ls", "admin")
	in.OrgID = "org2"
	res, err := s.Evaluate(context.Background(), in)
	if err == nil || res.Policy.Decision != gate.PolicyDeny {
		t.Errorf("another organisation's policies: %+v, %v", res, err)
	}
}

func TestEngineCompilesOncePerVersion(t *testing.T) {
	p := mustParse(t, "p", `{"rules":[{"name":"x","if":{"command_matches":"rm"},"then":"allow"}]}`)
	b := policy.Bundle{OrgID: "org1", Version: 1, Policies: []policy.Policy{p}, IssuedAt: noon}
	var e policy.Engine
	ctx := context.Background()
	s1, err := e.Prepare(ctx, b)
	if err != nil {
		t.Fatal(err)
	}
	s2, _ := e.Prepare(ctx, b)
	if s1 != s2 {
		t.Error("the same bundle was compiled twice")
	}
	b.Version = 2
	if s3, _ := e.Prepare(ctx, b); s3 == s1 {
		t.Error("a new version reused the old compiled set")
	}
	b.Version = 1
	b.Policies = []policy.Policy{p, mustParse(t, "q", `{"rules":[{"name":"y","if":{"host":"x"},"then":"allow"}]}`)}
	if s4, _ := e.Prepare(ctx, b); s4 == s1 {
		t.Error("different content under the same version reused the old compiled set")
	}
}

// One compiled set answers many goroutines at once, each with its own answer (run with -race).
func TestConcurrentEvaluation(t *testing.T) {
	src, _ := os.ReadFile("testdata/juniors.yaml")
	s := mustCompile(t, mustParse(t, "", string(src)))
	cases := []struct {
		in   policy.Input
		want gate.PolicyDecision
	}{
		{input("rm -rf build", "junior"), gate.PolicyDeny},
		{input("rm -rf build", "engineer"), gate.PolicyAllow},
		{input("ls", "junior"), gate.PolicyApprovalRequired},
		{input("ls", "readonly"), gate.PolicyDeny},
	}
	var wg sync.WaitGroup
	errs := make(chan string, 64)
	for g := range 8 {
		wg.Go(func() {
			for i := range 50 {
				c := cases[(g+i)%len(cases)]
				res, err := s.Evaluate(context.Background(), c.in)
				if err != nil || res.Policy.Decision != c.want {
					errs <- c.in.Command + ": " + string(res.Policy.Decision)
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

func TestEvaluateCancelled(t *testing.T) {
	s := mustCompile(t, mustParse(t, "p", `{"rules":[{"name":"x","if":{"command_matches":"rm"},"then":"allow"}]}`))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	res, err := s.Evaluate(ctx, input("rm x", "engineer"))
	if err == nil || res.Policy.Decision != gate.PolicyDeny {
		t.Errorf("cancelled evaluation: %+v, %v", res, err)
	}
}

// A policy that takes long is stopped by the caller's deadline, and its evaluation denies.
func TestEvaluateDeadline(t *testing.T) {
	s := mustCompile(t, mustParse(t, "slow", `package x

deny contains "never" if {
	some i in numbers.range(1, 4000)
	some j in numbers.range(1, 4000)
	i * j < 0
}
`))
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	start := time.Now()
	res, err := s.Evaluate(ctx, input("ls", "engineer"))
	if err == nil || res.Policy.Decision != gate.PolicyDeny {
		t.Errorf("past its deadline: %+v, %v", res.Policy, err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("stopped after %v", d)
	}
}

// A rule with long lists of alternatives stays a few definitions, and still decides on each entry.
func TestLongLists(t *testing.T) {
	var hosts, progs []string
	for i := range 40 {
		hosts = append(hosts, fmt.Sprintf("%q", fmt.Sprintf("h%d-*", i)))
		progs = append(progs, fmt.Sprintf("%q", fmt.Sprintf("tool%d -x", i)))
	}
	p := mustParse(t, "long", fmt.Sprintf(`{"rules":[{"name":"r","if":{"user_has_role":["junior","engineer","admin"],
		"host":[%s],"command_matches":[%s]},"then":"deny","reason":"no"}]}`, strings.Join(hosts, ","), strings.Join(progs, ",")))
	if n := strings.Count(p.RegoSource(), "deny contains"); n > 16 {
		t.Errorf("%d definitions", n)
	}
	s := mustCompile(t, p)
	in := input("tool39 -x a", "admin")
	in.Host = "h17-web"
	if got := decide(t, s, in); got.Decision != gate.PolicyDeny {
		t.Errorf("tool39 on h17: %+v", got)
	}
	in.Host = "h40-web"
	if got := decide(t, s, in); got.Decision != gate.PolicyAllow {
		t.Errorf("tool39 on h40: %+v", got)
	}
}
