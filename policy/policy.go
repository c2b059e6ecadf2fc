// Package policy evaluates an organisation's policies about which commands its members may run, with OPA
// embedded as a library. A policy is a Rego module or a list of structured rules (conditions and an
// action) compiled to Rego, so an administrator need not write Rego. The input is the person (id, email,
// roles), the organisation and the safety engine's facts about the command (safety.FactsOf: programs,
// flags, paths, risk, findings, after wrappers, nested shells and quoting are resolved), with the working
// directory, host and time. The answer is a gate.Policy: deny wins over approval_required, which wins over
// allow. Policies travel to daemons as a Bundle signed by the server with Ed25519.
package policy

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/cmdai/cmdai/gate"
	"github.com/cmdai/cmdai/safety"
	"go.yaml.in/yaml/v3"
)

// The roles a member of an organisation has.
const (
	RoleAdmin    = "admin"    // full access
	RoleEngineer = "engineer" // runs any command the policies allow
	RoleJunior   = "junior"   // runs approved patterns, and what a policy explicitly allows
	RoleReadOnly = "readonly" // views history, runs nothing
)

var roles = []string{RoleAdmin, RoleEngineer, RoleJunior, RoleReadOnly}

// Policy is one named policy of an organisation: either Rego source or structured rules.
//
// A Rego policy adds to three sets in its package, each member a reason string or an object
// {"reason": …, "rule": …}: deny, approval_required and allow (for example
// `deny contains "no rm -rf for juniors" if { … }`). Its package line is replaced by one of the engine's
// own, so policies cannot collide: refer to the policy's own rules by their short names. It reads the
// input documented on Input.
type Policy struct {
	Name        string `json:"name"`
	Description string `json:"description,omitempty"`
	// Default is what the policy decides when none of its rules match: "allow" (the default) or "deny".
	Default string `json:"default,omitempty"`
	Rules   []Rule `json:"rules,omitempty"`
	Rego    string `json:"rego,omitempty"`
}

// Rule is a structured rule: when every condition of If holds, and not every condition of Unless does,
// Then applies.
type Rule struct {
	Name   string      `json:"name"`
	If     Conditions  `json:"if"`
	Unless *Conditions `json:"unless,omitempty"`
	// Then is "allow", "deny" or "approval_required".
	Then string `json:"then"`
	// Reason is shown to the person; required for deny and approval_required.
	Reason string `json:"reason,omitempty"`
}

// Conditions are the tests of a rule; all that are set must hold. A list holds when any of its entries
// does. CommandMatches and PathUnder ask about the command's parts: in the If of a deny or
// approval_required rule they hold when any command or path matches, so a dangerous part cannot hide
// behind a harmless one; in the If of an allow rule, and in any Unless, they hold only when every command
// or path matches, so an allowed part cannot carry another past the policy.
type Conditions struct {
	// UserHasRole holds when the person has one of the roles.
	UserHasRole StringList `json:"user_has_role,omitempty"`
	// CommandMatches holds when a command that could run matches one of the patterns: a program name (or
	// a glob such as "mkfs.*"), then flags and arguments that must all be present, in any order. "-rf" is
	// the one-letter flags r and f; "--force" is the long option force (write find's -delete as
	// "--delete"); other words are arguments. Patterns match the engine's facts, so "rm -rf" also catches
	// `sudo rm -fr`, `\rm -r -f`, `rm --recursive --force` and `bash -c 'rm -rf x'`. A bare program
	// name also matches a command run under it ("sudo" matches `sudo rm x`).
	CommandMatches StringList `json:"command_matches,omitempty"`
	// RiskAtLeast holds when the safety engine rates the command at this level or above
	// (safe, moderate, high, critical).
	RiskAtLeast string `json:"risk_at_least,omitempty"`
	// PathUnder holds when a path the command names is one of these directories or under them: absolute
	// paths, or ~/… for the person's home. Relative paths are taken from the working directory. Where
	// every path must be under one of them, a command with arguments only known at run time never is.
	PathUnder StringList `json:"path_under,omitempty"`
	// TimeWindow holds during the window.
	TimeWindow *TimeWindow `json:"time_window,omitempty"`
	// Host holds when the machine's host name matches one of the names or globs ("build-*").
	Host StringList `json:"host,omitempty"`
}

