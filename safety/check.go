package safety

import (
	"fmt"
	"slices"
	"strings"
)

// Check parses cmd and returns how dangerous running it would be. It never panics; text that cannot be
// parsed is at least High.
func Check(cmd string, opts Options) (v Verdict) {
	defer func() {
		// A last resort: a bug in a rule must not take the caller down. The verdict errs on the side of care.
		if r := recover(); r != nil {
			v = Verdict{Risk: High, Findings: []Finding{{Rule: "internal-error", Risk: High,
				Message: fmt.Sprintf("the safety check failed (%v); review this command yourself", r),
				Span:    Span{0, len(cmd)}}}}
		}
	}()
	if opts.Shell == "fish" {
		return checkFish(cmd, opts) // fish.go: the bash it means, with spans on the fish text
	}
	c := newChecker(cmd, opts)
	c.run()
	return c.verdict()
}

// checker applies the rules to every call the walker finds.
type checker struct {
	*walker
	cmd      string
	findings []finding
	cur      int // index of the call being judged
	// downloaded are files the command fetches from the network, to notice when it then runs them.
	downloaded map[string]bool
	// origins memoises codeOrigin per call: without it, rules that look upstream from every call of a
	// chain nested n deep (eval $(eval $(…))) walk the same calls exponentially often.
	origins map[int]origin
}

// finding is a Finding tied to the call that caused it, so user allow rules can lower it.
type finding struct {
	Finding
	call int
}

func newChecker(cmd string, opts Options) *checker {
	return &checker{walker: newWalker(opts), cmd: cmd}
}

func (c *checker) run() {
	c.walkString(c.cmd, nil, nil)
	for _, e := range c.parseErrs {
		c.findings = append(c.findings, finding{call: -1, Finding: Finding{Rule: "parse-error", Risk: High,
			Span: e.span, Message: "the command could not be parsed (" + e.msg + "), so its effect cannot be checked"}})
	}
	// Rules may walk more text (code inside python -c strings), which appends calls: loop by index.
	for i := 0; i < len(c.calls) && i < maxCalls; i++ {
		if c.calls[i].Shadowed {
			continue
		}
		c.cur = i
		// Strings a rule walks are nested in the call's own, and count against the same depth.
		c.depth = c.calls[i].Depth + 1
		c.judge(&c.calls[i])
		c.depth = 0
	}
	c.whole()
	if c.full() || c.overBound != "" {
		c.findings = append(c.findings, finding{call: -1, Finding: Finding{Rule: "too-complex", Risk: High,
			Span:    Span{0, len(c.cmd)},
			Message: "the command is too complex to analyse (" + c.overBound + "), so its effect cannot be checked"}})
	}
	c.applyUserRules()
}

// judge runs the rules that apply to one call.
func (c *checker) judge(cl *call) {
	for _, r := range genericRules {
		r(c, cl)
	}
	if len(cl.Candidates) > 0 && !dryRun(cl) {
		c.judgeCandidates(cl)
	}
	if cl.Name == "" || dryRun(cl) {
		return
	}
	for _, r := range rulesByName[cl.Name] {
		r(c, cl)
	}
}

// dryRun reports a command asked only to show what it would do.
func dryRun(cl *call) bool {
	for _, a := range cl.Args {
		switch a.Value {
		case "--dry-run", "--dryrun", "--dry-run=client", "--dry-run=server", "--what-if", "--simulate", "--just-print":
			return true
		}
	}
	return false
}

// flag records a finding against the call being judged. What xargs hands the call is said in words:
// "deletes what xargs reads", never the placeholder {input}.
func (c *checker) flag(rule string, risk Risk, span Span, msg string) {
	msg = strings.ReplaceAll(msg, "{input}", "what xargs reads")
	c.findings = append(c.findings, finding{call: c.cur, Finding: Finding{Rule: rule, Risk: risk, Message: msg, Span: span}})
}

// flagCall records a finding spanning the call being judged.
func (c *checker) flagCall(cl *call, rule string, risk Risk, msg string) {
	c.flag(rule, risk, cl.Span, msg)
}

func (c *checker) verdict() Verdict {
	var v Verdict
	seen := make(map[Finding]bool, len(c.findings))
	for _, f := range c.findings {
		if seen[f.Finding] {
			continue
		}
		seen[f.Finding] = true
		v.add(f.Finding)
	}
	v.Findings = withoutRepeats(v.Findings) // repeats.go
	// Most severe first, so a reader sees the reason for the verdict before the details.
	slices.SortStableFunc(v.Findings, func(a, b Finding) int { return int(b.Risk) - int(a.Risk) })
	return v
}

// rule inspects one call and flags what it finds.
type rule func(c *checker, cl *call)

// rulesByName holds, per command name, the rules of every family; each family registers in its init.
var rulesByName = map[string][]rule{}

// genericRules run on every call whatever its name (dynamic names, redirections, environment prefixes).
var genericRules []rule

func register(r rule, names ...string) {
	for _, n := range names {
		rulesByName[n] = append(rulesByName[n], r)
	}
}
