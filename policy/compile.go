package policy

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/cmdai/cmdai/safety"
	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
)

// The sets a policy adds its decisions to, and the query that reads them for every policy at once.
const (
	setDeny     = "deny"
	setApproval = "approval_required"
	setAllow    = "allow"
	resultQuery = "data.cmdai.eval.result"
)

// unsafeBuiltins are built-in functions a policy may not call: a policy decides from its input alone, and
// must not reach the network or read the evaluating process's configuration.
var unsafeBuiltins = map[string]struct{}{"http.send": {}, "net.lookup_ip_addr": {}, "opa.runtime": {}}

// RegoSource is the Rego the engine evaluates for the policy: its own Rego, or its rules compiled to
// Rego (under package cmdai.policy, which the engine replaces). It is what an administrator can read to
// see what structured rules do.
func (p Policy) RegoSource() string {
	if p.Rego != "" {
		return p.Rego
	}
	g := &generator{names: map[string]string{}}
	return g.policy(p)
}

// generator writes a structured policy as Rego. Helper rules and functions (c0, m1, d2, k3 …) are shared
// by every rule that tests the same thing.
type generator struct {
	rules   strings.Builder
	helpers strings.Builder
	names   map[string]string // helper text → its name
	n       int
}

func (g *generator) policy(p Policy) string {
	fmt.Fprintf(&g.rules, "# Policy %s, compiled from its rules.\npackage cmdai.policy\n", quote(p.Name))
	for i, r := range p.Rules {
		set := setAllow
		switch r.Then {
		case "deny":
			set = setDeny
		case "approval_required":
			set = setApproval
		}
		head := fmt.Sprintf("%s contains {\"order\": %d, \"rule\": %s, \"reason\": %s} if {\n",
			set, i, quote(r.Name), quote(r.Reason))
		var unless string
		if r.Unless != nil {
			var lines []string
			for _, alts := range g.conditions(*r.Unless, true) {
				lines = append(lines, g.condition(alts))
			}
			unless = "\tnot " + g.helper("u", strings.Join(lines, "\n\t")) + "\n"
		}
		fmt.Fprintf(&g.rules, "\n# Rule %d: %s\n", i+1, oneLine(r.Name))
		// An allow covers the whole command: its command and path tests must hold for every command and
		// path, so `ls; rm x` is not allowed by a rule about ls.
		for _, body := range g.expand(g.conditions(r.If, r.Then == "allow")) {
			g.rules.WriteString(head)
			for _, line := range body {
				fmt.Fprintf(&g.rules, "\t%s\n", line)
			}
			g.rules.WriteString(unless)
			g.rules.WriteString("}\n")
		}
	}
	if g.helpers.Len() > 0 {
		g.rules.WriteString("\n# Tests shared by rules.\n")
		g.rules.WriteString(g.helpers.String())
	}
	return g.rules.String()
}

// maxDefinitions bounds the definitions one rule expands to.
const maxDefinitions = 16

// expand turns a rule's conditions, each a list of alternatives, into the bodies of the rule's
// definitions: one per combination of alternatives, written inline, so that OPA's rule index sees each
// test (input.roles["junior"], input.host == "db1", input.facts.by_program["rm"]) and skips, without
// evaluating them, the definitions whose tests the input cannot meet. Past maxDefinitions combinations,
// the conditions with the most alternatives become shared helper rules instead.
func (g *generator) expand(conds [][]string) [][]string {
	conds = slices.Clone(conds)
	for {
		n, widest := 1, -1
		for i, alts := range conds {
			n = min(n*len(alts), maxDefinitions+1) // long lists must not overflow the count
			if len(alts) > 1 && (widest < 0 || len(alts) > len(conds[widest])) {
				widest = i
			}
		}
		if n <= maxDefinitions || widest < 0 {
			break
		}
		conds[widest] = []string{g.helper("c", conds[widest]...)}
	}
	bodies := [][]string{nil}
	for _, alts := range conds {
		next := make([][]string, 0, len(bodies)*len(alts))
		for _, b := range bodies {
			for _, a := range alts {
				next = append(next, append(slices.Clip(b), a))
			}
		}
		bodies = next
	}
	return bodies
}

// condition is one line that tests a condition: its one alternative inline, or a helper rule holding
// them all.
func (g *generator) condition(alts []string) string {
	if len(alts) == 1 {
		return alts[0]
	}
	return g.helper("c", alts...)
}

// helper defines (once) a rule or function with the given clauses and returns its name. kind "c", "u"
// and "x" are rules; "m" and "d" are functions of one argument.
func (g *generator) helper(kind string, clauses ...string) string {
	key := kind + "\x00" + strings.Join(clauses, "\x00")
	if name, ok := g.names[key]; ok {
		return name
	}
	name := kind + strconv.Itoa(g.n)
	g.n++
	g.names[key] = name
	head := name
	switch kind {
	case "m":
		head = name + "(c)"
	case "d":
		head = name + "(p)"
	}
	for _, body := range clauses {
		fmt.Fprintf(&g.helpers, "%s if {\n\t%s\n}\n", head, body)
	}
	return name
}