// TimeWindow is a daily window of time, From inclusive to To exclusive ("HH:MM", To may be "24:00"; a
// window whose To comes before its From spans midnight), on the given days (mon … sun, all when empty;
// the day is the one at the moment of the command) in the time zone TZ (an IANA name, UTC when empty).
type TimeWindow struct {
	Days []string `json:"days,omitempty"`
	From string   `json:"from"`
	To   string   `json:"to"`
	TZ   string   `json:"tz,omitempty"`
}

// StringList is a list of strings that may be written as a single string.
type StringList []string

// UnmarshalJSON reads a string or a list of strings.
func (l *StringList) UnmarshalJSON(b []byte) error {
	var one string
	if err := json.Unmarshal(b, &one); err == nil {
		*l = StringList{one}
		return nil
	}
	var many []string
	if err := json.Unmarshal(b, &many); err != nil {
		// The decoder adds the field's name to a type error.
		return &json.UnmarshalTypeError{Value: jsonKind(b), Type: reflect.TypeFor[StringList]()}
	}
	*l = many
	return nil
}

// Problem is one thing wrong with a policy: the rule (empty for the policy itself), the field and what is
// wrong with it.
type Problem struct {
	Rule    string
	Field   string
	Message string
}

func (p Problem) String() string {
	s := p.Field + ": " + p.Message
	if p.Field == "" {
		s = p.Message
	}
	if p.Rule != "" {
		s = p.Rule + ": " + s
	}
	return s
}

// ValidationError lists everything wrong with a policy.
type ValidationError struct {
	Policy   string
	Problems []Problem
}

func (e *ValidationError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "policy %q is not valid:", e.Policy)
	for _, p := range e.Problems {
		b.WriteString("\n  ")
		b.WriteString(p.String())
	}
	return b.String()
}

// Parse reads a policy: a Rego module (text starting with its package line, comments aside), or the
// structured form as JSON or YAML. name, when not empty, names the policy (a Rego module has no name of
// its own). The policy is validated, and its Rego compiled, before it is returned.
func Parse(name string, data []byte) (Policy, error) {
	if isRego(data) {
		p := Policy{Name: name, Rego: string(data)}
		return p, p.Validate()
	}
	var doc any
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return Policy{}, fmt.Errorf("policy %q: neither Rego nor JSON or YAML: %w", name, err)
	}
	js, err := json.Marshal(doc)
	if err != nil {
		return Policy{}, fmt.Errorf("policy %q: %w", name, err)
	}
	p, err := decodePolicy(js)
	if err != nil {
		return Policy{}, err
	}
	if name != "" {
		p.Name = name
	}
	return p, p.Validate()
}

var regoStart = regexp.MustCompile(`^(\s*#[^\n]*\n)*\s*package\s`)

func isRego(data []byte) bool { return regoStart.Match(data) }

// decodePolicy decodes the JSON form strictly, naming the rule and field of whatever is wrong.
func decodePolicy(js []byte) (Policy, error) {
	var top struct {
		Name        string            `json:"name"`
		Description string            `json:"description"`
		Default     string            `json:"default"`
		Rules       []json.RawMessage `json:"rules"`
		Rego        string            `json:"rego"`
	}
	if err := strictDecode(js, &top); err != nil {
		return Policy{}, &ValidationError{Policy: "", Problems: []Problem{{Message: err.Error()}}}
	}
	p := Policy{Name: top.Name, Description: top.Description, Default: top.Default, Rego: top.Rego}
	var probs []Problem
	for i, raw := range top.Rules {
		var r Rule
		if err := strictDecode(raw, &r); err != nil {
			var named struct {
				Name string `json:"name"`
			}
			_ = json.Unmarshal(raw, &named)
			probs = append(probs, Problem{Rule: ruleLabel(i, named.Name), Message: err.Error()})
			continue
		}
		p.Rules = append(p.Rules, r)
	}
	if len(probs) > 0 {
		return Policy{}, &ValidationError{Policy: p.Name, Problems: probs}
	}
	return p, nil
}

