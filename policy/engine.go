package policy

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/cmdai/cmdai/gate"
	"github.com/open-policy-agent/opa/v1/metrics"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/topdown"
)

// Names the engine's own decisions carry in gate.Policy.Name.
const (
	// RolesPolicy names the built-in rules by role: read-only members (and those with no role that runs
	// commands) run nothing; juniors run approved patterns, and what a policy explicitly allows, and need an
	// approver for anything else.
	RolesPolicy = "roles"
	// BundlePolicy names decisions about the bundle itself: a stale bundle whose organisation denies then.
	BundlePolicy = "bundle"
)

// noMetrics spares each evaluation the timers OPA would otherwise start.
var noMetrics = metrics.NoOp()

// evalTimeout bounds one evaluation when the caller's context has no deadline.
const evalTimeout = time.Second

// Match is one rule that matched.
type Match struct {
	Policy   string
	Rule     string
	Decision gate.PolicyDecision
	Reason   string
	order    int
}

// Result is the engine's answer for one command.
type Result struct {
	// Policy is what the gate weighs: the decision, its reason and the policy that made it.
	Policy gate.Policy
	// Matches are the rules that matched, policy by policy in bundle order, for audit and explanation.
	Matches []Match
	// Stale is set when the bundle is past its maximum age; Warning then says so when the organisation
	// allows stale bundles with a warning.
	Stale   bool
	Warning string
}

// Set is a bundle's policies compiled into one prepared query. It is safe for concurrent use.
type Set struct {
	bundle Bundle
	query  rego.PreparedEvalQuery
	needs  inputNeeds
}

// Compile validates the bundle and compiles its policies into a Set.
func Compile(ctx context.Context, b Bundle) (*Set, error) {
	if err := b.validate(); err != nil {
		return nil, err
	}
	q, needs, err := prepare(ctx, b.Policies)
	if err != nil {
		return nil, err
	}
	return &Set{bundle: b, query: q, needs: needs}, nil
}

// Bundle is the bundle the set was compiled from.
func (s *Set) Bundle() Bundle { return s.bundle }

// Engine compiles bundles once per content and keeps the most recent compiled sets. The zero Engine is
// ready to use; it is safe for concurrent use.
type Engine struct {
	mu    sync.Mutex
	cache map[string]*cached
	order []string // keys, oldest first
}

type cached struct {
	once sync.Once
	set  *Set
	err  error
}

// engineCacheSize bounds the compiled sets an engine keeps: a daemon holds one organisation's, a server
// those of the organisations active at the moment.
const engineCacheSize = 64

// Prepare returns the compiled set for the bundle, compiling it only the first time its organisation,
// version and content are seen. It hashes the bundle each time: hold on to the Set while the bundle stays
// the same.
func (e *Engine) Prepare(ctx context.Context, b Bundle) (*Set, error) {
	body, err := canonicalJSON(b)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(body)
	key := fmt.Sprintf("%s\x00%d\x00%s", b.OrgID, b.Version, hex.EncodeToString(sum[:]))
	e.mu.Lock()
	if e.cache == nil {
		e.cache = map[string]*cached{}
	}
	c, ok := e.cache[key]
	if !ok {
		c = &cached{}
		e.cache[key] = c
		e.order = append(e.order, key)
		if len(e.order) > engineCacheSize {
			delete(e.cache, e.order[0])
			e.order = e.order[1:]
		}
	}
	e.mu.Unlock()
	c.once.Do(func() {
		// Compiled without the caller's cancellation: the result is shared with later callers.
		c.set, c.err = Compile(context.WithoutCancel(ctx), b)
	})
	return c.set, c.err
}