// conditions returns, for each condition of c that is set, the alternative bodies that test it; every
// is set for Unless and for allow rules, where command and path tests must hold for every command and
// path. The cheapest and most selective tests come first, as OPA evaluates a body in order and stops at
// the first that fails.
func (g *generator) conditions(c Conditions, every bool) [][]string {
	var out [][]string
	if len(c.UserHasRole) > 0 {
		var alts []string
		for _, r := range c.UserHasRole {
			alts = append(alts, "input.roles["+quote(strings.ToLower(r))+"]")
		}
		out = append(out, alts)
	}
	if c.RiskAtLeast != "" {
		r, _ := safety.ParseRisk(c.RiskAtLeast)
		out = append(out, []string{"input.facts.risk_at_least[" + quote(r.String()) + "]"})
	}
	if len(c.Host) > 0 {
		var alts []string
		for _, h := range c.Host {
			if prefix, ok := strings.CutSuffix(h, "*"); ok && !strings.ContainsAny(prefix, "*?[") {
				// The common "prod-*" is a lookup OPA's rule index sees.
				alts = append(alts, "input.host_prefixes["+quote(prefix)+"]")
			} else if strings.ContainsAny(h, "*?[") {
				alts = append(alts, matchText(h, "input.host"))
			} else {
				alts = append(alts, "input.host == "+quote(h))
			}
		}
		out = append(out, alts)
	}
	if len(c.CommandMatches) > 0 {
		var alts []string
		if every {
			// "Some command matches none of the patterns" is a rule of its own, shared, and cheaper for OPA
			// than an every over the commands. Bare program names are tested inline on each command's names
			// (its program and wrappers); patterns with flags or arguments need a function.
			bare := []string{"some c in input.facts.commands"}
			for _, s := range c.CommandMatches {
				pt, _ := parsePattern(s)
				if len(pt.flags) > 0 || len(pt.args) > 0 || strings.ContainsAny(pt.program, "*?[") {
					bare = nil
					break
				}
				bare = append(bare, "not c.names["+quote(pt.program)+"]")
			}
			var miss string
			if bare != nil {
				miss = g.helper("x", strings.Join(bare, "\n\t"))
			} else {
				for _, s := range c.CommandMatches {
					pt, _ := parsePattern(s)
					alts = append(alts, commandClauses(pt)...)
				}
				m := g.helper("m", alts...)
				miss = g.helper("x", "some c in input.facts.commands\n\tnot "+m+"(c)")
			}
			// Each alternative also names a program that must then run, a test OPA's rule index sees.
			var defs []string
			for _, s := range c.CommandMatches {
				pt, _ := parsePattern(s)
				if strings.ContainsAny(pt.program, "*?[") {
					defs = []string{"input.facts.commands[0]\n\tnot " + miss}
					break
				}
				defs = append(defs, "input.facts.programs["+quote(pt.program)+"]\n\tnot "+miss)
			}
			slices.Sort(defs)
			out = append(out, slices.Compact(defs))
		} else {
			for _, s := range c.CommandMatches {
				pt, _ := parsePattern(s)
				alts = append(alts, anyCommandClauses(pt)...)
			}
			out = append(out, alts)
		}
	}
	if len(c.PathUnder) > 0 {
		var alts []string
		if every {
			for _, d := range c.PathUnder {
				alts = append(alts, "input.facts.path_dirs[p]["+quote(dirKey(d))+"]")
			}
			d := g.helper("d", alts...)
			miss := g.helper("x", "some p in input.facts.paths\n\tnot "+d+"(p)")
			out = append(out, []string{"count(input.facts.paths) > 0\n\tnot input.facts.unresolved\n\t" +
				"not input.facts.dynamic_args\n\tnot " + miss})
		} else {
			for _, d := range c.PathUnder {
				alts = append(alts, "input.facts.dirs["+quote(dirKey(d))+"]")
			}
			out = append(out, alts)
		}
	}
	if w := c.TimeWindow; w != nil {
		out = append(out, g.timeClauses(*w))
	}
	return out
}