func strictDecode(js []byte, v any) error {
	d := json.NewDecoder(bytes.NewReader(js))
	d.DisallowUnknownFields()
	if err := d.Decode(v); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) && te.Field != "" {
			want := "a " + te.Type.String()
			switch te.Type {
			case reflect.TypeFor[StringList]():
				want = "a string or a list of strings"
			case reflect.TypeFor[string]():
				want = "a string"
			}
			return fmt.Errorf("%s: want %s, not %s", te.Field, want, te.Value)
		}
		return errors.New(strings.TrimPrefix(err.Error(), "json: "))
	}
	return nil
}

// jsonKind names the kind of a JSON value for an error message.
func jsonKind(b []byte) string {
	switch b = bytes.TrimSpace(b); {
	case len(b) == 0:
		return "nothing"
	case b[0] == '{':
		return "object"
	case b[0] == '[':
		return "list"
	case b[0] == '"':
		return "string"
	case b[0] == 't' || b[0] == 'f':
		return "bool"
	case b[0] == 'n':
		return "null"
	}
	return "number"
}

func ruleLabel(i int, name string) string {
	if name == "" {
		return fmt.Sprintf("rule %d", i+1)
	}
	return fmt.Sprintf("rule %d (%s)", i+1, name)
}

// Validate reports everything wrong with the policy as a *ValidationError, and compiles its Rego.
func (p Policy) Validate() error {
	if probs := p.problems(); len(probs) > 0 {
		return &ValidationError{Policy: p.Name, Problems: probs}
	}
	if _, _, err := prepare(context.Background(), []Policy{p}); err != nil {
		return err
	}
	return nil
}

// problems lists what is wrong with the policy's fields; Rego is checked when it is compiled.
func (p Policy) problems() []Problem {
	var probs []Problem
	add := func(rule, field, format string, args ...any) {
		probs = append(probs, Problem{Rule: rule, Field: field, Message: fmt.Sprintf(format, args...)})
	}
	if strings.TrimSpace(p.Name) == "" {
		add("", "name", "a policy needs a name")
	}
	switch p.Default {
	case "", "allow", "deny":
	default:
		add("", "default", "%q is not allow or deny", p.Default)
	}
	switch {
	case p.Rego != "" && len(p.Rules) > 0:
		add("", "rego", "a policy is either Rego or rules, not both")
	case p.Rego == "" && len(p.Rules) == 0:
		add("", "rules", "a policy needs rules or Rego")
	}
	seen := map[string]bool{}
	for i, r := range p.Rules {
		label := ruleLabel(i, r.Name)
		if r.Name == "" {
			add(label, "name", "a rule needs a name")
		} else if seen[r.Name] {
			add(label, "name", "another rule has this name")
		}
		seen[r.Name] = true
		switch gate.PolicyDecision(r.Then) {
		case gate.PolicyAllow:
		case gate.PolicyDeny, gate.PolicyApprovalRequired:
			if strings.TrimSpace(r.Reason) == "" {
				add(label, "reason", "a rule that says %s needs a reason to show the person", r.Then)
			}
		case "":
			add(label, "then", "missing: allow, deny or approval_required")
		default:
			add(label, "then", "%q is not allow, deny or approval_required", r.Then)
		}
		if r.If.empty() {
			add(label, "if", "a rule needs at least one condition")
		}
		for _, pr := range r.If.problems() {
			add(label, "if."+pr.Field, "%s", pr.Message)
		}
		if r.Unless != nil {
			if r.Unless.empty() {
				add(label, "unless", "an unless needs at least one condition")
			}
			for _, pr := range r.Unless.problems() {
				add(label, "unless."+pr.Field, "%s", pr.Message)
			}
		}
	}
	return probs
}

func (c Conditions) empty() bool {
	return len(c.UserHasRole) == 0 && len(c.CommandMatches) == 0 && c.RiskAtLeast == "" &&
		len(c.PathUnder) == 0 && c.TimeWindow == nil && len(c.Host) == 0
}