// Evaluate decides whether the person may run the command. Precedence: deny, then approval_required,
// then allow. Within a policy, a deny rule wins over an approval_required rule, which wins over an allow
// rule; a policy none of whose rules match decides its Default (allow unless it says deny). Across
// policies the most restrictive decision wins, and reports its policy's name and reason. The built-in
// rules by role (RolesPolicy) and a stale bundle whose organisation says deny (BundlePolicy) deny before
// any policy is evaluated. When evaluation fails the returned Result denies, with the error.
func (s *Set) Evaluate(ctx context.Context, in Input) (Result, error) {
	now := in.Time
	if now.IsZero() {
		now = time.Now()
	}
	var res Result
	b := s.bundle
	if b.stale(now) {
		msg := fmt.Sprintf("the organisation's policies were issued %s ago, more than their maximum age of %s: "+
			"sync to fetch the current ones ('cmdai sync')", roundAge(now.Sub(b.IssuedAt)), roundAge(b.MaxAge.D()))
		res.Stale = true
		if b.StaleAction != StaleWarn {
			res.Policy = gate.Policy{Decision: gate.PolicyDeny, Reason: msg, Name: BundlePolicy}
			return res, nil
		}
		res.Warning = msg
	}
	if in.OrgID == "" {
		in.OrgID = b.OrgID
	} else if in.OrgID != b.OrgID {
		return failed(res, fmt.Errorf("the policies are organisation %s's, not %s's", b.OrgID, in.OrgID))
	}
	roles := make([]string, len(in.Roles))
	for i, r := range in.Roles {
		roles[i] = strings.ToLower(strings.TrimSpace(r))
	}
	full := slices.Contains(roles, RoleAdmin) || slices.Contains(roles, RoleEngineer)
	junior := !full && slices.Contains(roles, RoleJunior)
	if !full && !junior {
		reason := "read-only members can view history but cannot run commands"
		if !slices.Contains(roles, RoleReadOnly) {
			reason = "you have no role in this organisation that runs commands (admin, engineer or junior)"
		}
		res.Policy = gate.Policy{Decision: gate.PolicyDeny, Reason: reason, Name: RolesPolicy}
		return res, nil
	}

	if err := ctx.Err(); err != nil {
		return failed(res, err)
	}
	// Cancelled by ctx, or after evalTimeout when ctx has no deadline, without the goroutine OPA would
	// otherwise start for every evaluation.
	cancel := topdown.NewCancel()
	defer context.AfterFunc(ctx, cancel.Cancel)()
	if _, ok := ctx.Deadline(); !ok {
		defer time.AfterFunc(evalTimeout, cancel.Cancel).Stop()
	}
	rs, err := s.query.Eval(ctx, rego.EvalParsedInput(in.value(roles, now, s.needs)), rego.EvalMetrics(noMetrics),
		rego.EvalExternalCancel(cancel))
	if err != nil {
		return failed(res, err)
	}
	if len(rs) != 1 || len(rs[0].Expressions) != 1 {
		return failed(res, errors.New("the policies gave no result"))
	}
	perPolicy, ok := rs[0].Expressions[0].Value.([]any)
	if !ok || len(perPolicy) != len(b.Policies) {
		return failed(res, fmt.Errorf("the policies gave a result of the wrong shape: %T", rs[0].Expressions[0].Value))
	}

	var decided []gate.Policy // one per policy
	explicitAllow := false
	for i, v := range perPolicy {
		p := b.Policies[i]
		sets, ok := v.([]any)
		if !ok || len(sets) != 3 {
			return failed(res, fmt.Errorf("policy %q gave a result of the wrong shape", p.Name))
		}
		var byDecision [3][]Match
		for j, d := range []gate.PolicyDecision{gate.PolicyDeny, gate.PolicyApprovalRequired, gate.PolicyAllow} {
			ms, err := matches(p.Name, d, sets[j])
			if err != nil {
				return failed(res, err)
			}
			byDecision[j] = ms
			res.Matches = append(res.Matches, ms...)
		}
		dec := gate.Policy{Decision: gate.PolicyAllow, Name: p.Name}
		switch {
		case len(byDecision[0]) > 0:
			dec.Decision, dec.Reason = gate.PolicyDeny, byDecision[0][0].Reason
		case len(byDecision[1]) > 0:
			dec.Decision, dec.Reason = gate.PolicyApprovalRequired, byDecision[1][0].Reason
		case len(byDecision[2]) > 0:
			dec.Reason = byDecision[2][0].Reason
			explicitAllow = true
		case p.Default == "deny":
			dec.Decision, dec.Reason = gate.PolicyDeny, "none of its rules allows this command"
		default:
			dec.Name = "" // nothing in this policy applies
		}
		decided = append(decided, dec)
	}
	for _, want := range []gate.PolicyDecision{gate.PolicyDeny, gate.PolicyApprovalRequired} {
		for _, d := range decided {
			if d.Decision == want {
				res.Policy = d
				return res, nil
			}
		}
	}
	if junior && !in.ApprovedPattern && !explicitAllow {
		res.Policy = gate.Policy{Decision: gate.PolicyApprovalRequired, Name: RolesPolicy,
			Reason: "juniors run approved team patterns; anything else needs an admin or engineer to approve it"}
		return res, nil
	}
	res.Policy = gate.Policy{Decision: gate.PolicyAllow}
	for _, d := range decided {
		if d.Name != "" {
			res.Policy = d
			break
		}
	}
	return res, nil
}

// failed is the answer when the policies could not be evaluated: deny, since the organisation's rules
// could not be applied.
func failed(res Result, err error) (Result, error) {
	res.Policy = gate.Policy{Decision: gate.PolicyDeny, Name: BundlePolicy,
		Reason: "the organisation's policies could not be evaluated (" + err.Error() + ")"}
	return res, fmt.Errorf("evaluate policies: %w", err)
}

// matches reads one of a policy's sets: each member is a reason, or an object with a reason and a rule.
func matches(policy string, d gate.PolicyDecision, set any) ([]Match, error) {
	items, ok := set.([]any)
	if !ok {
		return nil, fmt.Errorf("policy %q: %s is not a set", policy, d)
	}
	out := make([]Match, 0, len(items))
	for _, it := range items {
		m := Match{Policy: policy, Decision: d, order: 1 << 30}
		switch v := it.(type) {
		case string:
			m.Reason = v
		case map[string]any:
			m.Reason, _ = v["reason"].(string)
			m.Rule, _ = v["rule"].(string)
			if n, ok := v["order"].(json.Number); ok {
				if o, err := n.Int64(); err == nil {
					m.order = int(o)
				}
			}
		default:
			b, _ := json.Marshal(v)
			m.Reason = string(b)
		}
		out = append(out, m)
	}
	slices.SortStableFunc(out, func(a, b Match) int {
		return cmp.Or(cmp.Compare(a.order, b.order), cmp.Compare(a.Reason, b.Reason))
	})
	return out, nil
}

// roundAge writes a duration as a person reads it: "26h", "3d4h", "45m".
func roundAge(d time.Duration) string {
	switch {
	case d >= 48*time.Hour:
		days := d / (24 * time.Hour)
		return fmt.Sprintf("%dd%dh", days, (d-days*24*time.Hour)/time.Hour)
	case d >= time.Hour:
		return fmt.Sprintf("%dh", d/time.Hour)
	default:
		return fmt.Sprintf("%dm", d/time.Minute)
	}
}
