package orgs

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode"

	"github.com/jackc/pgx/v5"

	"github.com/cmdai/cmdai/cloud/pgstore"
	"github.com/cmdai/cmdai/gate"
	"github.com/cmdai/cmdai/policy"
	"github.com/cmdai/cmdai/safety"
)

// The formats of a policy's source.
const (
	FormatStructured = "structured" // the structured rules, as YAML or JSON
	FormatRego       = "rego"       // a Rego module
)

// FormatOf names the format of a policy file from its name: .rego is Rego; .yaml, .yml and .json are
// the structured form.
func FormatOf(file string) (string, error) {
	switch ext := strings.ToLower(file[strings.LastIndexByte(file, '.')+1:]); {
	case !strings.Contains(file, "."):
	case ext == "rego":
		return FormatRego, nil
	case ext == "yaml" || ext == "yml" || ext == "json":
		return FormatStructured, nil
	}
	return "", fmt.Errorf("%s: name a policy file .rego (Rego) or .yaml, .yml or .json (structured rules)", file)
}

// regoModule is how policy.Parse tells a Rego module: its package line, after comments.
var regoModule = regexp.MustCompile(`^(\s*#[^\n]*\n)*\s*package\s`)

// maxPolicySource bounds a policy's source.
const maxPolicySource = 256 << 10

// ParsePolicy validates a policy's name and source in its format and returns it as the engine reads
// it. What is wrong is a *ValidationError naming the field, and for the policy's own problems the rule
// and field of each.
func ParsePolicy(name, format, source string) (policy.Policy, error) {
	switch {
	case strings.TrimSpace(name) == "" || len(name) > 200:
		return policy.Policy{}, invalid("name", "a policy's name is 1 to 200 bytes")
	case strings.ContainsFunc(name, func(r rune) bool { return r == '/' || unicode.IsControl(r) }):
		return policy.Policy{}, invalid("name", "a policy's name has no slash or control character")
	case format != FormatStructured && format != FormatRego:
		return policy.Policy{}, invalid("format", "format is structured or rego, not %q", format)
	case strings.TrimSpace(source) == "":
		return policy.Policy{}, invalid("source", "the policy's source is empty")
	case len(source) > maxPolicySource:
		return policy.Policy{}, invalid("source", "the policy's source is over %d bytes", maxPolicySource)
	}
	switch module := regoModule.MatchString(source); {
	case format == FormatRego && !module:
		return policy.Policy{}, invalid("format", "the source is not a Rego module (one starts with its package line): send format structured")
	case format == FormatStructured && module:
		return policy.Policy{}, invalid("format", "the source is a Rego module: send format rego")
	}
	p, err := policy.Parse(name, []byte(source))
	var ve *policy.ValidationError
	var ce *policy.CompileError
	switch {
	case errors.As(err, &ve):
		return policy.Policy{}, &ValidationError{Field: "source", Message: err.Error(), Problems: ve.Problems}
	case errors.As(err, &ce):
		return policy.Policy{}, invalid("source", "%v", err)
	case err != nil:
		return policy.Policy{}, invalid("source", "%v", err)
	}
	return p, nil
}

// SetPolicy validates the policy and creates or replaces it, bumping the organisation's bundle version.
func (s *Service) SetPolicy(ctx context.Context, orgID string, by *string, name, format, source string) (pgstore.OrgPolicy, error) {
	p, err := ParsePolicy(name, format, source)
	if err != nil {
		return pgstore.OrgPolicy{}, err
	}
	def, err := json.Marshal(p)
	if err != nil {
		return pgstore.OrgPolicy{}, fmt.Errorf("encode policy: %w", err)
	}
	var out pgstore.OrgPolicy
	err = pgx.BeginFunc(ctx, s.DB, func(tx pgx.Tx) error {
		v, err := pgstore.BumpPolicyVersion(ctx, tx, orgID)
		if err != nil {
			return fmt.Errorf("policy version: %w", err)
		}
		out, err = pgstore.PutOrgPolicy(ctx, tx, pgstore.OrgPolicy{OrgID: orgID, Name: name, Format: format,
			Source: source, Definition: def, Version: v, UpdatedBy: by})
		if err != nil {
			return fmt.Errorf("store policy: %w", err)
		}
		return nil
	})
	return out, err
}