// anyCommandClauses are the clauses of a rule that holds when some command matches the pattern. They
// look the program up in input.facts.by_program rather than walk every command.
func anyCommandClauses(p pattern) []string {
	var lines []string
	glob := strings.ContainsAny(p.program, "*?[")
	switch {
	case len(p.flags) == 0 && len(p.args) == 0 && !glob:
		// A bare program also matches what runs under it: input.facts.programs holds the wrappers.
		return []string{"input.facts.programs[" + quote(p.program) + "]"}
	case len(p.flags) == 0 && len(p.args) == 0:
		return []string{"some prog in input.facts.programs\n\t" + matchText(p.program, "prog")}
	case glob:
		lines = append(lines, "some prog, cs in input.facts.by_program", matchText(p.program, "prog"), "some c in cs")
	default:
		prog := "input.facts.by_program[" + quote(p.program) + "]"
		lines = append(lines, prog, "some c in "+prog)
	}
	return []string{strings.Join(append(lines, flagArgLines(p)...), "\n\t")}
}

// commandClauses are the clauses of a function m(c) that holds when the command c matches the pattern.
func commandClauses(p pattern) []string {
	lines := append([]string{matchText(p.program, "c.program")}, flagArgLines(p)...)
	out := []string{strings.Join(lines, "\n\t")}
	if len(p.flags) == 0 && len(p.args) == 0 {
		// A bare program also matches what runs under it: sudo matches `sudo rm x`.
		out = append(out, "some w in c.names\n\t"+matchText(p.program, "w"))
	}
	return out
}

func flagArgLines(p pattern) []string {
	var lines []string
	for _, f := range p.flags {
		lines = append(lines, "c.flags["+quote(f)+"]")
	}
	for _, a := range p.args {
		lines = append(lines, quote(a)+" in c.args")
	}
	return lines
}

// matchText is a test that value equals s, or matches it as a glob when s holds *, ? or [.
func matchText(s, value string) string {
	if strings.ContainsAny(s, "*?[") {
		return fmt.Sprintf("glob.match(%s, null, %s)", quote(s), value)
	}
	return value + " == " + quote(s)
}

// dirKey is a path_under entry as input.facts.dirs holds it: cleaned, with ~ kept for the home directory.
func dirKey(d string) string {
	if rest, ok := strings.CutPrefix(d, "~"); ok {
		if rest = strings.TrimPrefix(path.Clean("/"+rest), "/"); rest == "" {
			return "~"
		}
		return "~/" + rest
	}
	return path.Clean(d)
}

// timeClauses test that the time of the command falls in the window. The time of day and the weekday
// in each time zone are rules of their own, computed once per evaluation.
func (g *generator) timeClauses(w TimeWindow) []string {
	tz := w.TZ
	if tz == "" {
		tz = "UTC"
	}
	from, _ := clockMinutes(w.From)
	to, _ := clockMinutes(w.To)
	minute := g.value("k", fmt.Sprintf("(t[0] * 60) + t[1] if {\n\tt := time.clock([input.time_ns, %s])\n}", quote(tz)))
	var head string
	if len(w.Days) > 0 {
		days := make([]string, 0, len(w.Days))
		for _, d := range w.Days {
			name, _ := weekday(d)
			days = append(days, quote(name))
		}
		day := g.value("w", fmt.Sprintf("time.weekday([input.time_ns, %s])", quote(tz)))
		head = fmt.Sprintf("%s in {%s}\n\t", day, strings.Join(days, ", "))
	}
	if from < to {
		return []string{fmt.Sprintf("%s%s >= %d\n\t%s < %d", head, minute, from, minute, to)}
	}
	return []string{fmt.Sprintf("%s%s >= %d", head, minute, from), fmt.Sprintf("%s%s < %d", head, minute, to)}
}

// value defines (once) a rule name := expr and returns its name.
func (g *generator) value(kind, expr string) string {
	key := kind + "\x00" + expr
	if name, ok := g.names[key]; ok {
		return name
	}
	name := kind + strconv.Itoa(g.n)
	g.n++
	g.names[key] = name
	fmt.Fprintf(&g.helpers, "%s := %s\n", name, expr)
	return name
}

// quote writes s as a Rego string: JSON's string syntax is Rego's.
func quote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// packagePath is the package the engine gives the i-th policy of a set.
func packagePath(i int) ast.Ref {
	return ast.Ref{ast.DefaultRootDocument, ast.InternedTerm("cmdai"), ast.InternedTerm("policies"),
		ast.StringTerm("p" + strconv.Itoa(i))}
}

