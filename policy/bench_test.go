package policy_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cmdai/cmdai/gate"
	"github.com/cmdai/cmdai/policy"
	"github.com/cmdai/cmdai/safety"
)

// fiftyRules is a structured policy of 50 rules of every kind of condition, as a large organisation
// might write.
func fiftyRules(t testing.TB) policy.Policy {
	var b strings.Builder
	b.WriteString("name: fifty\nrules:\n")
	rule := func(name, cond, then, reason string) {
		fmt.Fprintf(&b, "  - name: %s\n    if: {%s}\n    then: %s\n", name, cond, then)
		if reason != "" {
			fmt.Fprintf(&b, "    reason: %q\n", reason)
		}
	}
	progs := []string{"rm -rf", "dd", "mkfs.*", "shred -u", "chmod -R", "chown -R", "kill -9", "reboot", "shutdown",
		"iptables -F", "git push --force", "git reset --hard", "kubectl delete", "helm uninstall", "terraform destroy",
		"docker system prune", "psql", "mysql", "redis-cli flushall", "aws s3 rm"}
	for i, p := range progs {
		rule(fmt.Sprintf("junior-%d", i), fmt.Sprintf("user_has_role: junior, command_matches: %q", p), "deny",
			"juniors may not run "+p)
	}
	for i := range 10 {
		rule(fmt.Sprintf("prod-%d", i), fmt.Sprintf("host: [\"prod-%d-*\", \"db-%d\"], risk_at_least: moderate", i, i),
			"approval_required", "production hosts need an approver")
	}
	dirs := []string{"/etc", "/boot", "/usr", "/var/lib/postgresql", "/srv/secrets", "~/.ssh", "~/.aws", "~/.kube",
		"/opt/vault", "/root"}
	for i, d := range dirs {
		rule(fmt.Sprintf("path-%d", i), fmt.Sprintf("path_under: %q, risk_at_least: high", d), "deny", "protected: "+d)
	}
	for i := range 5 {
		rule(fmt.Sprintf("night-%d", i), fmt.Sprintf("time_window: {from: \"2%d:00\", to: \"06:00\", tz: Europe/Paris}, "+
			"risk_at_least: high, command_matches: [\"kubectl\", \"helm\", \"terraform apply\", \"ansible-playbook -i prod%d\"]", i, i),
			"deny", "no changes at night")
	}
	for i, p := range []string{"ls", "cat", "git status", "git log", "grep"} {
		rule(fmt.Sprintf("read-%d", i), fmt.Sprintf("user_has_role: [junior, engineer], command_matches: %q", p), "allow", "")
	}
	p, err := policy.Parse("", []byte(b.String()))
	if err != nil {
		t.Fatalf("%v\n%s", err, b.String())
	}
	if len(p.Rules) != 50 {
		t.Fatalf("%d rules", len(p.Rules))
	}
	return p
}

// benchCommand touches many of the rules' conditions: wrappers, a nested shell, paths and flags.
const benchCommand = `cd /srv/app && sudo -u deploy bash -c 'rm -rf ./build /tmp/cache' && git push --force origin main`

// The 50-rule policy decides as written for the benchmark's command.
func TestFiftyRules(t *testing.T) {
	s := mustCompile(t, fiftyRules(t))
	in := input(benchCommand, "junior")
	if got := decide(t, s, in); got.Decision != gate.PolicyDeny || got.Reason != "juniors may not run rm -rf" {
		t.Errorf("junior: %+v", got)
	}
	in.Roles, in.Host = []string{"engineer"}, "prod-3-web"
	if got := decide(t, s, in); got.Decision != gate.PolicyApprovalRequired {
		t.Errorf("engineer on prod: %+v", got)
	}
	in.Host = "laptop"
	if got := decide(t, s, in); got.Decision != gate.PolicyAllow {
		t.Errorf("engineer: %+v", got)
	}
}

// BenchmarkEvaluate50Rules times policy evaluation with a 50-rule policy and safety.Check of the same
// command, alternately in the same loop, and reports each one's percentiles and the ratio of their p99s.
func BenchmarkEvaluate50Rules(b *testing.B) {
	s := mustCompile(b, fiftyRules(b))
	opts := safety.Options{Home: "/home/u"}
	in := input(benchCommand, "engineer")
	in.Host = "prod-3-web"
	ctx := context.Background()
	var evals, checks, facts []time.Duration
	for b.Loop() {
		t0 := time.Now()
		res, err := s.Evaluate(ctx, in)
		t1 := time.Now()
		v := safety.Check(benchCommand, opts)
		t2 := time.Now()
		f := safety.FactsOf(benchCommand, opts)
		t3 := time.Now()
		if err != nil || res.Policy.Decision != gate.PolicyApprovalRequired || v.Risk < safety.High || len(f.Commands) == 0 {
			b.Fatalf("evaluate: %+v, %v; check %v", res.Policy, err, v.Risk)
		}
		evals = append(evals, t1.Sub(t0))
		checks = append(checks, t2.Sub(t1))
		facts = append(facts, t3.Sub(t2))
	}
	pe, pc, pf := percentile(evals, 0.99), percentile(checks, 0.99), percentile(facts, 0.99)
	b.ReportMetric(us(percentile(evals, 0.5)), "p50-µs")
	b.ReportMetric(us(pe), "p99-µs")
	b.ReportMetric(us(percentile(checks, 0.5)), "check-p50-µs")
	b.ReportMetric(us(pc), "check-p99-µs")
	b.ReportMetric(us(pf), "facts-p99-µs")
	b.ReportMetric(float64(pe)/float64(pc), "p99-ratio")
}

func percentile(d []time.Duration, q float64) time.Duration {
	if len(d) == 0 {
		return 0
	}
	s := slices.Clone(d)
	slices.Sort(s)
	return s[int(q*float64(len(s)-1))]
}

func us(d time.Duration) float64 { return float64(d) / float64(time.Microsecond) }