// DeletePolicy removes the policy, bumping the organisation's bundle version; pgstore.ErrNotFound when
// there is no such policy.
func (s *Service) DeletePolicy(ctx context.Context, orgID, name string) error {
	return pgx.BeginFunc(ctx, s.DB, func(tx pgx.Tx) error {
		if _, err := pgstore.BumpPolicyVersion(ctx, tx, orgID); err != nil {
			return fmt.Errorf("policy version: %w", err)
		}
		return pgstore.DeleteOrgPolicy(ctx, tx, orgID, name)
	})
}

// Bundle returns the organisation's policies at its current version, read in one snapshot. IssuedAt is
// issued; the maximum age and stale action are the organisation's.
func (s *Service) Bundle(ctx context.Context, orgID string, issued time.Time) (policy.Bundle, error) {
	var b policy.Bundle
	err := pgx.BeginTxFunc(ctx, s.DB, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}, func(tx pgx.Tx) error {
		o, err := pgstore.OrgByID(ctx, tx, orgID)
		if err != nil {
			return fmt.Errorf("load organisation: %w", err)
		}
		ps, err := pgstore.OrgPolicies(ctx, tx, orgID)
		if err != nil {
			return fmt.Errorf("load policies: %w", err)
		}
		b = policy.Bundle{OrgID: o.ID, Version: o.PolicyVersion, Policies: make([]policy.Policy, 0, len(ps)),
			IssuedAt: issued.UTC(), MaxAge: policy.Duration(o.PolicyMaxAge), StaleAction: policy.StaleAction(o.StaleAction)}
		if issued.IsZero() {
			b.IssuedAt = o.PoliciesChangedAt.UTC()
		}
		for _, sp := range ps {
			var p policy.Policy
			if err := json.Unmarshal(sp.Definition, &p); err != nil {
				return fmt.Errorf("policy %q as stored: %w", sp.Name, err)
			}
			b.Policies = append(b.Policies, p)
		}
		return nil
	})
	return b, err
}

// compiled returns the organisation's policies compiled at version, compiling them only when the
// version is new to this replica.
func (s *Service) compiled(ctx context.Context, orgID string, version int64) (*policy.Set, error) {
	s.setsMu.Lock()
	set := s.sets[orgID]
	s.setsMu.Unlock()
	if set != nil && set.Bundle().Version == version {
		return set, nil
	}
	b, err := s.Bundle(ctx, orgID, time.Time{})
	if err != nil {
		return nil, err
	}
	// The server holds the current policies: they never go stale here.
	b.MaxAge, b.StaleAction = 0, ""
	if set, err = policy.Compile(context.WithoutCancel(ctx), b); err != nil {
		return nil, fmt.Errorf("compile organisation %s's policies at version %d: %w", orgID, b.Version, err)
	}
	s.setsMu.Lock()
	defer s.setsMu.Unlock()
	if s.sets == nil {
		s.sets = map[string]*policy.Set{}
	}
	if old := s.sets[orgID]; old == nil || old.Bundle().Version <= set.Bundle().Version {
		s.sets[orgID] = set
	}
	return set, nil
}

// Request is a command a member of an organisation asks to run.
type Request struct {
	User    policy.User
	Role    Role
	Command string
	Shell   string // the dialect the command is written in; empty: bash
	Cwd     string
	Host    string
}

// Check is what an organisation's policies decide for a command, and the gate's decision on it.
type Check struct {
	OrgID   string
	Version int64 // the bundle version that decided
	Result  policy.Result
	// Decision is the execution gate's: the server uses the same gate as every machine. The run it
	// weighs has been reported, so the person's confirmation is given and only policy can refuse.
	Decision gate.Decision
}

// Evaluate weighs the command against the organisation's current policies (version, as the caller read
// it with the member's role) and through the execution gate.
func (s *Service) Evaluate(ctx context.Context, orgID string, version int64, req Request) (Check, error) {
	set, err := s.compiled(ctx, orgID, version)
	if err != nil {
		return Check{}, err
	}
	facts := safety.FactsOf(req.Command, safety.Options{Shell: req.Shell})
	res, err := set.Evaluate(ctx, policy.Input{User: req.User, Roles: []string{string(req.Role)}, OrgID: orgID,
		Command: req.Command, Facts: facts, Cwd: req.Cwd, Host: req.Host})
	if err != nil {
		return Check{}, err
	}
	d := gate.Decide(gate.Input{Command: req.Command, Verdict: safety.Verdict{Risk: facts.Risk, Findings: facts.Findings},
		Mode: safety.ModePermissive, Policy: res.Policy, Confirmed: gate.Accepted})
	return Check{OrgID: orgID, Version: set.Bundle().Version, Result: res, Decision: d}, nil
}
