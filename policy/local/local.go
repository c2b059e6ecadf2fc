// Package local keeps an organisation's policy on this machine and decides commands with it for the
// gate: the server's signing key, pinned the first time it was fetched, and the last signed bundle that
// verified with it, in one file that only the daemon writes ($XDG_DATA_HOME/cmdai/policy.json). The
// daemon and `--no-daemon` read the same file, so the policy holds offline and without a daemon.
package local

import (
	"bytes"
	"cmp"
	"context"
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"

	"github.com/cmdai/cmdai/gate"
	"github.com/cmdai/cmdai/ipc"
	"github.com/cmdai/cmdai/policy"
	"github.com/cmdai/cmdai/safety"
)

// State is what this machine keeps of its person's organisation policy. The bundle is verified again
// with Key whenever the state is loaded.
type State struct {
	KeyID     string              `json:"key_id"`
	Key       []byte              `json:"key"`
	Bundle    policy.SignedBundle `json:"bundle"`
	OrgID     string              `json:"org_id"`
	UserID    string              `json:"user_id"`
	Email     string              `json:"email"`
	Roles     []string            `json:"roles"`
	FetchedAt time.Time           `json:"fetched_at"`
}

// Path is where the state lives in cmdai's data directory (config.DataDir()).
func Path(dataDir string) string { return filepath.Join(dataDir, "policy.json") }

// Enforcer decides commands with the installed policy. With none installed (not logged in, or a person
// in no organisation) it decides nothing, and the gate weighs the safety verdict alone. It is safe for
// concurrent use.
type Enforcer struct {
	path   string
	engine policy.Engine

	mu    sync.RWMutex
	state State
	set   *policy.Set
	// refusal is why the file did not verify when opened; while no good bundle replaces it, every
	// command is denied with it: a policy that cannot be read is never read as allowing.
	refusal string
}

// Open loads the state at path. A missing file is no policy; a file that cannot be read or does not
// verify is an error, and the Enforcer returned with it denies every command, saying why, until a good
// bundle is installed (the daemon's next sync) or the policy is cleared.
func Open(ctx context.Context, path string) (*Enforcer, error) {
	e := &Enforcer{path: path}
	if err := e.load(ctx); err != nil {
		e.refusal = fmt.Sprintf("%v (the daemon's next sync replaces it)", err)
		return e, err
	}
	return e, nil
}

func (e *Enforcer) load(ctx context.Context) error {
	raw, err := os.ReadFile(e.path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("read the organisation's policy: %w", err)
	}
	var st State
	if err := json.Unmarshal(raw, &st); err != nil {
		return fmt.Errorf("the organisation's policy in %s is unreadable: %w", e.path, err)
	}
	if err := e.install(ctx, st, false); err != nil {
		return fmt.Errorf("the organisation's policy in %s: %w", e.path, err)
	}
	return nil
}

// Install verifies the signed bundle with the state's key, compiles it, writes the state to the file
// and enforces it. On any error the policy enforced before stays. A bundle older than the one enforced
// for the same organisation is refused (no rollback).
func (e *Enforcer) Install(ctx context.Context, st State) error { return e.install(ctx, st, true) }

func (e *Enforcer) install(ctx context.Context, st State, save bool) error {
	if len(st.Key) != ed25519.PublicKeySize {
		return fmt.Errorf("policy key is %d bytes, not %d", len(st.Key), ed25519.PublicKeySize)
	}
	b, err := policy.Verify(st.Bundle, ed25519.PublicKey(st.Key))
	if err != nil {
		return err
	}
	if b.OrgID != st.OrgID {
		return fmt.Errorf("the bundle is organisation %s's, not %s's", b.OrgID, st.OrgID)
	}
	if org, version := e.Version(); org == b.OrgID && b.Version < version {
		return fmt.Errorf("bundle version %d is older than the enforced %d", b.Version, version)
	}
	set, err := e.engine.Prepare(ctx, b)
	if err != nil {
		return fmt.Errorf("compile policy bundle %d: %w", b.Version, err)
	}
	if save {
		if err := writeFile(e.path, st); err != nil {
			return err
		}
	}
	e.mu.Lock()
	e.state, e.set, e.refusal = st, set, ""
	e.mu.Unlock()
	return nil
}