// compileModules parses the policies into the modules the engine evaluates: each policy in a package of
// its own, a module there that declares its three sets (empty unless the policy adds to them), and
// cmdai.eval.result, which reads every policy's sets in order.
func compileModules(ps []Policy) ([]func(*rego.Rego), inputNeeds, error) {
	var opts []func(*rego.Rego)
	needs := inputNeeds{facts: map[string]bool{}}
	var result strings.Builder
	result.WriteString("package cmdai.eval\n\nresult := [\n")
	for i, p := range ps {
		src := p.RegoSource()
		m, err := ast.ParseModuleWithOpts(p.Name, src, ast.ParserOptions{RegoVersion: ast.RegoV1})
		if err != nil {
			return nil, needs, fmt.Errorf("policy %q does not parse: %w", p.Name, err)
		}
		needs.add(m, p.Rego == "")
		m.Package.Path = packagePath(i)
		opts = append(opts, rego.ParsedModule(m))
		pkg := m.Package.Path.String()
		stub := fmt.Sprintf("package %s\n\n%s contains x if { some x in [] }\n%s contains x if { some x in [] }\n"+
			"%s contains x if { some x in [] }\n", strings.TrimPrefix(pkg, "data."), setDeny, setApproval, setAllow)
		opts = append(opts, rego.Module(fmt.Sprintf("cmdai-sets-%d.rego", i), stub))
		fmt.Fprintf(&result, "\t[%s.%s, %s.%s, %s.%s],\n", pkg, setDeny, pkg, setApproval, pkg, setAllow)
	}
	result.WriteString("]\n")
	opts = append(opts, rego.Module("cmdai-eval.rego", result.String()))
	return opts, needs, nil
}

// inputNeeds are the parts of input.facts the policies read, so an evaluation builds only those: building
// the input is a good part of its cost.
type inputNeeds struct {
	allFacts bool            // a policy reads input or input.facts whole, or by a key only known at run time
	facts    map[string]bool // keys of input.facts read
	// commandDetail is set when a policy may read a command's path, operands, paths, dynamic or
	// dynamic_args: any policy written in Rego may; structured rules read only program, wrappers, flags and
	// args.
	commandDetail bool
	hostPrefixes  bool // input.host_prefixes is read
}

func (n *inputNeeds) add(m *ast.Module, structured bool) {
	n.commandDetail = n.commandDetail || !structured
	ast.WalkRefs(m, func(r ast.Ref) bool {
		if !r[0].Equal(ast.InputRootDocument) {
			return false
		}
		switch {
		case len(r) == 1:
			n.allFacts, n.hostPrefixes = true, true
		case r[1].Equal(ast.InternedTerm("host_prefixes")):
			n.hostPrefixes = true
		case !r[1].Equal(ast.InternedTerm("facts")):
		case len(r) == 2:
			n.allFacts = true
		default:
			if k, ok := r[2].Value.(ast.String); ok {
				n.facts[string(k)] = true
			} else {
				n.allFacts = true
			}
		}
		return false
	})
}

func (n inputNeeds) has(key string) bool { return n.allFacts || n.facts[key] }

// prepare compiles the policies into one query that reads every policy's decisions.
func prepare(ctx context.Context, ps []Policy) (rego.PreparedEvalQuery, inputNeeds, error) {
	mods, needs, err := compileModules(ps)
	if err != nil {
		return rego.PreparedEvalQuery{}, needs, err
	}
	opts := append(mods, rego.Query(resultQuery), rego.UnsafeBuiltins(unsafeBuiltins))
	q, err := rego.New(opts...).PrepareForEval(ctx)
	if err != nil {
		return rego.PreparedEvalQuery{}, needs, &CompileError{msg: compileMessage(err, ps), err: err}
	}
	return q, needs, nil
}

// CompileError is Rego that does not compile, said in terms of the policies that hold it.
type CompileError struct {
	msg string
	err error
}

func (e *CompileError) Error() string { return e.msg }

// Unwrap returns OPA's own error.
func (e *CompileError) Unwrap() error { return e.err }

// compileMessage names the policy and line of each of OPA's errors, and the set rather than the engine's
// package path.
func compileMessage(err error, ps []Policy) string {
	var errs ast.Errors
	if !errors.As(err, &errs) || len(errs) == 0 {
		return "policies do not compile: " + err.Error()
	}
	hint := false
	lines := make([]string, 0, len(errs))
	for _, e := range errs {
		msg := e.Message
		// Longest index first, so p1 does not eat the start of p10.
		for i := len(ps) - 1; i >= 0; i-- {
			msg = strings.ReplaceAll(msg, packagePath(i).String()+".", "")
		}
		where := "policies"
		if e.Location != nil {
			file := e.Location.File
			for i, p := range ps {
				if file == fmt.Sprintf("cmdai-sets-%d.rego", i) {
					file = p.Name
				}
			}
			where = fmt.Sprintf("policy %q, line %d", file, e.Location.Row)
			if file != e.Location.File {
				where = fmt.Sprintf("policy %q", file)
			}
		}
		if strings.Contains(msg, "conflicting rules") || strings.Contains(msg, "multiple default") {
			hint = true
		}
		lines = append(lines, where+": "+msg)
	}
	out := "policies do not compile: " + strings.Join(lines, "; ")
	if hint {
		out += " (a Rego policy adds reasons to the sets deny, approval_required and allow, as in " +
			"`deny contains \"reason\" if { … }`)"
	}
	return out
}