func (c Conditions) problems() []Problem {
	var out []Problem
	add := func(field, format string, args ...any) {
		out = append(out, Problem{Field: field, Message: fmt.Sprintf(format, args...)})
	}
	for _, r := range c.UserHasRole {
		if !slices.Contains(roles, strings.ToLower(r)) {
			add("user_has_role", "unknown role %q (want admin, engineer, junior or readonly)", r)
		}
	}
	for _, m := range c.CommandMatches {
		if _, err := parsePattern(m); err != nil {
			add("command_matches", "%v", err)
		}
	}
	if c.RiskAtLeast != "" {
		if _, err := safety.ParseRisk(c.RiskAtLeast); err != nil {
			add("risk_at_least", "%v", err)
		}
	}
	for _, d := range c.PathUnder {
		if !strings.HasPrefix(d, "/") && d != "~" && !strings.HasPrefix(d, "~/") {
			add("path_under", "%q is not an absolute path or one under ~/", d)
		}
	}
	if w := c.TimeWindow; w != nil {
		from, errF := clockMinutes(w.From)
		to, errT := clockMinutes(w.To)
		if errF != nil {
			add("time_window.from", "%v", errF)
		}
		if errT != nil {
			add("time_window.to", "%v", errT)
		}
		if errF == nil && errT == nil && from == to {
			add("time_window", "from and to are the same time, so the window is empty")
		}
		for _, d := range w.Days {
			if _, ok := weekday(d); !ok {
				add("time_window.days", "%q is not a day (mon, tue, wed, thu, fri, sat, sun)", d)
			}
		}
		if w.TZ != "" {
			if _, err := time.LoadLocation(w.TZ); err != nil || strings.EqualFold(w.TZ, "local") {
				add("time_window.tz", "%q is not a time zone name such as Europe/Paris", w.TZ)
			}
		}
	}
	for _, h := range c.Host {
		if strings.TrimSpace(h) == "" {
			add("host", "empty host name")
		}
	}
	return out
}

// clockMinutes reads "HH:MM" (up to 24:00) as minutes after midnight.
func clockMinutes(s string) (int, error) {
	var h, m int
	if len(s) != 5 || s[2] != ':' {
		return 0, fmt.Errorf("%q is not a time of day as HH:MM", s)
	}
	if _, err := fmt.Sscanf(s, "%02d:%02d", &h, &m); err != nil || h < 0 || m < 0 || m > 59 || h*60+m > 24*60 {
		return 0, fmt.Errorf("%q is not a time of day as HH:MM", s)
	}
	return h*60 + m, nil
}

var weekdays = []string{"sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"}

// weekday reads a day's name, or its first three letters, as Go and Rego name it ("Monday").
func weekday(s string) (string, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	for _, d := range weekdays {
		if len(s) >= 3 && strings.HasPrefix(d, s) {
			return strings.ToUpper(d[:1]) + d[1:], true
		}
	}
	return "", false
}

// pattern is a parsed command_matches entry.
type pattern struct {
	program string
	flags   []string
	args    []string
}

func parsePattern(s string) (pattern, error) {
	words := strings.Fields(s)
	if len(words) == 0 {
		return pattern{}, errors.New("an empty pattern: write a program and its flags, such as \"rm -rf\"")
	}
	var p pattern
	prog := words[0]
	if strings.HasPrefix(prog, "-") {
		return pattern{}, fmt.Errorf("%q starts with a flag: write the program first, such as \"rm -rf\"", s)
	}
	if i := strings.LastIndexByte(prog, '/'); i >= 0 && strings.HasPrefix(prog, "/") {
		prog = prog[i+1:]
	}
	if prog == "" {
		return pattern{}, fmt.Errorf("%q names no program", s)
	}
	p.program = prog
	for _, w := range words[1:] {
		switch {
		case w == "--" || w == "-":
			return pattern{}, fmt.Errorf("%q: %q is neither a flag nor an argument", s, w)
		case strings.HasPrefix(w, "--"):
			name, _, _ := strings.Cut(w[2:], "=")
			p.flags = append(p.flags, name)
		case strings.HasPrefix(w, "-"):
			for _, r := range w[1:] {
				p.flags = append(p.flags, string(r))
			}
		default:
			p.args = append(p.args, w)
		}
	}
	return p, nil
}