// writeFile replaces the file atomically, readable by its owner only.
func writeFile(path string, st State) error {
	raw, err := json.Marshal(st)
	if err != nil {
		return fmt.Errorf("encode the policy state: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("save the policy state: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".policy-*.json")
	if err != nil {
		return fmt.Errorf("save the policy state: %w", err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(raw); err != nil {
		tmp.Close()
		return fmt.Errorf("save the policy state: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("save the policy state: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("save the policy state: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("save the policy state: %w", err)
	}
	return nil
}

// Restore writes the enforced state to the file again when the file no longer holds it (edited or
// removed by hand), so that answers made without the daemon decide as the daemon does. It reports
// whether it wrote the file.
func (e *Enforcer) Restore() (bool, error) {
	e.mu.RLock()
	st, set := e.state, e.set
	e.mu.RUnlock()
	if set == nil {
		return false, nil
	}
	want, err := json.Marshal(st)
	if err != nil {
		return false, fmt.Errorf("encode the policy state: %w", err)
	}
	if got, err := os.ReadFile(e.path); err == nil && bytes.Equal(got, want) {
		return false, nil
	}
	return true, writeFile(e.path, st)
}

// Clear stops enforcing any policy and removes the file (the person left every organisation).
func (e *Enforcer) Clear() error {
	e.mu.Lock()
	e.state, e.set, e.refusal = State{}, nil, ""
	e.mu.Unlock()
	if err := os.Remove(e.path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("remove the policy state: %w", err)
	}
	return nil
}

// PinnedKey is the server key this machine trusts, if it has pinned one.
func (e *Enforcer) PinnedKey() (id string, key []byte) {
	e.mu.RLock()
	defer e.mu.RUnlock()
	return e.state.KeyID, e.state.Key
}

// Version is the enforced bundle's organisation and version; empty when none.
func (e *Enforcer) Version() (org string, version int64) {
	e.mu.RLock()
	defer e.mu.RUnlock()
	if e.set == nil {
		return "", 0
	}
	return e.set.Bundle().OrgID, e.set.Bundle().Version
}

// SameMember reports whether the enforced policy is for this user in this role.
func (e *Enforcer) SameMember(userID, role string) bool {
	e.mu.RLock()
	defer e.mu.RUnlock()
	return e.state.UserID == userID && slices.Equal(e.state.Roles, []string{role})
}

// Restrictions are the organisation's rules that apply to the person, in words, for a model's prompt.
func (e *Enforcer) Restrictions() []string {
	e.mu.RLock()
	defer e.mu.RUnlock()
	if e.set == nil {
		return nil
	}
	return policy.Restrictions(e.set.Bundle(), e.state.Roles)
}

// Decide is the organisation's decision on command, or nil when no policy applies. opts are the
// person's safety options (the facts ignore their allow rules: a personal rule never loosens the
// organisation's policy). An evaluation that fails denies, and so does a policy file that did not
// verify.
func (e *Enforcer) Decide(ctx context.Context, command, cwd string, opts safety.Options) *ipc.PolicyDecision {
	return e.DecidePattern(ctx, command, cwd, "", false, opts)
}

// DecidePattern is Decide for a command filled from a pattern: patternID names it, and approved says it
// is one the person's team approved (a team pattern, filled by the daemon itself), which a junior may run.
func (e *Enforcer) DecidePattern(ctx context.Context, command, cwd, patternID string, approved bool, opts safety.Options) *ipc.PolicyDecision {
	if e == nil {
		return nil
	}
	e.mu.RLock()
	set, st, refusal := e.set, e.state, e.refusal
	e.mu.RUnlock()
	if set == nil {
		if refusal != "" {
			return &ipc.PolicyDecision{Decision: string(gate.PolicyDeny), Reason: refusal}
		}
		return nil
	}
	host, _ := os.Hostname()
	home, _ := os.UserHomeDir()
	res, _ := set.Evaluate(ctx, policy.Input{
		User: policy.User{ID: st.UserID, Email: st.Email}, Roles: st.Roles, OrgID: st.OrgID,
		Command: command, Facts: safety.FactsOf(command, opts), Cwd: cwd, Host: host, Home: home,
		PatternID: patternID, ApprovedPattern: approved,
	})
	return &ipc.PolicyDecision{Decision: string(res.Policy.Decision), Reason: res.Policy.Reason,
		Policy: res.Policy.Name, Warning: res.Warning}
}

// PreferAllowed decides each alternative and puts those the policy allows before the others, keeping
// each group's order.
func (e *Enforcer) PreferAllowed(ctx context.Context, alts []ipc.Alternative, cwd string, opts safety.Options) []ipc.Alternative {
	if org, _ := e.Version(); len(alts) == 0 || org == "" {
		return alts
	}
	for i := range alts {
		alts[i].Policy = e.Decide(ctx, alts[i].Command, cwd, opts)
	}
	slices.SortStableFunc(alts, func(a, b ipc.Alternative) int { return cmp.Compare(rank(a.Policy), rank(b.Policy)) })
	return alts
}

// rank orders decisions from the most to the least permissive.
func rank(p *ipc.PolicyDecision) int {
	switch {
	case p == nil || p.Decision == string(gate.PolicyAllow):
		return 0
	case p.Decision == string(gate.PolicyApprovalRequired):
		return 1
	}
	return 2
}
